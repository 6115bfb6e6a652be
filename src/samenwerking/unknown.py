"""'Weet niet': the stored answer, its spellings, and where an unknown factor stands.

Apart from :mod:`samenwerking.uncertainty` because reading a situation file needs it, and the
situation module is read by the rule set's module, which the uncertainty module reads.
"""

from __future__ import annotations

import math
from typing import Any

from samenwerking.rules.schema import Factor

#: The stored answer for "weet niet"; :func:`is_dont_know` accepts the usual spellings.
DONT_KNOW = "weet_niet"
_DONT_KNOW_SPELLINGS = frozenset(
    {"weet_niet", "weet niet", "weetniet", "onbekend", "?", "dont_know", "don't know"}
    | {"do not know", "unknown", "n/a"}
)


def is_dont_know(value: object) -> bool:
    """Whether ``value`` is a "weet niet" answer, in any of its usual spellings.

    Examples
    --------
    >>> is_dont_know("Weet niet"), is_dont_know("onbekend"), is_dont_know(3), is_dont_know("")
    (True, True, False, False)
    """
    return isinstance(value, str) and value.strip().casefold() in _DONT_KNOW_SPELLINGS


def canonical_answer(value: Any) -> Any:
    """``value`` with every spelling of "weet niet" as :data:`DONT_KNOW`; else unchanged."""
    return DONT_KNOW if is_dont_know(value) else value


def stand_in(factor: Factor) -> float:
    """The value an unknown factor takes in the single score: where the rules are silent."""
    value = factor.neutral_value
    return float(math.floor(value + 0.5)) if factor.integer else value
