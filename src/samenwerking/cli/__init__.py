"""The ``samenwerking`` command: score situations and check, test and document rule sets.

Every expected failure (a bad file, a broken rule) ends in a message naming the file, line and
field and a non-zero exit status, never a traceback.

The commands live one module per group (:mod:`.advice`, :mod:`.report`, :mod:`.rules`,
:mod:`.session`, :mod:`.weights`, :mod:`.dashboard`) and are loaded only when used (click's
lazy-group pattern): a ``samenwerking score`` need not load Dash, Plotly or SQLAlchemy, which
would add 0,4 s to every command's start.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

# Command name -> "module:attribute" under samenwerking.cli, in the order --help lists them.
COMMANDS: dict[str, str] = {
    "score": "advice:score_command",
    "path": "advice:path_command",
    "example": "advice:example_command",
    "network": "advice:network_command",
    "score-batch": "advice:score_batch_command",
    "report": "report:report_command",
    "rules": "rules:rules_group",
    "session": "session:session_group",
    "weights": "weights:weights_group",
    "dashboard": "dashboard:dashboard_command",
}


class LazyGroup(click.Group):
    """A click group that imports a command's module only when that command is asked for.

    Why: each group pulls in its own heavy libraries; importing them all at start made every
    command wait for all of them.
    """

    def __init__(self, *args: Any, lazy_commands: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = lazy_commands

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy_commands])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.lazy_commands:
            return super().get_command(ctx, cmd_name)
        module_name, attribute = self.lazy_commands[cmd_name].split(":")
        module = importlib.import_module(f"{__name__}.{module_name}")
        command = getattr(module, attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{self.lazy_commands[cmd_name]} is no click command")
        return command


@click.group(
    cls=LazyGroup,
    lazy_commands=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(package_name="samenwerking")
def main() -> None:
    """Keuzehulp samenwerkingsvormen voor woningcorporaties / collaboration decision support.

    Score a situation against a rule set, and check or test rule sets.
    """
