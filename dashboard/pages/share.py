"""Save and share ("/opslaan"): the dossier, the board pack and the data downloads."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import (
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
from samenwerking.dashboard.controls import action_button
from samenwerking.dashboard.state import normalised
from samenwerking.dashboard.texts import text
from samenwerking.dashboard.typed_dash import (
    clicked,
    clientside_callback,
    html_attributes,
    send_bytes,
    send_string,
)

PATH = "/opslaan"


def build_export(lang: str) -> html.Div:
    """Download and restore a dossier; download a printable report."""
    return html.Div(
        [
            html.H2(text("export_heading", lang), className="h5 mt-3"),
            html.P(text("export_help", lang), className="text-muted"),
            action_button(text("download_json", lang), ids.DOWNLOAD_JSON, "primary"),
            action_button(text("download_pdf", lang), ids.DOWNLOAD_PDF, "primary"),
            dbc.Button(
                text("download_report", lang),
                id=ids.DOWNLOAD_REPORT,
                color="secondary",
                className="mb-2",
                n_clicks=0,
            ),
            html.Div(
                dcc.Upload(
                    html.Div(text("upload", lang)),
                    id=ids.UPLOAD,
                    # No accept filter: the browser would turn another file away in silence;
                    # every file gets a message (see the upload check in callbacks.py).
                    className="upload-zone mt-3",
                ),
                **html_attributes({"data-label": text("upload", lang)}),
            ),
            html.Div(
                id=ids.UPLOAD_MESSAGE, className="mt-2", **html_attributes({"aria-live": "polite"})
            ),
            dcc.Store(id=ids.UPLOAD_CHECKED, storage_type="memory"),
            dcc.ConfirmDialog(id=ids.DOSSIER_CONFIRM, message=text("dossier_confirm", lang)),
            dcc.Download(id=ids.EXPORT_DOWNLOAD),
        ]
    )


def register(app: Dash, rules: RuleSet) -> None:
    """Register the page's callbacks on ``app``."""

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
