"""What changed between two rule sets, and what the change does to the advice.

The structural part lists rules, knock-outs, factors, forms, themes and questions added,
removed or altered, and metadata changes. The behavioural part scores one reproducible Latin
hypercube sample of situations with both rule sets (default weights) and reports how often the
top form changes, between which forms, and a few concrete situations that flip, with the
rules whose points differ for the forms involved.
"""

from __future__ import annotations

import json
import textwrap
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from typing import Any

import numpy as np
import pandas as pd

from samenwerking.batch import score_many
from samenwerking.languages import DEFAULT_LANGUAGE, Text
from samenwerking.numbers import format_number, format_share, format_value
from samenwerking.rules.ruleset import CompiledKnockout, CompiledRule, RuleSet
from samenwerking.rules.sampling import (
    SampleKind,
    latin_hypercube,
    sample_situations,
    values_for,
)
from samenwerking.scoring import normalise_weights, score, theme_multipliers
from samenwerking.translations import say

DEFAULT_SAMPLE = 20_000


@dataclass(frozen=True)
class RuleChange:
    """One rule (or knock-out) altered, with the fields that differ (old, new)."""

    rule_id: str
    fields: dict[str, tuple[str, str]]


@dataclass(frozen=True)
class FlipExample:
    """A sampled situation whose top form changes, and the rules that made the difference."""

    situation: dict[str, float]
    old_top: str
    new_top: str
    responsible: list[tuple[str, float, float]]  # rule id, old points, new points


@dataclass
class RuleSetDiff:
    """Everything ``diff_rule_sets`` found."""

    old: str
    new: str
    metadata: dict[str, tuple[str, str]] = field(default_factory=dict)
    added: dict[str, list[str]] = field(default_factory=dict)
    removed: dict[str, list[str]] = field(default_factory=dict)
    changed: list[RuleChange] = field(default_factory=list)
    sample_size: int = 0
    flips: int = 0
    transitions: dict[tuple[str, str], int] = field(default_factory=dict)
    examples: list[FlipExample] = field(default_factory=list)
    #: Mean score change per form over the sample (new minus old; forms in both sets).
    mean_change: dict[str, float] = field(default_factory=dict)
    #: Score points per rule point under the default weights, per theme: (old, new).
    scale: dict[str, tuple[float, float]] = field(default_factory=dict)
    sample_kind: str = "realistic"
    labels: dict[str, Text] = field(default_factory=dict)  # form id -> label, for reports
    factor_labels: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> id -> label

    @property
    def flip_share(self) -> float:
        """Share of sampled situations whose top form differs."""
        return self.flips / self.sample_size if self.sample_size else 0.0

    @property
    def structurally_equal(self) -> bool:
        """True when no rule, item or metadata field differs."""
        return not (
            self.metadata or any(self.added.values()) or any(self.removed.values()) or self.changed
        )


def _rule_fields(rule: CompiledRule | CompiledKnockout) -> dict[str, str]:
    fields = {
        "form": rule.form,
        "when": rule.when.text if rule.when else "",
        "reason.nl": rule.reason.nl,
        "reason.en": rule.reason.en,
        "source": rule.source,
    }
    if isinstance(rule, CompiledRule):
        fields |= {"theme": rule.theme, "effect": rule.effect.text}
    return fields


def structural_diff(old: RuleSet, new: RuleSet, result: RuleSetDiff) -> None:
    """Fill ``result`` with metadata, items and rules added, removed and altered."""
    for name in ("name", "version", "date", "authors", "base_score"):
        old_value, new_value = str(getattr(old.metadata, name)), str(getattr(new.metadata, name))
        if old_value != new_value:
            result.metadata[name] = (old_value, new_value)
    collections: dict[str, tuple[Mapping[str, Any], Mapping[str, Any]]] = {
        "rules": ({r.id: r for r in old.rules}, {r.id: r for r in new.rules}),
        "knockouts": ({k.id: k for k in old.knockouts}, {k.id: k for k in new.knockouts}),
        "factors": (old.factors_by_id, new.factors_by_id),
        "forms": (old.forms_by_id, new.forms_by_id),
        "themes": (old.themes_by_id, new.themes_by_id),
        "questions": ({q.id: q for q in old.questions}, {q.id: q for q in new.questions}),
        "stages": (
            {c.stage.id: c.stage for c in old.routes.stages},
            {c.stage.id: c.stage for c in new.routes.stages},
        ),
        "moves": (
            {c.move.id: c.move for c in old.routes.moves},
            {c.move.id: c.move for c in new.routes.moves},
        ),
        "form_routes": (old.routes.form_routes, new.routes.form_routes),
    }
    for kind, (before, after) in collections.items():
        result.added[kind] = sorted(set(after) - set(before))
        result.removed[kind] = sorted(set(before) - set(after))
        for item_id in sorted(set(before) & set(after)):
            if kind in ("rules", "knockouts"):
                old_fields, new_fields = _rule_fields(before[item_id]), _rule_fields(after[item_id])
            else:
                old_fields, new_fields = _fields(before[item_id]), _fields(after[item_id])
            differing = {
                k: (old_fields[k], new_fields[k])
                for k in old_fields
                if old_fields[k] != new_fields.get(k)
            }
            if differing:
                label = item_id if kind in ("rules", "knockouts") else f"{kind[:-1]}:{item_id}"
                result.changed.append(RuleChange(label, differing))


def _fields(item: Any) -> dict[str, str]:
    """An item's fields as compact JSON each, so a change names the field that changed."""
    return {
        name: json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
        for name, value in item.model_dump(mode="json").items()
    }


def _sample_for(rules: RuleSet, sample: dict[str, np.ndarray], n: int) -> pd.DataFrame:
    return pd.DataFrame(values_for(rules, sample, n))


def diff_rule_sets(
    old: RuleSet,
    new: RuleSet,
    *,
    n: int = DEFAULT_SAMPLE,
    seed: int = 0,
    examples: int = 3,
    sample: SampleKind | None = "realistic",
) -> RuleSetDiff:
    """Compare ``old`` and ``new``: structure, and the advice over ``n`` sampled situations.

    The sample is a Latin hypercube over the union of both rule sets' factors (ranges of the
    new set); a factor one set lacks, or whose range differs, takes its example value there.
    """
    result = RuleSetDiff(old=str(old.info), new=str(new.info))
    structural_diff(old, new, result)
    union = {f.id: f for f in [*old.factors, *new.factors]}
    # The new rule set's realistic sample by default, so the flip share speaks of situations
    # that occur; sample=None gives the old Latin hypercube over every range.
    drawn = (
        latin_hypercube(new, n, seed=seed)
        if sample is None
        else sample_situations(new, sample, n, seed)
    )
    for factor_id, factor in union.items():
        if factor_id not in drawn:
            drawn[factor_id] = np.full(n, factor.example)
    old_frame, new_frame = _sample_for(old, drawn, n), _sample_for(new, drawn, n)
    old_scores, new_scores = score_many(old_frame, old), score_many(new_frame, new)
    old_top = old_scores["top"].astype(str).to_numpy()
    new_top = new_scores["top"].astype(str).to_numpy()
    flipped = np.flatnonzero(old_top != new_top)
    result.mean_change = {
        form: float((new_scores[f"score_{form}"] - old_scores[f"score_{form}"]).mean())
        for form in new.form_ids
        if form in old.form_ids
    }
    result.scale = _scale_change(old, new)
    result.sample_kind = "uniform" if sample is None else sample
    result.labels = {f.id: f.label for f in [*old.forms, *new.forms]}
    result.sample_size, result.flips = n, len(flipped)
    result.transitions = dict(
        Counter(zip(old_top[flipped], new_top[flipped], strict=True)).most_common()
    )
    for index in flipped[:examples]:
        result.examples.append(_example(old, new, old_frame.iloc[index], new_frame.iloc[index]))
    return result


def _scale_change(old: RuleSet, new: RuleSet) -> dict[str, tuple[float, float]]:
    """Per theme in both sets: score points per rule point, old and new (default weights).

    Every rule's points are multiplied by one common scale (so the largest possible total
    just fits between 0 and 100); a change anywhere moves that scale, and with it the points
    of rules nobody touched. Reported so that an adviser is not puzzled by them.
    """
    before = theme_multipliers(old, normalise_weights(old, None))
    after = theme_multipliers(new, normalise_weights(new, None))
    return {t: (float(before[t]), float(after[t])) for t in new.theme_ids if t in before}


def _example(old: RuleSet, new: RuleSet, old_row: pd.Series, new_row: pd.Series) -> FlipExample:
    old_advice = score(_plain(old_row), old)
    new_advice = score(_plain(new_row), new)
    forms = {old_advice.top, new_advice.top}
    points: dict[str, list[float]] = {}
    for advice, slot in ((old_advice, 0), (new_advice, 1)):
        for form in forms:
            for contribution in advice.contributions.get(form, []):
                if contribution.kind == "base":
                    continue
                points.setdefault(contribution.rule_id, [0.0, 0.0])[slot] += contribution.points
    responsible = sorted(
        (
            (rule, before, after)
            for rule, (before, after) in points.items()
            if abs(before - after) > 1e-9
        ),
        key=lambda item: -abs(item[2] - item[1]),
    )
    return FlipExample(_plain(new_row), old_advice.top, new_advice.top, responsible)


def _plain(row: pd.Series) -> dict[str, Any]:
    return {str(k): (int(v) if float(v).is_integer() else float(v)) for k, v in row.items()}


def edited_rules(result: RuleSetDiff) -> dict[str, str]:
    """Each rule or knock-out the adviser touched, with how: added, removed or changed."""
    marks = {c.rule_id: "changed" for c in result.changed}
    for kind in ("rules", "knockouts"):
        marks |= dict.fromkeys(result.added.get(kind, []), "added")
        marks |= dict.fromkeys(result.removed.get(kind, []), "removed")
    return marks


def scale_ratio(result: RuleSetDiff) -> float | None:
    """How much the common scale moved (new / old), or None when it stayed the same."""
    ratios = {round(after / before, 4) for before, after in result.scale.values() if before > 0}
    if not ratios or ratios == {1.0}:
        return None
    return max(ratios, key=lambda r: abs(r - 1.0))


def diff_text(result: RuleSetDiff, lang: str = DEFAULT_LANGUAGE) -> str:
    """A readable report of a diff, in ``lang``: what changed, and what it does to the advice."""
    lines = [say("diff_old", lang, rules=result.old), say("diff_new", lang, rules=result.new), ""]
    if result.structurally_equal:
        lines.append(say("diff_no_differences", lang))
    for name, (before, after) in result.metadata.items():
        lines.append(say("diff_metadata", lang, name=name, before=before, after=after))
    for kind in result.added:
        thing = say(f"diff_kind_{kind}", lang)
        lines += [f"+ {thing} {item}  ({say('diff_added', lang)})" for item in result.added[kind]]
        lines += [
            f"- {thing} {item}  ({say('diff_removed', lang)})" for item in result.removed[kind]
        ]
    for change in result.changed:
        lines.append(f"~ {change.rule_id}  ({say('diff_changed', lang)})")
        for name, (before, after) in change.fields.items():
            lines.append(f"    {name}: {_short(before)} -> {_short(after)}")
    lines += [
        "",
        say(
            "diff_effect",
            lang,
            n=format_number(result.sample_size, lang, 0),
            sample=say(f"sample_{result.sample_kind}", lang),
            flips=format_number(result.flips, lang, 0),
            share=format_share(result.flip_share, lang, 1),
        ),
    ]
    for (before, after), count in result.transitions.items():
        lines.append(
            f"  {_label(result, before, lang)} -> {_label(result, after, lang)}: "
            f"{format_number(count, lang, 0)}"
        )
    if result.mean_change:
        lines += ["", say("diff_mean_change", lang)]
        for form, mean in result.mean_change.items():
            lines.append(
                f"  {_label(result, form, lang):<24}{format_number(mean, lang, 2, sign=True)}"
            )
    ratio = scale_ratio(result)
    if ratio is not None:
        lines += ["", say("diff_scale_note", lang, ratio=format_number(ratio, lang, 3))]
    marks = edited_rules(result)
    for number, example in enumerate(result.examples, start=1):
        values = ", ".join(
            f"{factor} {format_value(value, lang)}" for factor, value in example.situation.items()
        )
        lines.append("")
        lines.append(
            say(
                "diff_example",
                lang,
                number=number,
                before=_label(result, example.old_top, lang),
                after=_label(result, example.new_top, lang),
            )
        )
        lines += [f"    {line}" for line in textwrap.wrap(values, 92)]
        for rule, points_before, points_after in example.responsible[:5]:
            how = (
                say(f"diff_rule_{marks[rule]}", lang)
                if rule in marks
                else say("diff_rule_scale_only", lang)
            )
            lines.append(
                f"    {rule}: {format_number(points_before, lang, 2, sign=True)} -> "
                f"{format_number(points_after, lang, 2, sign=True)}  ({how})"
            )
    return "\n".join(lines)


def _short(value: str, width: int = 70) -> str:
    return value if len(value) <= width else value[: width - 1] + "…"


def _label(result: RuleSetDiff, form: str, lang: str) -> str:
    label = result.labels.get(form)
    return label(lang) if label is not None else form


def diff_html(result: RuleSetDiff, lang: str = DEFAULT_LANGUAGE) -> str:
    """The diff as one small HTML page that prints on A4: the report, and the changes as bars.

    The bars are plain HTML (a table with widths), not a plotly figure: the page stays a few
    kilobytes instead of 4.8 MB of embedded plotly.js, reads without JavaScript and prints.
    """
    top = max(result.transitions.values(), default=1)
    rows = "".join(
        f"<tr><th scope='row'>{escape(_label(result, a, lang))} → "
        f"{escape(_label(result, b, lang))}</th>"
        f"<td><span class='bar' style='width:{100 * count / top:.1f}%'></span>"
        f"{escape(format_number(count, lang, 0))}</td></tr>"
        for (a, b), count in result.transitions.items()
    )
    caption = escape(
        say(
            "diff_chart_caption",
            lang,
            flips=format_number(result.flips, lang, 0),
            n=format_number(result.sample_size, lang, 0),
        )
    )
    chart = f"<table class='bars'><caption>{caption}</caption>{rows}</table>" if rows else ""
    return (
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>"
        f"<title>{escape(say('diff_title', lang))}</title><style>{_DIFF_CSS}</style></head>"
        f"<body><main><h1>{escape(say('diff_title', lang))}</h1>{chart}"
        f"<pre>{escape(diff_text(result, lang))}</pre></main></body></html>"
    )


_DIFF_CSS = (
    "@page{size:A4;margin:18mm}"
    "body{font-family:Arial,sans-serif;color:#1a1a1a;max-width:180mm;margin:auto}"
    "pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:9pt}"
    ".bars{width:100%;border-collapse:collapse;font-size:10pt;margin:1em 0}"
    ".bars caption{text-align:left;font-weight:bold;margin-bottom:.4em}"
    ".bars th{text-align:left;font-weight:normal;width:40%;padding:2px 6px 2px 0}"
    ".bars .bar{display:inline-block;height:.8em;background:#332288;margin-right:6px}"
)
