"""The routes of a rule set (paths.yaml), checked and compiled: stages, moves and form routes.

A rule set says which form fits; its routes say how to get there. Stages name a form (and for
a network its governance mode) with the conditions to take them now; moves lead from one stage
to the next with the conditions that make them due; a form route says what undoing the form
costs and who must agree on the way in. Everything here is data, checked like the rules: an
unknown form, stage or governance mode, or a condition the rule language does not accept, is
reported at its line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from samenwerking.errors import Problem, msg
from samenwerking.rules.expressions import Expression
from samenwerking.rules.frozen import FrozenMapping
from samenwerking.rules.schema import FormRoute, PathMove, PathStage
from samenwerking.rules.templates import compile_condition, unknown_reference
from samenwerking.rules.yaml_source import Origin

#: Most stages and moves a rule set may declare: routes are searched by walking the moves, and
#: a hostile file with thousands of them must be refused with a message, not walked for hours.
MAX_STAGES = 60
MAX_MOVES = 240


@dataclass(frozen=True)
class CompiledStage:
    """A stage with each of its conditions parsed, in the order written."""

    stage: PathStage
    conditions: tuple[tuple[str, Expression], ...]


@dataclass(frozen=True)
class CompiledMove:
    """A move with each of its conditions parsed, in the order written."""

    move: PathMove
    conditions: tuple[tuple[str, Expression], ...]


@dataclass(frozen=True)
class Routes:
    """Everything paths.yaml declares; empty for a rule set without one."""

    stages: tuple[CompiledStage, ...] = ()
    moves: tuple[CompiledMove, ...] = ()
    form_routes: Mapping[str, FormRoute] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "form_routes", FrozenMapping(self.form_routes))

    def stage(self, stage_id: str) -> CompiledStage:
        """The stage with this id (KeyError if there is none)."""
        for compiled in self.stages:
            if compiled.stage.id == stage_id:
                return compiled
        raise KeyError(stage_id)


def check_routes(
    stages: list[tuple[PathStage, Origin]],
    moves: list[tuple[PathMove, Origin]],
    form_routes: list[tuple[FormRoute, Origin]],
    *,
    forms: set[str],
    governance_modes: set[str],
    ranges: dict[str, tuple[float, float]],
    problems: list[Problem],
) -> Routes:
    """Check the routes against the rule set's forms, governance modes and factors."""
    for items, most, thing in ((stages, MAX_STAGES, "stage"), (moves, MAX_MOVES, "move")):
        if len(items) > most:
            origin = items[most][1]
            problems.append(Problem(origin.at(), msg(f"too_many_{thing}s", most=most)))
            return Routes()
    compiled_stages = []
    for stage, origin in stages:
        unknown_reference(stage.form, forms, "form", origin, "form", problems)
        if stage.governance is not None:
            unknown_reference(
                stage.governance, governance_modes, "governance", origin, "governance", problems
            )
        conditions = _conditions(stage.when, origin, ranges, problems)
        compiled_stages.append(CompiledStage(stage, conditions))
    stage_ids = {s.id for s, _ in stages}
    compiled_moves = []
    for move, origin in moves:
        unknown_reference(move.from_stage, stage_ids, "stage", origin, "from_stage", problems)
        unknown_reference(move.to_stage, stage_ids, "stage", origin, "to_stage", problems)
        compiled_moves.append(CompiledMove(move, _conditions(move.when, origin, ranges, problems)))
    by_form: dict[str, FormRoute] = {}
    for route, origin in form_routes:
        unknown_reference(route.form, forms, "form", origin, "form", problems)
        if route.form in by_form:
            problems.append(
                Problem(
                    origin.at("form"),
                    msg("duplicate_id", what=msg("thing_form_route"), name=route.form),
                    field="form",
                )
            )
        by_form.setdefault(route.form, route)
    return Routes(tuple(compiled_stages), tuple(compiled_moves), by_form)


def _conditions(
    texts: list[str],
    origin: Origin,
    ranges: dict[str, tuple[float, float]],
    problems: list[Problem],
) -> tuple[tuple[str, Expression], ...]:
    compiled = []
    for index, text in enumerate(texts):
        path = (*origin.path, "when", index)
        condition = compile_condition(text, origin, path, ranges, problems)
        if condition is not None:
            compiled.append((text, condition))
    return tuple(compiled)
