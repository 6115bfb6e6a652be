"""How a rule set's advice is spread over a population: the calibration report.

A rule set can be internally consistent and still be wrong about the world: advise one form
almost everywhere, never let a factor matter, or name winners by a hair. ``profile`` makes
that visible on a sample of situations (the rule set's declared realistic population, or a
uniform one): win shares and rank distribution per form, the margin between the best two and
the share without clear advice, knock-out shares, win shares within named populations (the
population tests), and per factor how often the top form changes when that factor is
shuffled across the sample (permutation importance).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial

import numpy as np

from samenwerking.languages import DEFAULT_LANGUAGE
from samenwerking.numbers import format_number, format_share
from samenwerking.rules.expressions import ExpressionSyntaxError
from samenwerking.rules.ruleset import RuleSet, RuleSetInfo
from samenwerking.rules.sampling import SampleKind, sample_situations, values_for
from samenwerking.rules.schema import PopulationTest, Text
from samenwerking.scoring import (
    is_clear,
    normalise_weights,
    rank_scores,
    score_arrays,
    theme_multipliers,
)
from samenwerking.translations import say

DEFAULT_SIZE = 200_000
#: The largest sample a profile draws: about 1 GB of memory (200.000 take about 150 MB).
MAX_PROFILE_SIZE = 1_000_000
MARGIN_QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)


@dataclass(frozen=True)
class Outcome:
    """The advice over a sample, as arrays: best form (row index), margin, ranks, knock-outs."""

    top: np.ndarray
    margin: np.ndarray
    ranks: np.ndarray
    knocked: np.ndarray
    clear: np.ndarray


def advise_sample(
    values: Mapping[str, np.ndarray], rules: RuleSet, weights: Mapping[str, float] | None = None
) -> Outcome:
    """Score every situation of a sample with the one scoring kernel and rank the forms."""
    size = len(next(iter(values.values()))) if values else 0
    multipliers = theme_multipliers(rules, normalise_weights(rules, weights))
    scores, knocked = score_arrays(values, rules, multipliers, size)
    ranks = np.empty(scores.shape, dtype=np.int8)
    top = np.empty(size, dtype=np.int8)
    margin = np.empty(size)
    rank_scores(scores, ranks, top, margin)
    clear = is_clear(margin, rules.metadata.clear_margin)
    return Outcome(top=top, margin=margin, ranks=ranks, knocked=knocked, clear=clear)


def shares(top: np.ndarray, forms: tuple[str, ...]) -> dict[str, float]:
    """Share of situations in which each form comes out on top."""
    counts = np.bincount(top.astype(np.int64), minlength=len(forms))
    total = max(len(top), 1)
    return {form: float(counts[i]) / total for i, form in enumerate(forms)}


@dataclass(frozen=True)
class PopulationProfile:
    """Win shares within one named population (a population test's ``when``)."""

    id: str
    description: Text
    when: str
    size: int
    win_shares: dict[str, float]


@dataclass(frozen=True)
class Profile:
    """The calibration report of one rule set on one sample."""

    rules: RuleSetInfo
    sample: SampleKind
    n: int
    seed: int
    forms: tuple[str, ...]
    clear_margin: float
    win_shares: dict[str, float]
    rank_shares: dict[str, list[float]]
    margin_quantiles: dict[float, float]
    unclear_share: float
    knockout_shares: dict[str, float]
    populations: list[PopulationProfile] = field(default_factory=list)
    shuffle_changes: dict[str, float] = field(default_factory=dict)


def population_mask(
    population: PopulationTest | str, values: Mapping[str, np.ndarray], rules: RuleSet
) -> np.ndarray:
    """Which situations of the sample belong to the population (its ``when``, or a condition).

    Raises :class:`ExpressionSyntaxError` for a condition the rule language does not accept.
    """
    condition = rules.parse_condition(
        population if isinstance(population, str) else population.when
    )
    size = len(next(iter(values.values())))
    return np.broadcast_to(np.asarray(condition.evaluate(values), dtype=bool), (size,))


def profile_rules(
    rules: RuleSet,
    *,
    sample: SampleKind = "realistic",
    n: int = DEFAULT_SIZE,
    seed: int = 0,
    populations: list[PopulationTest] | None = None,
    conditions: Sequence[str] = (),
    progress: Callable[[int], None] | None = None,
    values: Mapping[str, np.ndarray] | None = None,
    shuffle: bool = True,
) -> Profile:
    """Profile ``rules`` on ``n`` situations of ``sample``; ``progress`` gets steps done.

    ``conditions`` are extra groups to report winners for, each a condition in the rule
    language (``"trust <= 1.5"``): the conditional shares an adviser asks about without
    writing a population test. The steps are one for the advice, one per population or
    condition and one per factor shuffled.

    Examples
    --------
    >>> from samenwerking import load_rules
    >>> report = profile_rules(load_rules(), n=2000)
    >>> round(sum(report.win_shares.values()), 9)
    1.0
    """
    values_given = values is not None
    if values is None:
        values = sample_situations(rules, sample, n, seed)
    else:
        n = len(next(iter(values.values()))) if values else 0
    forms = rules.form_ids
    outcome = advise_sample(values, rules)
    step = 1
    if progress is not None:
        progress(step)
    rank_shares = {
        form: [float(np.mean(outcome.ranks[i] == r)) for r in range(1, len(forms) + 1)]
        for i, form in enumerate(forms)
    }
    profiles = []
    groups: list[PopulationTest | str] = [*(populations or []), *conditions]
    for population in groups:
        try:
            mask = population_mask(population, values, rules)
        except ExpressionSyntaxError:
            if values_given:  # a group the older set cannot read (a factor it lacks)
                continue
            raise
        when = population if isinstance(population, str) else population.when
        profiles.append(
            PopulationProfile(
                id=when if isinstance(population, str) else population.id,
                description=Text(nl=when, en=when)
                if isinstance(population, str)
                else population.description,
                when=when,
                size=int(mask.sum()),
                win_shares=shares(outcome.top[mask], forms),
            )
        )
        step += 1
        if progress is not None:
            progress(step)
    rng = np.random.default_rng(seed + 1)
    changes = {}
    for factor in rules.factor_ids if shuffle else ():
        shuffled = {**values, factor: rng.permutation(values[factor])}
        changes[factor] = float(np.mean(advise_sample(shuffled, rules).top != outcome.top))
        step += 1
        if progress is not None:
            progress(step)
    return Profile(
        rules=rules.info,
        sample=sample,
        n=n,
        seed=seed,
        forms=forms,
        clear_margin=rules.metadata.clear_margin,
        win_shares=shares(outcome.top, forms),
        rank_shares=rank_shares,
        margin_quantiles={
            q: float(v)
            for q, v in zip(
                MARGIN_QUANTILES, np.quantile(outcome.margin, MARGIN_QUANTILES), strict=True
            )
        },
        unclear_share=float(np.mean(~outcome.clear)),
        knockout_shares={form: float(np.mean(outcome.knocked[i])) for i, form in enumerate(forms)},
        populations=profiles,
        shuffle_changes=changes,
    )


def profile_text(report: Profile, rules: RuleSet, lang: str = DEFAULT_LANGUAGE) -> str:
    """The calibration report as a table for the terminal, in Dutch or English."""
    pct = partial(format_share, lang=lang)
    label = {form: rules.label("form", form, lang) for form in report.forms}
    k = len(report.forms)
    lines = [
        say("profile_title", lang, rules=str(report.rules)),
        say(
            "profile_sample",
            lang,
            sample=say(f"sample_{report.sample}", lang),
            n=format_number(report.n, lang, 0),
            seed=report.seed,
        ),
        "",
        f"{say('form', lang):<22}{say('profile_wins', lang):>9}{say('profile_last', lang):>10}"
        f"{say('profile_knocked', lang):>12}   {say('profile_ranks', lang, k=k)}",
    ]
    for form in report.forms:
        ranks = " ".join(f"{pct(s, digits=0):>5}" for s in report.rank_shares[form])
        lines.append(
            f"{label[form]:<22}{pct(report.win_shares[form]):>9}"
            f"{pct(report.rank_shares[form][-1]):>10}{pct(report.knockout_shares[form]):>12}   "
            f"{ranks}"
        )
    quantiles = {
        f"p{round(q * 100)}": format_number(v, lang) for q, v in report.margin_quantiles.items()
    }
    lines += [
        "",
        say("profile_margin", lang, **quantiles),
        say(
            "profile_unclear",
            lang,
            margin=format_number(report.clear_margin, lang),
            share=pct(report.unclear_share),
        ),
    ]
    if report.populations:
        lines += ["", say("profile_populations", lang)]
        for population in report.populations:
            winners = ", ".join(
                f"{label[f]} {pct(s, digits=0)}"
                for f, s in sorted(population.win_shares.items(), key=lambda x: -x[1])
                if s >= 0.005  # what rounds to 0% is left out
            )
            size = format_number(population.size, lang, 0)
            lines.append(f"  {say('profile_population_line', lang, id=population.id, size=size)}")
            lines.append(f"      {winners}")
    lines += ["", say("profile_shuffle", lang)]
    for factor, share in sorted(report.shuffle_changes.items(), key=lambda x: -x[1]):
        lines.append(f"  {pct(share):>7}  {rules.label('factor', factor, lang)}")
    return "\n".join(lines)


def profile_html(
    report: Profile,
    rules: RuleSet,
    lang: str = DEFAULT_LANGUAGE,
    comparison: ProfileComparison | None = None,
) -> str:
    """The calibration report as a small self-contained HTML page.

    Two bar charts drawn in HTML and CSS (no plotly.js: the page was 4,8 MB and a chart
    title was cut), the text report, and with ``comparison`` the old -> new table.
    """
    forms = {f: rules.label("form", f, lang) for f in report.forms}
    wins = _bars(
        say("profile_wins", lang),
        [(forms[f], report.win_shares[f]) for f in report.forms],
        lang,
        "#4477AA",
    )
    factors = sorted(report.shuffle_changes, key=lambda f: -report.shuffle_changes[f])
    influence = _bars(
        say("profile_shuffle", lang),
        [(rules.label("factor", f, lang), report.shuffle_changes[f]) for f in factors],
        lang,
        "#228833",
    )
    text = html.escape(profile_text(report, rules, lang))
    compared = (
        f"<pre>{html.escape(comparison_text(comparison, rules, lang))}</pre>"
        if comparison is not None
        else ""
    )
    title = html.escape(say("profile_title", lang, rules=str(report.rules)))
    return (
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>{title}</title>"
        "<style>body{font-family:Arial,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}"
        "pre{white-space:pre-wrap;font-size:0.85em}table.bars{border-collapse:collapse;"
        "width:100%;margin:0 0 1.5em}table.bars td{padding:2px 6px;font-size:0.9em}"
        "table.bars td.bar{width:60%}table.bars div{height:1em}</style></head><body>"
        f"<h1>{title}</h1>{compared}{wins}{influence}<pre>{text}</pre></body></html>"
    )


def _bars(title: str, rows: list[tuple[str, float]], lang: str, colour: str) -> str:
    """A bar chart as a table: a label, a bar as wide as the share, the share in words."""
    most = max((share for _, share in rows), default=0.0) or 1.0
    body = "".join(
        f"<tr><th scope='row' style='text-align:left;font-weight:normal'>{html.escape(name)}</th>"
        f"<td class='bar'><div style='width:{share / most * 100:.1f}%;background:{colour}'>"
        f"</div></td><td>{format_share(share, lang)}</td></tr>"
        for name, share in rows
    )
    return f"<h2>{html.escape(title)}</h2><table class='bars'>{body}</table>"


#: Percentage points a form's win share may move before ``--since`` flags it.
DEFAULT_THRESHOLD = 0.05


@dataclass(frozen=True)
class ProfileComparison:
    """Two rule sets profiled on the same situations: what a change did to the advice."""

    old: Profile
    new: Profile
    threshold: float

    def moved(self) -> list[str]:
        """Forms whose win share moved by more than the threshold (either way)."""
        return [
            form
            for form in self.new.forms
            if abs(self.new.win_shares[form] - self.old.win_shares.get(form, 0.0)) > self.threshold
        ]


def compare_profiles(
    old: RuleSet,
    new: RuleSet,
    *,
    sample: SampleKind = "realistic",
    n: int = DEFAULT_SIZE,
    seed: int = 0,
    populations: list[PopulationTest] | None = None,
    conditions: Sequence[str] = (),
    threshold: float = DEFAULT_THRESHOLD,
    after: Profile | None = None,
) -> ProfileComparison:
    """Profile ``old`` and ``new`` on the same situations (the new set's sample).

    Franchise going from 10,0% to 17,8% after an edit is what an adviser needs to hear; two
    separate runs on two samples would mix the change with sampling noise. ``after`` is the
    new set's profile when the caller already made it with the same sample, ``n`` and
    ``seed`` (``rules profile`` has); the older set's factor influence is not compared and
    so not computed.
    """
    values = sample_situations(new, sample, n, seed)
    if after is None:
        after = profile_rules(
            new,
            sample=sample,
            n=n,
            seed=seed,
            populations=populations,
            conditions=conditions,
            values=values,
        )
    before = profile_rules(
        old,
        sample=sample,
        n=n,
        seed=seed,
        populations=populations,
        conditions=conditions,
        values=values_for(old, values, n),
        shuffle=False,
    )
    return ProfileComparison(before, after, threshold)


def comparison_text(
    comparison: ProfileComparison, rules: RuleSet, lang: str = DEFAULT_LANGUAGE
) -> str:
    """Win shares and group shares side by side, old -> new, with the moved forms flagged."""
    pct = partial(format_share, lang=lang)
    old, new = comparison.old, comparison.new
    label = {form: rules.label("form", form, lang) for form in new.forms}
    moved = set(comparison.moved())
    lines = [
        say("profile_since_title", lang, old=str(old.rules), new=str(new.rules)),
        say("profile_since_sample", lang, n=format_number(new.n, lang, 0), seed=new.seed),
        "",
        f"{say('form', lang):<22}{say('profile_since_old', lang):>9}"
        f"{say('profile_since_new', lang):>9}{say('profile_since_change', lang):>11}",
    ]
    for form in new.forms:
        before, after = old.win_shares.get(form, 0.0), new.win_shares[form]
        change = format_number((after - before) * 100, lang, 1, sign=True)
        flag = f"  <- {say('profile_since_moved', lang)}" if form in moved else ""
        lines.append(f"{label[form]:<22}{pct(before):>9}{pct(after):>9}{change:>11}{flag}")
    lines += [
        "",
        say(
            "profile_since_threshold",
            lang,
            threshold=format_number(comparison.threshold * 100, lang, 1),
            count=len(moved),
        ),
    ]
    before_groups = {g.id: g for g in old.populations}
    for group in new.populations:
        earlier = before_groups.get(group.id)
        size = format_number(group.size, lang, 0)
        lines += ["", f"  {say('profile_population_line', lang, id=group.id, size=size)}"]
        for form, share in sorted(group.win_shares.items(), key=lambda x: -x[1]):
            was = earlier.win_shares.get(form, 0.0) if earlier else None
            if share < 0.005 and (was is None or was < 0.005):
                continue
            shown = "—" if was is None else pct(was)
            lines.append(f"      {label[form]:<22}{shown:>9} -> {pct(share)}")
    return "\n".join(lines)
