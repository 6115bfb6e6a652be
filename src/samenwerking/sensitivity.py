"""How firm is the advice? Flip points per factor, and rank acceptability under uncertain weights.

* :func:`flip_points`: for each factor, the nearest value (on the factor's grid: steps of 0.01
  on a scale, whole numbers for counts) at which another form comes out on top, holding the
  other factors as they are. A director reads: "if trust were 2.4 instead of 3, the advice
  would be the chain".
* :func:`rank_acceptability`: SMAA-style (Lahdelma & Salminen). Theme weights are sampled
  around the given ones (multiplicative log-normal noise of width ``spread``; a weight of 0
  stays 0); the share of samples in which each form ranks first, second, ... says how firm the
  ranking is, and the central weights say which weighting makes each form win.

Both evaluate the rules on arrays with the same floating-point steps as ``score``, so a sample
equal to the given weights reproduces ``score`` exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Literal, overload

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from samenwerking.assessment import Assessment
from samenwerking.batch import factor_columns
from samenwerking.rules.loader import load_rules
from samenwerking.rules.ruleset import RuleSet
from samenwerking.rules.schema import Factor
from samenwerking.scoring import (
    is_clear,
    knock_out_and_clamp,
    normalise_weights,
    rank_arrays,
    score_arrays,
    theme_multipliers,
    theme_points,
    weighted_scores,
)
from samenwerking.situation import Situation, validate_situation
from samenwerking.uncertainty import (
    FactorConfidence,
    sample_factor_values,
    situation_confidence,
    varies,
)

SCALE_STEP = 0.01
#: A factor whose uncertainty alone changes the top form in fewer of its samples than this is
#: not named as a source of uncertainty (one in a hundred: below that it is noise to a board).
NAMED_INSTABILITY = 0.01
MAX_WHOLE_CANDIDATES = 1000


class FlipPoint(BaseModel):
    """The nearest value of one factor that changes the top form (``value`` None: none does)."""

    model_config = ConfigDict(frozen=True)

    factor: str
    current: float
    value: float | None
    new_top: str | None
    direction: Literal["up", "down"] | None

    @property
    def distance(self) -> float | None:
        """How far the factor must move, or None when no value flips the advice."""
        return None if self.value is None else abs(self.value - self.current)


class RankAcceptability(BaseModel):
    """Share of sampled weightings in which each form takes each rank, and central weights."""

    model_config = ConfigDict(frozen=True)

    forms: list[str]
    shares: dict[str, list[float]] = Field(description="Per form, the share at rank 1, 2, ...")
    mean_rank: dict[str, float] = Field(
        default_factory=dict, description="Per form, its rank averaged over the samples."
    )
    central_weights: dict[str, dict[str, float] | None] = Field(
        description="Per form, the mean normalised weights of the samples where it ranks first."
    )
    base_weights: dict[str, float]
    samples: int
    spread: float
    seed: int
    answers: bool = Field(
        False, description="Whether the answers were sampled within their uncertainty too."
    )
    stays_first: float | None = Field(
        None, description="Share of samples in which the form on top at the answers stays first."
    )
    by_source: dict[str, float] = Field(
        default_factory=dict,
        description="That share with only the weights varied ('weights') and with only the "
        "answers varied ('answers'): the lower one is the uncertainty that dominates.",
    )
    uncertain_factors: dict[str, float] = Field(
        default_factory=dict,
        description="Per factor whose uncertainty alone can change the top form: the share "
        "of its samples in which it does; most unsettling first.",
    )

    @property
    def dominant(self) -> Literal["weights", "answers"] | None:
        """Which uncertainty moves the advice most, or None when only weights were varied."""
        if not self.by_source:
            return None
        return "answers" if self.by_source["answers"] < self.by_source["weights"] else "weights"

    @property
    def first(self) -> dict[str, float]:
        """Share of samples in which each form ranks first."""
        return {form: shares[0] for form, shares in self.shares.items()}

    def table(self) -> pd.DataFrame:
        """Forms as rows, ranks 1..n as columns, shares as values."""
        ranks = [f"rank_{i}" for i in range(1, len(self.forms) + 1)]
        return pd.DataFrame([self.shares[f] for f in self.forms], index=self.forms, columns=ranks)


def factor_candidates(factor: Factor, thresholds: set[float], current: float) -> np.ndarray:
    """The values a factor can take for the flip search, nearest to ``current`` first.

    Only values within the factor's meaningful range: a flip must be a real alternative for
    the corporation (0 partners is no collaboration, not another form of it).
    """
    low, high = factor.meaningful_range
    if factor.integer:
        if high - low <= MAX_WHOLE_CANDIDATES:
            grid = np.arange(low, high + 1)
        else:
            grid = np.unique(np.round(np.geomspace(max(low, 1), high, 600)))
            near = [t + d for t in thresholds for d in (-1, 0, 1)]
            grid = np.concatenate([grid, np.floor(near), np.ceil(near)])
    else:
        steps = round((high - low) / SCALE_STEP)
        grid = np.round(low + SCALE_STEP * np.arange(steps + 1), 10)
        near = [t + d for t in thresholds for d in (-SCALE_STEP, 0.0, SCALE_STEP)]
        grid = np.concatenate([grid, np.round(near, 10)])
    grid = np.unique(grid[(grid >= low) & (grid <= high) & (grid != current)])
    # Rounded distances, so 2.5 -> 1.99 and 2.5 -> 3.01 count as equally near (lower first).
    return grid[np.lexsort((grid, np.round(np.abs(grid - current), 9)))]


def _thresholds(rules: RuleSet) -> dict[str, set[float]]:
    found: dict[str, set[float]] = {f.id: set() for f in rules.factors}
    for rule in rules.rules:
        for expression in (rule.when, rule.effect):
            for factor, constant in expression.thresholds if expression else ():
                found[factor].add(constant)
    for knockout in rules.knockouts:
        for factor, constant in knockout.when.thresholds:
            found[factor].add(constant)
    return found


def _tops(
    values: Mapping[str, Any], rules: RuleSet, multipliers: Mapping[str, Any], size: int
) -> np.ndarray:
    scores, _ = score_arrays(values, rules, multipliers, size)
    return rank_arrays(scores)[1]


@overload
def flip_points(
    situation: pd.DataFrame,
    rules: RuleSet | None = None,
    weights: Mapping[str, float] | None = None,
) -> pd.DataFrame: ...


@overload
def flip_points(
    situation: Situation | Mapping[str, Any],
    rules: RuleSet | None = None,
    weights: Mapping[str, float] | None = None,
) -> list[FlipPoint]: ...


def flip_points(
    situation: Situation | Mapping[str, Any] | pd.DataFrame,
    rules: RuleSet | None = None,
    weights: Mapping[str, float] | None = None,
) -> list[FlipPoint] | pd.DataFrame:
    """For each factor, the nearest value on its grid at which the top form changes.

    Parameters
    ----------
    situation:
        A :class:`Situation`, a mapping of factor values, or a DataFrame of situations.
    rules:
        The rule set; default the bundled one.
    weights:
        Theme weights; default the rule set's own.

    Returns
    -------
    list of FlipPoint or pandas.DataFrame
        Per factor the nearest value that changes the top form (a long DataFrame for a frame).

    Raises
    ------
    SituationError
        The situation does not fit the rule set.

    Examples
    --------
    >>> from samenwerking import Situation, load_rules
    >>> flips = {f.factor: f for f in flip_points(Situation.example(), load_rules())}
    >>> flips["administrative_burden"].value, flips["administrative_burden"].new_top
    (3.99, 'chain')

    A DataFrame of situations (one row per corporation) gives a long DataFrame instead:
    ``corporation, factor, current, value, new_top, direction, distance``.
    """
    rules = rules or load_rules()
    if isinstance(situation, pd.DataFrame):
        return portfolio_flip_points(situation, rules, weights)
    checked = validate_situation(situation, rules)
    multipliers = theme_multipliers(rules, normalise_weights(rules, weights))
    current = {k: float(v) for k, v in checked.values().items()}
    forms = rules.form_ids
    top_now = forms[int(_tops(current, rules, multipliers, 1)[0])]
    thresholds = _thresholds(rules)
    candidates = {
        f.id: factor_candidates(f, thresholds[f.id], current[f.id]) for f in rules.factors
    }
    total = sum(len(c) for c in candidates.values())
    columns = {name: np.full(total, value) for name, value in current.items()}
    start = 0
    for name, values in candidates.items():
        columns[name][start : start + len(values)] = values
        start += len(values)
    tops = _tops(columns, rules, multipliers, total)
    flips, start = [], 0
    for factor in rules.factors:
        values = candidates[factor.id]
        block = tops[start : start + len(values)]
        start += len(values)
        changed = np.flatnonzero(block != forms.index(top_now))
        if len(changed) == 0:
            flips.append(
                FlipPoint(
                    factor=factor.id,
                    current=current[factor.id],
                    value=None,
                    new_top=None,
                    direction=None,
                )
            )
            continue
        value = float(values[changed[0]])  # candidates are sorted nearest first
        flips.append(
            FlipPoint(
                factor=factor.id,
                current=current[factor.id],
                value=int(value) if factor.integer else value,
                new_top=forms[int(block[changed[0]])],
                direction="up" if value > current[factor.id] else "down",
            )
        )
    return flips


@overload
def rank_acceptability(
    situation: pd.DataFrame,
    rules: RuleSet | None = None,
    weights: Mapping[str, float] | None = None,
    *,
    n: int = 10_000,
    spread: float = 0.3,
    seed: int = 0,
    answers: AnswerUncertainty = False,
) -> pd.DataFrame: ...


@overload
def rank_acceptability(
    situation: Situation | Mapping[str, Any],
    rules: RuleSet | None = None,
    weights: Mapping[str, float] | None = None,
    *,
    n: int = 10_000,
    spread: float = 0.3,
    seed: int = 0,
    answers: AnswerUncertainty = False,
) -> RankAcceptability: ...


def rank_acceptability(
    situation: Situation | Mapping[str, Any] | pd.DataFrame,
    rules: RuleSet | None = None,
    weights: Mapping[str, float] | None = None,
    *,
    n: int = 10_000,
    spread: float = 0.3,
    seed: int = 0,
    answers: AnswerUncertainty = False,
) -> RankAcceptability | pd.DataFrame:
    """Share of ``n`` weightings sampled around ``weights`` in which each form takes each rank.

    Each theme weight is multiplied by ``exp(spread * z)``, ``z`` standard normal, drawn with
    ``seed`` (the same seed gives the same result). ``spread=0`` gives the score's ranking.

    ``answers`` samples the situation as well, within what the answers leave open
    (:mod:`samenwerking.uncertainty`): ``True`` reads every value on a scale as an answer
    known to half a step and every count as a fact; an :class:`~samenwerking.Assessment` or
    a mapping of :class:`~samenwerking.uncertainty.FactorConfidence` uses what its answers
    say, so a factor answered "weet niet" varies over its whole range. The result then says
    which uncertainty dominates (:attr:`RankAcceptability.dominant`) and which factors can
    change the top form (:attr:`RankAcceptability.uncertain_factors`). ``False`` (the
    default) varies the weights only, as before.

    A DataFrame of situations (one row per corporation) gives a long DataFrame instead:
    ``corporation, form, rank, share``, every corporation under the same weight samples.

    Parameters
    ----------
    situation:
        A :class:`Situation`, a mapping of factor values, or a DataFrame of situations.
    rules:
        The rule set; default the bundled one.
    weights:
        The centre of the weight sampling; default the rule set's own.
    n:
        Weightings drawn.
    spread:
        Width of the log-normal spread around each weight (0: the centre only).
    seed:
        Seed of the drawing.
    answers:
        Whether and how the answers are sampled too (see above).

    Returns
    -------
    RankAcceptability or pandas.DataFrame
        Per form the share of draws giving it each rank (a long DataFrame for a frame).

    Raises
    ------
    SituationError
        The situation does not fit the rule set.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    if not np.isfinite(spread) or spread < 0:
        raise ValueError(f"spread must be 0 or more, got {spread}")
    rules = rules or load_rules()
    base = normalise_weights(rules, weights)
    if isinstance(situation, pd.DataFrame):
        if answers is not False:
            raise ValueError("answers can be sampled for one situation at a time")
        return portfolio_acceptability(situation, rules, base, n=n, spread=spread, seed=seed)
    checked = validate_situation(situation, rules)
    themes = rules.theme_ids
    normalised, multipliers = sampled_multipliers(rules, base, n, spread, seed)
    values = {k: float(v) for k, v in checked.values().items()}
    extra: dict[str, Any] = {}
    if answers is False:
        scores, _ = score_arrays(values, rules, dict(zip(themes, multipliers, strict=True)), n)
    else:
        confidence = _confidence_of(answers, values, rules)
        scores, extra = _with_answers(values, confidence, rules, base, multipliers, n, seed)
    ranks = rank_arrays(scores)[0]
    forms = rules.form_ids
    shares, central, mean_rank = {}, {}, {}
    for i, form in enumerate(forms):
        counts = np.bincount(ranks[i].astype(np.intp) - 1, minlength=len(forms))
        shares[form] = (counts / n).tolist()
        mean_rank[form] = int(ranks[i].sum(dtype=np.int64)) / n
        winning = ranks[i] == 1
        central[form] = (
            dict(zip(themes, normalised[winning].mean(axis=0).tolist(), strict=True))
            if winning.any()
            else None
        )
    return RankAcceptability(
        forms=list(forms),
        shares=shares,
        mean_rank=mean_rank,
        central_weights=central,
        base_weights=base,
        samples=n,
        spread=spread,
        seed=seed,
        **extra,
    )


#: What ``rank_acceptability(answers=...)`` accepts: no answers sampled, the values read as
#: answers, or what an assessment's answers say.
AnswerUncertainty = bool | Assessment | Mapping[str, FactorConfidence]


def _confidence_of(
    answers: AnswerUncertainty, values: Mapping[str, float], rules: RuleSet
) -> Mapping[str, FactorConfidence]:
    if isinstance(answers, Assessment):
        return answers.confidence
    if isinstance(answers, Mapping):
        return answers
    return situation_confidence(values, rules)


def _with_answers(
    values: Mapping[str, float],
    confidence: Mapping[str, FactorConfidence],
    rules: RuleSet,
    base: Mapping[str, float],
    multipliers: list[np.ndarray],
    n: int,
    seed: int,
) -> tuple[np.ndarray, dict[str, Any]]:
    """Scores with answers and weights sampled together, and what each uncertainty does alone.

    Scores are linear in the weights, so the sampled situations' theme points serve three
    times: under the sampled weights (together), under the given weights (answers alone);
    the given situation under the sampled weights gives the weights alone. Each factor that
    can vary is then sampled on its own to find the ones that can change the top form.
    """
    rng = np.random.default_rng([seed, 1])  # answers drawn apart from the weights' stream
    sampled = sample_factor_values(confidence, values, rules, n, rng)
    points, knocked = theme_points(sampled, rules, n)
    together = knock_out_and_clamp(weighted_scores(points, multipliers, rules), knocked)
    fixed = _given_multipliers(rules, base)
    answers_only = knock_out_and_clamp(weighted_scores(points, fixed, rules), knocked)
    point, point_knocked = theme_points(values, rules, 1)
    at_answers = knock_out_and_clamp(weighted_scores(point, fixed, rules), point_knocked)
    top = int(rank_arrays(at_answers)[1][0])
    weights_only = knock_out_and_clamp(weighted_scores(point, multipliers, rules), point_knocked)
    instability = {}
    for factor in rules.factors:
        facts = confidence.get(factor.id)
        if facts is None or not varies(facts, factor):
            continue
        alone = sample_factor_values(confidence, values, rules, n, rng, frozenset({factor.id}))
        own_points, own_knocked = theme_points(alone, rules, n)
        own = knock_out_and_clamp(weighted_scores(own_points, fixed, rules), own_knocked)
        moved = float(np.mean(rank_arrays(own)[1] != top))
        if moved >= NAMED_INSTABILITY:
            instability[factor.id] = moved
    return together, {
        "answers": True,
        "stays_first": float(np.mean(rank_arrays(together)[1] == top)),
        "by_source": {
            "weights": float(np.mean(rank_arrays(weights_only)[1] == top)),
            "answers": float(np.mean(rank_arrays(answers_only)[1] == top)),
        },
        "uncertain_factors": dict(sorted(instability.items(), key=lambda kv: -kv[1])),
    }


def _given_multipliers(rules: RuleSet, base: Mapping[str, float]) -> list[float]:
    """The multipliers of the given weights, in the rule set's theme order."""
    found = theme_multipliers(rules, dict(base))
    return [float(found[t]) for t in rules.theme_ids]


def sampled_multipliers(
    rules: RuleSet, base: Mapping[str, float], n: int, spread: float, seed: int
) -> tuple[np.ndarray, list[np.ndarray]]:
    """``n`` weightings around ``base`` (normalised shares, and multipliers per theme).

    The same draw as :func:`rank_acceptability` makes for the same arguments, so a what-if
    over a portfolio reproduces it exactly for every corporation.
    """
    themes = rules.theme_ids
    draw = _cached_weight_samples if n <= CACHED_SAMPLES else _weight_samples
    normalised, multipliers = draw(rules, tuple(float(base[t]) for t in themes), n, spread, seed)
    return normalised, [multipliers[t] for t in themes]


#: Scores held at once when many situations meet many weightings (about 2 MB per form).
SAMPLE_CELLS = 1 << 16


def rank_counts(
    points: np.ndarray,
    knocked: np.ndarray,
    multipliers: list[np.ndarray],
    rules: RuleSet,
    *,
    every_rank: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For many situations under many weightings: how often each form is first, its rank sum.

    ``points`` and ``knocked`` come from :func:`~samenwerking.scoring.theme_points`
    (forms x themes x situations); each multiplier holds one value per weighting. Returns
    ``first`` and ``rank_sum`` (situations x forms, counts over the weightings) and the count
    of each rank (situations x forms x ranks; with no ranks unless ``every_rank``).

    Scores linear in the weights make this a product of the theme points with the
    multipliers, taken a few situations at a time so the scores fit in cache. The scores,
    the tie rule and so the counts are exactly those of :func:`rank_acceptability`.
    """
    forms, _, size = points.shape
    samples = len(multipliers[0])
    step = max(1, SAMPLE_CELLS // samples)
    first = np.zeros((size, forms), dtype=np.int64)
    rank_sum = np.zeros((size, forms), dtype=np.int64)
    counts = np.zeros((size, forms, forms if every_rank else 0), dtype=np.int64)
    for start in range(0, size, step):
        part = slice(start, min(start + step, size))
        scores = weighted_scores(points[:, :, part, None], multipliers, rules)
        knock_out_and_clamp(scores, knocked[:, part])
        if every_rank:
            ranks = rank_arrays(scores)[0]
            for rank in range(forms):
                counts[part, :, rank] = np.count_nonzero(ranks == rank + 1, axis=2).T
            first[part] = counts[part, :, 0]
            rank_sum[part] = ranks.sum(axis=2, dtype=np.int64).T
            continue
        # Each pair compared once: the earlier form wins a tie, as in rank_scores.
        wins_all = np.ones(scores.shape, dtype=bool)
        rank_sum[part] += samples
        for i in range(forms):
            for j in range(i + 1, forms):
                earlier_wins = scores[i] >= scores[j]
                won = np.count_nonzero(earlier_wins, axis=1)
                rank_sum[part, j] += won
                rank_sum[part, i] += samples - won
                wins_all[i] &= earlier_wins
                wins_all[j] &= ~earlier_wins
        first[part] = np.count_nonzero(wins_all, axis=2).T
    return first, rank_sum, counts


def portfolio_acceptability(
    frame: pd.DataFrame,
    rules: RuleSet,
    weights: Mapping[str, float],
    *,
    n: int,
    spread: float,
    seed: int,
) -> pd.DataFrame:
    """:func:`rank_acceptability` for every row of ``frame``: corporation, form, rank, share."""
    columns = factor_columns(frame, rules)
    points, knocked = theme_points(columns, rules, len(frame))
    _, multipliers = sampled_multipliers(rules, weights, n, spread, seed)
    _, _, counts = rank_counts(points, knocked, multipliers, rules, every_rank=True)
    forms = len(rules.form_ids)
    return pd.DataFrame(
        {
            "corporation": np.repeat(frame.index.to_numpy(), forms * forms),
            "form": pd.Categorical.from_codes(
                np.tile(np.repeat(np.arange(forms), forms), len(frame)),
                categories=pd.Index(list(rules.form_ids)),
            ),
            "rank": np.tile(np.arange(1, forms + 1), len(frame) * forms),
            "share": (counts / n).ravel(),
        }
    )


def portfolio_flip_points(
    frame: pd.DataFrame, rules: RuleSet, weights: Mapping[str, float] | None
) -> pd.DataFrame:
    """:func:`flip_points` for every row of ``frame``, as one long table."""
    columns = factor_columns(frame, rules)
    records = []
    for row, corporation in enumerate(frame.index):
        situation = {name: float(values[row]) for name, values in columns.items()}
        for flip in flip_points(situation, rules, weights):
            records.append(
                (
                    corporation,
                    flip.factor,
                    flip.current,
                    flip.value,
                    flip.new_top,
                    flip.direction,
                    flip.distance,
                )
            )
    table = pd.DataFrame(
        records,
        columns=["corporation", "factor", "current", "value", "new_top", "direction", "distance"],
    )
    return table.astype({"value": float, "distance": float})


#: Weight samples up to this many are kept for the next call (the dashboard draws 2,000 on
#: every answer); larger draws, made once in an analysis, are not worth the memory.
CACHED_SAMPLES = 5_000


def _weight_samples(
    rules: RuleSet, base: tuple[float, ...], n: int, spread: float, seed: int
) -> tuple[np.ndarray, dict[str, Any]]:
    """``n`` weightings around ``base``: their shares per theme and their theme multipliers.

    They depend on the weights, ``n``, ``spread`` and ``seed``, not on the situation, so the
    dashboard, which asks for the same draw on every answer, can keep them.
    """
    themes = rules.theme_ids
    noise = np.random.default_rng(seed).standard_normal((n, len(themes)))
    sampled = np.array(base) * np.exp(spread * noise)
    multipliers = theme_multipliers(rules, {t: sampled[:, i] for i, t in enumerate(themes)})
    totals = sampled.sum(axis=1, keepdims=True)
    normalised = np.divide(sampled, totals, out=np.zeros_like(sampled), where=totals > 0)
    for array in (normalised, *multipliers.values()):
        array.flags.writeable = False  # shared between calls once cached
    return normalised, multipliers


_cached_weight_samples = lru_cache(maxsize=16)(_weight_samples)


class Separation(BaseModel):
    """The nearest whole-answer change of one factor that makes ``form`` the clear advice."""

    model_config = ConfigDict(frozen=True)

    form: str
    factor: str
    current: float
    value: float


def separating_changes(
    situation: Situation | Mapping[str, Any],
    close: list[str],
    rules: RuleSet | None = None,
    weights: Mapping[str, float] | None = None,
) -> list[Separation]:
    """For each of the ``close`` forms, the smallest factor change that makes it clearly best.

    When the advice is unclear (the best forms lie within the rule set's ``clear_margin``), a
    director wants to know what would settle it. Scale factors are tried at whole answers
    (1, 2, ... 5), counts on their flip-point grid; of all single-factor changes that make a
    form the top *and* clear without knocking out another close form, the one nearest
    (relative to the factor's range) is kept.

    Examples
    --------
    >>> from samenwerking import Situation, load_rules, score
    >>> rules = load_rules()
    >>> advice = score(Situation.example(), rules)
    >>> changes = separating_changes(Situation.example(), advice.close_forms, rules)
    >>> all(c.form in advice.close_forms for c in changes)
    True
    """
    rules = rules or load_rules()
    checked = validate_situation(situation, rules)
    multipliers = theme_multipliers(rules, normalise_weights(rules, weights))
    current = {k: float(v) for k, v in checked.values().items()}
    thresholds = _thresholds(rules)
    candidates = {}
    for factor in rules.factors:
        if factor.integer:
            grid = factor_candidates(factor, thresholds[factor.id], current[factor.id])
        else:
            low, high = factor.meaningful_range
            grid = np.arange(np.ceil(low), np.floor(high) + 1)
            grid = grid[grid != current[factor.id]]
        candidates[factor.id] = grid
    total = sum(len(c) for c in candidates.values())
    if total == 0:
        return []
    columns = {name: np.full(total, value) for name, value in current.items()}
    owner, start = [], 0
    for name, values in candidates.items():
        columns[name][start : start + len(values)] = values
        owner += [name] * len(values)
        start += len(values)
    scores, knocked = score_arrays(columns, rules, multipliers, total)
    _, knocked_now = score_arrays(current, rules, multipliers, 1)
    # A change that wins only by ruling the other close forms out (no partners at all, say)
    # settles nothing a board can act on: such candidates are left out.
    close_rows = [rules.form_ids.index(f) for f in close]
    rules_out = (knocked[close_rows] & ~knocked_now[close_rows]).any(axis=0)
    _, top, gap = rank_arrays(scores)
    if len(scores) < 2:
        gap = np.full(total, np.inf)
    clear = is_clear(gap, rules.metadata.clear_margin)
    values = np.concatenate([candidates[name] for name in candidates])
    spans = np.array(
        [rules.factors_by_id[n].maximum - rules.factors_by_id[n].minimum for n in owner]
    )
    distance = np.abs(values - np.array([current[n] for n in owner])) / spans
    forms = rules.form_ids
    found = []
    for form in close:
        hits = np.flatnonzero(clear & ~rules_out & (top == forms.index(form)))
        if len(hits) == 0:
            continue
        best = hits[np.argmin(distance[hits])]
        factor = owner[best]
        found.append(
            Separation(
                form=form,
                factor=factor,
                current=current[factor],
                value=float(values[best]),
            )
        )
    return found
