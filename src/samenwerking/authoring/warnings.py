"""Warnings about a rule set that loads but is probably not what its author meant.

Each warning names where to look: a rule that never fires on a large sample of situations, a
form no rule speaks about, a factor no rule reads or no question asks, a theme without rules,
a reason whose Dutch and English texts are the same (probably untranslated).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from samenwerking.errors import Location, Message, Problem, msg
from samenwerking.languages import BUILT_IN_LANGUAGES
from samenwerking.rules.ruleset import CompiledKnockout, CompiledRule, RuleSet
from samenwerking.rules.sampling import latin_hypercube
from samenwerking.rules.schema import Text

SAMPLE_SIZE = 20_000


#: A rule reaching this many times the median rule's points dwarfs the rest.
DWARFING_FACTOR = 5.0
#: The most of a form's possible points one rule may give (rules/CALIBRATION.md): above it a
#: single answer decides the form, as continuity risk once did for merger (+20 points).
MAX_RULE_SHARE = 1 / 3


def rule_set_warnings(rules: RuleSet, sample_size: int = SAMPLE_SIZE) -> list[Problem]:
    """Every warning for ``rules``, in file order."""
    found = _never_firing(rules, sample_size) + _dwarfing_effects(rules) + _large_shares(rules)
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
                        msg("warn_no_template", name=form),
                        msg("warn_no_template_hint"),
                    )
                )
    for factor in rules.factors:
        where = _where(rules, "factor", factor.id)
        if factor.id not in read:
            found.append(
                _warning(
                    where,
                    msg("warn_factor_unread", name=factor.id),
                    msg("warn_factor_unread_hint"),
                )
            )
        if rules.questions and factor.id not in asked:
            found.append(
                _warning(
                    where,
                    msg("warn_factor_unasked", name=factor.id),
                    msg("warn_factor_unasked_hint", name=factor.id),
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
                        msg(f"warn_no_rule_{kind}", name=item),
                        msg("warn_no_rule_hint"),
                    )
                )
    scored: list[CompiledRule | CompiledKnockout] = [*rules.rules, *rules.knockouts]
    found += _missing_translations(rules, scored)
    for written in scored:
        if written.title is None:
            found.append(
                _warning(
                    written.location,
                    msg("warn_no_title", name=written.id),
                    msg("warn_no_title_hint"),
                )
            )
        if written.reason.nl.strip() == written.reason.en.strip():
            found.append(
                _warning(
                    written.location,
                    msg("warn_same_reason", name=written.id),
                    msg("warn_same_reason_hint"),
                )
            )
    return sorted(found, key=lambda p: (p.location.file, p.location.line, str(p.message)))


def _missing_translations(
    rules: RuleSet, scored: list[CompiledRule | CompiledKnockout]
) -> list[Problem]:
    """Texts that lack a language other texts of the rule set are written in.

    Beyond Dutch and English (both required), a rule set may carry more languages; a reader
    of such a language sees the Dutch text wherever it is missing, which is worth knowing.
    """
    texts: list[tuple[Text, Location, Message, str]] = [
        (r.reason, r.location, _named("rule", r.id), "reason") for r in scored
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
                texts.append((value, where, _named(kind, item.id), name))
    extra = sorted(
        {code for text, *_ in texts for code in text.languages} - set(BUILT_IN_LANGUAGES)
    )
    return [
        _warning(
            where,
            msg("warn_missing_language", item=item, field=field, code=code),
            msg("warn_missing_language_hint", code=code),
        )
        for code in extra
        for text, where, item, field in texts
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
                    msg("warn_never_fires", name=rule.id, count=sample_size),
                    msg("warn_check_condition", text=rule.when.text),
                )
            )
        elif fires.all():
            found.append(
                _warning(
                    rule.location,
                    msg("warn_always_fires", name=rule.id, count=sample_size),
                    msg("warn_always_fires_hint", text=rule.when.text),
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
                    msg(
                        "warn_dwarfing",
                        name=rule.id,
                        points=f"{reach[rule.id]:g}",
                        share=f"{share:.0%}",
                        form=rule.form,
                    ),
                    msg("warn_dwarfing_hint", points=f"{typical:g}"),
                )
            )
    return found


def _large_shares(rules: RuleSet) -> list[Problem]:
    """Rules that can give more than :data:`MAX_RULE_SHARE` of their form's possible points.

    Rules that already dwarf the rest are said once, by :func:`_dwarfing_effects`.
    """
    reach = {rule.id: max(abs(b) for b in rule.bounds) for rule in rules.rules}
    typical = float(np.median(list(reach.values()))) if reach else 0.0
    found = []
    for rule in rules.rules:
        form_total = sum(reach[r.id] for r in rules.rules if r.form == rule.form)
        share = reach[rule.id] / form_total if form_total else 0.0
        dwarfing = typical > 0 and reach[rule.id] > DWARFING_FACTOR * typical
        if share > MAX_RULE_SHARE and not dwarfing and len(reach) >= 3:
            found.append(
                _warning(
                    rule.location,
                    msg("warn_rule_share", name=rule.id, share=f"{share:.0%}", form=rule.form),
                    msg("warn_rule_share_hint", most=f"{MAX_RULE_SHARE:.0%}"),
                )
            )
    return found


def _named(kind: str, name: str) -> Message:
    return msg("thing_named", what=msg(f"thing_{kind}"), name=name)


def _where(rules: RuleSet, kind: str, item: str) -> Location:
    return rules.locations.get(f"{kind}:{item}", Location(str(rules.path)))


def _warning(location: Location, message: Message, hint: Message) -> Problem:
    return Problem(location, message, hint=hint, severity="warning")
