"""``samenwerking report``: the board pack of one situation (loads the PDF route)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from samenwerking.assessment import situation_assessment
from samenwerking.board_pack import board_pack
from samenwerking.cli.common import (
    LANG_OPTION,
    RULES_OPTION,
    WEIGHT_OPTION,
    WEIGHTS_FILE_OPTION,
    chosen_weights,
    reports_errors,
    write_document,
)
from samenwerking.entries import load_checked_partners
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
        own, partners, _ = load_checked_partners(partners_file, rules)
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
