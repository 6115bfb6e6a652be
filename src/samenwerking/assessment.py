"""The self-assessment: answers to the rule set's questionnaire become a :class:`Situation`.

A scale factor is the mean of its answered questions (reverse-scored ones flipped), mapped
from the answer scale onto the factor's range; a count question gives its factor directly.
Answers are kept with the situation so a director can revisit them, and a factor with no
answer is reported, never silently filled in.

"Weet niet" (:data:`~samenwerking.uncertainty.DONT_KNOW`) answers a question without giving
its factor a value: a factor answered only so is *unknown*. Its place in the situation is
taken by the factor's neutral value, where every rule is silent, and the firmness of the
advice varies it over its whole range (:mod:`samenwerking.uncertainty`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from pydantic import BaseModel, ConfigDict

from samenwerking.errors import Location, Number, Problem, SituationError, msg
from samenwerking.rules.ruleset import RuleSet
from samenwerking.situation import Situation
from samenwerking.uncertainty import (
    FactorConfidence,
    answer_confidence,
    scale_of,
    situation_confidence,
)
from samenwerking.unknown import canonical_answer, is_dont_know, stand_in


class Assessment(BaseModel):
    """The answers given, and the situation they make (``None`` while factors lack answers)."""

    model_config = ConfigDict(frozen=True)

    answers: dict[str, float | str]
    situation: Situation | None
    unanswered_factors: list[str]
    unanswered_questions: list[str]
    unknown_factors: list[str] = []
    confidence: dict[str, FactorConfidence] = {}

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


def factor_values(answers: Mapping[str, float | str], rules: RuleSet) -> dict[str, float]:
    """The factor values the answers imply; factors with no answer are absent.

    Examples
    --------
    >>> from samenwerking import load_rules
    >>> rules = load_rules()
    >>> factor_values({"tr_rely": 5, "tr_open": 4}, rules)
    {'trust': 4.5}
    >>> factor_values({"tr_rely": 5, "tr_open": "weet niet"}, rules)
    {'trust': 5.0}
    """
    grouped: dict[str, list[float]] = {}
    problems = []
    for question in rules.questions:
        if question.id not in answers or is_dont_know(answers[question.id]):
            continue
        answer = float(answers[question.id])
        if question.kind == "number" and question.factor is not None:
            factor = rules.factors_by_id[question.factor]
            if number_problem(answer, rules, factor.id):
                problems.append(
                    Problem(
                        Location(""),
                        msg(
                            "answer_outside_whole" if factor.integer else "answer_outside",
                            answer=Number(answer, None),
                            low=Number(factor.minimum, None),
                            high=Number(factor.maximum, None),
                        ),
                        field=question.id,
                    )
                )
                continue
            grouped.setdefault(factor.id, []).append(answer)
            continue
        low, high = scale_of(rules)
        if not low <= answer <= high:
            problems.append(
                Problem(
                    Location(""),
                    msg(
                        "answer_outside",
                        answer=Number(answer, None),
                        low=Number(low, None),
                        high=Number(high, None),
                    ),
                    field=question.id,
                )
            )
            continue
        if question.factor is None:  # a condition: checked, but it feeds no factor
            continue
        factor = rules.factors_by_id[question.factor]
        if question.reverse:
            answer = low + high - answer
        share = (answer - low) / (high - low)
        grouped.setdefault(factor.id, []).append(
            factor.minimum + share * (factor.maximum - factor.minimum)
        )
    unknown = sorted(set(answers) - {q.id for q in rules.questions})
    problems += [Problem(Location(""), msg("unknown_question"), field=q) for q in unknown]
    if problems:
        raise SituationError(problems)
    return {factor: sum(values) / len(values) for factor, values in grouped.items()}


def unanswered_factors(answers: Mapping[str, object], rules: RuleSet) -> list[str]:
    """The factors none of whose questions has an answer (not even "weet niet"), in order.

    Examples
    --------
    >>> from samenwerking import load_rules
    >>> rules = load_rules()
    >>> "trust" in unanswered_factors({"tr_rely": 5}, rules)
    False
    """
    answered = {q.factor for q in rules.questions if q.id in answers}
    return [f.id for f in rules.factors if f.id not in answered]


class Provisional(BaseModel):
    """How far the questions that feed a factor are answered, while some are still open."""

    model_config = ConfigDict(frozen=True)

    answered: int
    total: int
    open_factors: list[str]


def provisional(unanswered: Sequence[str], rules: RuleSet) -> Provisional | None:
    """The open questions that can still move the advice, counted; None when there are none.

    Conditions (``kind: context``) are left out: an open condition never makes an advice
    provisional, for it cannot change it. The open factors come in the rule set's order.

    Examples
    --------
    >>> from samenwerking import load_rules
    >>> rules = load_rules()
    >>> provisional(["tr_rely", "cx_convenor"], rules).open_factors
    ['trust']
    >>> provisional(["cx_convenor"], rules) is None
    True
    """
    scored = [q for q in rules.questions if q.factor is not None]
    still_open = {q.id for q in scored if q.id in set(unanswered)}
    if not still_open:
        return None
    factors = {q.factor for q in scored if q.id in still_open}
    return Provisional(
        answered=len(scored) - len(still_open),
        total=len(scored),
        open_factors=[f for f in rules.factor_ids if f in factors],
    )


def situation_assessment(
    situation: Situation, rules: RuleSet, unknown: frozenset[str] = frozenset()
) -> Assessment:
    """An assessment of a situation given as values (a file), with the factors not known.

    Each value is read as one answer; a factor in ``unknown`` as "weet niet".
    """
    return Assessment(
        answers={},
        situation=situation,
        unanswered_factors=[],
        unanswered_questions=[],
        unknown_factors=[f for f in rules.factor_ids if f in unknown],
        confidence=situation_confidence(situation.values(), rules, unknown),
    )


def unknown_factors(answers: Mapping[str, object], rules: RuleSet) -> list[str]:
    """The factors whose answers are all "weet niet" (and at least one), in order.

    Examples
    --------
    >>> from samenwerking import load_rules
    >>> rules = load_rules()
    >>> unknown_factors({"tr_rely": "weet niet", "tr_open": "weet niet"}, rules)
    ['trust']
    >>> unknown_factors({"tr_rely": "weet niet", "tr_open": 4}, rules)
    []
    """
    given: dict[str, bool] = {}
    for question in rules.questions:
        if question.factor is not None and question.id in answers:
            known = not is_dont_know(answers[question.id])
            given[question.factor] = given.get(question.factor, False) or known
    return [f.id for f in rules.factors if given.get(f.id) is False]


def assess(
    answers: Mapping[str, float | str],
    rules: RuleSet,
    confidence: Mapping[str, str] | None = None,
) -> Assessment:
    """Turn questionnaire answers into an :class:`Assessment` (with a situation once complete).

    ``answers`` hold a number per question or "weet niet" (any usual spelling); a question
    left out is not answered yet. ``confidence`` optionally says per factor how sure the
    director is ("zeker", "redelijk zeker", "onzeker"). The situation exists once every factor
    has an answer, "weet niet" included; an unknown factor stands at its neutral value there.

    Parameters
    ----------
    answers:
        A number or "weet niet" per question id; a question left out is not answered yet.
    rules:
        The rule set whose questionnaire the answers belong to.
    confidence:
        Per factor how sure the director is ("zeker", "redelijk zeker", "onzeker").

    Returns
    -------
    Assessment
        The factor values so far, what is still open, and the situation once complete.

    Raises
    ------
    SituationError
        An answer outside its scale or to a question the rule set does not have.
    """
    answers = {key: canonical_answer(value) for key, value in answers.items()}
    values = factor_values(answers, rules)
    missing = unanswered_factors(answers, rules)  # factor_values refused any bad answer
    unknown = unknown_factors(answers, rules)
    unanswered = [q.id for q in rules.questions if q.id not in answers]
    situation = None
    if not missing:
        for factor_id in unknown:
            values[factor_id] = stand_in(rules.factors_by_id[factor_id])
        integers = {f.id for f in rules.factors if f.integer}
        values = {k: round(v) if k in integers else v for k, v in values.items()}
        situation = rules.situation_model.model_validate(values)
    return Assessment(
        answers=dict(answers),
        situation=situation,
        unanswered_factors=missing,
        unanswered_questions=unanswered,
        unknown_factors=unknown,
        confidence=answer_confidence(answers, rules, confidence),
    )
