"""The expression language: what it accepts, what it refuses, and where it says the fault is."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from samenwerking.errors import words
from samenwerking.rules.expressions import ExpressionSyntaxError, parse_expression

RANGES = {"trust": (1.0, 5.0), "urgency": (1.0, 5.0), "partner_count": (0.0, 200.0)}


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("trust >= 4", {"trust": 4.0}, True),
        ("trust >= 4 and urgency < 3", {"trust": 5.0, "urgency": 3.0}, False),
        ("trust >= 4 or urgency < 3", {"trust": 1.0, "urgency": 2.0}, True),
        ("not trust > 2", {"trust": 2.0}, True),
        ("1 <= trust < 3", {"trust": 2.5}, True),
        ("1 <= trust < 3", {"trust": 3.0}, False),
        ("trust != 3", {"trust": 3.0}, False),
    ],
)
def test_conditions_evaluate_on_one_situation(text, values, expected) -> None:
    assert parse_expression(text, RANGES, "boolean").evaluate(values) is expected


@pytest.mark.parametrize(
    ("text", "values", "expected", "bounds"),
    [
        ("2 * (urgency - 3)", {"urgency": 5.0}, 4.0, (-4.0, 4.0)),
        ("-1.5 * (trust - 3)", {"trust": 1.0}, 3.0, (-3.0, 3.0)),
        ("min(trust, urgency) + 1", {"trust": 2.0, "urgency": 4.0}, 3.0, (2.0, 6.0)),
        ("max(trust, 3, urgency)", {"trust": 2.0, "urgency": 1.0}, 3.0, (3.0, 5.0)),
        ("10 / max(partner_count, 1)", {"partner_count": 4.0}, 2.5, (0.05, 10.0)),
        ("trust / urgency", {"trust": 2.0, "urgency": 4.0}, 0.5, (0.2, 5.0)),
        ("+trust", {"trust": 2.0}, 2.0, (1.0, 5.0)),
    ],
)
def test_effects_evaluate_and_know_their_range(text, values, expected, bounds) -> None:
    expression = parse_expression(text, RANGES, "number")
    assert expression.evaluate(values) == pytest.approx(expected)
    assert expression.bounds == pytest.approx(bounds)


@given(
    st.lists(st.floats(1, 5), min_size=1, max_size=20),
    st.lists(st.floats(1, 5), min_size=1, max_size=20),
)
def test_arrays_give_the_same_answers_as_single_values(trusts, urgencies) -> None:
    n = min(len(trusts), len(urgencies))
    values = {"trust": np.array(trusts[:n]), "urgency": np.array(urgencies[:n])}
    for text, kind in [
        ("trust >= 3 and not urgency < 2 or trust == 5", "boolean"),
        ("max(trust, urgency) - min(trust, 2) * 1.5 / urgency", "number"),
        ("2 <= trust <= 4", "boolean"),
    ]:
        expression = parse_expression(text, RANGES, kind)
        many = expression.evaluate(values)
        one_by_one = [
            expression.evaluate({"trust": t, "urgency": u})
            for t, u in zip(values["trust"], values["urgency"], strict=True)
        ]
        assert np.allclose(np.asarray(many, dtype=float), np.asarray(one_by_one, dtype=float))


@given(st.floats(1, 5), st.floats(1, 5))
def test_values_stay_within_the_computed_bounds(trust, urgency) -> None:
    expression = parse_expression("trust * urgency - 3 / urgency + min(trust, 2)", RANGES, "number")
    low, high = expression.bounds
    assert low - 1e-9 <= expression.evaluate({"trust": trust, "urgency": urgency}) <= high + 1e-9


@pytest.mark.parametrize(
    ("text", "kind", "column", "message", "hint"),
    [
        ("trustt >= 4", "boolean", 1, "unknown factor 'trustt'", "did you mean 'trust'?"),
        ("trust >= 7", "boolean", 10, "7 is outside the range of 'trust' (1 to 5)", ""),
        ("9 < trust", "boolean", 1, "9 is outside the range of 'trust' (1 to 5)", ""),
        ("trust >=", "boolean", 9, "the expression ends too early", "missing at the end"),
        ("trust >= 4 and", "boolean", 15, "the expression ends too early", ""),
        ("(trust", "boolean", 1, "this expression cannot be read", ""),
        ("trust >= 4 urgency", "boolean", 12, "two conditions stand here", "'and' or 'or'"),
        ("trust = 4", "boolean", 7, "this expression cannot be read", "to compare, write '==' "),
        ("trust >= 4 && urgency < 2", "boolean", 12, "'&&' is not allowed", "write 'and'"),
        ("trust + 1", "boolean", 1, "'trust + 1' is a number; a condition", ""),
        ("trust > 3", "number", 1, "'trust > 3' is a condition; a number", ""),
        ("(trust > 3) + 1", "number", 2, "'+' needs a number, but 'trust > 3' is true/false", ""),
        ("trust and urgency", "boolean", 1, "'and' needs a condition", "compare it"),
        ("10 / partner_count", "number", 6, "division by zero: 'partner_count' can be 0", "max("),
        ("1 / 0", "number", 5, "division by zero: '0' can be 0", ""),
        ("trust ** 2", "number", 1, "the operator in 'trust ** 2' is not allowed", "allowed:"),
        ("abs(trust)", "number", 1, "unknown function 'abs'", ""),
        ("min(trust)", "number", 1, "min() takes two or more numbers", ""),
        ("__import__('os')", "number", 1, "unknown function '__import__'", ""),
        ("trust.real", "number", 1, "'trust.real' is not allowed here", ""),
        ("'hoog'", "number", 1, "text ('hoog') is not allowed here", "without quotes"),
        ("[trust]", "number", 1, "'[trust]' is not allowed here", ""),
        ("   ", "number", 1, "the expression is empty", ""),
    ],
)
def test_refusals_say_where_and_what(text, kind, column, message, hint) -> None:
    with pytest.raises(ExpressionSyntaxError) as caught:
        parse_expression(text, RANGES, kind)
    assert caught.value.column == column
    assert words(caught.value.message, "en").startswith(message)
    assert hint in words(caught.value.hint, "en")


def test_names_used_are_recorded() -> None:
    expression = parse_expression("trust >= 3 and min(urgency, 2) < 2", RANGES, "boolean")
    assert expression.names == {"trust", "urgency"}
