"""Reproducible samples of situations over a rule set's factors (Latin hypercube).

Used to see what rules do across the space of situations: which never fire, how often a change
to the rules changes the advice (``rules diff``), and how the advice is spread over a realistic
population (``rules profile``, population tests).
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np

from samenwerking.rules.ruleset import RuleSet


def latin_hypercube(rules: RuleSet, n: int, seed: int = 0) -> dict[str, np.ndarray]:
    """``n`` situations: each factor's range cut into ``n`` strata, one value from each.

    Whole-number factors are rounded. Every factor's values are shuffled independently, so the
    sample covers each factor's range evenly and their combinations at random.

    Examples
    --------
    >>> from samenwerking import load_rules
    >>> sample = latin_hypercube(load_rules(), 4, seed=1)
    >>> sorted(np.floor(sample["trust"]).astype(int).tolist())
    [1, 2, 3, 4]
    """
    rng = np.random.default_rng(seed)
    sample = {}
    for factor in rules.factors:
        strata = (np.arange(n) + rng.random(n)) / max(n, 1)
        values = factor.minimum + strata * (factor.maximum - factor.minimum)
        if factor.integer:
            values = np.clip(np.round(values), factor.minimum, factor.maximum)
        sample[factor.id] = rng.permutation(values)
    return sample


SampleKind = Literal["realistic", "uniform"]

#: Scales up to this span are sampled as whole numbers (answers); wider ranges are counts.
_SCALE_SPAN = 10


def realistic_sample(rules: RuleSet, n: int, seed: int = 0) -> dict[str, np.ndarray]:
    """``n`` situations drawn from the rule set's declared realistic population.

    Each factor follows its ``sample:`` distribution; a factor the declaration does not name
    is a whole-number answer over its range when that range is a scale (span up to 10), and
    log-uniform over its range otherwise. Whole-number factors are rounded.

    Examples
    --------
    >>> from samenwerking import load_rules
    >>> sample = realistic_sample(load_rules(), 1000, seed=1)
    >>> sorted(set(sample["trust"].tolist()))
    [1.0, 2.0, 3.0, 4.0, 5.0]
    >>> bool(300 <= sample["dwellings"].min() and sample["dwellings"].max() <= 12000)
    True
    """
    rng = np.random.default_rng(seed)
    declared = rules.sample.factors if rules.sample is not None else {}
    sample = {}
    for factor in rules.factors:
        spec = declared.get(factor.id)
        if spec is None:
            kind = "whole_numbers" if factor.maximum - factor.minimum <= _SCALE_SPAN else "log"
            low, high = factor.minimum, factor.maximum
        else:
            kind = spec.distribution
            low = factor.minimum if spec.low is None else spec.low
            high = factor.maximum if spec.high is None else spec.high
        sample[factor.id] = draw_values(kind, low, high, factor.integer, n, rng)
    return sample


def uniform_sample(rules: RuleSet, n: int, seed: int = 0) -> dict[str, np.ndarray]:
    """``n`` situations with every factor uniform over its whole range (whole numbers rounded)."""
    rng = np.random.default_rng(seed)
    return {
        f.id: draw_values("uniform", f.minimum, f.maximum, f.integer, n, rng) for f in rules.factors
    }


def sample_situations(
    rules: RuleSet, kind: SampleKind, n: int, seed: int = 0
) -> dict[str, np.ndarray]:
    """The named sample: ``realistic`` (the declared population) or ``uniform``."""
    if kind == "realistic":
        return realistic_sample(rules, n, seed)
    return uniform_sample(rules, n, seed)


def draw_values(
    kind: str, low: float, high: float, integer: bool, n: int, rng: np.random.Generator
) -> np.ndarray:
    """``n`` values of one factor from a declared distribution (whole numbers rounded).

    Also the prior of a factor a director answered "weet niet" on (``samenwerking.uncertainty``).
    """
    if kind == "whole_numbers":
        values = rng.integers(math.ceil(low), math.floor(high) + 1, n).astype(float)
    elif kind in ("log", "log_uniform"):
        bottom = max(low, 1.0) if kind == "log" else low
        values = np.exp(rng.uniform(np.log(bottom), np.log(max(high, bottom)), n))
    else:
        values = rng.uniform(low, high, n)
    if integer:
        values = np.clip(np.round(values), math.ceil(low), math.floor(high))
    return values


def values_for(rules: RuleSet, sample: dict[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
    """``sample`` as ``rules`` can score it: to compare two rule sets on the same situations.

    A factor ``rules`` does not have is dropped; one the sample lacks, or whose sampled values
    fall outside this set's range, takes the set's example value in every situation.
    """
    columns = {}
    for factor in rules.factors:
        values = sample.get(factor.id)
        if values is None or values.min() < factor.minimum or values.max() > factor.maximum:
            values = np.full(n, int(factor.example) if factor.integer else factor.example)
        columns[factor.id] = values
    return columns
