"""Hypothesis strategies for situations and weights, drawn from the real default rule set."""

from __future__ import annotations

from hypothesis import strategies as st

from samenwerking import RuleSet, Situation, load_rules
from samenwerking.rules.schema import Factor

from conftest import RULES_DIR

RULES: RuleSet = load_rules(RULES_DIR)


def factor_values(factor: Factor) -> st.SearchStrategy[float]:
    """Values of one factor: thresholds and half-steps often (rules fire there), any value too."""
    low, high = factor.minimum, factor.maximum
    if factor.integer:
        return st.one_of(
            st.integers(int(low), min(int(high), 20)), st.integers(int(low), int(high))
        )
    grid = [low + (high - low) * i / 8 for i in range(9)]
    return st.one_of(st.sampled_from(grid), st.floats(low, high, allow_nan=False))


def situation_values(rules: RuleSet = RULES) -> st.SearchStrategy[dict[str, float]]:
    """Plain dicts of valid factor values."""
    return st.fixed_dictionaries({f.id: factor_values(f) for f in rules.factors})


def situations(rules: RuleSet = RULES) -> st.SearchStrategy[Situation]:
    """Valid situations for ``rules``."""
    return situation_values(rules).map(
        lambda values: Situation.model_validate(values, context={"rules": rules})
    )


def weights(rules: RuleSet = RULES) -> st.SearchStrategy[dict[str, float]]:
    """Theme weights from 0 to 5, zeros included."""
    weight = st.one_of(st.just(0.0), st.just(1.0), st.floats(0, 5, allow_nan=False))
    return st.fixed_dictionaries({t: weight for t in rules.theme_ids})


def partner_lists(rules: RuleSet = RULES, max_size: int = 40) -> st.SearchStrategy[list]:
    """Partner lists of 0 to ``max_size`` partners with unique names and random kinds."""
    kinds = [k.id for k in rules.partner_kinds]
    entry = st.tuples(st.sampled_from(kinds), st.sampled_from([None, "Noord", "Zuid", "Centrum"]))
    return st.lists(entry, max_size=max_size).map(
        lambda items: [
            {"name": f"Partner {i} ({kind})", "kind": kind, "neighbourhood": buurt}
            for i, (kind, buurt) in enumerate(items)
        ]
    )
