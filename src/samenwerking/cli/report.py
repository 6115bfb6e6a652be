"""``samenwerking report``: the board pack of one situation (loads the PDF route)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from samenwerking.assessment import situation_assessment
from samenwerking.board_pack import board_pack
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
from samenwerking.cli.common import chosen_weights
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
from samenwerking.network import DEFAULT_OWN_NAME
from samenwerking.rules.loader import load_rules
from samenwerking.situation import read_situation


@click.command("report")
@click.argument("situation_file", type=click.Path(path_type=Path))
@click.option(
    "--partners",
    "partners_file",
    type=click.Path(path_type=Path),
    default=None,
    help="Partners file (own: name, partners: list): draws the proposed network.",
)
@WEIGHT_OPTION
@WEIGHTS_FILE_OPTION
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="File to write: .pdf (A4), .html or .md.",
)
@RULES_OPTION
@LANG_OPTION
@reports_errors
def report_command(
    situation_file: Path,
    partners_file: Path | None,
    weights: tuple[str, ...],
    weights_file: Path | None,
    out: Path,
    rules_dir: Path | None,
    lang: str,
) -> None:
    """Write the board pack for SITUATION_FILE: the advice as a document for the board."""
    rules = load_rules(rules_dir)
    situation, unknown = read_situation(situation_file, rules)
    own, partners = DEFAULT_OWN_NAME, list[Any]()
    if partners_file is not None:
        own, partners, _ = read_partners(partners_file, rules, lang)
    document = board_pack(
        situation,
        rules,
        weights=chosen_weights(weights, weights_file, rules),
        partners=partners,
        own_name=own,
        lang=lang,
        assessment=situation_assessment(situation, rules, unknown),
    )
    write_document(document, out)
    click.echo(f"-> {out}")
