"""All callbacks, registered in one place by ``register_callbacks``.

Each parses its inputs, calls one function of ``dashboard.views`` and returns the result. No
domain logic and no module-level state live here. The session page ("Samen invullen") keeps
its callbacks beside its store in ``dashboard.together``; they are registered from here too,
so the app has one registration point.
"""

from __future__ import annotations

import json
from typing import Any

from dash import (
    ALL,
    MATCH,
    ClientsideFunction,
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
from samenwerking.dashboard.questionnaire import group_of
from samenwerking.dashboard.state import MAX_COMPARED, normalised, save_scenario
from samenwerking.dashboard.texts import text
from samenwerking.dashboard.together import register_together_callbacks
from samenwerking.dashboard.typed_dash import (
    clicked,
    clientside_callback,
    send_bytes,
    send_string,
)
from samenwerking.translations import languages

ANSWERS = {"type": ids.ANSWER, "question": ALL}
CONFIDENCES = {"type": ids.CONFIDENCE, "factor": ALL}
WEIGHTS = {"type": ids.WEIGHT, "theme": ALL}
#: The advice page's trigger: every write of the user's state. Not ``state-store.data`` as an
#: Input: Dash would then hold the advice back on a page load until every callback that
#: outputs that data (the page builder) has answered, one more round trip and render before
#: the ranking shows. The data itself is read as State, so it is always the newest.
ON_STATE = Input(ids.STATE, "modified_timestamp")


def _ids(group: list[dict[str, Any]], key: str) -> list[str]:
    return [item["id"][key] for item in group]


def register_callbacks(app: Dash, rules: RuleSet) -> None:
    """Wire every callback of the dashboard to ``app``, the session page's included."""
    register_together_callbacks(app, rules)

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
        pages = _ids(ctx.outputs_list[0], "page")
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

    # After "Volgende", "Vorige" or a group link the focus moves to the new group's heading
    # and the page to its top: a keyboard user's next Tab reaches its first question, and on
    # a phone the new questions are on the screen, not above it.
    clientside_callback(
        app,
        """
        function (group) {
            window.requestAnimationFrame(function () {
                var panels = document.querySelectorAll("[id*='group-panel']");
                for (var i = 0; i < panels.length; i++) {
                    if (panels[i].style.display !== "none") {
                        var heading = panels[i].querySelector(".group-heading");
                        if (heading) {
                            heading.focus({preventScroll: true});
                            heading.scrollIntoView({block: "start"});
                        }
                        break;
                    }
                }
            });
            return window.dash_clientside.no_update;
        }
        """,
        Output(ids.GROUP, "data", allow_duplicate=True),
        Input(ids.GROUP, "data"),
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

    # A slider acts while it moves (each drag step, each arrow key): its number and the
    # user's state change in the browser, in order, with no round trip that could come back
    # late and undo a later move; the advice follows the state. The number is written as
    # the language writes it (2,5 / 2.5) by the browser's own number formatting.
    clientside_callback(
        app,
        """
        function (weights, lang) {
            var format = new Intl.NumberFormat(lang === "en" ? "en-GB" : "nl-NL",
                                               {maximumFractionDigits: 2});
            return weights.map(function (w) {
                return (w === null || w === undefined || w === "") ? "" : format.format(Number(w));
            });
        }
        """,
        Output({"type": ids.WEIGHT_VALUE, "theme": ALL}, "children"),
        Input(WEIGHTS, "value"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,  # the page is built with them
    )
    clientside_callback(
        app,
        """
        function (weights, stored) {
            var inputs = window.dash_clientside.callback_context.inputs_list[0];
            var state = stored || {};
            var current = Object.assign({}, state.weights || {});
            var changed = false;
            inputs.forEach(function (input, i) {
                var value = Number(weights[i]);
                if (weights[i] === null || weights[i] === undefined || isNaN(value)) { return; }
                var theme = input.id.theme, old = current[theme];
                // A weight from choices (1,96) lies between the steps: the slider shows the
                // nearest step (2) and sends it back. That is no move by the user.
                if (old !== undefined && value === Math.round(old / STEP) * STEP) { return; }
                if (old !== value) { current[theme] = value; changed = true; }
            });
            if (!changed) { return window.dash_clientside.no_update; }
            return Object.assign({}, state, {weights: current});
        }
        """.replace("STEP", repr(ids.WEIGHT_STEP)),
        Output(ids.state_change("/advies"), "data", allow_duplicate=True),
        Input(WEIGHTS, "value"),
        State(ids.STATE, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.state_change("/"), "data"),
        Output(ANSWERS, "value"),
        Output(ids.OWN_NAME, "value"),
        Output(ids.PARTNER_NAME, "value"),
        Output(ids.PARTNER_MESSAGE, "children"),
        Output(ids.UNDO_STORE, "data"),
        Output({"type": ids.ANSWER_MESSAGE, "question": ALL}, "children"),
        Output(CONFIDENCES, "value"),
        Input(ANSWERS, "value"),
        Input(CONFIDENCES, "value"),
        Input(ids.OWN_NAME, "value"),
        Input(ids.ADD_PARTNER, "n_clicks"),
        Input({"type": ids.REMOVE_PARTNER, "index": ALL}, "n_clicks"),
        Input(ids.RESET_CONFIRM, "submit_n_clicks"),
        Input(ids.UNDO, "n_clicks"),
        State(ids.STATE, "data"),
        State(ids.PARTNER_NAME, "value"),
        State(ids.PARTNER_KIND, "value"),
        State(ids.UNDO_STORE, "data"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def change_assessment(
        answers: Any,
        confidence: Any,
        own: Any,
        _add: Any,
        _removes: Any,
        _reset: Any,
        _undo: Any,
        stored: Any,
        partner_name: Any,
        partner_kind: Any,
        undo: Any,
        lang: Any,
    ) -> Any:
        trigger, detail = _trigger()
        if trigger in ("add_partner", "remove_partner", "reset", "undo") and not clicked():
            raise PreventUpdate  # a button that appeared (the partner list), not a click
        question_ids = _ids(ctx.inputs_list[0], "question")
        factor_ids = _ids(ctx.inputs_list[1], "factor")
        message_ids = _ids(ctx.outputs_list[6], "question")
        state, messages = views.reduce_state(
            rules,
            trigger,
            stored,
            answers=dict(zip(question_ids, answers, strict=True)),
            confidence=dict(zip(factor_ids, confidence, strict=True)),
            own=own,
            partner=(partner_name, partner_kind),
            remove_index=detail.get("index") if isinstance(detail, dict) else None,
            undo=undo,
            lang=lang,
        )
        refill = trigger in ("reset", "undo")
        shown_answers = [views.shown_answer(rules, q, state, lang) for q in question_ids]
        typed = messages.get("answers", {})
        return (
            state if state != stored else no_update,
            _changed(shown_answers, answers) if refill else [no_update] * len(answers),
            state["own"] if refill and state["own"] != own else no_update,
            "" if trigger == "add_partner" and not messages.get("partner") else no_update,
            messages.get("partner", no_update),
            stored if trigger == "reset" else (None if trigger == "undo" else no_update),
            [typed.get(q, no_update) if typed else no_update for q in message_ids],
            (
                _changed([state["confidence"].get(f, "") for f in factor_ids], confidence)
                if refill
                else [no_update] * len(confidence)
            ),
        )

    # The undo bar shows while there is something to undo, also after a reload: the wiped
    # answers wait in the tab's session store, and the bar follows it.
    clientside_callback(
        app,
        "function (wiped) { return Boolean(wiped); }",
        Output(ids.UNDO_BAR, "is_open"),
        Input(ids.UNDO_STORE, "data"),
    )

    @app.callback(
        Output(ids.state_change("/advies"), "data"),
        Output(WEIGHTS, "value"),
        Input(ids.DEFAULT_WEIGHTS, "n_clicks"),
        State(WEIGHTS, "value"),
        State(ids.STATE, "data"),
        prevent_initial_call=True,
    )
    def default_weights(_defaults: Any, weights: Any, stored: Any) -> Any:
        if not clicked():
            raise PreventUpdate
        theme_ids = _ids(ctx.states_list[0], "theme")
        state, _ = views.reduce_state(rules, "default_weights", stored)
        shown = [state["weights"].get(t) for t in theme_ids]
        return state if state != stored else no_update, _changed(shown, weights)

    # "Wat vindt u belangrijker?": an answer, an undo or a revisit changes the choices and
    # the weights in the user's state; the sliders then follow the state (below).
    @app.callback(
        Output(ids.state_change("/advies"), "data", allow_duplicate=True),
        Input({"type": ids.PREFS_CHOICE, "choice": ALL}, "n_clicks"),
        Input({"type": ids.PREFS_UNDO, "index": ALL}, "n_clicks"),
        Input({"type": ids.PREFS_REVISE, "index": ALL}, "n_clicks"),
        State(ids.STATE, "data"),
        prevent_initial_call=True,
    )
    def choose(_choices: Any, _undo: Any, _revise: Any, stored: Any) -> Any:
        if not clicked() or not isinstance(ctx.triggered_id, dict):
            raise PreventUpdate
        triggered = ctx.triggered_id
        kind = triggered.get("type")
        if kind == ids.PREFS_CHOICE:
            choice = triggered.get("choice")
            event = (choice if isinstance(choice, str) else "", None)
        elif kind == ids.PREFS_UNDO:
            event = ("undo", None)
        else:
            event = ("revise", triggered.get("index"))
        state, _ = views.reduce_state(rules, "choice", stored, choice=event)
        return state if state != stored else no_update

    # The sliders show the state's weights once the state has them: a slider callback that
    # fires on the new values then reads the state they came from, so nothing is undone.
    @app.callback(
        Output(WEIGHTS, "value", allow_duplicate=True),
        ON_STATE,
        State(ids.STATE, "data"),
        State(WEIGHTS, "value"),
        prevent_initial_call=True,
    )
    def follow_weights(_written: Any, stored: Any, shown: Any) -> Any:
        state = normalised(stored, rules)
        theme_ids = _ids(ctx.states_list[1], "theme")
        wanted = [state["weights"][t] for t in theme_ids]  # every theme: see state_of
        if [float(w) for w in wanted] == [float(v) for v in shown if v is not None]:
            raise PreventUpdate
        return _changed(wanted, shown)

    # A dossier that can be read replaces the answers: when there are answers to lose, it
    # asks first (a file that cannot be read is refused at once, without a question).
    @app.callback(
        Output(ids.state_change("/opslaan"), "data"),
        Output(ids.UPLOAD_MESSAGE, "children"),
        Output(ids.DOSSIER_CONFIRM, "displayed"),
        Input(ids.UPLOAD_CHECKED, "data"),
        Input(ids.DOSSIER_CONFIRM, "submit_n_clicks"),
        State(ids.STATE, "data"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def restore_dossier(upload: Any, confirmed: Any, stored: Any, lang: Any) -> Any:
        if not upload:
            raise PreventUpdate
        state, messages = views.reduce_state(rules, "upload", stored, upload=upload, lang=lang)
        readable = messages.get("upload_ok", False)
        current = normalised(stored, rules)
        asked = ctx.triggered_id == ids.DOSSIER_CONFIRM
        # Nothing to lose when there are no answers, or when they are the dossier's already
        # (a second run of this callback after the state took the dossier in).
        replaces = (current["answers"] or current["partners"]) and state != current
        if readable and not asked and replaces:
            return no_update, views.upload_alert(text("dossier_waiting", lang), True), True
        return (
            state if state != stored else no_update,
            views.upload_alert(messages["upload"], readable),
            False,
        )

    @app.callback(
        Output(ids.state_change("/scenarios"), "data"),
        Output(ids.SCENARIO_MESSAGE, "children", allow_duplicate=True),
        Input({"type": ids.LOAD_SCENARIO, "name": ALL}, "submit_n_clicks"),
        State(ids.SCENARIOS, "data"),
        State(ids.STATE, "data"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def load_scenario(_loads: Any, scenarios: Any, stored: Any, lang: Any) -> Any:
        _, detail = _trigger()
        scenario = (scenarios or {}).get(detail.get("name")) if isinstance(detail, dict) else None
        if not clicked() or scenario is None:
            raise PreventUpdate
        state, _ = views.reduce_state(rules, "load_scenario", stored, scenario=scenario)
        return state, text("scenario_loaded", lang, name=detail["name"])

    # The file is checked in the browser before anything is sent, so a file too large for
    # the server (bodies over 2 MB are refused) gets a message instead of silence.
    clientside_callback(
        app,
        r"""
        function (contents, filename, texts) {
            function refused(message) {
                return [null, {"props": {"children": message, "color": "danger",
                               "className": "upload-result"},
                               "type": "Alert", "namespace": "dash_bootstrap_components"}];
            }
            if (!contents) { return [window.dash_clientside.no_update, ""]; }
            if (filename && !/\.json$/i.test(filename)) {
                return refused(texts.not_dossier.replace("{name}", filename));
            }
            if (contents.length > 1400000) { return refused(texts.too_large); }
            return [contents, window.dash_clientside.no_update];
        }
        """,
        Output(ids.UPLOAD_CHECKED, "data"),
        Output(ids.UPLOAD_MESSAGE, "children", allow_duplicate=True),
        Input(ids.UPLOAD, "contents"),
        State(ids.UPLOAD, "filename"),
        State(ids.CLIENT_TEXTS, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.PROGRESS, "value"),
        Output(ids.PROGRESS_TEXT, "children"),
        Output({"type": ids.GROUP_BUTTON, "factor": ALL}, "children"),
        Output({"type": ids.GROUP_BUTTON, "factor": ALL}, "color"),
        Output(ids.PARTNER_LIST, "children"),
        Input(ids.STATE, "data"),
        State(ids.LANG, "data"),
    )
    def show_progress(stored: Any, lang: Any) -> Any:
        view = views.progress_view(rules, normalised(stored, rules), lang)
        groups = [view["groups"][f] for f in _ids(ctx.outputs_list[2], "factor")]
        return (
            view["value"],
            view["label"],
            [f"{done}/{total}" for done, total in groups],
            ["success" if done == total else "secondary" for done, total in groups],
            view["partners"],
        )

    questionnaire_group = {q.id: group_of(q) for q in rules.questions}

    @app.callback(
        Output(ids.DECISIVE_LIST, "children"),
        Input(ids.DECISIVE_FIRST, "value"),
        Input(ids.STATE, "data"),
        State(ids.LANG, "data"),
    )
    def show_decisive(wanted: Any, stored: Any, lang: Any) -> Any:
        if not wanted:
            return []
        return views.decisive_view(rules, normalised(stored, rules), lang)

    @app.callback(
        Output(ids.GROUP, "data"),
        Output({"type": ids.GROUP_PANEL, "factor": ALL}, "style"),
        Output({"type": "group-link", "factor": ALL}, "active"),
        Input(ids.PREVIOUS_GROUP, "n_clicks"),
        Input(ids.NEXT_GROUP, "n_clicks"),
        Input({"type": "group-link", "factor": ALL}, "n_clicks"),
        Input({"type": ids.DECISIVE_LINK, "question": ALL}, "n_clicks"),
        State(ids.GROUP, "data"),
    )
    def show_group(_previous: Any, _next: Any, _links: Any, _decisive: Any, current: Any) -> Any:
        if not clicked():
            raise PreventUpdate  # the questionnaire was built, with the open group shown
        factors = _ids(ctx.outputs_list[2], "factor")
        trigger, detail = _trigger()
        index = current or 0
        if trigger == "previous":
            index = max(0, index - 1)
        elif trigger == "next":
            index = min(len(factors) - 1, index + 1)
        elif trigger == "group" and isinstance(detail, dict):
            index = factors.index(detail["factor"])
        elif trigger == "decisive" and isinstance(detail, dict):
            index = factors.index(questionnaire_group[detail["question"]])
        styles = [{} if i == index else {"display": "none"} for i in range(len(factors))]
        return index, styles, [i == index for i in range(len(factors))]

    # The advice page is built with these filled in (show_page); they change with the state.
    @app.callback(
        *[Output(*shown) for shown in views.ADVICE_SHOWN],
        ON_STATE,
        State(ids.STATE, "data"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def show_advice(_written: Any, stored: Any, lang: Any) -> Any:
        state = normalised(stored, rules)
        shown = views.advice_shown(rules, state, views.current_advice(rules, state), lang)
        return tuple(value for _, value in shown)

    @app.callback(
        *[Output(*shown) for shown in views.SENSITIVITY_SHOWN],
        ON_STATE,
        State(ids.STATE, "data"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def show_sensitivity(_written: Any, stored: Any, lang: Any) -> Any:
        state = normalised(stored, rules)
        shown = views.sensitivity_shown(rules, state, views.current_advice(rules, state), lang)
        return tuple(value for _, value in shown)

    @app.callback(
        *[Output(*shown) for shown in views.WATERFALL_SHOWN],
        ON_STATE,
        Input(ids.WATERFALL_FORM, "value"),
        State(ids.STATE, "data"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def show_waterfall(_written: Any, form: Any, stored: Any, lang: Any) -> Any:
        advice = views.current_advice(rules, normalised(stored, rules))
        shown = views.waterfall_shown(rules, advice, form, lang)
        return tuple(value for _, value in shown)

    # The charts below the trade-off chart are drawn after it, so the ranking and the first
    # chart show first. All came in one render: the page showed nothing until five charts
    # had been drawn.
    for box in ids.LATER_BOXES:
        clientside_callback(
            app,
            ClientsideFunction("samenwerking", "after_top_chart"),
            Output(box, "children"),
            Input(ids.later_chart(box), "data"),
            State(ids.TRADEOFF_BOX, "id"),
        )

    @app.callback(
        Output(ids.NETWORK_BOX, "children"),
        Output(ids.NETWORK_INFO, "children"),
        Input(ids.STATE, "data"),
        Input(ids.NETWORK_FORM, "value"),
        State(ids.LANG, "data"),
    )
    def show_network(stored: Any, form: Any, lang: Any) -> Any:
        figure, info = views.network_view(rules, normalised(stored, rules), form, lang)
        return views.chart(ids.NETWORK_GRAPH, figure, {"height": "560px"}), info

    # A chart's own download button (the plotly toolbar is hidden): plotly.js draws the PNG
    # in the browser from the chart on screen, under a name in the user's language.
    clientside_callback(
        app,
        """
        function (clicks) {
            var id = window.dash_clientside.callback_context.inputs_list[0].id;
            var graph = document.querySelector("#" + id.graph + " .js-plotly-plot");
            if (clicks && graph && window.Plotly) {
                window.Plotly.downloadImage(graph, {format: "png", filename: id.file,
                    width: graph.offsetWidth, height: graph.offsetHeight});
            }
            return window.dash_clientside.no_update;
        }
        """,
        Output({"type": ids.CHART_PNG, "graph": MATCH, "file": MATCH}, "title"),
        Input({"type": ids.CHART_PNG, "graph": MATCH, "file": MATCH}, "n_clicks"),
        prevent_initial_call=True,
    )

    # PNG: plotly.js draws it in the user's own browser from the figure on screen, so no
    # download starts a browser on the server (seconds each, and shared by everyone).
    clientside_callback(
        app,
        """
        function (clicks, form) {
            var graph = document.querySelector("#network-graph .js-plotly-plot");
            if (clicks && graph && window.Plotly) {
                window.Plotly.downloadImage(graph, {format: "png", width: 1400, height: 900,
                                                    filename: "netwerk-" + (form || "best")});
            }
            return window.dash_clientside.no_update;
        }
        """,
        Output(ids.DOWNLOAD_PNG, "title"),
        Input(ids.DOWNLOAD_PNG, "n_clicks"),
        State(ids.NETWORK_FORM, "value"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.NETWORK_DOWNLOAD, "data"),
        Input(ids.DOWNLOAD_GRAPHML, "n_clicks"),
        State(ids.STATE, "data"),
        State(ids.NETWORK_FORM, "value"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def download_network(_graphml: Any, stored: Any, form: Any, lang: Any) -> Any:
        if not clicked():
            raise PreventUpdate
        download = views.network_download(rules, normalised(stored, rules), form, lang, False)
        if download is None:
            raise PreventUpdate
        content, filename = download
        return send_bytes(content, filename)

    @app.callback(
        Output(ids.EXPORT_DOWNLOAD, "data"),
        Output(ids.UPLOAD_MESSAGE, "children", allow_duplicate=True),
        Input(ids.DOWNLOAD_JSON, "n_clicks"),
        Input(ids.DOWNLOAD_REPORT, "n_clicks"),
        Input(ids.DOWNLOAD_PDF, "n_clicks"),
        State(ids.STATE, "data"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def download_export(_json: Any, _report: Any, _pdf: Any, stored: Any, lang: Any) -> Any:
        if not clicked():
            raise PreventUpdate
        state = normalised(stored, rules)
        if ctx.triggered_id == ids.DOWNLOAD_JSON:
            content = views.dossier_download(rules, state)
            return send_string(content, views.file_name("file_dossier", lang, "json")), no_update
        if ctx.triggered_id == ids.DOWNLOAD_PDF:
            pdf = views.pdf_download(rules, state, lang)
            if pdf is None:
                return no_update, text("report_needs_advice", lang)
            return send_bytes(pdf, views.file_name("file_board_pack", lang, "pdf")), no_update
        report = views.report_download(rules, state, lang)
        if report is None:
            return no_update, text("report_needs_advice", lang)
        return send_string(report, views.file_name("file_report", lang, "html")), no_update

    @app.callback(
        Output(ids.SCENARIOS, "data"),
        Output(ids.SCENARIO_MESSAGE, "children"),
        Output(ids.OVERWRITE_CONFIRM, "displayed"),
        Output(ids.OVERWRITE_CONFIRM, "message"),
        Output(ids.SCENARIO_NAME, "value"),
        Input(ids.SAVE_SCENARIO, "n_clicks"),
        Input(ids.OVERWRITE_CONFIRM, "submit_n_clicks"),
        Input({"type": ids.DELETE_SCENARIO, "name": ALL}, "n_clicks"),
        State(ids.SCENARIO_NAME, "value"),
        State(ids.STATE, "data"),
        State(ids.SCENARIOS, "data"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def change_scenarios(
        _save: Any,
        _confirmed: Any,
        _deletes: Any,
        name: Any,
        stored: Any,
        scenarios: Any,
        lang: Any,
    ) -> Any:
        trigger, detail = _trigger()
        if not clicked():
            raise PreventUpdate  # the page was built (its scenarios store is global), no click
        if trigger == "delete_scenario":
            remaining = {k: v for k, v in (scenarios or {}).items() if k != detail["name"]}
            return remaining, "", False, no_update, no_update
        if trigger not in ("save_scenario", "overwrite"):
            raise PreventUpdate
        clean = (name or "").strip()
        if trigger == "save_scenario" and clean in (scenarios or {}):
            # Saving under a name in use overwrote that scenario without a word: ask first.
            return no_update, "", True, text("scenario_overwrite", lang, name=clean), no_update
        updated, outcome = save_scenario(scenarios, name, normalised(stored, rules), rules)
        saved = outcome == "scenario_saved"
        return (
            updated,
            text(outcome, lang, name=clean, n=len(updated)),
            False,
            no_update,
            "" if saved else no_update,
        )

    @app.callback(
        Output(ids.SCENARIO_SELECT, "options"),
        Output(ids.SCENARIO_SELECT, "value"),
        Output(ids.SCENARIO_LIST, "children"),
        Output(ids.SCENARIO_COMPARE, "children"),
        Input(ids.SCENARIOS, "data"),
        Input(ids.SCENARIO_SELECT, "value"),
        State(ids.LANG, "data"),
    )
    def show_scenarios(scenarios: Any, chosen: Any, lang: Any) -> Any:
        scenarios = scenarios or {}
        options = [{"label": name, "value": name} for name in scenarios]
        chosen = [n for n in chosen or [] if n in scenarios]
        if ctx.triggered_id in (ids.SCENARIOS, None):  # page opened, or a scenario saved or
            # deleted: compare the newest
            chosen = [*chosen, *(n for n in scenarios if n not in chosen)][-MAX_COMPARED:]
        limited = chosen[:MAX_COMPARED]
        return (
            options,
            limited,
            views.scenario_list(scenarios, lang),
            views.scenario_compare(rules, scenarios, limited, lang),
        )


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


def _trigger() -> tuple[str, Any]:
    """The event name of what triggered the callback, and its id (a dict for patterns)."""
    triggered = ctx.triggered_id
    if isinstance(triggered, dict):
        return _PATTERN_TRIGGERS.get(str(triggered.get("type")), "load"), triggered
    return _TRIGGERS.get(triggered, "load"), triggered


def _changed(shown: list[Any], current: list[Any]) -> list[Any]:
    """Only the values that differ from what the page shows.

    Rewriting an unchanged input (a number field above all) makes the browser fire a
    spurious change.
    """
    return [new if new != old else no_update for new, old in zip(shown, current, strict=True)]
