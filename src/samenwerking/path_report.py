"""The route in words, the same wherever it is read.

Every reader of a route (the terminal, the board pack and the group report, the Advies page)
gets the same sections from :func:`step_sections`, so a step says the same wherever it is read.
"""

from __future__ import annotations

from dataclasses import dataclass

from samenwerking.documents import Block, bullets, heading, paragraph
from samenwerking.languages import DEFAULT_LANGUAGE
from samenwerking.numbers import format_number, format_share
from samenwerking.paths import Path, PathStep
from samenwerking.rules.ruleset import RuleSet
from samenwerking.translations import say

#: Reversibility (0-1, forms.yaml) below the first bound is "hardly", above the second "easily".
REVERSIBILITY_BOUNDS = (0.34, 0.67)


@dataclass(frozen=True)
class StepSection:
    """A titled list of lines of one step (conditions, what to arrange, who must agree...)."""

    title: str
    lines: tuple[str, ...]


def path_reason(route: Path, rules: RuleSet, lang: str = DEFAULT_LANGUAGE) -> str:
    """Why the route starts where it does, in one or two sentences."""
    advice = route.advice
    return say(
        route.reason,
        lang,
        end=route.end.label(lang),
        heavy=rules.label("form", advice.top, lang),
        light=rules.label("form", route.end.form, lang),
        share=format_share(route.firmness, lang, 0),
    )


def step_title(step: PathStep, number: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """The step's title: "Stap 2: ..." or, for an option, "Optie: ..."."""
    if step.option:
        return say("path.option", lang, label=step.label(lang))
    return say("path.step", lang, n=number, label=step.label(lang))


def step_form_line(step: PathStep, rules: RuleSet, lang: str = DEFAULT_LANGUAGE) -> str:
    """The form of the step, with its governance mode for a network."""
    form = rules.label("form", step.form, lang)
    template = rules.templates.get(step.form)
    modes = {m.id: m for m in getattr(template, "governance_modes", ())}
    if step.governance in modes:
        governance = modes[step.governance].label(lang)
        return say("path.form_governance", lang, form=form, governance=governance)
    return say("path.form", lang, form=form)


def reversibility_line(step: PathStep, lang: str = DEFAULT_LANGUAGE) -> str:
    """How reversible the step's form is, in words and as a number 0-1."""
    low, high = REVERSIBILITY_BOUNDS
    level = (
        "low" if step.reversibility < low else "high" if step.reversibility >= high else "medium"
    )
    return say(
        "path.reversibility",
        lang,
        level=say(f"path.reversibility_{level}", lang),
        value=format_number(step.reversibility, lang, 2),
    )


def step_sections(
    step: PathStep,
    rules: RuleSet,
    lang: str = DEFAULT_LANGUAGE,
    unknown: frozenset[str] = frozenset(),
) -> list[StepSection]:
    """What a step says, section by section; empty sections are left out.

    A condition on a factor answered "weet niet" (``unknown``) is neither met nor open: it
    is listed as not known, for the route's stand-in value says nothing about it.
    """
    known = [c for c in step.conditions if not c.factors & unknown]
    sections = [
        StepSection(say("path.conditions_met", lang), tuple(c.words(lang) for c in known if c.met)),
        StepSection(
            say("path.conditions_open", lang), tuple(c.words(lang) for c in known if not c.met)
        ),
        StepSection(
            say("path.conditions_unknown", lang),
            tuple(c.words(lang) for c in step.conditions if c.factors & unknown),
        ),
        StepSection(say("path.prepare", lang), (step.prepare(lang),) if step.prepare else ()),
        StepSection(
            say("path.option_when" if step.option else "path.next", lang),
            (step.trigger(lang),) if step.trigger else (),
        ),
        StepSection(
            say("path.exit_costs", lang),
            (
                reversibility_line(step, lang),
                *((step.exit_costs(lang),) if step.exit_costs else ()),
            ),
        ),
        StepSection(
            say("path.stakeholders", lang),
            tuple(f"{s.label(lang)} ({_months(s.months, lang)})" for s in step.stakeholders)
            + (
                (say("path.total", lang, months=format_number(step.months, lang, 0)),)
                if len(step.stakeholders) > 1
                else ()
            ),
        ),
        StepSection(say("path.funding", lang), (step.funding(lang),) if step.funding else ()),
    ]
    return [section for section in sections if section.lines]


def _months(months: float, lang: str) -> str:
    return say("path.months", lang, months=format_number(months, lang, 0))


def path_text(route: Path, rules: RuleSet, lang: str = DEFAULT_LANGUAGE) -> str:
    """The route for the terminal: the reason, then each step with its sections."""
    lines = [say("path.title", lang), path_reason(route, rules, lang)]
    number = 0
    for step in route.steps:
        number += 0 if step.option else 1
        lines += ["", step_title(step, number, lang), f"  {step_form_line(step, rules, lang)}"]
        lines.append(f"  {step.description(lang)}")
        for section in step_sections(step, rules, lang):
            lines.append(f"  {section.title}:")
            lines += [f"    - {line}" for line in section.lines]
        if step.source:
            lines.append(f"  ({step.source})")
    return "\n".join(lines)


def path_blocks(route: Path, rules: RuleSet, lang: str = DEFAULT_LANGUAGE) -> list[Block]:
    """The route as a page of a board document: a heading per step and its sections."""
    blocks = [
        heading(say("path.title", lang), anchor="route"),
        paragraph(path_reason(route, rules, lang)),
    ]
    number = 0
    for step in route.steps:
        number += 0 if step.option else 1
        blocks.append(heading(step_title(step, number, lang), level=2))
        blocks.append(paragraph(f"{step_form_line(step, rules, lang)}. {step.description(lang)}"))
        for section in step_sections(step, rules, lang):
            blocks.append(paragraph(f"{section.title}:"))
            blocks.append(bullets(list(section.lines)))
        if step.source:
            blocks.append(paragraph(f"({step.source})"))
    return blocks
