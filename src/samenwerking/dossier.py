"""A director's dossier: answers, partners and weights, with the advice they gave, as one file.

The dashboard keeps a dossier in the user's browser and lets them download and upload it; an
uploaded file is checked here in full (size, JSON, schema, questions known to the rule set)
before anything of the current state is replaced.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from samenwerking.assessment import assess, number_problem
from samenwerking.errors import SamenwerkingError
from samenwerking.partners import MAX_PARTNERS, Partner
from samenwerking.rules.ruleset import RuleSet, RuleSetInfo
from samenwerking.rules.schema import Text
from samenwerking.scoring import Advice, score
from samenwerking.translations import translate

FORMAT = "samenwerking-dossier"
MAX_BYTES = 1_000_000


class DossierError(SamenwerkingError, ValueError):
    """An uploaded dossier that cannot be used; ``reason`` says why, in Dutch and English."""

    def __init__(self, key: str, **values: object) -> None:
        template = translate(f"dossier_{key}")
        self.reason = Text(nl=template("nl").format(**values), en=template("en").format(**values))
        super().__init__(self.reason("en"))


class Dossier(BaseModel):
    """Everything a director entered, plus the advice it gave and the rules that gave it."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["samenwerking-dossier"] = "samenwerking-dossier"
    version: Literal[1] = 1
    saved_at: str = Field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat())
    rules: RuleSetInfo | None = None
    own: str = ""
    answers: dict[str, float] = Field(default_factory=dict)
    partners: list[Partner] = Field(default_factory=list, max_length=MAX_PARTNERS)
    weights: dict[str, float] = Field(default_factory=dict)
    advice: Advice | None = None


def make_dossier(
    rules: RuleSet,
    answers: dict[str, float],
    partners: list[Partner],
    weights: dict[str, float],
    own: str = "",
) -> Dossier:
    """A dossier of the current entries, with the advice when the answers are complete."""
    assessment = assess(answers, rules)
    advice = score(assessment.situation, rules, weights) if assessment.situation else None
    return Dossier(
        rules=rules.info,
        own=own,
        answers=answers,
        partners=partners,
        weights=weights,
        advice=advice,
    )


def dossier_json(dossier: Dossier) -> str:
    """The dossier as indented JSON (Dutch characters kept readable)."""
    return json.dumps(dossier.model_dump(mode="json"), ensure_ascii=False, indent=2)


def parse_dossier(content: bytes, rules: RuleSet) -> Dossier:
    """Check an uploaded dossier against ``rules``; raise :class:`DossierError` if unusable.

    Answers are checked against the questionnaire; partners against the partner kinds;
    weights against the themes. A dossier made with another version of the rules is accepted
    when its entries fit (the advice is recomputed with the current rules anyway).
    """
    if len(content) > MAX_BYTES:
        raise DossierError("too_large", kb=MAX_BYTES // 1000)
    try:
        data = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        # RecursionError: JSON nested thousands of levels deep, which no dossier is.
        raise DossierError("not_json") from e
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DossierError("not_dossier")
    try:
        dossier = Dossier.model_validate(data, context={"rules": rules})
    except ValidationError as e:
        first = e.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise DossierError("damaged", where=where, problem=first["msg"]) from e
    _check_entries(dossier, rules)
    return dossier


def _check_entries(dossier: Dossier, rules: RuleSet) -> None:
    questions = {q.id: q for q in rules.questions}
    scale = rules.answer_scale
    for question_id, answer in dossier.answers.items():
        question = questions.get(question_id)
        if question is None:
            raise DossierError("unknown_question", question=question_id)
        if not math.isfinite(answer):
            raise DossierError("bad_answer", question=question_id)
        if question.kind == "scale" and scale and not scale.minimum <= answer <= scale.maximum:
            raise DossierError("bad_answer", question=question_id)
        if question.kind == "number" and number_problem(answer, rules, question.factor):
            raise DossierError("bad_answer", question=question_id)
    kinds = rules.partner_kinds_by_id
    for partner in dossier.partners:
        if partner.kind not in kinds:
            raise DossierError("bad_partner", name=partner.name, kind=partner.kind)
    for theme, weight in dossier.weights.items():
        if theme not in rules.themes_by_id or not math.isfinite(weight) or weight < 0:
            raise DossierError("bad_weight", theme=theme)
    try:
        assess(dossier.answers, rules)
    except SamenwerkingError as e:
        raise DossierError("bad_answers", problem=str(e)) from e


def summary(dossier: Dossier) -> dict[str, Any]:
    """A few facts of a dossier for a confirmation message."""
    return {
        "answers": len(dossier.answers),
        "partners": len(dossier.partners),
        "saved_at": dossier.saved_at[:16].replace("T", " "),
    }
