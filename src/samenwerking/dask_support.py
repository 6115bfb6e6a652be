"""Dask DataFrames scored partition by partition, for portfolios larger than one machine.

Dask is an optional extra (``pip install 'samenwerking[dask]'``), so it is never imported
here: a Dask DataFrame is recognised by its type's module, and its own ``map_partitions``
does the work. Every partition runs the pandas function unchanged (one partition per task),
so the result equals the pandas path row for row. The rule set travels to the workers by
pickle (a :class:`~samenwerking.rules.ruleset.RuleSet` pickles as its source and compiles
again on arrival).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def is_dask_frame(value: object) -> bool:
    """Whether ``value`` is a Dask DataFrame (without importing Dask)."""
    return type(value).__module__.split(".")[0] in {"dask", "dask_expr"} and hasattr(
        value, "map_partitions"
    )


def score_partitions(frame: Any, function: Callable[..., Any], *args: Any, **options: Any) -> Any:
    """``function(partition, *args, **options)`` on every partition, as a lazy Dask DataFrame.

    The columns and types of the result (Dask's ``meta``) come from running ``function`` on
    the frame's empty pandas template, so nothing is computed until the caller asks.
    """
    template = frame._meta  # Dask's documented empty pandas frame with the real columns
    meta = function(template, *args, **options)
    return frame.map_partitions(function, *args, meta=meta, **options)
