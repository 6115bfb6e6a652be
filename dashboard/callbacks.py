"""The frame's callbacks, and the one registration point of every page's.

The frame's: the page switch, the counts typed just before it, the language links and the
relay of each page's changes into the user's store. Each page registers its own callbacks
(``dashboard.pages``), called from :func:`register_callbacks`. A callback parses its inputs,
calls one function of ``dashboard.views`` and returns the result; no domain logic and no
module-level state live here.
"""

from __future__ import annotations

import json
from typing import Any

from dash import (
    ALL,
    Dash,
    Input,
    Output,
    State,
    ctx,
    no_update,
)
from dash.exceptions import PreventUpdate

from samenwerking import RuleSet
from samenwerking.dashboard import ids, views
from samenwerking.dashboard.layout import build_page, page_of
from samenwerking.dashboard.pages import PAGE_MODULES
from samenwerking.dashboard.pages.common import ANSWERS, component_ids
from samenwerking.dashboard.typed_dash import (
    clientside_callback,
)
from samenwerking.translations import languages


def register_callbacks(app: Dash, rules: RuleSet) -> None:
    """Wire every callback of the dashboard to ``app``: the frame's first, then each page's."""

    @app.callback(
        Output({"type": ids.PAGE, "page": ALL}, "children"),
        Output({"type": ids.PAGE, "page": ALL}, "style"),
        Output({"type": ids.NAV, "page": ALL}, "className"),
        Output(ids.STATE, "data", allow_duplicate=True),
        Output(ids.STATE_NOTICE, "children"),
        Output(ids.PENDING_COUNTS, "data", allow_duplicate=True),
        Input(ids.URL, "pathname"),
        # An Input too: the typed count may reach the frame just after the menu click.
        Input(ids.PENDING_COUNTS, "data"),
        State(ids.STATE, "data"),
        State(ids.GROUP, "data"),
        State(ids.LANG, "data"),
        State(ids.UNDO_STORE, "data"),
        prevent_initial_call="initial_duplicate",
    )
    def show_page(
        pathname: Any, pending: Any, stored: Any, group: Any, lang: Any, wiped: Any
    ) -> Any:
        shown_page = page_of(pathname)
        if ctx.triggered_id == ids.PENDING_COUNTS and (shown_page == "/" or not pending):
            # On the questionnaire its own write takes the answers; nothing to rebuild.
            raise PreventUpdate
        pages = component_ids(ctx.outputs_list[0], "page")
        # What the browser kept is read as the rules allow; what did not fit is left out,
        # said, and the repaired state stored.
        state, messages = views.reduce_state(rules, "load", stored, lang=lang)
        if pending:
            # A count typed just before a menu click: its own write was under way when the
            # questionnaire left the page, and would have been dropped with it.
            state, _ = views.reduce_state(rules, "answer", state, answers=pending, lang=lang)
        shown = (  # what the questionnaire's controls show; only that page has them
            {
                **{q.id: views.shown_answer(rules, q.id, state, lang) for q in rules.questions},
                **{f"confidence:{f}": level for f, level in state["confidence"].items()},
            }
            if shown_page == "/"
            else {}
        )
        filled = views.advice_page_shown(rules, state, lang) if shown_page == "/advies" else []
        if shown_page == "/" and wiped:
            # Answers wiped before a reload or a visit elsewhere can still be brought back.
            filled = [((ids.UNDO_BAR, "is_open"), True)]
        built = build_page(rules, shown_page, lang, state, shown, group or 0, filled)
        repaired = messages.get("upload")
        return (
            [built if page == shown_page else [] for page in pages],
            [{} if page == shown_page else {"display": "none"} for page in pages],
            ["nav-link active" if page == shown_page else "nav-link" for page in pages],
            state if repaired or (pending and state != stored) else no_update,
            views.upload_alert(repaired, False) if repaired else None,
            None if pending else no_update,
        )

    # Each count as typed goes to the frame at once (in the browser, no round trip), so a
    # page change right after typing takes it in even when the questionnaire's own write of
    # it is dropped with the page.
    clientside_callback(
        app,
        """
        function (values) {
            var inputs = window.dash_clientside.callback_context.inputs_list[0];
            var typed = {};
            inputs.forEach(function (input, i) {
                var question = input.id.question;
                if (COUNTS.indexOf(question) >= 0) { typed[question] = values[i]; }
            });
            return typed;
        }
        """.replace("COUNTS", json.dumps([q.id for q in rules.questions if q.kind == "number"])),
        Output(ids.PENDING_COUNTS, "data"),
        Input(ANSWERS, "value"),
        prevent_initial_call=True,
    )

    # The language switch brings the user back to the page they were on, and each page has
    # a title of its own (the browser tab, the history, a screen reader's first words).
    clientside_callback(
        app,
        """
        function (pathname, titles) {
            var parts = (pathname || "/").split("/").filter(function (p) { return p; });
            var page = "/" + (parts.length ? parts[parts.length - 1] : "");
            if (titles && titles[page]) { document.title = titles[page]; }
            return LANGUAGES.map(function (code) {
                return "language/" + code + "?pagina=" + encodeURIComponent(page);
            });
        }
        """.replace("LANGUAGES", json.dumps(list(languages()))),
        [Output(ids.lang_link(code), "href") for code in languages()],
        Input(ids.URL, "pathname"),
        State(ids.PAGE_TITLES, "data"),
    )

    # One relay writes each page's changes into the user's state store. A callback with an
    # output outside its page would run whenever the page is built (Dash runs a callback
    # whose inputs appear unless all its outputs appear with them).
    clientside_callback(
        app,
        """
        function (changes) {
            var changed = (changes || []).filter(function (c) { return c; });
            return changed.length ? changed[0] : window.dash_clientside.no_update;
        }
        """,
        Output(ids.STATE, "data", allow_duplicate=True),
        Input({"type": ids.STATE_CHANGE, "page": ALL}, "data"),
        prevent_initial_call=True,
    )

    for page in PAGE_MODULES:
        page.register(app, rules)
