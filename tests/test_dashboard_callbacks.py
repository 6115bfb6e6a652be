"""The dashboard's callbacks against its pages: only the page shown is in the layout.

Dash's own check in the browser is off (``suppress_callback_exceptions``), because most
components are missing at any moment. These tests do that check, and the one Dash cannot do:
a callback whose outputs lie on two pages (or on a page and the frame) fails in the browser
whenever only one of them is there.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from dash import html

from samenwerking import load_rules
from samenwerking.dashboard import ids, views
from samenwerking.dashboard.app import build_app
from samenwerking.dashboard.layout import PAGES, build_layout, build_page
from samenwerking.dashboard.state import empty_state

RULES = load_rules()
FRAME = "frame"
COUNTS = {
    "partner_count": 4,
    "partner_corporations": 1,
    "partner_dwellings": 1500,
    "dwellings": 1800,
}
COMPLETE = {q.id: float(COUNTS[q.factor]) if q.kind == "number" else 3.0 for q in RULES.questions}
CONFLICTING = [
    {"question": {"gain": "efficiency", "loss": "autonomy", "ratio": 2.0}, "choice": "A"},
    {"question": {"gain": "autonomy", "loss": "efficiency", "ratio": 1.0}, "choice": "A"},
]


def _component_ids(tree: Any) -> Iterator[Any]:
    yield from tree  # a Dash component iterates over the ids in its tree


def _key(component_id: Any) -> str:
    """A plain id as itself, a pattern id as its type."""
    if isinstance(component_id, dict):
        return "type:" + str(component_id["type"])
    return str(component_id)


def _places() -> dict[str, set[str]]:
    """Where each component (plain id, or pattern type) lives: the frame or page paths.

    Pages are built as a director with a partner and a scenario sees them, with the parts
    callbacks add (the partner list, the scenario list).
    """
    state = {**empty_state(RULES), "partners": [{"name": "Gemeente", "kind": "municipality"}]}
    shown = {q.id: views.shown_answer(RULES, q.id, state) for q in RULES.questions}
    places: dict[str, set[str]] = {}
    trees: list[tuple[str, Any]] = [(FRAME, build_layout(RULES, "nl"))]
    trees += [(path, build_page(RULES, path, "nl", state, shown, 0)) for path, _ in PAGES]
    trees.append(("/", html.Div(views.progress_view(RULES, state, "nl")["partners"])))
    trees.append(("/scenarios", html.Div(views.scenario_list({"A": state}, "nl"))))
    trees.append(("/", html.Div(views.decisive_view(RULES, state, "nl"))))
    drawn = views.chart(ids.TRADEOFF, {"data": [], "layout": {}}, lang="nl")
    trees.append(("/advies", html.Div(drawn)))  # a chart with its download button
    # "Wat vindt u belangrijker?" with a question, an answer to undo, and a conflict.
    answered = {**state, "answers": COMPLETE}
    advice = views.current_advice(RULES, answered)
    conflicting = {**answered, "choices": CONFLICTING}
    for shown_state in (answered, {**answered, "choices": CONFLICTING[:1]}, conflicting):
        trees.append(("/advies", html.Div(views.prefs_view(RULES, shown_state, advice, "nl"))))
    for place, tree in trees:
        for component_id in _component_ids(tree):
            places.setdefault(_key(component_id), set()).add(place)
    return places


def _parse(written: str) -> Any:
    written = written.split("@")[0]  # allow_duplicate outputs carry a suffix
    return json.loads(written) if written.startswith("{") else written


def _outputs(callback: dict[str, Any]) -> list[tuple[Any, str]]:
    spec = callback["output"]
    parts = spec.strip(".").split("...") if spec.startswith("..") else [spec]
    return [(_parse(part.rsplit(".", 1)[0]), part.rsplit(".", 1)[1]) for part in parts]


CALLBACKS = build_app()._callback_list
PLACES = _places()


def test_the_pages_have_no_id_twice_and_none_that_is_also_in_the_frame() -> None:
    frame = [_key(c) for c in _component_ids(build_layout(RULES, "nl")) if isinstance(c, str)]
    assert len(frame) == len(set(frame))
    for path, _ in PAGES:
        state = empty_state(RULES)
        page = build_page(RULES, path, "nl", state, {}, 0)
        plain = [c for c in _component_ids(page) if isinstance(c, str)]
        assert len(plain) == len(set(plain)), path
        assert not set(plain) & set(frame), path


@pytest.mark.parametrize("callback", CALLBACKS, ids=lambda c: c["output"][:60])
def test_every_callback_component_exists_on_some_page(callback: dict[str, Any]) -> None:
    used = [component for component, _ in _outputs(callback)]
    used += [_parse(d["id"]) for d in callback["inputs"] + callback["state"]]
    missing = [c for c in used if _key(c) not in PLACES]
    assert not missing


@pytest.mark.parametrize("callback", CALLBACKS, ids=lambda c: c["output"][:60])
def test_a_callback_never_runs_with_an_output_missing(callback: dict[str, Any]) -> None:
    """Dash refuses to run a callback with one output present and another missing.

    So a callback's plain outputs are on one page; one in the frame as well only if every
    input is on that page too (without it, the callback cannot run). A pattern output
    (``ALL``) may match nothing, so it may be anywhere.
    """
    places = [frozenset(PLACES[_key(c)]) for c, _ in _outputs(callback) if not isinstance(c, dict)]
    pages = {place for place in places if place != {FRAME}}
    assert len(pages) <= 1, places
    if pages and frozenset({FRAME}) in places:
        (page,) = pages
        inputs = [_parse(d["id"]) for d in callback["inputs"]]
        assert all(PLACES[_key(i)] == page for i in inputs), inputs


def test_a_page_that_changes_the_users_state_writes_through_its_own_store() -> None:
    """No callback of a page writes the state store itself: Dash would run it whenever the
    page is built, since an output of it (the store) is outside the page."""
    writers = [c for c in CALLBACKS if any(o == ids.STATE for o, _ in _outputs(c))]
    assert len(writers) == 2  # the page builder (repairs) and the relay of the pages' stores
    relay = next(c for c in writers if c["clientside_function"])
    assert [_parse(i["id"])["type"] for i in relay["inputs"]] == [ids.STATE_CHANGE]
