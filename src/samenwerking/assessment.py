"""The self-assessment: answers to the rule set's questionnaire become a :class:`Situation`.

A scale factor is the mean of its answered questions (reverse-scored ones flipped), mapped
from the answer scale onto the factor's range; a count question gives its factor directly.
Answers are kept with the situation so a director can revisit them, and a factor with no
answer is reported, never silently filled in.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict

from samenwerking.errors import Location, Problem, SituationError
from samenwerking.rules.ruleset import RuleSet
from samenwerking.situation import Situation


class Assessment(BaseModel):
    """The answers given, and the situation they make (``None`` while factors lack answers)."""

    model_config = ConfigDict(frozen=True)

    answers: dict[str, float]
    situation: Situation | None
    unanswered_factors: list[str]
    unanswered_questions: list[str]

    @property
    def complete(self) -> bool:
        """True when every factor has at least one answer."""
        return not self.unanswered_factors


def number_problem(value: float, rules: RuleSet, factor_id: str) -> str | None:
    """Why a count answer cannot be used for ``factor_id`` (a text key), or None if it can.

    Examples
    --------
    >>> from samenwerking import load_rules
    >>> rules = load_rules()
    >>> number_problem(1800, rules, "dwellings"), number_problem(1e12, rules, "dwellings")
    (None, 'number_out_of_range')
    """
    factor = rules.factors_by_id[factor_id]
    if not math.isfinite(value) or not factor.minimum <= value <= factor.maximum:
        return "number_out_of_range"
    if factor.integer and value != int(value):
        return "number_not_whole"
    return None


def factor_values(answers: Mapping[str, float], rules: RuleSet) -> dict[str, float]:
    """The factor values the answers imply; factors with no answer are absent.

    Examples
    --------
    >>> from samenwerking import load_rules
    >>> rules = load_rules()
    >>> factor_values({"tr_rely": 5, "tr_suspicion": 1}, rules)
    {'trust': 5.0}
    """
    scale = rules.answer_scale
    grouped: dict[str, list[float]] = {}
    problems = []
    for question in rules.questions:
        if question.id not in answers:
            continue
        answer = float(answers[question.id])
        factor = rules.factors_by_id[question.factor]
        if question.kind == "number":
            if number_problem(answer, rules, factor.id):
                problems.append(
                    Problem(
                        Location(""),
                        f"answer {answer:g} is outside {factor.minimum:g} to {factor.maximum:g}"
                        + (" or not a whole number" if factor.integer else ""),
                        field=question.id,
                    )
                )
                continue
            grouped.setdefault(factor.id, []).append(answer)
            continue
        assert scale is not None  # the loader requires a scale when there are questions
        if not scale.minimum <= answer <= scale.maximum:
            problems.append(
                Problem(
                    Location(""),
                    f"answer {answer:g} is outside {scale.minimum} to {scale.maximum}",
                    field=question.id,
                )
            )
            continue
        if question.reverse:
            answer = scale.minimum + scale.maximum - answer
        share = (answer - scale.minimum) / (scale.maximum - scale.minimum)
        grouped.setdefault(factor.id, []).append(
            factor.minimum + share * (factor.maximum - factor.minimum)
        )
    unknown = sorted(set(answers) - {q.id for q in rules.questions})
    problems += [Problem(Location(""), "unknown question", field=q) for q in unknown]
    if problems:
        raise SituationError(problems)
    return {factor: sum(values) / len(values) for factor, values in grouped.items()}


def unanswered_factors(answers: Mapping[str, object], rules: RuleSet) -> list[str]:
    """The factors none of whose questions has an answer, in the rule set's order.

    Examples
    --------
    >>> from samenwerking import load_rules
    >>> rules = load_rules()
    >>> "trust" in unanswered_factors({"tr_rely": 5}, rules)
    False
    """
    answered = {q.factor for q in rules.questions if q.id in answers}
    return [f.id for f in rules.factors if f.id not in answered]


def assess(answers: Mapping[str, float], rules: RuleSet) -> Assessment:
    """Turn questionnaire answers into an :class:`Assessment` (with a situation once complete)."""
    values = factor_values(answers, rules)
    missing = unanswered_factors(answers, rules)  # factor_values refused any bad answer
    unanswered = [q.id for q in rules.questions if q.id not in answers]
    situation = None
    if not missing:
        integers = {f.id for f in rules.factors if f.integer}
        values = {k: round(v) if k in integers else v for k, v in values.items()}
        situation = rules.situation_model.model_validate(values)
    return Assessment(
        answers=dict(answers),
        situation=situation,
        unanswered_factors=missing,
        unanswered_questions=unanswered,
    )
