"""``samenwerking dashboard``: start the directors' dashboard (loads Dash)."""

from __future__ import annotations

from pathlib import Path

import click

from samenwerking.cli.common import (
    LANG_OPTION as LANG_OPTION,
)
from samenwerking.cli.common import (
    PARTNERS_OPTION as PARTNERS_OPTION,
)
from samenwerking.cli.common import (
    RULES_OPTION as RULES_OPTION,
)
from samenwerking.cli.common import (
    SEED_OPTION as SEED_OPTION,
)
from samenwerking.cli.common import (
    WEIGHT_OPTION as WEIGHT_OPTION,
)
from samenwerking.cli.common import (
    WEIGHTS_FILE_OPTION as WEIGHTS_FILE_OPTION,
)
from samenwerking.cli.common import (
    F as F,
)
from samenwerking.cli.common import (
    _entry_location as _entry_location,
)
from samenwerking.cli.common import (
    chosen_situation as chosen_situation,
)
from samenwerking.cli.common import (
    chosen_situation_and_unknown as chosen_situation_and_unknown,
)
from samenwerking.cli.common import (
    parse_weights as parse_weights,
)
from samenwerking.cli.common import (
    read_partners as read_partners,
)
from samenwerking.cli.common import (
    reports_errors as reports_errors,
)
from samenwerking.cli.common import (
    write_document as write_document,
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
