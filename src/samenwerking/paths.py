"""The route to a form: which step first, what makes the next one due, and what undoing costs.

A board does not choose a form once; it takes steps (Kaats & Opheij 2012: verkennen, delen,
overeenkomen, vormgeven, uitvoeren en vernieuwen), and network governance evolves as a network
grows (Provan & Kenis 2008). :func:`path` turns an advice into such a route, read from the rule
set's ``paths.yaml``:

* the end is the advised form's stable stage (for a network, the stage of the governance mode
  that fits); under a thin margin or a weak firmness the route ends at the lighter form the
  advice starts with, and the heavier form stays an option with the trigger that would make it
  due ("begin met gedeelde diensten; een fusie blijft mogelijk als ...");
* when every condition of the end holds today, the end is the only step; otherwise the route
  starts at the lightest stage that can be taken today and leads there by the declared moves
  ("zo licht als mogelijk"); with no such stage the end is the only step, its open conditions
  named.

Every step carries its conditions met and not yet met (in words), the trigger to move on, what
to arrange first, and its form's reversibility, exit costs and stakeholder route. Nothing here
knows a form or stage by name: a rule set without ``paths.yaml`` gets a one-step route.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from samenwerking.governance import choose_governance
from samenwerking.languages import each_language
from samenwerking.partners import Partner, with_partners
from samenwerking.rules.loader import load_rules
from samenwerking.rules.routes import CompiledMove, CompiledStage, Routes
from samenwerking.rules.ruleset import RuleSet
from samenwerking.rules.schema import StakeholderStep, Text
from samenwerking.rules.wording import condition_clause
from samenwerking.scoring import Advice, score
from samenwerking.sensitivity import rank_acceptability
from samenwerking.situation import Situation, validate_situation
from samenwerking.translations import say

#: Below this share of sampled weightings in which the top form stays first, the advice is
#: not firm enough to take the heaviest step at once (expert judgement).
FIRM_SHARE = 0.6
#: Weightings sampled for the firmness (the same seed gives the same route).
FIRMNESS_SAMPLES = 1_000
#: Longest route searched, in stages; the default routes are at most three long.
MAX_STEPS = 5
#: Most routes weighed; with the rule set's cap on stages and moves this is never reached by
#: a sensible rule set, and it bounds the work a dense one can ask.
MAX_ROUTES = 2_000


class PathCondition(BaseModel):
    """One condition of a step, as written and in words, and whether it holds today."""

    model_config = ConfigDict(frozen=True)

    condition: str
    words: Text
    met: bool
    factors: frozenset[str] = Field(
        default_factory=frozenset, description="The factors the condition reads."
    )


class PathStep(BaseModel):
    """One step of the route: where, under what conditions, and what comes with it."""

    model_config = ConfigDict(frozen=True)

    stage: str
    form: str
    governance: str | None = None
    label: Text
    description: Text
    conditions: list[PathCondition] = Field(default_factory=list)
    prepare: Text | None = None
    trigger: Text | None = Field(
        None, description="When to move on to the next step, in words; none for the last."
    )
    option: bool = Field(
        False, description="A heavier form kept as an option, not a step to take now."
    )
    reversibility: float = Field(description="0 (irreversible) to 1, from the form.")
    exit_costs: Text | None = None
    stakeholders: list[StakeholderStep] = Field(default_factory=list)
    funding: Text | None = None
    source: str = ""

    @property
    def met(self) -> list[PathCondition]:
        """The conditions that hold today."""
        return [c for c in self.conditions if c.met]

    @property
    def open(self) -> list[PathCondition]:
        """The conditions not yet met."""
        return [c for c in self.conditions if not c.met]

    @property
    def months(self) -> float:
        """The typical duration of the stakeholder route, in months."""
        return sum(step.months for step in self.stakeholders)


class Path(BaseModel):
    """The route from today to the advised form (or a stable step on the way)."""

    model_config = ConfigDict(frozen=True)

    advice: Advice
    steps: list[PathStep]
    reason: str = Field(description="Why the route starts where it does: a catalogue key.")
    firmness: float = Field(description="Share of sampled weightings with the same top form.")

    @property
    def first(self) -> PathStep:
        """The step to take now."""
        return self.steps[0]

    @property
    def end(self) -> PathStep:
        """The last step that is not an option: where the route leads."""
        return [step for step in self.steps if not step.option][-1]


def path(
    situation: Situation | Mapping[str, Any],
    rules: RuleSet | None = None,
    partners: Sequence[Partner | Mapping[str, Any]] = (),
    weights: Mapping[str, float] | None = None,
) -> Path:
    """The recommended route for ``situation`` (with ``partners``, as everywhere else).

    Parameters
    ----------
    situation:
        A :class:`Situation` or a mapping of factor values.
    rules:
        The rule set; default the bundled one.
    partners:
        The partner list (its counts fill the partner factors, as everywhere else).
    weights:
        Theme weights; default the rule set's own.

    Returns
    -------
    Path
        The route: its steps from now to the advised form, each with what it waits for.

    Raises
    ------
    SituationError
        The situation does not fit the rule set.

    Examples
    --------
    >>> from samenwerking import Situation, load_rules
    >>> route = path(Situation.example(), load_rules())
    >>> route.first.stage == route.steps[0].stage
    True
    """
    rules = rules or load_rules()
    situation = validate_situation(situation, rules)
    advice = score(with_partners(situation, partners, rules), rules, weights)
    values = advice.situation.values()
    first = rank_acceptability(advice.situation, rules, weights, n=FIRMNESS_SAMPLES).first
    firmness = first.get(advice.top, 0.0)
    heavy, light = advice.top, _lighter_start(advice, first, rules)
    target_form = light
    routes = rules.routes
    end = _end_stage(routes, target_form, values, rules)
    if end is None:
        return Path(
            advice=advice,
            steps=[_form_step(target_form, rules)],
            reason="path.reason_no_routes",
            firmness=firmness,
        )
    stages, moves, reason = _route_to(end, routes, values, rules)
    steps = [
        _step(stage, moves[i] if i < len(moves) else None, values, rules)
        for i, stage in enumerate(stages)
    ]
    if heavy != light:
        reason = "path.reason_thin_margin" if light == advice.advised else "path.reason_not_firm"
        options = _options(stages[-1], heavy, routes, values, rules)
        if options:
            steps[-1] = steps[-1].model_copy(update={"trigger": options[0][1]})
            steps += [
                step.model_copy(
                    update={"trigger": options[i + 1][1]} if i + 1 < len(options) else {}
                )
                for i, (step, _) in enumerate(options)
            ]
    return Path(advice=advice, steps=steps, reason=reason, firmness=firmness)


def _lighter_start(advice: Advice, first: Mapping[str, float], rules: RuleSet) -> str:
    """The form the route leads to: the advised one, or a lighter rival when it is not firm.

    Under a thin margin the advice itself starts with the lighter form. When the margin is
    clear but the top form stays first in fewer than :data:`FIRM_SHARE` of the weightings, a
    more reversible rival that comes first in at least a fifth of them is where to begin.
    """
    advised = advice.advised or advice.top
    if advised != advice.top or first.get(advice.top, 0.0) >= FIRM_SHARE:
        return advised
    reversibility = {f.id: f.properties.reversibility for f in rules.forms}
    rivals = [
        form
        for form, share in first.items()
        if form != advice.top
        and share >= 0.2
        and not advice.is_knocked_out(form)
        and reversibility[form] > reversibility[advice.top]
    ]
    return max(rivals, key=lambda f: first[f]) if rivals else advised


def _end_stage(
    routes: Routes, form: str, values: Mapping[str, float], rules: RuleSet
) -> CompiledStage | None:
    """The stable stage of ``form``; for a network the one of the governance mode that fits."""
    candidates = [c for c in routes.stages if c.stage.form == form and c.stage.stable]
    if not candidates:
        return None
    modes = {c.stage.governance for c in candidates} - {None}
    template = rules.templates.get(form)
    if modes and template is not None and getattr(template, "governance_modes", None):
        mode = choose_governance(values, template, rules).mode
        for compiled in candidates:
            if compiled.stage.governance == mode:
                return compiled
    return candidates[0]


def _holds(conditions: Sequence[tuple[str, Any]], values: Mapping[str, float]) -> bool:
    return all(bool(expression.evaluate(values)) for _, expression in conditions)


def _route_to(
    end: CompiledStage, routes: Routes, values: Mapping[str, float], rules: RuleSet
) -> tuple[list[CompiledStage], list[CompiledMove], str]:
    """The stages from today to ``end`` and the moves between them, and why it starts there.

    The end alone when it can be taken today; else the lightest stage that can be taken today
    and leads to the end (shorter routes first among equally light starts).
    """
    if _holds(end.conditions, values):
        return [end], [], "path.reason_direct"
    routes_found = _routes_ending_at(end, routes)
    possible = [r for r in routes_found if _holds(r[0][0].conditions, values)]
    if not possible:
        return [end], [], "path.reason_not_yet"

    order = {compiled.stage.id: i for i, compiled in enumerate(routes.stages)}

    def lightness(
        route: tuple[list[CompiledStage], list[CompiledMove]],
    ) -> tuple[float, int, bool, int]:
        start = route[0][0].stage
        reversibility = rules.forms_by_id[start.form].properties.reversibility
        # Lightest start first; then the fewest steps; then a start one can stay in.
        return (-reversibility, len(route[0]), not start.stable, order[start.id])

    stages, moves = min(possible, key=lightness)
    return stages, moves, "path.reason_stepwise"


def _routes_ending_at(
    end: CompiledStage, routes: Routes
) -> list[tuple[list[CompiledStage], list[CompiledMove]]]:
    """Every simple route of at least two stages that ends at ``end``, walking moves back."""
    found: list[tuple[list[CompiledStage], list[CompiledMove]]] = []

    def walk(stages: list[CompiledStage], moves: list[CompiledMove]) -> None:
        if len(stages) >= MAX_STEPS or len(found) >= MAX_ROUTES:
            return
        head = stages[0].stage.id
        for move in routes.moves:
            if move.move.to_stage != head:
                continue
            before = routes.stage(move.move.from_stage)
            if any(s.stage.id == before.stage.id for s in stages):
                continue
            route = [before, *stages]
            found.append((route, [move, *moves]))
            walk(route, [move, *moves])

    walk([end], [])
    return found


def _options(
    last: CompiledStage,
    heavy_form: str,
    routes: Routes,
    values: Mapping[str, float],
    rules: RuleSet,
) -> list[tuple[PathStep, Text]]:
    """The way on from ``last`` to the heavier form, as options: each stage and its trigger.

    Follows the declared moves (the shortest way); without one, the heavier form's stage
    directly, due once its open conditions are met.
    """
    heavy = _end_stage(routes, heavy_form, values, rules)
    if heavy is None:
        return []
    way = _shortest_way(last, heavy, routes)
    if way is None:
        step = _step(heavy, None, values, rules).model_copy(update={"option": True})
        return [(step, _open_text(step, rules))]
    return [
        (
            _step(routes.stage(m.move.to_stage), None, values, rules).model_copy(
                update={"option": True}
            ),
            m.move.trigger,
        )
        for m in way
    ]


def _shortest_way(
    start: CompiledStage, goal: CompiledStage, routes: Routes
) -> list[CompiledMove] | None:
    """The fewest moves from ``start`` to ``goal`` (breadth first), or None."""
    frontier: list[tuple[str, list[CompiledMove]]] = [(start.stage.id, [])]
    seen = {start.stage.id}
    while frontier:
        here, way = frontier.pop(0)
        for move in routes.moves:
            if move.move.from_stage != here or move.move.to_stage in seen:
                continue
            if move.move.to_stage == goal.stage.id:
                return [*way, move]
            seen.add(move.move.to_stage)
            frontier.append((move.move.to_stage, [*way, move]))
    return None


def _open_text(step: PathStep, rules: RuleSet) -> Text:
    """When an option without a declared move comes up: its open conditions, or a re-check."""

    def write(lang: str) -> str:
        if step.open:
            conditions = f" {say('and_word', lang)} ".join(c.words(lang) for c in step.open)
            return say("path.option_once", lang, conditions=conditions)
        form = rules.label("form", step.form, lang)
        return say("path.option_still_best", lang, form=form)

    return each_language(write)


def _step(
    compiled: CompiledStage,
    move: CompiledMove | None,
    values: Mapping[str, float],
    rules: RuleSet,
) -> PathStep:
    stage = compiled.stage
    base = _form_step(stage.form, rules)
    return base.model_copy(
        update={
            "stage": stage.id,
            "governance": stage.governance,
            "label": stage.label,
            "description": stage.description,
            "conditions": [_condition(t, e, values, rules) for t, e in compiled.conditions],
            "prepare": stage.prepare,
            "trigger": move.move.trigger if move is not None else None,
            "source": rules.cite(stage.sources),
        }
    )


def _condition(
    text: str, expression: Any, values: Mapping[str, float], rules: RuleSet
) -> PathCondition:
    return PathCondition(
        condition=text,
        words=each_language(lambda lang: condition_clause(text, rules, lang)),
        met=bool(expression.evaluate(values)),
        factors=frozenset(expression.names),
    )


def _form_step(form: str, rules: RuleSet) -> PathStep:
    """A step for ``form`` alone: its label, reversibility and, when declared, its route."""
    declared = rules.forms_by_id[form]
    route = rules.routes.form_routes.get(form)
    return PathStep(
        stage=form,
        form=form,
        label=declared.label,
        description=declared.description,
        trigger=None,
        option=False,
        reversibility=declared.properties.reversibility,
        exit_costs=route.exit_costs if route else None,
        stakeholders=list(route.stakeholders) if route else [],
        funding=route.funding if route else None,
    )
