"""The advice ("/advies"): the ranking, the weights and the trade-off questions, the charts."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import (
    ALL,
    MATCH,
    ClientsideFunction,
    Dash,
    Input,
    Output,
    State,
    ctx,
    dcc,
    html,
    no_update,
)
from dash.exceptions import PreventUpdate

from samenwerking import RuleSet
from samenwerking.dashboard import ids, views
from samenwerking.dashboard.ids import dom_id
from samenwerking.dashboard.pages.common import (
    BEST_FORM,
    ON_STATE,
    WEIGHTS,
    changed,
    component_ids,
    form_choices,
)
from samenwerking.dashboard.state import normalised
from samenwerking.dashboard.texts import text
from samenwerking.dashboard.typed_dash import (
    clicked,
    clientside_callback,
)
from samenwerking.numbers import format_value

PATH = "/advies"


def build_advice(rules: RuleSet, lang: str, weights: dict[str, float]) -> html.Div:
    """Ranking, weights, trade-offs, explanation and sensitivity.

    The sliders show ``weights`` (the user's; a theme not among them at its default).
    """
    shown = {theme.id: weights.get(theme.id, theme.default_weight) for theme in rules.themes}
    sliders = [
        html.Div(
            [
                html.Div(
                    [
                        dbc.Label(
                            theme.label(lang),
                            html_for=dom_id({"type": ids.WEIGHT, "theme": theme.id}),
                            className="mb-0 small fw-semibold",
                        ),
                        html.Output(
                            format_value(shown[theme.id], lang),
                            id={"type": ids.WEIGHT_VALUE, "theme": theme.id},
                            htmlFor=dom_id({"type": ids.WEIGHT, "theme": theme.id}),
                            className="small weight-value",
                        ),
                    ],
                    className="d-flex justify-content-between",
                ),
                # A native range input: labelled, keyboard-operable (arrows, Home, End) and
                # announced with its value by screen readers, unlike a drawn slider.
                dbc.Input(
                    id={"type": ids.WEIGHT, "theme": theme.id},
                    type="range",
                    min=0,
                    max=3,
                    step=ids.WEIGHT_STEP,
                    value=shown[theme.id],
                    debounce=False,  # every move counts at once (see callbacks)
                    className="form-range",
                ),
            ],
            className="mb-2 weight",
            id=f"weight-{theme.id}-group",
        )
        for theme in rules.themes
    ]
    sliders.append(
        html.Div(
            [
                html.Small(text("weights_scale", lang), id="weights-scale", className="text-muted"),
                dbc.Button(
                    text("default_weights", lang),
                    id=ids.DEFAULT_WEIGHTS,
                    color="secondary",
                    outline=True,
                    size="sm",
                    n_clicks=0,
                ),
            ],
            className="d-flex justify-content-between align-items-center mt-2",
        )
    )
    return html.Div(
        [
            dbc.Alert(id=ids.ADVICE_MISSING, color="info", className="mt-3", is_open=False),
            html.Div(id=ids.ADVICE_NOTICE, className="mt-3", role="status"),
            # Hidden until there is an advice: no empty chart grids before the answers.
            html.Div(
                id=ids.ADVICE_BODY,
                style={"display": "none"},
                children=[
                    dbc.Row(
                        [
                            dbc.Col(
                                dbc.Card(
                                    dbc.CardBody(
                                        [
                                            html.H2(text("ranking_heading", lang), className="h5"),
                                            html.P(
                                                text("score_help", lang),
                                                className="text-muted small",
                                            ),
                                            html.Div(id=ids.RANKING),
                                        ]
                                    )
                                ),
                                lg=7,
                                className="mt-3",
                            ),
                            dbc.Col(
                                dbc.Card(
                                    dbc.CardBody(
                                        [
                                            html.H2(text("weights_heading", lang), className="h5"),
                                            html.P(
                                                text("weights_help", lang),
                                                className="text-muted small",
                                            ),
                                            *sliders,
                                            html.H3(
                                                text("prefs.title", lang),
                                                className="h6 mt-3",
                                                id="prefs-heading",
                                            ),
                                            html.Div(id=ids.PREFS_BOX),
                                        ]
                                    )
                                ),
                                lg=5,
                                className="mt-3",
                            ),
                        ]
                    ),
                    dbc.Row(
                        [
                            dbc.Col(
                                dbc.Card(
                                    dbc.CardBody(
                                        [
                                            html.H2(text("tradeoff_heading", lang), className="h5"),
                                            html.Figure(
                                                [
                                                    html.Div(id=ids.TRADEOFF_BOX),
                                                    html.Figcaption(
                                                        id=ids.TRADEOFF_SUMMARY, className="small"
                                                    ),
                                                ]
                                            ),
                                        ]
                                    )
                                ),
                                lg=6,
                                className="mt-3",
                            ),
                            dbc.Col(
                                dbc.Card(
                                    dbc.CardBody(
                                        [
                                            html.H2(text("firmness_heading", lang), className="h5"),
                                            html.Div(id=ids.FIRMNESS_TEXT),
                                            html.Div(id=ids.ACCEPTABILITY_BOX),
                                            dcc.Store(id=ids.later_chart(ids.ACCEPTABILITY_BOX)),
                                        ]
                                    )
                                ),
                                lg=6,
                                className="mt-3",
                            ),
                        ]
                    ),
                    dbc.Card(
                        dbc.CardBody(
                            [
                                html.H2(text("why_heading", lang), className="h5"),
                                html.P(text("why_help", lang), className="text-muted small"),
                                dbc.Label(text("network_form", lang), html_for=ids.WATERFALL_FORM),
                                dbc.Select(
                                    id=ids.WATERFALL_FORM,
                                    options=form_choices(rules, lang),
                                    value=BEST_FORM,
                                    style={"maxWidth": "20em"},
                                    className="mb-2",
                                ),
                                html.Figure(
                                    [
                                        html.Div(id=ids.WATERFALL_BOX),
                                        dcc.Store(id=ids.later_chart(ids.WATERFALL_BOX)),
                                        html.Figcaption(
                                            html.Ol(id=ids.WATERFALL_LIST, className="small mb-0"),
                                        ),
                                    ]
                                ),
                            ]
                        ),
                        className="mt-3",
                    ),
                    dbc.Card(
                        dbc.CardBody(
                            [
                                html.H2(text("change_heading", lang), className="h5"),
                                html.Ul(id=ids.FLIPS_TEXT),
                                html.Div(id=ids.FLIPS_BOX),
                                dcc.Store(id=ids.later_chart(ids.FLIPS_BOX)),
                            ]
                        ),
                        className="mt-3",
                    ),
                    dbc.Card(
                        dbc.CardBody(
                            [
                                html.H2(
                                    text("path.title", lang), className="h5", id="route-heading"
                                ),
                                html.Div(id=ids.ROUTE),
                            ]
                        ),
                        className="mt-3",
                        id="route-card",
                    ),
                ],
            ),
        ]
    )


def register(app: Dash, rules: RuleSet) -> None:
    """Register the page's callbacks on ``app``."""
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
        function (weights, stored, written) {
            var inputs = window.dash_clientside.callback_context.inputs_list[0];
            // This page's own last write is the newest state: a choice writes it together
            // with the sliders, before the relay has copied it into the user's store.
            var state = written || stored || {};
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
        State(ids.state_change("/advies"), "data"),
        prevent_initial_call=True,
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
        theme_ids = component_ids(ctx.states_list[0], "theme")
        state, _ = views.reduce_state(rules, "default_weights", stored)
        shown = [state["weights"].get(t) for t in theme_ids]
        return state if state != stored else no_update, changed(shown, weights)

    # "Wat vindt u belangrijker?": an answer, an undo or a revisit changes the choices and
    # the weights in the user's state, and the sliders with them in the same answer. Not a
    # callback that makes the sliders follow every state write: while a slider is dragged,
    # such a callback could read the state of one step back and set the slider back to it.
    @app.callback(
        Output(ids.state_change("/advies"), "data", allow_duplicate=True),
        Output(WEIGHTS, "value", allow_duplicate=True),
        Input({"type": ids.PREFS_CHOICE, "choice": ALL}, "n_clicks"),
        Input({"type": ids.PREFS_UNDO, "index": ALL}, "n_clicks"),
        Input({"type": ids.PREFS_REVISE, "index": ALL}, "n_clicks"),
        State(ids.STATE, "data"),
        State(WEIGHTS, "value"),
        prevent_initial_call=True,
    )
    def choose(_choices: Any, _undo: Any, _revise: Any, stored: Any, weights: Any) -> Any:
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
        theme_ids = component_ids(ctx.states_list[1], "theme")
        shown = [state["weights"][t] for t in theme_ids]  # every theme: see state_of
        return state if state != stored else no_update, changed(shown, weights)

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
