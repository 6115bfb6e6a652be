"""A director's dossier: answers, partners and weights, with the advice they gave, as one file.

The dashboard keeps a dossier in the user's browser and lets them download and upload it; an
uploaded file is checked here in full (size, JSON, schema, questions known to the rule set)
before anything of the current state is replaced.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from samenwerking.assessment import assess
from samenwerking.entries import MAX_CHOICES, entry_problems
from samenwerking.errors import DossierError as DossierError
from samenwerking.errors import SamenwerkingError
from samenwerking.partners import MAX_PARTNERS, Partner
from samenwerking.preferences import Answer
from samenwerking.rules.loader import validation_message
from samenwerking.rules.ruleset import RuleSet, RuleSetInfo
from samenwerking.scoring import Advice, score

FORMAT = "samenwerking-dossier"
MAX_BYTES = 1_000_000
#: The dossier format this program writes and reads.
VERSION = 1


class Dossier(BaseModel):
    """Everything a director entered, plus the advice it gave and the rules that gave it."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["samenwerking-dossier"] = "samenwerking-dossier"
    version: Literal[1] = 1
    saved_at: str = Field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat())
    rules: RuleSetInfo | None = None
    own: str = ""
    #: A number per question, or "weet_niet" (samenwerking.uncertainty.DONT_KNOW).
    answers: dict[str, float | str] = Field(default_factory=dict)
    #: Per factor how sure the director said they are (zeker, redelijk_zeker, onzeker).
    confidence: dict[str, str] = Field(default_factory=dict)
    partners: list[Partner] = Field(default_factory=list, max_length=MAX_PARTNERS)
    weights: dict[str, float] = Field(default_factory=dict)
    #: The answers to "wat vindt u belangrijker?" the weights came from, if any.
    choices: list[Answer] = Field(default_factory=list, max_length=MAX_CHOICES)
    advice: Advice | None = None


def make_dossier(
    rules: RuleSet,
    answers: dict[str, float | str],
    partners: list[Partner],
    weights: dict[str, float],
    own: str = "",
    choices: list[Answer] | None = None,
    confidence: dict[str, str] | None = None,
) -> Dossier:
    """A dossier of the current entries, with the advice when the answers are complete."""
    assessment = assess(answers, rules, confidence)
    advice = score(assessment.situation, rules, weights) if assessment.situation else None
    return Dossier(
        rules=rules.info,
        own=own,
        answers=answers,
        confidence=confidence or {},
        partners=partners,
        weights=weights,
        choices=choices or [],
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
    if data.get("version", VERSION) != VERSION:
        # Said first and in words: a newer or older format is not damage.
        raise DossierError("wrong_version", version=str(data.get("version"))[:20], ours=VERSION)
    _check_entries(data, rules)
    try:
        dossier = Dossier.model_validate(data, context={"rules": rules})
    except ValidationError as e:
        first = e.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise DossierError("damaged", where=where, problem=validation_message(first)) from e
    try:
        assess(dossier.answers, rules)
    except SamenwerkingError as e:
        raise DossierError("bad_answers", problem=e.message) from e
    return dossier


def _check_entries(data: dict[str, Any], rules: RuleSet) -> None:
    """The dossier's entries pass the library's one set of entry checks, or it is refused.

    The first problem is named the way the director sees it: the question's text, the
    partner's name, the theme.
    """
    fields = ("own", "answers", "confidence", "partners", "weights", "choices")
    entries = {key: data[key] for key in fields if key in data}
    problems = entry_problems(entries, rules)
    if problems:
        first = problems[0]
        raise DossierError.of(first.message, more=len(problems) - 1)


def summary(dossier: Dossier) -> dict[str, Any]:
    """A few facts of a dossier for a confirmation message."""
    return {
        "answers": len(dossier.answers),
        "partners": len(dossier.partners),
        "saved_at": dossier.saved_at[:16].replace("T", " "),
    }
