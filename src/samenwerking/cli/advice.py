"""Commands on one situation: its advice, its route, the example, its network, a batch."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from samenwerking.batch import reading_notes, score_file
from samenwerking.cli.common import (
    LANG_OPTION,
    PARTNERS_OPTION,
    RULES_OPTION,
    WEIGHT_OPTION,
    WEIGHTS_FILE_OPTION,
    chosen_situation,
    chosen_situation_and_unknown,
    chosen_weights,
    parse_weights,
    reports_errors,
)
from samenwerking.entries import load_checked_partners
from samenwerking.errors import (
    SamenwerkingError,
    display_path,
)
from samenwerking.files import write_text_atomically
from samenwerking.languages import BUILT_IN_LANGUAGES
from samenwerking.network import propose_network
from samenwerking.network_export import write_proposal
from samenwerking.numbers import format_number
from samenwerking.partners import with_partners
from samenwerking.path_report import path_text
from samenwerking.paths import path
from samenwerking.report import advice_text, firmness_line, proposal_text
from samenwerking.rules.loader import load_rules
from samenwerking.rules.ruleset import RuleSet
from samenwerking.scoring import Advice, score
from samenwerking.sensitivity import rank_acceptability
from samenwerking.situation import Situation, load_situation
from samenwerking.tables import TableError
from samenwerking.translations import say
from samenwerking.uncertainty import situation_confidence


@click.command("score")
@click.argument("situation_file", type=click.Path(path_type=Path), required=False)
@click.option("--example", is_flag=True, help="Score the example situation (a small corporation).")
@WEIGHT_OPTION
@WEIGHTS_FILE_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the full advice as JSON.")
@click.option("--reasons", default=3, show_default=True, help="Reasons shown per form.")
@PARTNERS_OPTION
@RULES_OPTION
@LANG_OPTION
@reports_errors
def score_command(
    situation_file: Path | None,
    example: bool,
    weights: tuple[str, ...],
    weights_file: Path | None,
    as_json: bool,
    reasons: int,
    partners_file: Path | None,
    rules_dir: Path | None,
    lang: str,
) -> None:
    """Score SITUATION_FILE (YAML or JSON, one value per factor) and print the ranking."""
    rules = load_rules(rules_dir)
    situation, unknown = chosen_situation_and_unknown(situation_file, example, rules)
    if partners_file is not None:
        _, partners, _ = load_checked_partners(partners_file, rules)
        situation = with_partners(situation, partners, rules)
    advice = score(situation, rules, chosen_weights(weights, weights_file, rules))
    if as_json:
        click.echo(advice.model_dump_json(indent=2))
        return
    click.echo(advice_text(advice, rules, lang, reasons))
    if unknown:
        click.echo("\n" + unknown_text(advice, unknown, rules, lang))


@click.command("path")
@click.argument("situation_file", type=click.Path(path_type=Path), required=False)
@click.option("--example", is_flag=True, help="The route for the example situation.")
@PARTNERS_OPTION
@WEIGHT_OPTION
@WEIGHTS_FILE_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the route as JSON.")
@RULES_OPTION
@LANG_OPTION
@reports_errors
def path_command(
    situation_file: Path | None,
    example: bool,
    partners_file: Path | None,
    weights: tuple[str, ...],
    weights_file: Path | None,
    as_json: bool,
    rules_dir: Path | None,
    lang: str,
) -> None:
    """The route to the advised form: the first step, the next ones and what undoing costs."""
    rules = load_rules(rules_dir)
    situation = chosen_situation(situation_file, example, rules)
    partners: list[Any] = []
    if partners_file is not None:
        _, partners, _ = load_checked_partners(partners_file, rules)
    route = path(situation, rules, partners, chosen_weights(weights, weights_file, rules))
    if as_json:
        click.echo(route.model_dump_json(indent=2))
    else:
        click.echo(path_text(route, rules, lang))


@click.command("example")
@click.option("--out", type=click.Path(path_type=Path), help="Write to this file instead.")
@RULES_OPTION
@reports_errors
def example_command(out: Path | None, rules_dir: Path | None) -> None:
    """Print the example situation as YAML, a starting point for your own."""
    rules = load_rules(rules_dir)
    values = Situation.example(rules).values()
    lines = [
        f"# {' / '.join(f.label(lang) for lang in BUILT_IN_LANGUAGES)}\n{f.id}: {values[f.id]:g}"
        for f in rules.factors
    ]
    text = "\n".join(lines) + "\n"
    if out:
        write_text_atomically(out, text)
    else:
        click.echo(text, nl=False)


def unknown_text(advice: Advice, unknown: frozenset[str], rules: RuleSet, lang: str) -> str:
    """What was not known, and how firm the advice is over it (answers and weights varied)."""
    labels = ", ".join(rules.label("factor", f.id, lang) for f in rules.factors if f.id in unknown)
    confidence = situation_confidence(advice.situation.values(), rules, unknown)
    found = rank_acceptability(advice.situation, rules, advice.weights, n=2_000, answers=confidence)
    return "\n".join(
        [say("firmness_unknown", lang, factors=labels), firmness_line(advice, found, rules, lang)]
    )


@click.command("network")
@click.argument("situation_file", type=click.Path(path_type=Path))
@click.option(
    "--partners",
    "partners_file",
    type=click.Path(path_type=Path),
    required=True,
    help="YAML/JSON file: 'own: Name' and 'partners:' a list of {name, kind}.",
)
@click.option("--form", default=None, help="Form to draw (default: the top-ranked form).")
@click.option("--path", "chain_path", default=None, help="Client path for a chain.")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Also write the proposal: .graphml, .json (node-link) or .png.",
)
@RULES_OPTION
@LANG_OPTION
@reports_errors
def network_command(
    situation_file: Path,
    partners_file: Path,
    form: str | None,
    chain_path: str | None,
    out: Path | None,
    rules_dir: Path | None,
    lang: str,
) -> None:
    """Propose the organisation network for SITUATION_FILE and the partners in --partners."""
    rules = load_rules(rules_dir)
    own, partners, locations = load_checked_partners(partners_file, rules)
    situation = with_partners(load_situation(situation_file, rules), partners, rules)
    chosen = form or score(situation, rules).top
    proposal = propose_network(
        chosen, partners, situation, rules, own_name=own, chain_path=chain_path, locations=locations
    )
    click.echo(proposal_text(proposal, lang))
    if out is not None:
        write_proposal(proposal, out, lang)
        click.echo(f"\n-> {out}")


@click.command("score-batch")
@click.argument("input_file", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    "output",
    type=click.Path(path_type=Path),
    required=True,
    help="Results file: .csv, .parquet or .xlsx (an Excel workbook with Dutch labels).",
)
@click.option(
    "--errors",
    "errors_file",
    type=click.Path(path_type=Path),
    default=None,
    help="File for rows with problems (default: OUT with .errors.csv, or .errors.xlsx).",
)
@click.option(
    "--excel-csv",
    is_flag=True,
    help="Write the CSV as Dutch Excel opens it: semicolons, decimal commas, a BOM, "
    "rounded numbers and Dutch labels.",
)
@click.option(
    "--keep-factors", is_flag=True, help="Copy the input's factor values into the results."
)
@WEIGHT_OPTION
@RULES_OPTION
@LANG_OPTION
@reports_errors
def score_batch_command(
    input_file: Path,
    output: Path,
    errors_file: Path | None,
    excel_csv: bool,
    keep_factors: bool,
    weights: tuple[str, ...],
    rules_dir: Path | None,
    lang: str,
) -> None:
    """Score every row of INPUT_FILE (.csv or .parquet, one column per factor).

    Valid rows are scored into OUT (with their row number and any non-factor columns, such
    as an id); rows with problems go, one line per problem, to the errors file. Row 1 is the
    first data row (line 2 of a CSV). Exit status 1 if any row had a problem (both files are
    written either way).
    """
    rules = load_rules(rules_dir)
    try:
        for note in reading_notes(input_file):  # said first: they explain what follows
            click.echo(note.text(lang), err=True)
        with click.progressbar(length=0, label=display_path(input_file), file=sys.stderr) as bar:
            run = score_file(
                input_file,
                output,
                errors_file,
                rules,
                parse_weights(weights),
                lang=lang,
                excel=excel_csv,
                keep_factors=keep_factors,
                progress=lambda rows: bar.update(rows - bar.pos),
            )
    except TableError as e:
        raise SamenwerkingError(e.text(lang)) from e  # in the language asked for
    click.echo(
        say(
            "batch_summary",
            lang,
            rows=format_number(run.rows, lang, 0),
            scored=format_number(run.scored, lang, 0),
            out=display_path(run.results),
            bad=format_number(run.bad_rows, lang, 0),
            errors=display_path(run.errors),
        ),
        err=True,
    )
    if run.bad_rows:
        sys.exit(1)
