"""The fast number formatting writes exactly what Babel writes."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from samenwerking.numbers import babel_format_number, format_number

VALUES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**15), 10**15),
    st.sampled_from([0.0, -0.0, 0.05, 0.15, 0.25, 2.675, -0.04, -0.05, 1e-9, -1e-9, 1e12]),
)


@settings(max_examples=3000)
@given(VALUES, st.integers(0, 4), st.booleans(), st.sampled_from(["nl", "en", "fr"]))
def test_format_number_writes_what_babel_writes(
    value: float, digits: int, sign: bool, lang: str
) -> None:
    assert _outcome(format_number, value, lang, digits, sign) == _outcome(
        babel_format_number, value, lang, digits, sign
    )


def _outcome(write: Callable[..., str], value: float, lang: str, digits: int, sign: bool) -> str:
    """What ``write`` writes, or the kind of error it raises (Babel refuses 1E28 too)."""
    try:
        return write(value, lang, digits, sign=sign)
    except ArithmeticError as error:
        return type(error).__name__
