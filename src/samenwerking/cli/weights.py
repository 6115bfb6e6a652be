"""``samenwerking weights ask``: theme weights from choices, one question at a time.

The terminal counterpart of "Wat vindt u belangrijker?" on the Advies page: the same
questions (:mod:`samenwerking.preferences`), the same stop, and a weights file that
``score --weights``, ``report --weights`` and ``path --weights`` read.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import click
from ruamel.yaml import YAML

from samenwerking.cli.common import (
    LANG_OPTION,
    PARTNERS_OPTION,
    RULES_OPTION,
    chosen_situation,
    reports_errors,
)
from samenwerking.entries import load_checked_partners
from samenwerking.errors import SamenwerkingError, msg
from samenwerking.files import write_text_atomically
from samenwerking.numbers import format_number
from samenwerking.partners import with_partners
from samenwerking.preferences import (
    DEFAULT_MAX_QUESTIONS,
    Choice,
    Preferences,
    answer_text,
    progress_text,
    question_texts,
    start,
)
from samenwerking.rules.loader import load_rules
from samenwerking.rules.ruleset import RuleSet
from samenwerking.translations import say

#: What a user types for each choice (and to take the last one back).
KEYS: dict[str, Choice] = {"a": "A", "b": "B", "=": "equal"}
UNDO_KEY = "t"


@click.group("weights")
def weights_group() -> None:
    """Theme weights from choices ("wat vindt u belangrijker?")."""


@weights_group.command("ask")
@click.argument("situation_file", type=click.Path(path_type=Path), required=False)
@click.option("--example", is_flag=True, help="Ask for the example situation.")
@PARTNERS_OPTION
@click.option(
    "--max",
    "max_questions",
    default=DEFAULT_MAX_QUESTIONS,
    show_default=True,
    help="Most questions to ask.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="Weights file to write (YAML), for score/report/path --weights.",
)
@RULES_OPTION
@LANG_OPTION
@reports_errors
def weights_ask(
    situation_file: Path | None,
    example: bool,
    partners_file: Path | None,
    max_questions: int,
    out: Path,
    rules_dir: Path | None,
    lang: str,
) -> None:
    """Ask trade-off questions until the advice is settled, then write the weights to --out."""
    if max_questions < 1:
        raise SamenwerkingError(msg("max_questions_at_least_one"))
    if out.is_dir():
        raise SamenwerkingError(msg("table_output_is_folder", file=str(out)))
    rules = load_rules(rules_dir)
    situation = chosen_situation(situation_file, example, rules)
    if partners_file is not None:
        _, partners, _ = load_checked_partners(partners_file, rules)
        situation = with_partners(situation, partners, rules)
    try:
        prefs = ask(start(situation, rules, max_questions=max_questions), rules, lang)
    except (click.Abort, EOFError):
        # Input ended (Ctrl+D, or a script without enough answers): nothing is written.
        raise SamenwerkingError(msg("prefs.stopped")) from None
    result = prefs.result()
    click.echo(progress_text(prefs, lang))
    for theme, weight in result.weights.items():
        click.echo(f"  {rules.label('theme', theme, lang)}: {format_number(weight, lang, 2)}")
    write_text_atomically(out, weights_yaml(prefs))
    click.echo(say("prefs.weights_file", lang, path=str(out)))


def ask(prefs: Preferences, rules: RuleSet, lang: str) -> Preferences:
    """Ask until done; a conflict is shown and the user revises one of its answers."""
    while True:
        if not prefs.consistent:
            prefs = resolve(prefs, rules, lang)
            continue
        question = prefs.next_question()
        if question is None:
            return prefs
        option_a, option_b = question_texts(question, rules, lang)
        click.echo("")
        click.echo(f"{len(prefs.answers) + 1}. {say('prefs.title', lang)}")
        click.echo(f"   A: {option_a}")
        click.echo(f"   B: {option_b}")
        click.echo(f"   =: {say('prefs.equal', lang)}")
        if prefs.answers:
            click.echo(f"   {UNDO_KEY}: {say('prefs.undo', lang)}")
        keys = [*KEYS, *([UNDO_KEY] if prefs.answers else [])]
        typed = click.prompt(">", type=click.Choice(keys, case_sensitive=False))
        if typed.lower() == UNDO_KEY:
            prefs = prefs.undo()
        else:
            prefs = prefs.answer(question, KEYS[typed.lower()])


def resolve(prefs: Preferences, rules: RuleSet, lang: str) -> Preferences:
    """Name the conflicting answers and let the user choose one to answer again."""
    conflicts = prefs.conflicts()
    shown = ", ".join(str(i + 1) for i in conflicts)
    click.echo(say("prefs.conflict", lang, answers=shown))
    for index in conflicts:
        click.echo(f"   {index + 1}: {answer_text(prefs.answers[index], rules, lang)}")
    number = click.prompt(">", type=click.Choice([str(i + 1) for i in conflicts]))
    index = int(number) - 1
    option_a, option_b = question_texts(prefs.answers[index].question, rules, lang)
    click.echo(f"   A: {option_a}\n   B: {option_b}\n   =: {say('prefs.equal', lang)}")
    typed = click.prompt(">", type=click.Choice(list(KEYS), case_sensitive=False))
    return prefs.revise(index, KEYS[typed.lower()])


def weights_yaml(prefs: Preferences) -> str:
    """The weights file: the central weights, and the answers they came from."""
    result = prefs.result()
    data: dict[str, Any] = {
        "weights": result.weights,
        "answers": [answer.model_dump() for answer in result.answers],
    }
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.width = 200
    buffer = StringIO()
    buffer.write("# Gewichten uit keuzes (samenwerking weights ask); alleen 'weights' telt.\n")
    yaml.dump(data, buffer)
    return buffer.getvalue()
