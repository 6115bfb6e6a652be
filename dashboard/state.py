"""The user's state (answers, partners, weights) and the pure functions that change it.

The state lives in the user's own browser (a ``dcc.Store`` in local storage) as plain JSON;
the server keeps none of it. Each function here takes a state and returns a new one, so the
callbacks stay thin and these rules are tested without a browser.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from samenwerking import RuleSet
from samenwerking.assessment import Assessment, assess, number_problem
from samenwerking.dossier import Dossier
from samenwerking.partners import MAX_PARTNERS, Partner, name_problem
from samenwerking.rules.schema import Question

MAX_SCENARIOS = 12
#: The largest theme weight a stored state may hold (the sliders go to 5).
MAX_WEIGHT = 10.0
MAX_COMPARED = 4

State = dict[str, Any]


def empty_state(rules: RuleSet) -> State:
    """No answers, no partners, the rule set's default weights."""
    return {"answers": {}, "partners": [], "own": "", "weights": dict(rules.default_weights)}


def normalised(state: Mapping[str, Any] | None, rules: RuleSet) -> State:
    """A state with every key present; unknown questions and themes dropped.

    A browser may hold a state from an older rule set; what no longer fits is left out rather
    than breaking the page.
    """
    base = empty_state(rules)
    if not isinstance(state, Mapping):
        return base
    questions = {q.id: q for q in rules.questions}
    answers = state.get("answers")
    base["answers"] = {
        q: float(v)
        for q, v in (answers.items() if isinstance(answers, Mapping) else [])
        if q in questions and _usable_answer(questions[q], v, rules)
    }
    partners = state.get("partners")
    base["partners"] = _usable_partners(
        partners if isinstance(partners, list) else [], rules, state.get("own")
    )
    own = state.get("own")
    base["own"] = own.strip() if isinstance(own, str) and name_problem(own) is None else ""
    weights = state.get("weights")
    base["weights"].update(
        {
            t: float(w)
            for t, w in (weights.items() if isinstance(weights, Mapping) else [])
            if t in base["weights"] and _number(w) and math.isfinite(w) and 0 <= w <= MAX_WEIGHT
        }
    )
    return base


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _usable_answer(question: Question, value: Any, rules: RuleSet) -> bool:
    """Whether a stored answer fits its question (the same checks as a dossier's)."""
    if not _number(value) or not math.isfinite(value):
        return False
    if question.kind == "number":
        return number_problem(float(value), rules, question.factor) is None
    scale = rules.answer_scale
    return scale is None or scale.minimum <= value <= scale.maximum


def _usable_partners(entries: list[Any], rules: RuleSet, own: Any) -> list[dict[str, Any]]:
    """Stored partners that pass the library's partner checks, all their fields kept."""
    kept: list[dict[str, Any]] = []
    taken = {own.strip().casefold()} if isinstance(own, str) else set()
    for entry in entries[:MAX_PARTNERS]:
        try:
            partner = Partner.model_validate(entry)
        except ValidationError:
            continue
        if partner.kind in rules.partner_kinds_by_id and partner.name.casefold() not in taken:
            taken.add(partner.name.casefold())
            kept.append(partner.model_dump(exclude_defaults=True))
    return kept


def with_answers(state: State, answers: Mapping[str, float | None]) -> State:
    """The state with the given answers set (``None`` removes an answer)."""
    merged = dict(state["answers"])
    for question, value in answers.items():
        if value is None or value == "":
            merged.pop(question, None)
        else:
            merged[question] = float(value)
    return {**state, "answers": merged}


def with_weights(state: State, weights: Mapping[str, float | None]) -> State:
    """The state with theme weights changed (``None`` keeps the current weight)."""
    merged = dict(state["weights"])
    merged.update({t: float(w) for t, w in weights.items() if w is not None})
    return {**state, "weights": merged}


def add_partner(state: State, name: str | None, kind: str | None) -> tuple[State, str | None]:
    """The state with a partner added, or the unchanged state and the text key of the problem."""
    clean = (name or "").strip()
    problem = name_problem(clean)
    if problem:
        return state, problem
    if not kind:
        return state, "partner_kind_empty"
    if len(state["partners"]) >= MAX_PARTNERS:
        return state, "partner_limit"
    taken = {p["name"].casefold() for p in state["partners"]} | {state["own"].casefold()}
    if clean.casefold() in taken:
        return state, "partner_duplicate"
    return {**state, "partners": [*state["partners"], {"name": clean, "kind": kind}]}, None


def remove_partner(state: State, index: int) -> State:
    """The state without the partner at ``index`` (an unknown index changes nothing)."""
    partners = [p for i, p in enumerate(state["partners"]) if i != index]
    return {**state, "partners": partners}


def from_dossier(dossier: Dossier, rules: RuleSet) -> State:
    """The state a restored dossier describes."""
    return normalised(
        {
            "answers": dossier.answers,
            "partners": [p.model_dump(exclude_defaults=True) for p in dossier.partners],
            "own": dossier.own,
            "weights": dossier.weights,
        },
        rules,
    )


def assessment_of(state: State, rules: RuleSet) -> Assessment:
    """The self-assessment the state's answers make (with a situation once complete)."""
    return assess(state["answers"], rules)


def partners_of(state: State) -> list[Partner]:
    """The state's partners as library objects."""
    return [Partner.model_validate(p) for p in state["partners"]]


def save_scenario(
    scenarios: Mapping[str, Any] | None, name: str | None, state: State, rules: RuleSet
) -> tuple[dict[str, Any], str]:
    """Scenarios with the current state saved under ``name``; the text key of the outcome."""
    scenarios = dict(scenarios or {})
    clean = (name or "").strip()
    if not clean:
        return scenarios, "scenario_name_empty"
    if not assessment_of(state, rules).complete:
        return scenarios, "scenario_incomplete"
    if clean not in scenarios and len(scenarios) >= MAX_SCENARIOS:
        return scenarios, "scenario_limit"
    scenarios[clean] = {
        "answers": state["answers"],
        "partners": state["partners"],
        "own": state["own"],
        "weights": state["weights"],
    }
    return scenarios, "scenario_saved"
