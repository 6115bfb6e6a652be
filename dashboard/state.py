"""The user's state (answers, partners, weights) and the pure functions that change it.

The state lives in the user's own browser (a ``dcc.Store`` in local storage) as plain JSON;
the server keeps none of it. Each function here takes a state and returns a new one, so the
callbacks stay thin and these rules are tested without a browser.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from samenwerking import RuleSet
from samenwerking.assessment import Assessment, assess
from samenwerking.dossier import Dossier
from samenwerking.partners import MAX_PARTNERS, Partner

MAX_SCENARIOS = 12
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
    questions = {q.id for q in rules.questions}
    answers = state.get("answers") or {}
    base["answers"] = {
        q: float(v) for q, v in answers.items() if q in questions and isinstance(v, (int, float))
    }
    kinds = rules.partner_kinds_by_id
    base["partners"] = [
        {"name": str(p["name"]), "kind": p["kind"]}
        for p in state.get("partners") or []
        if isinstance(p, Mapping) and p.get("name") and p.get("kind") in kinds
    ][:MAX_PARTNERS]
    base["own"] = str(state.get("own") or "")
    weights = state.get("weights") or {}
    base["weights"].update(
        {t: float(w) for t, w in weights.items() if t in base["weights"] and w is not None}
    )
    return base


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
    if not clean:
        return state, "partner_name_empty"
    if not kind:
        return state, "partner_kind_empty"
    taken = {p["name"].casefold() for p in state["partners"]} | {state["own"].casefold()}
    if clean.casefold() in taken or len(state["partners"]) >= MAX_PARTNERS:
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
            "partners": [p.model_dump() for p in dossier.partners],
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
    return [Partner(name=p["name"], kind=p["kind"]) for p in state["partners"]]


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
