"""``samenwerking dashboard``: start the directors' dashboard (loads Dash)."""

from __future__ import annotations

from pathlib import Path

import click

from samenwerking.cli.common import (
    LANG_OPTION,
    RULES_OPTION,
    reports_errors,
)
from samenwerking.dashboard.app import run
from samenwerking.translations import say


@click.command("dashboard")
@RULES_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8050, show_default=True, type=int, help="Port to listen on.")
@click.option("--debug", is_flag=True, help="Dash debug mode (reloads, error overlay).")
@LANG_OPTION
@reports_errors
def dashboard_command(rules_dir: Path | None, host: str, port: int, debug: bool, lang: str) -> None:
    """Start the dashboard for directors (open the printed address in a browser)."""
    click.echo(say("dashboard_started", lang, address=f"http://{host}:{port}/"))
    run(rules_dir, host, port, debug)
