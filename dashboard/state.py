"""The user's state (answers, partners, weights) and the pure functions that change it.

The state lives in the user's own browser (a ``dcc.Store`` in local storage) as plain JSON;
the server keeps none of it. Each function here takes a state and returns a new one, so the
callbacks stay thin and these rules are tested without a browser.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

from samenwerking import RuleSet
from samenwerking.assessment import Assessment, assess
from samenwerking.dossier import Dossier
from samenwerking.entries import MAX_SCENARIOS, Entries, EntryProblem, repair_entries
from samenwerking.partners import MAX_PARTNERS, Partner, name_key, name_problem, normal_name
from samenwerking.unknown import DONT_KNOW, is_dont_know

MAX_COMPARED = 4


class State(TypedDict):
    """What one director has entered, as the browser keeps it.

    The dump of :class:`~samenwerking.entries.Entries` without the scenarios (kept in a store
    of their own); :func:`repair_state` makes one of whatever the browser sends.
    """

    answers: dict[str, float | str]
    confidence: dict[str, str]
    partners: list[dict[str, Any]]
    own: str
    weights: dict[str, float]
    choices: list[dict[str, Any]]


def empty_state(rules: RuleSet) -> State:
    """No answers, no partners, the rule set's default weights."""
    return {
        "answers": {},
        "confidence": {},
        "partners": [],
        "own": "",
        "weights": dict(rules.default_weights),
        "choices": [],
    }


def normalised(state: Mapping[str, Any] | None, rules: RuleSet) -> State:
    """The state with what does not fit the rule set left out (see :func:`repair_state`)."""
    return repair_state(state, rules)[0]


def repair_state(state: Any, rules: RuleSet) -> tuple[State, list[EntryProblem]]:
    """A state with every key present, and what was left out and why.

    The state is the dump of the library's :class:`~samenwerking.entries.Entries` (without
    the scenarios, which the dashboard keeps in a store of their own), checked by the same
    checks as a dossier. A browser may hold a state from an older rule set, or data someone
    edited by hand; what no longer fits is dropped rather than breaking the page.
    """
    if state is None:
        return empty_state(rules), []
    entries, problems = repair_entries(
        {**state, "scenarios": {}} if isinstance(state, Mapping) else state, rules
    )
    return state_of(entries, rules), problems


def state_of(entries: Entries, rules: RuleSet) -> State:
    """The dashboard state of ``entries``: the rule set's default weights filled in."""
    return {
        "answers": dict(entries.answers),
        "confidence": dict(entries.confidence),
        "partners": [p.model_dump(exclude_defaults=True) for p in entries.partners],
        "own": entries.own,
        "weights": {**rules.default_weights, **entries.weights},
        "choices": [a.model_dump() for a in entries.choices],
    }


def with_answers(state: State, answers: Mapping[str, float | str | None]) -> State:
    """The state with the given answers set (``None`` removes an answer; "weet niet" kept)."""
    merged = dict(state["answers"])
    for question, value in answers.items():
        if value is None or value == "":
            merged.pop(question, None)
        else:
            merged[question] = DONT_KNOW if is_dont_know(value) else float(value)
    return {**state, "answers": merged}


def with_confidence(state: State, confidence: Mapping[str, str | None]) -> State:
    """The state with the stated confidence per factor set (empty or ``None`` removes it)."""
    merged = dict(state.get("confidence", {}))
    for factor, level in confidence.items():
        if level:
            merged[factor] = level
        else:
            merged.pop(factor, None)
    return {**state, "confidence": merged}


def add_partner(state: State, name: str | None, kind: str | None) -> tuple[State, str | None]:
    """The state with a partner added, or the unchanged state and the text key of the problem."""
    clean = normal_name(name or "")
    problem = name_problem(clean)
    if problem:
        return state, problem
    if not kind:
        return state, "partner_kind_empty"
    if len(state["partners"]) >= MAX_PARTNERS:
        return state, "partner_limit"
    taken = {name_key(p["name"]) for p in state["partners"]} | {name_key(state["own"])}
    if name_key(clean) in taken:
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
            "confidence": dossier.confidence,
            "partners": [p.model_dump(exclude_defaults=True) for p in dossier.partners],
            "own": dossier.own,
            "weights": dossier.weights,
            "choices": [a.model_dump() for a in dossier.choices],
        },
        rules,
    )


def assessment_of(state: State, rules: RuleSet) -> Assessment:
    """The self-assessment the state's answers make (with a situation once complete)."""
    return assess(state["answers"], rules, state.get("confidence"))


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
        "confidence": state.get("confidence", {}),
        "partners": state["partners"],
        "own": state["own"],
        "weights": state["weights"],
        "choices": state.get("choices", []),
    }
    return scenarios, "scenario_saved"
