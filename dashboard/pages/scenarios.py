"""Scenarios ("/scenarios"): named sets of answers, saved, loaded and compared."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import (
    ALL,
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
from samenwerking.dashboard.pages.common import (
    triggering_event,
)
from samenwerking.dashboard.state import MAX_COMPARED, normalised, save_scenario
from samenwerking.dashboard.texts import text
from samenwerking.dashboard.typed_dash import (
    clicked,
    html_attributes,
)

PATH = "/scenarios"


def build_scenarios(lang: str) -> html.Div:
    """Save the current answers as a named scenario; compare up to four."""
    return html.Div(
        [
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(text("scenario_name", lang), html_for=ids.SCENARIO_NAME),
                            dbc.Input(
                                id=ids.SCENARIO_NAME,
                                type="text",
                                placeholder=text("scenario_placeholder", lang),
                            ),
                        ],
                        md=6,
                    ),
                    dbc.Col(
                        dbc.Button(
                            text("save_scenario", lang),
                            id=ids.SAVE_SCENARIO,
                            color="primary",
                            n_clicks=0,
                        ),
                        md=6,
                        className="d-flex align-items-end mt-2",
                    ),
                ],
                className="mt-3",
            ),
            dcc.ConfirmDialog(id=ids.OVERWRITE_CONFIRM, message=""),
            html.Div(
                id=ids.SCENARIO_MESSAGE,
                className="small mt-2",
                **html_attributes({"aria-live": "polite"}),
            ),
            html.Div(id=ids.SCENARIO_LIST, className="mt-3"),
            html.H2(text("scenario_compare", lang), className="h5 mt-4"),
            dbc.Checklist(id=ids.SCENARIO_SELECT, options=[], value=[]),
            html.Div(id=ids.SCENARIO_COMPARE, className="mt-3"),
        ]
    )


def register(app: Dash, rules: RuleSet) -> None:
    """Register the page's callbacks on ``app``."""

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
        _, detail = triggering_event()
        scenario = (scenarios or {}).get(detail.get("name")) if isinstance(detail, dict) else None
        if not clicked() or scenario is None:
            raise PreventUpdate
        state, _ = views.reduce_state(rules, "load_scenario", stored, scenario=scenario)
        return state, text("scenario_loaded", lang, name=detail["name"])

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
        trigger, detail = triggering_event()
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
