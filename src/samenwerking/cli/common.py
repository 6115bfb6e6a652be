"""What every command module of the command line shares: options, error reporting, readers.

Each command module (advice, report, rules, session, weights, dashboard) imports this one, and
:mod:`samenwerking.cli` names the modules without importing them, so nothing imports back up
and there is no cycle.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from samenwerking.documents import to_html, to_markdown, to_pdf
from samenwerking.errors import (
    PartnerError,
    RuleSetError,
    SamenwerkingError,
    SituationError,
    WeightsFileError,
    msg,
)
from samenwerking.files import write_bytes_atomically, write_text_atomically
from samenwerking.rules.ruleset import RuleSet
from samenwerking.situation import Situation, read_situation
from samenwerking.translations import DEFAULT_LANGUAGE, languages, say, say_count
from samenwerking.weights import load_weights_file, parse_weight_option

F = TypeVar("F", bound=Callable[..., Any])

LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(languages()),
    default=DEFAULT_LANGUAGE,
    show_default=True,
    help="Language of the output (Dutch or English).",
)
WEIGHT_OPTION = click.option(
    "--weight",
    "weights",
    multiple=True,
    metavar="THEME=VALUE",
    help="Importance of a theme (default from the rule set), e.g. --weight tenant_value=2.",
)
WEIGHTS_FILE_OPTION = click.option(
    "--weights",
    "weights_file",
    type=click.Path(path_type=Path),
    default=None,
    help="Weights file (as 'samenwerking weights ask' writes); --weight options override it.",
)
PARTNERS_OPTION = click.option(
    "--partners",
    "partners_file",
    type=click.Path(path_type=Path),
    default=None,
    help="Partners file: the number of partners and partner corporations, and their "
    "dwellings, come from it (as in the dashboard and the board pack).",
)
SEED_OPTION = click.option("--seed", default=0, show_default=True, help="Seed of the sample.")
RULES_OPTION = click.option(
    "--rules",
    "rules_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Rule-set folder to use (default: the bundled default rules).",
)


def reports_errors(command: F) -> F:
    """Turn the library's deliberate errors into a readable message and exit status 1."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        lang = kwargs.get("lang", DEFAULT_LANGUAGE)
        try:
            return command(*args, **kwargs)
        except RuleSetError as e:
            for problem in e.problems:
                click.echo(problem.text(lang), err=True)
            click.echo(say_count("errors_found", lang, len(e.problems)), err=True)
        except (SituationError, PartnerError, WeightsFileError) as e:
            click.echo(e.text(lang), err=True)
        except SamenwerkingError as e:
            click.echo(f"{say('severity_error', lang)}: {e.text(lang)}", err=True)
        sys.exit(1)

    return wrapper  # type: ignore[return-value]


def chosen_weights(
    items: tuple[str, ...], weights_file: Path | None, rules: RuleSet
) -> dict[str, float]:
    """The weights of a command: from ``--weights FILE`` if given, then each ``--weight``."""
    chosen = load_weights_file(weights_file, rules) if weights_file is not None else {}
    return {**chosen, **parse_weights(items)}


def write_document(document: Any, out: Path) -> None:
    """Write a board document as the file's suffix asks: .pdf (A4), .html, else Markdown."""
    suffix = out.suffix.lower()
    if suffix == ".pdf":
        write_bytes_atomically(out, to_pdf(document))
    elif suffix in (".html", ".htm"):
        write_text_atomically(out, to_html(document))
    else:
        write_text_atomically(out, to_markdown(document))


def parse_weights(items: tuple[str, ...]) -> dict[str, float]:
    """Parse ``THEME=VALUE`` options into a dict."""
    return dict(parse_weight_option(item) for item in items)


def chosen_situation(situation_file: Path | None, example: bool, rules: RuleSet) -> Situation:
    """The situation a command works on: a situation file or ``--example``, exactly one."""
    return chosen_situation_and_unknown(situation_file, example, rules)[0]


def chosen_situation_and_unknown(
    situation_file: Path | None, example: bool, rules: RuleSet
) -> tuple[Situation, frozenset[str]]:
    """The situation a command works on, and the factors its file gives as "weet niet"."""
    if example == (situation_file is not None):
        raise SamenwerkingError(msg("either_file_or_example"))
    if situation_file is None:
        return Situation.example(rules), frozenset()
    return read_situation(situation_file, rules)
