"""WSGI entry point for production: ``gunicorn "samenwerking.dashboard.wsgi:server"``.

The rule set is taken from the ``SAMENWERKING_RULES`` environment variable (default: the
bundled rules).
"""

from __future__ import annotations

import os

from samenwerking.dashboard.app import build_app

app = build_app(os.environ.get("SAMENWERKING_RULES") or None)
server = app.server
