"""The network proposal ("/netwerk"): the drawing of the chosen form with the partners."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import (
    Dash,
    Input,
    Output,
    State,
    dcc,
    html,
)
from dash.exceptions import PreventUpdate

from samenwerking import RuleSet
from samenwerking.dashboard import ids, views
from samenwerking.dashboard.pages.common import (
    BEST_FORM,
    form_choices,
)
from samenwerking.dashboard.state import normalised
from samenwerking.dashboard.texts import text
from samenwerking.dashboard.typed_dash import (
    clicked,
    clientside_callback,
    send_bytes,
)

PATH = "/netwerk"


def build_network(rules: RuleSet, lang: str) -> html.Div:
    """The proposed network of a form, with governance, metrics and downloads."""
    return html.Div(
        [
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(text("network_form", lang), html_for=ids.NETWORK_FORM),
                            dbc.Select(
                                id=ids.NETWORK_FORM,
                                options=form_choices(rules, lang),
                                value=BEST_FORM,
                            ),
                        ],
                        md=4,
                    ),
                    dbc.Col(
                        [
                            dbc.Button(
                                text("download_png", lang),
                                id=ids.DOWNLOAD_PNG,
                                color="secondary",
                                outline=True,
                                className="me-2",
                                n_clicks=0,
                            ),
                            dbc.Button(
                                text("download_graphml", lang),
                                id=ids.DOWNLOAD_GRAPHML,
                                color="secondary",
                                outline=True,
                                n_clicks=0,
                            ),
                        ],
                        md=8,
                        className="d-flex align-items-end justify-content-md-end mt-2",
                    ),
                ],
                className="mt-3",
            ),
            dcc.Loading(html.Div(id=ids.NETWORK_BOX)),
            html.Div(id=ids.NETWORK_INFO),
            dcc.Download(id=ids.NETWORK_DOWNLOAD),
        ]
    )


def register(app: Dash, rules: RuleSet) -> None:
    """Register the page's callbacks on ``app``."""

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
