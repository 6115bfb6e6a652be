"""Dask when one machine is not enough: the same results from a real two-process cluster."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import samenwerking as sw
from samenwerking.rules.sampling import realistic_sample

from strategies import RULES

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    """A LocalCluster of two worker processes, one thread each, as on a small real cluster."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the dashboard port may be taken: not our concern
        cluster = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        )
    with cluster, distributed.Client(cluster) as connected:
        yield connected


@pytest.fixture(scope="module")
def portfolio() -> pd.DataFrame:
    sample = realistic_sample(RULES, 600, seed=3)
    return pd.DataFrame(sample, index=[f"corporatie {i:03d}" for i in range(600)])


def test_score_many_on_a_cluster_equals_pandas(client, portfolio) -> None:
    lazy = sw.score_many(dd.from_pandas(portfolio, npartitions=4), RULES)
    assert isinstance(lazy, dd.DataFrame)
    result = lazy.compute()
    assert client.run(lambda: "ok")  # two workers answered: the work left this process
    # Dask stores the string index in its own string type; the values are what matter.
    pd.testing.assert_frame_equal(result, sw.score_many(portfolio, RULES), check_index_type=False)


def test_what_if_on_a_cluster_equals_pandas(client, portfolio) -> None:
    scenarios = {
        "lastendruk +1": {"administrative_burden": 1},
        "krimp": {"financial_pressure": {"set": 5}},
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sw.ScenarioClippedWarning)
        lazy = sw.what_if(
            dd.from_pandas(portfolio, npartitions=3), scenarios, n=500, seed=9, rules=RULES
        )
        expected = sw.what_if(portfolio, scenarios, n=500, seed=9, rules=RULES)
    result = lazy.compute()
    assert len(client.scheduler_info()["workers"]) == 2
    pd.testing.assert_frame_equal(result.reset_index(drop=True), expected, check_categorical=False)
    assert np.isclose(result.share_first.sum(), len(portfolio) * 3)
