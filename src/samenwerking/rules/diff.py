"""What changed between two rule sets, and what the change does to the advice.

The structural part lists rules, knock-outs, factors, forms, themes and questions added,
removed or altered, and metadata changes. The behavioural part scores one reproducible Latin
hypercube sample of situations with both rule sets (default weights) and reports how often the
top form changes, between which forms, and a few concrete situations that flip, with the
rules whose points differ for the forms involved.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from samenwerking.batch import score_many
from samenwerking.rules.ruleset import CompiledKnockout, CompiledRule, RuleSet
from samenwerking.rules.sampling import SampleKind, latin_hypercube, sample_situations
from samenwerking.scoring import score

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
    }
    for kind, (before, after) in collections.items():
        result.added[kind] = sorted(set(after) - set(before))
        result.removed[kind] = sorted(set(before) - set(after))
        for item_id in sorted(set(before) & set(after)):
            if kind in ("rules", "knockouts"):
                old_fields, new_fields = _rule_fields(before[item_id]), _rule_fields(after[item_id])
            else:
                old_fields = {"definition": before[item_id].model_dump_json()}
                new_fields = {"definition": after[item_id].model_dump_json()}
            differing = {
                k: (old_fields[k], new_fields[k])
                for k in old_fields
                if old_fields[k] != new_fields.get(k)
            }
            if differing:
                label = item_id if kind in ("rules", "knockouts") else f"{kind[:-1]}:{item_id}"
                result.changed.append(RuleChange(label, differing))


def _sample_for(rules: RuleSet, sample: dict[str, np.ndarray], n: int) -> pd.DataFrame:
    columns = {}
    for factor in rules.factors:
        values = sample.get(factor.id)
        if values is None or values.min() < factor.minimum or values.max() > factor.maximum:
            values = np.full(n, int(factor.example) if factor.integer else factor.example)
        columns[factor.id] = values
    return pd.DataFrame(columns)


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
    old_top = score_many(old_frame, old)["top"].astype(str).to_numpy()
    new_top = score_many(new_frame, new)["top"].astype(str).to_numpy()
    flipped = np.flatnonzero(old_top != new_top)
    result.sample_size, result.flips = n, len(flipped)
    result.transitions = dict(
        Counter(zip(old_top[flipped], new_top[flipped], strict=True)).most_common()
    )
    for index in flipped[:examples]:
        result.examples.append(_example(old, new, old_frame.iloc[index], new_frame.iloc[index]))
    return result


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


def diff_text(result: RuleSetDiff) -> str:
    """A readable report of a diff."""
    lines = [f"old: {result.old}", f"new: {result.new}", ""]
    if result.structurally_equal:
        lines.append("No differences in rules, items or metadata.")
    for name, (before, after) in result.metadata.items():
        lines.append(f"metadata {name}: {before} -> {after}")
    for kind in result.added:
        for item in result.added[kind]:
            lines.append(f"+ {kind[:-1]} {item}")
        for item in result.removed[kind]:
            lines.append(f"- {kind[:-1]} {item}")
    for change in result.changed:
        lines.append(f"~ {change.rule_id}")
        for name, (before, after) in change.fields.items():
            lines.append(f"    {name}: {before!s:.70} -> {after!s:.70}")
    lines += [
        "",
        f"Effect on the advice over {result.sample_size:,} sampled situations "
        f"(Latin hypercube, default weights): the top form changes in "
        f"{result.flips:,} ({result.flip_share:.2%}).",
    ]
    for (before, after), count in result.transitions.items():
        lines.append(f"  {before} -> {after}: {count:,}")
    for number, example in enumerate(result.examples, start=1):
        values = ", ".join(f"{k}={v:g}" for k, v in example.situation.items())
        lines.append(f"example {number}: {example.old_top} -> {example.new_top} for {values}")
        edited = {c.rule_id for c in result.changed} | {
            r
            for kind in ("rules", "knockouts")
            for r in [*result.added.get(kind, []), *result.removed.get(kind, [])]
        }
        for rule, points_before, points_after in example.responsible[:5]:
            mark = "  (changed rule)" if rule in edited else ""
            lines.append(f"    {rule}: {points_before:+.2f} -> {points_after:+.2f}{mark}")
    return "\n".join(lines)


def diff_html(result: RuleSetDiff) -> str:
    """The diff as an HTML page: the text report and a chart of the transitions."""
    import plotly.graph_objects as go

    pairs = [f"{a} → {b}" for a, b in result.transitions]
    figure = go.Figure(
        go.Bar(
            x=list(result.transitions.values()), y=pairs, orientation="h", marker_color="#332288"
        )
    )
    figure.update_layout(
        title=f"Top form changes: {result.flips:,} of "
        f"{result.sample_size:,} ({result.flip_share:.2%})",
        yaxis={"autorange": "reversed"},
        plot_bgcolor="white",
        height=200 + 30 * len(pairs),
    )
    import html as markup

    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>rules diff</title>"
        "</head><body style='font-family:Arial,sans-serif;max-width:1000px;margin:auto'>"
        "<h1>rules diff</h1>"
        + str(figure.to_html(full_html=False, include_plotlyjs=True))
        + f"<pre>{markup.escape(diff_text(result))}</pre></body></html>"
    )
