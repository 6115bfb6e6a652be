"""Reproducible samples of situations over a rule set's factors (Latin hypercube).

Used to see what rules do across the space of situations: which never fire, and how often a
change to the rules changes the advice.
"""

from __future__ import annotations

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
