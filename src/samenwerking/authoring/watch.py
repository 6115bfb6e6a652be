"""``samenwerking rules watch``: every save of a rule file shows what it does, in the terminal.

An adviser edits a rule and wants to see, without typing a command, whether the rule set
still loads, whether the tests still pass, and what the advice for one situation becomes,
compared with the previous save (our answer to a rules engine's simulator).

Changes are found by polling the folder's content hash twice a second rather than through
file-system events: editors save in many ways (in place, via a temporary file and a rename,
through a network share), and the bytes of the YAML files are what define the rule set anyway.
A dozen small files hash in well under a millisecond.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from samenwerking.authoring.testing import (
    TESTS_FOLDER,
    PopulationResult,
    RuleTestResult,
    rule_test_problems,
    run_rule_tests,
)
from samenwerking.authoring.warnings import rule_set_warnings
from samenwerking.errors import RuleSetError, SamenwerkingError, display_path, words
from samenwerking.numbers import format_number
from samenwerking.rules.loader import RULE_FILE_PATTERNS, load_rules
from samenwerking.rules.ruleset import RuleSet
from samenwerking.scoring import Advice, score
from samenwerking.situation import Situation, load_situation
from samenwerking.translations import say, say_count

#: Seconds between two looks at the folder.
POLL_SECONDS = 0.5


def folder_fingerprint(folder: Path) -> str:
    """A hash of every YAML file of the rule set and its tests: names and bytes."""
    digest = hashlib.sha256()
    for name, content in sorted(file_fingerprints(folder).items()):
        digest.update(name.encode() + b"\0" + content.encode() + b"\0")
    return digest.hexdigest()


def file_fingerprints(folder: Path, situation_file: Path | None = None) -> dict[str, str]:
    """Per watched file (the rule files, the tests, the situation), a hash of its bytes.

    Per file, so a save can be reported by name: a changed advice after editing the
    situation must not look as if the rule edit caused it.
    """
    files = [p for pattern in RULE_FILE_PATTERNS for p in folder.glob(pattern)]
    files += [p for pattern in RULE_FILE_PATTERNS for p in (folder / TESTS_FOLDER).glob(pattern)]
    found = {}
    for file in files:
        found[str(file.relative_to(folder))] = _file_hash(file)
    if situation_file is not None:
        found[display_path(situation_file)] = _file_hash(situation_file)
    return found


def _file_hash(file: Path) -> str:
    try:
        return hashlib.sha256(file.read_bytes()).hexdigest()
    except OSError:  # removed or half-written between listing and reading
        return "unreadable"


def changed_files(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """The files added, removed or changed between two looks, by name."""
    return sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )


@dataclass(frozen=True)
class WatchState:
    """What the previous save gave: the advice to compare the next one with."""

    advice: Advice | None = None


def watch_report(
    folder: Path,
    situation_file: Path | None,
    previous: WatchState,
    lang: str,
    changed: list[str] | None = None,
) -> tuple[list[str], WatchState, RuleSet | None]:
    """The lines after one save, the state for the next, and the rule set as saved.

    The rule set is None when it does not load (its errors are among the lines). The
    advice and its difference with the previous save come first, as soon as the rules load
    (what the adviser is waiting for); the caller then shows :func:`check_lines` and the
    rule tests for the returned rule set. ``changed`` names the files that changed.
    """
    stamp = time.strftime("%H:%M:%S")
    shown = ", ".join(changed) if changed else display_path(folder)
    lines = [say("watch_saved", lang, time=stamp, files=shown)]
    try:
        rules = load_rules(folder)
    except RuleSetError as e:
        lines += [f"  {p.text(lang)}" for p in e.problems]
        lines.append(say_count("errors_found", lang, len(e.problems)))
        return lines, previous, None
    try:
        situation = (
            load_situation(situation_file, rules)
            if situation_file is not None
            else Situation.example(rules)
        )
        advice = score(situation, rules)
    except SamenwerkingError as e:
        lines += [f"  {line}" for line in e.text(lang).splitlines()]
        return lines, previous, rules
    lines += _advice_lines(advice, previous.advice, rules, lang)
    return lines, WatchState(advice), rules


def check_lines(rules: RuleSet, folder: Path, lang: str) -> list[str]:
    """The check of a rule set that loaded: the tests' references, the warnings, a summary."""
    problems = rule_test_problems(rules, folder)
    warnings = rule_set_warnings(rules)
    lines = [f"  {p.text(lang)}" for p in [*problems, *warnings]]
    return [*lines, _check_line(rules, len(problems), len(warnings), lang)]


def test_lines(rules: RuleSet, folder: Path, lang: str) -> list[str]:
    """The rule tests' outcome: a summary, and each failed test by name and place.

    ``rules`` is the rule set :func:`watch_report` loaded for this save; loading it again
    cost a second load and, for a broken save, printed its errors twice.
    """
    if not (folder / TESTS_FOLDER).is_dir():
        return []
    try:
        report = run_rule_tests(rules, folder)
    except RuleSetError as e:
        return [f"  {p.text(lang)}" for p in e.problems]
    results: list[RuleTestResult | PopulationResult] = [*report.results, *report.populations]
    lines = [
        f"  {say('test_fail', lang)} {result.case.test.id} ({result.case.location}): "
        + "; ".join(words(f, lang) for f in [*result.failures, result.error] if f)
        for result in results
        if not result.passed
    ]
    return [*lines, say("tests_summary", lang, passed=report.passed, failed=report.failed)]


def _check_line(rules: RuleSet, problems: int, warnings: int, lang: str) -> str:
    if problems:
        return say_count("errors_found", lang, problems)
    name = f"{rules.metadata.name} {rules.metadata.version}"
    return say("watch_check_ok", lang, rules=name, warnings=warnings)


def _advice_lines(advice: Advice, before: Advice | None, rules: RuleSet, lang: str) -> list[str]:
    """The ranking with scores; with a previous advice, each form's change and a new top."""
    lines = [say("watch_advice", lang)]
    for position, form in enumerate(advice.ranking, start=1):
        score_now = advice.scores[form]
        change = ""
        if before is not None and form in before.scores:
            delta = score_now - before.scores[form]
            if abs(delta) >= 0.05:
                change = f"  ({format_number(delta, lang, 1, sign=True)})"
        label = rules.label("form", form, lang)
        knocked = f"  [{say('knocked_out', lang)}]" if advice.is_knocked_out(form) else ""
        lines.append(
            f"  {position}. {label:<24}{format_number(score_now, lang, 1):>6}{change}{knocked}"
        )
    if before is not None and before.top != advice.top:
        lines.append(
            say(
                "watch_new_top",
                lang,
                before=rules.label("form", before.top, lang)
                if before.top in rules.forms_by_id
                else before.top,
                after=rules.label("form", advice.top, lang),
            )
        )
    elif before is not None and before.scores == advice.scores:
        lines.append(say("watch_unchanged", lang))
    return lines


def watch(
    folder: Path,
    situation_file: Path | None,
    lang: str,
    echo: Callable[[str], None],
    *,
    until: Callable[[], bool] = lambda: False,
    poll_seconds: float = POLL_SECONDS,
) -> None:
    """Report on ``folder`` now and after every change, until ``until()`` or Ctrl+C."""
    state = WatchState()
    seen: dict[str, str] = {}
    echo(say("watch_start", lang, folder=str(folder)))
    try:
        while not until():
            fingerprints = file_fingerprints(folder, situation_file)
            if fingerprints != seen:
                changed = changed_files(seen, fingerprints) if seen else []
                situation_only = bool(changed) and changed == [
                    display_path(situation_file) if situation_file is not None else ""
                ]
                seen = fingerprints
                lines, state, rules = watch_report(folder, situation_file, state, lang, changed)
                for line in lines:
                    echo(line)
                if rules is not None and not situation_only:
                    # The rules' own check and tests do not depend on the situation.
                    for line in [
                        *check_lines(rules, folder, lang),
                        *test_lines(rules, folder, lang),
                    ]:
                        echo(line)
                echo("")
            time.sleep(poll_seconds)
    except KeyboardInterrupt:
        echo(say("watch_stopped", lang))
