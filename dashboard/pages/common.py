"""What several pages share: the answer, confidence and weight controls, the triggers.

A module below the pages: a page imports it, never another page.
"""

from __future__ import annotations

from typing import Any

from dash import ALL, Input, ctx, no_update

from samenwerking import RuleSet
from samenwerking.dashboard import ids
from samenwerking.dashboard.texts import text

ANSWERS = {"type": ids.ANSWER, "question": ALL}
CONFIDENCES = {"type": ids.CONFIDENCE, "factor": ALL}
WEIGHTS = {"type": ids.WEIGHT, "theme": ALL}
#: The advice page's trigger: every write of the user's state. Not ``state-store.data`` as an
#: Input: Dash would then hold the advice back on a page load until every callback that
#: outputs that data (the page builder) has answered, one more round trip and render before
#: the ranking shows. The data itself is read as State, so it is always the newest.
ON_STATE = Input(ids.STATE, "modified_timestamp")


def component_ids(group: list[dict[str, Any]], key: str) -> list[str]:
    """The ``key`` part of each pattern-matching id in a callback's inputs or outputs."""
    return [item["id"][key] for item in group]


#: Value of the "best-fitting form" choice in the form selectors.
BEST_FORM = "best"


def form_choices(rules: RuleSet, lang: str) -> list[dict[str, str]]:
    """Form options, led by "the best-fitting form" (value ``BEST_FORM``)."""
    return [{"label": text("best_form", lang), "value": BEST_FORM}] + [
        {"label": f.label(lang), "value": f.id} for f in rules.forms
    ]


_TRIGGERS = {
    ids.OWN_NAME: "own",
    ids.ADD_PARTNER: "add_partner",
    ids.RESET_CONFIRM: "reset",
    ids.UNDO: "undo",
    ids.DEFAULT_WEIGHTS: "default_weights",
    ids.PREVIOUS_GROUP: "previous",
    ids.NEXT_GROUP: "next",
    ids.SAVE_SCENARIO: "save_scenario",
    ids.OVERWRITE_CONFIRM: "overwrite",
}
_PATTERN_TRIGGERS = {
    ids.ANSWER: "answer",
    ids.WEIGHT: "weight",
    ids.REMOVE_PARTNER: "remove_partner",
    ids.LOAD_SCENARIO: "load_scenario",
    ids.DELETE_SCENARIO: "delete_scenario",
    "group-link": "group",
    ids.DECISIVE_LINK: "decisive",
    ids.CONFIDENCE: "confidence",
}


def triggering_event() -> tuple[str, Any]:
    """The event name of what triggered the callback, and its id (a dict for patterns)."""
    triggered = ctx.triggered_id
    if isinstance(triggered, dict):
        return _PATTERN_TRIGGERS.get(str(triggered.get("type")), "load"), triggered
    return _TRIGGERS.get(triggered, "load"), triggered


def changed(shown: list[Any], current: list[Any]) -> list[Any]:
    """Only the values that differ from what the page shows.

    Rewriting an unchanged input (a number field above all) makes the browser fire a
    spurious change.
    """
    return [new if new != old else no_update for new, old in zip(shown, current, strict=True)]
