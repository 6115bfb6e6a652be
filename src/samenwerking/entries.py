"""Everything a director enters, checked one way wherever it comes from.

Answers, partners, weights, the corporation's own name and saved scenarios reach the library
from the dashboard (the browser's local storage), from an uploaded dossier and from files.
:class:`Entries` is the one model of them and :func:`entry_problems` the one set of checks:
each problem names the field, the value as given and what is wrong, in Dutch and English,
with questions named as the director reads them. :func:`repair_entries` keeps what passes
and drops the rest, so stored data that no longer fits (an older rule set, a tampered
browser store) never breaks a page.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from samenwerking.assessment import number_problem
from samenwerking.errors import Location, PartnerError, Problem, display_path
from samenwerking.languages import formatted
from samenwerking.network import DEFAULT_OWN_NAME
from samenwerking.partners import MAX_PARTNERS, Partner, load_partners, name_key, name_problem
from samenwerking.preferences import Answer
from samenwerking.rules.ruleset import RuleSet
from samenwerking.rules.schema import Question, Text
from samenwerking.translations import languages, translate
from samenwerking.uncertainty import stated_problem
from samenwerking.unknown import DONT_KNOW, is_dont_know
from samenwerking.weights import weight_problem

MAX_SCENARIOS = 12
#: Most trade-off answers kept (the questions stop at 12 unless a user sets more).
MAX_CHOICES = 50
_SHOWN = 40


class EntryProblem(BaseModel):
    """One entry that cannot be used: where, what was given, and why (nl and en)."""

    model_config = ConfigDict(frozen=True)

    field: str
    value: str
    message: Text


class Scenario(BaseModel):
    """One set of entries: the own name, answers by question id, partners and theme weights."""

    model_config = ConfigDict(extra="forbid")

    own: str = ""
    answers: dict[str, float | str] = Field(
        default_factory=dict, description="A number per question, or 'weet_niet'."
    )
    confidence: dict[str, str] = Field(
        default_factory=dict,
        description="Per factor how sure the director says they are: zeker, redelijk_zeker, "
        "onzeker (samenwerking.uncertainty).",
    )
    partners: list[Partner] = Field(default_factory=list)
    weights: dict[str, float] = Field(default_factory=dict)
    choices: list[Answer] = Field(
        default_factory=list,
        max_length=MAX_CHOICES,
        description="Answers to 'wat vindt u belangrijker?' (samenwerking.preferences).",
    )


class Entries(Scenario):
    """What a director enters, with the scenarios they saved by name."""

    scenarios: dict[str, Scenario] = Field(default_factory=dict)


def entry_problems(data: Any, rules: RuleSet) -> list[EntryProblem]:
    """Every problem of ``data`` (a mapping shaped like :class:`Entries`) against ``rules``."""
    return _check(data, rules, nested=True)[1]


def repair_entries(data: Any, rules: RuleSet) -> tuple[Entries, list[EntryProblem]]:
    """The usable part of ``data`` as :class:`Entries`, and what was left out and why."""
    kept, problems = _check(data, rules, nested=True)
    return Entries.model_validate(kept), problems


def _check(data: Any, rules: RuleSet, *, nested: bool) -> tuple[dict[str, Any], list[EntryProblem]]:
    problems: list[EntryProblem] = []
    if not isinstance(data, Mapping):
        problems.append(_problem("", data, "entry_not_entries"))
        return {}, problems
    kept: dict[str, Any] = {
        "own": _own(data.get("own", ""), problems),
        "answers": _answers(data.get("answers", {}), rules, problems),
        "confidence": _confidence(data.get("confidence", {}), rules, problems),
        "partners": _partners(data.get("partners", []), rules, data.get("own"), problems),
        "weights": _weights(data.get("weights", {}), rules, problems),
        "choices": _choices(data.get("choices", []), rules, problems),
    }
    if nested:
        kept["scenarios"] = _scenarios(data.get("scenarios", {}), rules, problems)
    return kept, problems


def _own(value: Any, problems: list[EntryProblem]) -> str:
    if not isinstance(value, str):
        problems.append(_problem("own", value, "entry_not_text"))
        return ""
    problem = name_problem(value) if value.strip() else None
    if problem:
        problems.append(_problem("own", value, problem))
        return ""
    return value.strip()


def _confidence(value: Any, rules: RuleSet, problems: list[EntryProblem]) -> dict[str, str]:
    if not isinstance(value, Mapping):
        problems.append(_problem("confidence", value, "entry_not_a_mapping"))
        return {}
    kept = {}
    for factor_id, level in value.items():
        field = f"confidence.{factor_id}"
        if factor_id not in rules.factors_by_id:
            problems.append(_problem(field, factor_id, "entry_unknown_factor"))
            continue
        problem = stated_problem(level)
        if problem:
            problems.append(_problem(field, level, problem))
            continue
        kept[factor_id] = str(level).strip().casefold().replace(" ", "_")
    return kept


def _answers(value: Any, rules: RuleSet, problems: list[EntryProblem]) -> dict[str, float | str]:
    if not isinstance(value, Mapping):
        problems.append(_problem("answers", value, "entry_not_a_mapping"))
        return {}
    questions = {q.id: q for q in rules.questions}
    kept: dict[str, float | str] = {}
    for question_id, answer in value.items():
        question = questions.get(question_id)
        field = f"answers.{question_id}"
        if question is None:
            problems.append(
                _problem(field, question_id, "entry_unknown_question", question=question_id)
            )
            continue
        problem = _answer_problem(question, answer, rules)
        if problem:
            problems.append(_problem(field, answer, problem, question=question.text))
            continue
        kept[question_id] = DONT_KNOW if is_dont_know(answer) else float(answer)
    return kept


def _answer_problem(question: Question, answer: Any, rules: RuleSet) -> str | None:
    if is_dont_know(answer):
        return None
    if isinstance(answer, bool) or not isinstance(answer, int | float):
        return "entry_answer_not_a_number"
    if not math.isfinite(answer):
        return "entry_answer_not_a_number"
    if question.kind == "number" and question.factor is not None:
        problem = number_problem(float(answer), rules, question.factor)
        return None if problem is None else f"entry_{problem}"
    scale = rules.answer_scale
    if scale is not None and not scale.minimum <= answer <= scale.maximum:
        return "entry_answer_outside_scale"
    return None


def _partners(
    value: Any, rules: RuleSet, own: Any, problems: list[EntryProblem]
) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        problems.append(_problem("partners", value, "entry_not_a_list"))
        return []
    kept: list[dict[str, Any]] = []
    taken = {name_key(own)} if isinstance(own, str) and own.strip() else set()
    for index, entry in enumerate(value):
        field = f"partners.{index + 1}"
        if len(kept) >= MAX_PARTNERS:
            problems.append(_problem(field, entry, "partner_limit"))
            break
        name = entry.get("name") if isinstance(entry, Mapping) else None
        problem = name_problem(name) if isinstance(name, str) else "partner_name_empty"
        if problem:
            problems.append(_problem(f"{field}.name", name, problem))
            continue
        try:
            partner = Partner.model_validate(entry)
        except ValidationError:
            problems.append(_problem(field, entry, "entry_partner_invalid"))
            continue
        if partner.kind not in rules.partner_kinds_by_id:
            known = ", ".join(rules.partner_kinds_by_id)
            problems.append(
                _problem(
                    f"{field}.kind",
                    partner.kind,
                    "entry_partner_kind",
                    kind=partner.kind,
                    known=known,
                )
            )
            continue
        if name_key(partner.name) in taken:
            problems.append(
                _problem(f"{field}.name", partner.name, "partner_duplicate", name=partner.name)
            )
            continue
        taken.add(name_key(partner.name))
        kept.append(partner.model_dump(exclude_defaults=True))
    return kept


def _weights(value: Any, rules: RuleSet, problems: list[EntryProblem]) -> dict[str, float]:
    if not isinstance(value, Mapping):
        problems.append(_problem("weights", value, "entry_not_a_mapping"))
        return {}
    kept = {}
    for theme, weight in value.items():
        field = f"weights.{theme}"
        if theme not in rules.themes_by_id:
            problems.append(_problem(field, theme, "entry_unknown_theme"))
        elif (problem := weight_problem(str(theme), weight)) is not None:
            problems.append(
                EntryProblem(
                    field=field,
                    value=_shown(weight),
                    message=Text(**{lang: problem.text(lang) for lang in languages()}),
                )
            )
        else:
            kept[theme] = float(weight)
    return kept


def _choices(value: Any, rules: RuleSet, problems: list[EntryProblem]) -> list[Answer]:
    if not isinstance(value, list):
        problems.append(_problem("choices", value, "entry_not_a_list"))
        return []
    kept: list[Answer] = []
    for index, item in enumerate(value[:MAX_CHOICES]):
        field = f"choices.{index}"
        try:
            answer = Answer.model_validate(item)
        except ValidationError:
            problems.append(_problem(field, item, "entry_choice"))
            continue
        unknown = {answer.question.gain, answer.question.loss} - set(rules.theme_ids)
        if unknown or answer.question.gain == answer.question.loss:
            problems.append(_problem(field, item, "entry_choice"))
            continue
        kept.append(answer)
    if len(value) > MAX_CHOICES:
        problems.append(_problem("choices", len(value), "entry_too_many_choices", most=MAX_CHOICES))
    return kept


def _scenarios(value: Any, rules: RuleSet, problems: list[EntryProblem]) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        problems.append(_problem("scenarios", value, "entry_not_a_mapping"))
        return {}
    kept = {}
    for name, scenario in list(value.items())[:MAX_SCENARIOS]:
        inner, found = _check(scenario, rules, nested=False)
        problems += [
            EntryProblem(field=f"scenarios.{name}.{p.field}", value=p.value, message=p.message)
            for p in found
        ]
        if isinstance(scenario, Mapping):
            kept[str(name)] = inner
    return kept


def _problem(field: str, value: Any, key: str, **values: Any) -> EntryProblem:
    template = translate(key)
    message = formatted(template, also=template.languages, **values)
    return EntryProblem(field=field, value=_shown(value), message=message)


def _shown(value: Any) -> str:
    """The value as given, cut to a line."""
    shown = repr(value) if not isinstance(value, str) else value
    return shown if len(shown) <= _SHOWN else shown[: _SHOWN - 1] + "…"


def load_checked_partners(
    path: Path, rules: RuleSet, default_own: str = DEFAULT_OWN_NAME
) -> tuple[str, list[Any], list[Location]]:
    """A partners file read and checked as the dashboard and a dossier check a partner list.

    Parameters
    ----------
    path
        The partners file: ``own: Name`` and ``partners:`` with ``{name: ..., kind: ...}``.
    rules
        The rule set whose partner kinds the entries must name.
    default_own
        The own corporation's name when the file gives none.

    Returns
    -------
    tuple
        The own name, the entries, and where each entry stands in the file.

    Raises
    ------
    PartnerError
        Naming every bad entry at its line, worded in the reader's language when shown.
    """
    own, partners, locations = load_partners(path, default_own)
    problems = entry_problems({"own": own, "partners": partners}, rules)
    if problems:
        shown = display_path(path)
        raise PartnerError(
            [
                Problem(_entry_location(p.field, locations, shown), p.message, field=p.field)
                for p in problems
            ]
        )
    return own, partners, locations


def _entry_location(field: str, locations: list[Location], file: str) -> Location:
    """Where an entry problem stands in a partners file ('partners.3.name': the third entry)."""
    parts = field.split(".")
    if parts[0] == "partners" and len(parts) > 1 and parts[1].isdigit():
        index = int(parts[1]) - 1
        if 0 <= index < len(locations):
            return locations[index]
    return Location(file)
