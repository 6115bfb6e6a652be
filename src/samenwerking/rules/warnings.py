"""Warnings about a rule set that loads but is probably not what its author meant.

Each warning names where to look: a rule that never fires on a large sample of situations, a
form no rule speaks about, a factor no rule reads or no question asks, a theme without rules,
a reason whose Dutch and English texts are the same (probably untranslated).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from samenwerking.errors import Location, Problem
from samenwerking.rules.ruleset import CompiledKnockout, CompiledRule, RuleSet
from samenwerking.rules.sampling import latin_hypercube
from samenwerking.rules.schema import Text

SAMPLE_SIZE = 20_000


#: A rule reaching this many times the median rule's points dwarfs the rest.
DWARFING_FACTOR = 5.0


def rule_set_warnings(rules: RuleSet, sample_size: int = SAMPLE_SIZE) -> list[Problem]:
    """Every warning for ``rules``, in file order."""
    found = _never_firing(rules, sample_size) + _dwarfing_effects(rules)
    read: set[str] = set()
    for rule in rules.rules:
        read |= rule.effect.names | (rule.when.names if rule.when else set())
    for knockout in rules.knockouts:
        read |= knockout.when.names
    asked = {q.factor for q in rules.questions}
    if rules.templates:
        for form in rules.form_ids:
            if form not in rules.templates:
                found.append(
                    _warning(
                        _where(rules, "form", form),
                        f"form '{form}' has no network template, so no network is drawn for it",
                        "add one under 'network_templates:' with an existing structure",
                    )
                )
    for factor in rules.factors:
        where = _where(rules, "factor", factor.id)
        if factor.id not in read:
            found.append(
                _warning(
                    where,
                    f"no rule reads factor '{factor.id}'",
                    "add a rule that uses it, or remove the factor",
                )
            )
        if rules.questions and factor.id not in asked:
            found.append(
                _warning(
                    where,
                    f"no question asks about factor '{factor.id}'",
                    "add a question with 'factor: " + factor.id + "'",
                )
            )
    for kind, ids, used in (
        ("form", rules.form_ids, {r.form for r in rules.rules}),
        ("theme", rules.theme_ids, {r.theme for r in rules.rules}),
    ):
        for item in ids:
            if item not in used:
                found.append(
                    _warning(
                        _where(rules, kind, item),
                        f"no rule has {kind} '{item}'",
                        f"a {kind} without rules always scores the base",
                    )
                )
    scored: list[CompiledRule | CompiledKnockout] = [*rules.rules, *rules.knockouts]
    found += _missing_translations(rules, scored)
    for written in scored:
        if written.reason.nl.strip() == written.reason.en.strip():
            found.append(
                _warning(
                    written.location,
                    f"rule '{written.id}' has the same Dutch and English reason",
                    "translate one of them",
                )
            )
    return sorted(found, key=lambda p: (p.location.file, p.location.line, p.message))


def _missing_translations(
    rules: RuleSet, scored: list[CompiledRule | CompiledKnockout]
) -> list[Problem]:
    """Texts that lack a language other texts of the rule set are written in.

    Beyond Dutch and English (both required), a rule set may carry more languages; a reader
    of such a language sees the Dutch text wherever it is missing, which is worth knowing.
    """
    texts: list[tuple[Text, Location, str]] = [
        (r.reason, r.location, f"rule '{r.id}' has no '{{code}}' reason") for r in scored
    ]
    items: list[tuple[str, Any]] = [
        *(("form", f) for f in rules.forms),
        *(("theme", t) for t in rules.themes),
        *(("factor", f) for f in rules.factors),
        *(("question", q) for q in rules.questions),
    ]
    for kind, item in items:
        where = _where(rules, kind, item.id)
        for name in ("label", "description", "help", "text", "low", "high"):
            value = getattr(item, name, None)
            if isinstance(value, Text):
                texts.append((value, where, f"{kind} '{item.id}' has no '{{code}}' {name}"))
    extra = sorted({code for text, _, _ in texts for code in text.languages} - {"nl", "en"})
    return [
        _warning(
            where,
            f"{message.format(code=code)} (other texts have one)",
            f"add '{code}:' to it, or readers of '{code}' see the Dutch text",
        )
        for code in extra
        for text, where, message in texts
        if code not in text.languages
    ]


def _never_firing(rules: RuleSet, sample_size: int) -> list[Problem]:
    sample = latin_hypercube(rules, sample_size, seed=0)
    found = []
    scored: list[CompiledRule | CompiledKnockout] = [*rules.rules, *rules.knockouts]
    for rule in scored:
        if rule.when is None:
            continue
        fires = np.broadcast_to(np.asarray(rule.when.evaluate(sample)).astype(bool), sample_size)
        if not fires.any():
            found.append(
                _warning(
                    rule.location,
                    f"rule '{rule.id}' never fires on {sample_size:,} sampled situations",
                    f"check its condition: {rule.when.text}",
                )
            )
        elif fires.all():
            found.append(
                _warning(
                    rule.location,
                    f"the condition of rule '{rule.id}' holds in every one of "
                    f"{sample_size:,} sampled situations",
                    f"leave 'when' out if the rule always applies, or check: {rule.when.text}",
                )
            )
    return found


def _dwarfing_effects(rules: RuleSet) -> list[Problem]:
    """Rules whose reach dwarfs the rest: one such rule decides every advice on its own.

    Scores are scaled so the form with the largest possible total reaches 0 or 100; a rule
    worth 3,000 points shrinks every other rule to a fraction of a point.
    """
    reach = {rule.id: max(abs(b) for b in rule.bounds) for rule in rules.rules}
    if len(reach) < 3:
        return []
    typical = float(np.median(list(reach.values())))
    found = []
    for rule in rules.rules:
        if typical > 0 and reach[rule.id] > DWARFING_FACTOR * typical:
            form_total = sum(reach[r.id] for r in rules.rules if r.form == rule.form)
            share = reach[rule.id] / form_total if form_total else 1.0
            found.append(
                _warning(
                    rule.location,
                    f"rule '{rule.id}' can give {reach[rule.id]:g} points, {share:.0%} of all "
                    f"points of '{rule.form}'; next to it the other rules hardly count",
                    f"a typical rule here gives up to {typical:g} points; check its effect",
                )
            )
    return found


def _where(rules: RuleSet, kind: str, item: str) -> Location:
    return rules.locations.get(f"{kind}:{item}", Location(str(rules.path)))


def _warning(location: Location, message: str, hint: str) -> Problem:
    return Problem(location, message, hint=hint, severity="warning")
