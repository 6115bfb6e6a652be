"""The app factory: ``build_app(rules_dir)`` gives a Dash app for one rule set.

The server is stateless: each user's answers live in their own browser, so the same app runs
under any number of gunicorn workers or machines.
"""

from __future__ import annotations

from pathlib import Path

import flask
from dash import Dash

from samenwerking import load_rules
from samenwerking.dashboard.callbacks import register_callbacks
from samenwerking.dashboard.layout import build_layout
from samenwerking.dashboard.texts import language, text

ASSETS = Path(__file__).resolve().parent / "assets"
LANGUAGE_COOKIE = "samenwerking_lang"


def build_app(rules_dir: str | Path | None = None) -> Dash:
    """A Dash app serving the dashboard for the rule set in ``rules_dir`` (default: bundled)."""
    rules = load_rules(rules_dir)
    app = Dash(
        __name__,
        assets_folder=str(ASSETS),
        title=text("app_title", "nl"),
        update_title=None,
        suppress_callback_exceptions=False,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )

    def serve_layout():  # built per request, in the language of the user's cookie
        try:
            requested = flask.request.cookies.get(LANGUAGE_COOKIE)
        except RuntimeError:  # outside a request (Dash validates the layout at start-up)
            requested = None
        return build_layout(rules, language(requested))

    app.layout = serve_layout

    @app.server.route("/language/<code>")
    def choose_language(code: str) -> flask.Response:
        """Remember the language in the user's own browser (a cookie) and show the page."""
        response = flask.redirect(app.get_relative_path("/"))
        response.set_cookie(
            LANGUAGE_COOKIE, language(code), max_age=365 * 24 * 3600, samesite="Lax"
        )
        return response

    register_callbacks(app, rules)
    return app


def run(rules_dir: str | Path | None, host: str, port: int, debug: bool = False) -> None:
    """Serve the dashboard with Dash's development server."""
    build_app(rules_dir).run(host=host, port=port, debug=debug)
