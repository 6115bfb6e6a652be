"""The app factory: ``build_app(rules_dir)`` gives a Dash app for one rule set.

The server is stateless: each user's answers live in their own browser, so the same app runs
under any number of gunicorn workers or machines. The one exception is opt-in: a board
session ("Samen invullen") keeps its members' submitted answers in the session database
(SQLite by default, PostgreSQL for several machines), never in a worker's memory.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

import flask
import plotly.io as pio
from dash import Dash
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response as WerkzeugResponse

from samenwerking import RuleSetInfo, load_rules
from samenwerking.dashboard.callbacks import register_callbacks
from samenwerking.dashboard.layout import build_layout, page_of
from samenwerking.dashboard.pages.together import session_store
from samenwerking.dashboard.texts import language, sentence, text
from samenwerking.dashboard.typed_dash import dash_options, relative_path, untyped_method
from samenwerking.errors import ConfigurationError, msg
from samenwerking.languages import DEFAULT_LANGUAGE
from samenwerking.sessions import DatabaseUnavailableError, SessionError
from samenwerking.sessions.store import DATABASE_URL_VARIABLE

ASSETS = Path(__file__).resolve().parent / "assets"
LANGUAGE_COOKIE = "samenwerking_lang"


class DashboardApp(Dash):
    """Dash with the page's language on ``<html lang>``, as WCAG asks (3.1.1).

    Dash writes ``<html>`` without a language; the page is built per request in the
    language of the user's cookie, so the same choice goes on the element screen readers
    and browsers read it from.
    """

    #: The rule set the app serves (name, version, hash), for /healthz.
    samenwerking_rules: RuleSetInfo | None = None

    def interpolate_index(
        self,
        metas: str = "",
        title: str = "",
        css: str = "",
        config: str = "",
        scripts: str = "",
        app_entry: str = "",
        favicon: str = "",
        renderer: str = "",
    ) -> str:
        page: str = untyped_method(super().interpolate_index)(
            metas=metas,
            title=title,
            css=css,
            config=config,
            scripts=self.page_scripts(scripts),
            app_entry=app_entry,
            favicon=favicon,
            renderer=renderer,
        )
        try:
            lang = language(flask.request.cookies.get(LANGUAGE_COOKIE))
        except RuntimeError:  # outside a request
            lang = language(None)
        return page.replace("<html>", f'<html lang="{lang}">', 1)

    def page_scripts(self, scripts: str) -> str:
        """Dash's script tags, with the chart code loaded at once and the table's left out.

        - ``dcc.Graph`` lives in a chunk (``async-graph.js``) that Dash fetches only when the
          first chart is about to be drawn: on the advice page that was one more round trip
          between the advice's answer and its chart. Loaded with the page, it is there.
        - Dash lists the ``DataTable`` bundle on every page; the dashboard has no table.
        - ``@babel/polyfill`` (core-js 2, for browsers of before 2017) is left out: it puts
          JavaScript versions in place of some of the browser's own functions (its
          ``String.prototype.trim`` showed in the advice page's CPU profile), and every
          browser Dash 4 runs in has them. The one global the bundles still use,
          ``regeneratorRuntime``, comes with dash-bootstrap-components' bundle; without it
          no chart would draw, which the browser tests would show.
        """
        kept = [
            line
            for line in scripts.splitlines()
            if "/dash/dash_table/" not in line and "/deps/polyfill@" not in line
        ]
        graph_chunk = untyped_method(self._collect_and_register_resources)(
            [{"relative_package_path": "dcc/async-graph.js", "namespace": "dash"}]
        )
        kept.extend(f'<script src="{src}"></script>' for src in graph_chunk)
        return "\n".join(kept)


def use_standard_json() -> None:
    """Let Dash write its answers with Python's own JSON encoder, not orjson.

    Dash writes every callback answer through plotly's ``to_json_plotly``. With orjson
    installed (other packages bring it) plotly first copies the whole answer in Python to make it
    orjson-ready, which took longer than the encoding it saves: the standard encoder only
    calls back for the components. Measured: the advice callback 8% cheaper, the realistic
    mix's throughput 10% higher. Plotly's figures in a notebook are unaffected in practice
    (the setting only chooses the encoder; both write the same JSON).
    """
    pio.json.config.default_engine = "json"


def build_app(rules_dir: str | Path | None = None) -> Dash:
    """A Dash app serving the dashboard for the rule set in ``rules_dir`` (default: bundled)."""
    rules = load_rules(rules_dir)
    use_standard_json()
    app = DashboardApp(
        __name__,
        assets_folder=str(ASSETS),
        title=text("app_title", DEFAULT_LANGUAGE),
        **dash_options(update_title=None),
        # Only the page shown is in the layout, so most callbacks' components are missing
        # at any moment. The check Dash would do in the browser is a test here instead
        # (tests/test_dashboard_callbacks.py: every callback's components exist on some page).
        suppress_callback_exceptions=True,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )

    def serve_layout() -> Any:  # built per request, in the language of the user's cookie
        try:
            requested = flask.request.cookies.get(LANGUAGE_COOKIE)
        except RuntimeError:  # outside a request (Dash validates the layout at start-up)
            requested = None
        return build_layout(rules, language(requested))

    app.layout = serve_layout
    # A layout function makes Dash keep a copy of the layout and embed it in every page
    # (98 kB, 10 ms to serialise, walked again by the browser) to check callbacks against;
    # the callbacks are checked by a test instead (see suppress_callback_exceptions).
    app.validation_layout = None

    server: flask.Flask = app.server

    @server.route("/language/<code>")
    def choose_language(code: str) -> WerkzeugResponse:
        """Remember the language in the user's own browser (a cookie) and show the same page.

        The page comes back as ``?pagina=/advies``; only the dashboard's own pages are
        followed (anything else shows the self-assessment), so the link cannot send a
        user elsewhere.
        """
        page = page_of(flask.request.args.get("pagina", "/"))
        response = flask.redirect(relative_path(app, page))
        response.set_cookie(
            LANGUAGE_COOKIE, language(code), max_age=365 * 24 * 3600, samesite="Lax"
        )
        return response

    register_callbacks(app, rules)
    app.samenwerking_rules = rules.info
    harden(app)
    set_up_before_serving(app)
    return app


def set_up_before_serving(app: Dash) -> None:
    """Let Dash finish its one-time set-up now, before the server takes requests.

    Dash sets itself up on the first request and marks that done *before* it has registered
    its script bundles (plotly/dash#3971). In a threaded worker the page's bundle requests
    arrive together, and those in the gap were refused, leaving a blank page after every
    restart. One request through Flask's test client, here, closes the gap.
    """
    app.server.test_client().get("/healthz")


#: Largest request body accepted. A dossier is at most 1 MB (JSON), sent as base64 inside a
#: callback's JSON: 2 MB leaves room for that and refuses anything meant to exhaust memory.
MAX_REQUEST_BYTES = 2 * 1024 * 1024


class CompressedCache:
    """Compressed static bundles kept by URL, at most ``size`` (least recently used out).

    The Dash bundles (plotly.js alone is megabytes) were compressed again for every request.
    Only versioned static files are kept: a page or a callback answer depends on the user's
    language cookie and input, and is never served from here (:func:`compressed_cache_key`
    gives them no key).
    """

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self.items: OrderedDict[str, bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        if key.endswith(";"):  # no key: not cacheable
            return None
        with self.lock:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
            return found

    def set(self, key: str, value: bytes) -> None:
        if key.endswith(";"):
            return
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


STATIC_PREFIXES = ("/assets/", "/_dash-component-suites/")


def compressed_cache_key(request: flask.Request) -> str:
    """A versioned static file's URL; empty (not cached) for everything else."""
    if request.method == "GET" and request.path.startswith(STATIC_PREFIXES):
        return request.full_path
    return ""


#: How many reverse proxies in front of the app add to X-Forwarded-For (default 0: none).
TRUSTED_PROXIES_VARIABLE = "SAMENWERKING_TRUSTED_PROXIES"


def trusted_proxies(value: str | None) -> int:
    """The number of trusted proxies from the environment variable's ``value``.

    >>> trusted_proxies(None), trusted_proxies("1")
    (0, 1)
    """
    if value is None or not value.strip():
        return 0
    if not value.strip().isdigit() or int(value) > 10:
        raise ConfigurationError(
            msg("trusted_proxies_bad", name=TRUSTED_PROXIES_VARIABLE, value=value)
        )
    return int(value)


def harden(app: Dash) -> None:
    """What a public server needs: a body limit, compression, security headers, /healthz.

    - Bodies over ``MAX_REQUEST_BYTES`` get 413 before they are read (werkzeug checks the
      declared length and stops reading a stream at the limit).
    - flask-compress compresses responses (plotly.js alone is 4.6 MB uncompressed).
    - The Content-Security-Policy allows only this site's scripts plus the hashes of Dash's
      own inline scripts (``app.csp_hashes()``), so injected markup cannot run script; styles
      may be inline (Dash and plotly set them), images may be data URLs (PNG downloads).
    """
    from flask_compress import Compress

    server: flask.Flask = app.server
    proxies = trusted_proxies(os.environ.get(TRUSTED_PROXIES_VARIABLE))
    if proxies:
        # Behind a reverse proxy every request comes from the proxy's address; the client's
        # own is the one the trusted proxies put in X-Forwarded-For (never more hops than
        # configured, so a client cannot forge its way past them).
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    server.config["COMPRESS_MIMETYPES"] = [
        "text/html",
        "text/css",
        "application/javascript",
        "text/javascript",
        "application/json",
        "image/svg+xml",
    ]
    server.config["COMPRESS_CACHE_BACKEND"] = CompressedCache
    server.config["COMPRESS_CACHE_KEY"] = compressed_cache_key
    Compress(server)
    policy = "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' " + " ".join(app.csp_hashes()),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )

    @server.after_request
    def security_headers(response: flask.Response) -> flask.Response:
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        if flask.request.path.startswith(("/assets/", "/_dash-component-suites/")):
            # Versioned by Dash (?v=... / fingerprinted paths): safe to keep for a year.
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return response

    @server.errorhandler(413)
    def too_large(_error: Exception) -> tuple[flask.Response, int]:
        lang = language(flask.request.cookies.get(LANGUAGE_COOKIE))
        return flask.jsonify(error=text("request_too_large", lang)), 413

    @server.errorhandler(DatabaseUnavailableError)
    def unavailable(error: DatabaseUnavailableError) -> tuple[flask.Response, int, dict[str, str]]:
        """The session database is out of reach: 503 (try again), not "bad request"."""
        said = error.text(language(flask.request.cookies.get(LANGUAGE_COOKIE)))
        return flask.jsonify(error=sentence(said)), 503, {"Retry-After": "5"}

    @server.errorhandler(Exception)
    def malformed(error: Exception) -> WerkzeugResponse | tuple[flask.Response, int]:
        """A request our own page would never send gets 400, not 500.

        A body of 50,000 nested brackets overflows the JSON parser; ``{"output": 1}`` makes
        Dash's dispatcher fail on a missing key. Both are bad input. Every POST (a callback,
        a member's submit) is answered so; a failing page (GET) still gets 500. The error is
        logged with its traceback, so a real fault still shows in the server log.
        """
        if isinstance(error, HTTPException):
            return error.get_response()
        server.logger.warning("refused a request to %s", flask.request.path, exc_info=error)
        lang = language(flask.request.cookies.get(LANGUAGE_COOKIE))
        status = 400 if flask.request.method == "POST" else 500
        return flask.jsonify(error=text("request_malformed", lang)), status

    served = str(getattr(app, "samenwerking_rules", ""))

    @server.route("/healthz")
    def healthz() -> tuple[flask.Response, int]:
        """For load balancers and monitoring: the app is up and its rule set loaded.

        When sessions run on a database server, also whether that database answers (503
        if not), so a load balancer stops sending board members to a broken instance.
        """
        if not os.environ.get(DATABASE_URL_VARIABLE):
            return flask.jsonify(status="ok", rules=served), 200
        try:
            up = session_store().reachable()
        except SessionError:  # out of reach, or a URL that cannot be used at all
            up = False
        database = "ok" if up else "unreachable"
        status = "ok" if up else "degraded"
        return flask.jsonify(status=status, rules=served, database=database), 200 if up else 503


def run(rules_dir: str | Path | None, host: str, port: int, debug: bool = False) -> None:
    """Serve the dashboard with Dash's development server."""
    build_app(rules_dir).run(host=host, port=port, debug=debug)
