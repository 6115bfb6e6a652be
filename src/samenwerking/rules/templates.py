"""Checks of the network-proposal sections: partner kinds, relations and per-form templates.

The network module draws each structure with a fixed set of relations; the rule set must
declare them (with labels and upkeep), and every kind, form and factor a template names must
exist. Problems are reported at their line like every other rule-file error.
"""

from __future__ import annotations

from typing import Any

from samenwerking.errors import Problem, did_you_mean, msg
from samenwerking.rules.expressions import Expression, ExpressionSyntaxError, parse_expression
from samenwerking.rules.schema import (
    ChainTemplate,
    FranchiseTemplate,
    MergerTemplate,
    NetworkTemplate,
    SocialNetworkTemplate,
)
from samenwerking.rules.yaml_source import Origin

AnyTemplate = (
    MergerTemplate | FranchiseTemplate | NetworkTemplate | ChainTemplate | SocialNetworkTemplate
)

#: The relations each structure draws; the rule set must declare every one of them.
STRUCTURE_RELATIONS: dict[str, tuple[str, ...]] = {
    "merged_organisation": ("stakeholder",),
    "formula": ("franchise_agreement", "provides_service", "stakeholder"),
    "network_governance": ("shared_governance", "led_by", "administered_by"),
    "client_path": ("hand_off", "directed_by", "stakeholder"),
    "neighbourhood_clusters": ("strong_tie", "weak_tie", "brokered_by"),
}


def check_templates(
    templates: list[tuple[AnyTemplate, Origin]],
    forms: set[str],
    kinds: set[str],
    relations: set[str],
    ranges: dict[str, tuple[float, float]],
    problems: list[Problem],
) -> tuple[dict[str, AnyTemplate], dict[str, Expression]]:
    """Check every template; return them by form, and the compiled shared-service conditions."""
    by_form: dict[str, AnyTemplate] = {}
    conditions: dict[str, Expression] = {}
    for template, origin in templates:
        known = unknown_reference(template.form, forms, "form", origin, "form", problems)
        if known and template.form in by_form:
            problems.append(
                Problem(
                    origin.at("form"),
                    msg("template_twice", name=template.form),
                    field="form",
                    hint=msg("template_twice_hint"),
                )
            )
        elif known:
            by_form[template.form] = template
        for relation in STRUCTURE_RELATIONS[template.structure]:
            if relation not in relations:
                problems.append(
                    Problem(
                        origin.at("structure"),
                        msg("structure_needs_relation", name=template.structure, relation=relation),
                        hint=msg("structure_needs_relation_hint"),
                    )
                )
        for path, kind in _kinds_named(template):
            if kind not in kinds:
                problems.append(
                    Problem(
                        origin.at(*path),
                        msg("unknown_partner_kind", name=kind),
                        field=".".join(map(str, path)),
                        hint=did_you_mean(kind, kinds),
                    )
                )
        if isinstance(template, NetworkTemplate):
            _check_fits(template, origin, ranges, problems)
            conditions |= _preference_conditions(template, origin, ranges, problems)
        if isinstance(template, FranchiseTemplate):
            conditions |= _service_conditions(template, origin, ranges, problems)
    return by_form, conditions


def _kinds_named(template: AnyTemplate) -> list[tuple[tuple[Any, ...], str]]:
    if isinstance(template, (MergerTemplate, FranchiseTemplate)):
        return [(("member_kinds", i), k) for i, k in enumerate(template.member_kinds)]
    if isinstance(template, NetworkTemplate):
        return [(("lead_preference", i), k) for i, k in enumerate(template.lead_preference)]
    if isinstance(template, ChainTemplate):
        return [
            (("paths", p, "steps", s, "kinds", k), kind)
            for p, path in enumerate(template.paths)
            for s, step in enumerate(path.steps)
            for k, kind in enumerate(step.kinds)
        ]
    return []


def _check_fits(
    template: NetworkTemplate,
    origin: Origin,
    ranges: dict[str, tuple[float, float]],
    problems: list[Problem],
) -> None:
    for m, mode in enumerate(template.governance_modes):
        for factor, (low, high) in mode.fits.items():
            where = origin.at("governance_modes", m, "fits", factor)
            if factor not in ranges:
                if ranges:
                    problems.append(
                        Problem(
                            where,
                            msg("unknown_factor", name=factor),
                            hint=did_you_mean(factor, ranges),
                        )
                    )
            elif low > high:
                problems.append(
                    Problem(
                        where,
                        msg("range_empty", low=f"{low:g}", high=f"{high:g}"),
                        hint=msg("range_empty_hint"),
                    )
                )
        for factor in mode.required:
            if factor not in mode.fits:
                problems.append(
                    Problem(
                        origin.at("governance_modes", m, "required"),
                        msg("required_not_in_fits", name=factor),
                        hint=did_you_mean(factor, mode.fits),
                    )
                )
    if len({m.id for m in template.governance_modes}) != len(template.governance_modes):
        problems.append(Problem(origin.at("governance_modes"), msg("governance_mode_twice")))


def governance_condition_key(mode: str) -> str:
    """The key under which a governance mode's ``preferred_when`` is compiled."""
    return f"governance:{mode}"


def _preference_conditions(
    template: NetworkTemplate,
    origin: Origin,
    ranges: dict[str, tuple[float, float]],
    problems: list[Problem],
) -> dict[str, Expression]:
    conditions = {}
    for m, mode in enumerate(template.governance_modes):
        path = (*origin.path, "governance_modes", m, "preferred_when")
        condition = compile_condition(mode.preferred_when, origin, path, ranges, problems)
        if condition is not None:
            conditions[governance_condition_key(mode.id)] = condition
    return conditions


def _service_conditions(
    template: FranchiseTemplate,
    origin: Origin,
    ranges: dict[str, tuple[float, float]],
    problems: list[Problem],
) -> dict[str, Expression]:
    conditions = {}
    for s, service in enumerate(template.shared_services):
        path = (*origin.path, "shared_services", s, "when")
        condition = compile_condition(service.when, origin, path, ranges, problems)
        if condition is not None:
            conditions[service.id] = condition
    return conditions


def unknown_reference(
    name: str, known: set[str], kind: str, origin: Origin, field_name: str, problems: list[Problem]
) -> bool:
    """Report ``name`` at ``field_name`` when it is not among ``known`` (a form, a stage...).

    Returns whether the name is known. With nothing known (the file declaring them is lost),
    nothing is reported: that file's absence is said once instead.
    """
    if not known or name in known:
        return True
    problems.append(
        Problem(
            origin.at(field_name),
            msg(f"unknown_{kind}", name=name),
            field=field_name,
            hint=did_you_mean(name, known),
        )
    )
    return False


def compile_condition(
    text: str | None,
    origin: Origin,
    path: tuple[Any, ...],
    ranges: dict[str, tuple[float, float]],
    problems: list[Problem],
) -> Expression | None:
    """A template's condition compiled, or None: absent, reported at its line, or unknowable.

    Without any factor (a lost ``factors.yaml``) the condition cannot be checked; the missing
    file is reported once instead of every factor it names.
    """
    if text is None or not ranges:
        return None
    try:
        return parse_expression(text, ranges, "boolean")
    except ExpressionSyntaxError as e:
        problems.append(
            Problem(
                origin.document.locate_in_value(path, e.line, e.column),
                e.message,
                field=str(path[-1]),
                hint=e.hint,
            )
        )
        return None
