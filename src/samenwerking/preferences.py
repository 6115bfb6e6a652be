"""Theme weights from choices: "wat vindt u belangrijker?" instead of abstract sliders.

A weight of "1,75 for doelmatigheid" means little to a board. Tools directors already use
(1000minds, MACBETH) derive weights from simple choices instead; this module does the same, and
also says how much the choices leave undecided and asks the question that decides *this*
situation's advice.

The model
---------
A form's score is ``base + c(w) * (P_f . w)``: ``P_f`` the points form *f* gets per theme in this
situation at weight 1, ``w`` the theme weights and ``c(w) > 0`` one scale shared by all forms
(:mod:`samenwerking.scoring`). So the best form is the one with the largest ``P_f . w`` among the
forms not knocked out: linear in the weights, and only their proportions matter. We keep the
weights on the simplex (``w >= 0``, ``sum w = 1``).

A trade-off question (:class:`TradeOff`) sets a gain on one theme against a loss on another,
``ratio`` times as large. Answer "A" (the gain weighs more) means ``w_gain >= ratio * w_loss``;
"B" the reverse; "even belangrijk" means the two lie within :data:`EQUAL_BAND` of each other.
Every answer is a linear constraint, so the weights compatible with all answers form a
polytope. HiGHS (scipy's LP solver) finds its Chebyshev centre (the central weights) and says
whether it is empty; an empty one is explained by the smallest set of conflicting answers
(a deletion filter). Hit-and-run sampling spreads points over the polytope: the share of them
in which each form comes first is the firmness of the advice over every compatible weighting,
and the next question is the one whose answer is expected to leave the least doubt about the
best form (expected entropy of the best form over the samples).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from samenwerking.errors import WeightsError, did_you_mean, msg
from samenwerking.languages import DEFAULT_LANGUAGE
from samenwerking.numbers import format_share
from samenwerking.rules.ruleset import RuleSet
from samenwerking.scoring import theme_points as points_by_theme
from samenwerking.situation import Situation, validate_situation
from samenwerking.translations import say, say_count

Choice = Literal["A", "B", "equal"]
CHOICES: tuple[Choice, ...] = ("A", "B", "equal")
#: "Even belangrijk": the two sides lie within this share of their sum of each other.
EQUAL_BAND = 0.2
#: Stop asking when the best form is the same in at least this share of compatible weights.
FIRM_SHARE = 0.95
#: Most questions asked unless the user sets another maximum.
DEFAULT_MAX_QUESTIONS = 12
#: Points sampled over the polytope (chains run side by side) and steps each chain takes.
SAMPLES = 400
WALK_STEPS = 25
#: Ratios offered for every pair of themes beside the tipping points of this situation.
GENERIC_RATIOS = (0.5, 1.0, 2.0)
#: An LP on a polytope thinner than this (in weight units) counts as empty.
MIN_RADIUS = 1e-9
#: Sliders on the Advies page run from 0 to this.
SLIDER_MAX = 3.0


class TradeOff(BaseModel):
    """A gain on one theme against a loss on another, ``ratio`` times as large."""

    model_config = ConfigDict(frozen=True)

    gain: str = Field(description="The theme that gains (option A).")
    loss: str = Field(description="The theme that loses (option A).")
    ratio: float = Field(gt=0, description="Size of the loss relative to the gain.")


class Answer(BaseModel):
    """One answer: the question and the choice made."""

    model_config = ConfigDict(frozen=True)

    question: TradeOff
    choice: Choice


class PreferenceResult(BaseModel):
    """What the answers say: central weights, the advice's firmness, and the answers as data."""

    model_config = ConfigDict(frozen=True)

    weights: dict[str, float] = Field(description="Central weights, scaled for the sliders.")
    firmness: dict[str, float] = Field(
        description="Per form, the share of compatible weights in which it comes first."
    )
    acceptability: dict[str, list[float]] = Field(
        description="Per form, the share of compatible weights at each rank (1, 2, ...)."
    )
    top: str
    answers: list[Answer]
    consistent: bool
    conflicts: list[int] = Field(
        default_factory=list, description="Indices of the smallest set of conflicting answers."
    )
    done: bool = Field(description="The best form is settled, or the maximum was reached.")


@dataclass(frozen=True, eq=False)
class Preferences:
    """The answers so far for one situation; every method is pure (answers give a new value).

    Build it with :func:`start`.
    """

    rules: RuleSet
    points: np.ndarray  # forms x themes, at weight 1
    knocked: np.ndarray  # forms
    answers: tuple[Answer, ...] = ()
    max_questions: int = DEFAULT_MAX_QUESTIONS
    seed: int = 0
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def themes(self) -> tuple[str, ...]:
        """The rule set's themes, in order (the columns of ``points``)."""
        return self.rules.theme_ids

    def answer(self, question: TradeOff, choice: Choice) -> Preferences:
        """These preferences with one more answer."""
        if choice not in CHOICES:
            raise ValueError(f"choice must be one of {CHOICES}, got {choice!r}")
        return self._with((*self.answers, Answer(question=question, choice=choice)))

    def undo(self) -> Preferences:
        """These preferences without the last answer."""
        return self._with(self.answers[:-1])

    def without(self, index: int) -> Preferences:
        """These preferences without answer ``index`` (a director revisits it: asked anew)."""
        return self._with(self.answers[:index] + self.answers[index + 1 :])

    def revise(self, index: int, choice: Choice) -> Preferences:
        """These preferences with answer ``index`` changed (to resolve a conflict)."""
        answers = list(self.answers)
        answers[index] = Answer(question=answers[index].question, choice=choice)
        return self._with(tuple(answers))

    def _with(self, answers: tuple[Answer, ...]) -> Preferences:
        return Preferences(
            self.rules, self.points, self.knocked, answers, self.max_questions, self.seed
        )

    # --- the polytope -------------------------------------------------------------------

    def constraints(self) -> np.ndarray:
        """Every answer as rows ``g`` with ``g . w <= 0`` (weights on the simplex)."""
        rows = [row for a in self.answers for row in answer_rows(a, self.themes)]
        return np.array(rows, dtype=float).reshape(len(rows), len(self.themes))

    def centre(self) -> tuple[np.ndarray, float] | None:
        """The Chebyshev centre of the compatible weights and its radius; None if empty."""
        if "centre" not in self._cache:
            self._cache["centre"] = chebyshev_centre(self.constraints(), len(self.themes))
        found: tuple[np.ndarray, float] | None = self._cache["centre"]
        return found

    @property
    def consistent(self) -> bool:
        """Some weights satisfy every answer."""
        return self.centre() is not None

    def conflicts(self) -> list[int]:
        """The smallest set of answers that cannot all hold (empty when they can).

        A deletion filter: drop each answer in turn and keep it dropped when the rest still
        conflict. What remains conflicts, and leaving out any one of it resolves the conflict.
        """
        if self.consistent:
            return []
        keep = list(range(len(self.answers)))
        for index in range(len(self.answers)):
            trial = [i for i in keep if i != index]
            rows = [r for i in trial for r in answer_rows(self.answers[i], self.themes)]
            matrix = np.array(rows, dtype=float).reshape(len(rows), len(self.themes))
            if chebyshev_centre(matrix, len(self.themes)) is None:
                keep = trial
        return keep

    def samples(self, n: int = SAMPLES) -> np.ndarray:
        """``n`` weightings spread over the compatible weights (hit-and-run), on the simplex."""
        key = f"samples:{n}"
        if key not in self._cache:
            centre = self.centre()
            if centre is None:
                self._cache[key] = np.empty((0, len(self.themes)))
            else:
                rng = np.random.default_rng(self.seed + len(self.answers))
                self._cache[key] = hit_and_run(self.constraints(), centre[0], n, rng)
        samples: np.ndarray = self._cache[key]
        return samples

    # --- the advice over the polytope ------------------------------------------------------

    def tops(self, weights: np.ndarray) -> np.ndarray:
        """The best form's index for each row of ``weights`` (knocked-out forms never)."""
        values = weights @ self.points.T  # samples x forms
        values[:, self.knocked] = -np.inf
        tops: np.ndarray = np.argmax(values, axis=1)
        return tops

    def firmness(self) -> dict[str, float]:
        """Per form, the share of compatible weightings in which it comes first."""
        samples = self.samples()
        forms = self.rules.form_ids
        if len(samples) == 0:
            return dict.fromkeys(forms, 0.0)
        counts = np.bincount(self.tops(samples), minlength=len(forms)) / len(samples)
        return {form: float(counts[i]) for i, form in enumerate(forms)}

    def acceptability(self) -> dict[str, list[float]]:
        """Rank acceptability over the compatible weights: per form, the share at each rank.

        The same table as :func:`samenwerking.sensitivity.rank_acceptability`, but over the
        weightings the answers allow rather than around one weighting.
        """
        samples = self.samples()
        forms = self.rules.form_ids
        if len(samples) == 0:
            return {form: [0.0] * len(forms) for form in forms}
        values = samples @ self.points.T
        values[:, self.knocked] = -np.inf
        order = np.argsort(-values, axis=1, kind="stable")  # samples x ranks -> form
        return {
            form: [float(np.mean(order[:, rank] == i)) for rank in range(len(forms))]
            for i, form in enumerate(forms)
        }

    @property
    def done(self) -> bool:
        """Asking more would not change the advice: it is settled, or the maximum is reached."""
        if len(self.answers) >= self.max_questions:
            return True
        return self.consistent and max(self.firmness().values()) >= FIRM_SHARE

    def next_question(self, *, refine: bool = False) -> TradeOff | None:
        """The question whose answer leaves the least doubt about the best form; None when done.

        With conflicting answers there is no next question: first revisit one of
        :meth:`conflicts`. ``refine`` keeps asking after the advice is settled (until the
        maximum): the answers then narrow the weights the sliders show, the most evenly
        splitting question first.
        """
        if not self.consistent or len(self.answers) >= self.max_questions:
            return None
        if self.done and not refine:
            return None
        samples = self.samples()
        tops = self.tops(samples)
        asked = {
            (a.question.gain, a.question.loss, round(a.question.ratio, 3)) for a in self.answers
        }
        best: tuple[float, float, TradeOff] | None = None
        candidates = candidate_questions(self.points, self.knocked, self.themes)
        candidates += splitting_questions(samples, tops, self.themes)
        for question in candidates:
            if (question.gain, question.loss, round(question.ratio, 3)) in asked:
                continue
            branches = predicted_choices(question, samples, self.themes)
            doubt, largest = expected_doubt(branches, tops, len(self.rules.form_ids))
            key = (doubt, largest)
            if best is None or key < best[:2]:
                best = (doubt, largest, question)
        return None if best is None else best[2]

    def result(self) -> PreferenceResult:
        """Central weights (for the sliders), firmness, the answers and whether they conflict."""
        centre = self.centre()
        firmness = self.firmness()
        weights = centre[0] if centre is not None else np.full(len(self.themes), 1.0)
        top = max(firmness, key=lambda f: firmness[f]) if centre is not None else ""
        return PreferenceResult(
            weights=slider_weights(weights, self.themes),
            firmness=firmness,
            acceptability=self.acceptability(),
            top=top,
            answers=list(self.answers),
            consistent=centre is not None,
            conflicts=self.conflicts(),
            done=self.done,
        )


def start(
    situation: Situation | Mapping[str, Any],
    rules: RuleSet,
    answers: Sequence[Answer | Mapping[str, Any]] = (),
    *,
    max_questions: int = DEFAULT_MAX_QUESTIONS,
    seed: int = 0,
) -> Preferences:
    """Preferences for ``situation`` (its points per form and theme), with earlier ``answers``.

    Examples
    --------
    >>> from samenwerking import Situation, load_rules
    >>> rules = load_rules()
    >>> prefs = start(Situation.example(rules), rules)
    >>> question = prefs.next_question()
    >>> prefs = prefs.answer(question, "A")
    >>> prefs.consistent
    True
    """
    if max_questions < 1:
        raise ValueError(f"max_questions must be at least 1, got {max_questions}")
    checked = validate_situation(situation, rules)
    points, knocked = theme_points(checked.values(), rules)
    parsed = tuple(_answer(a, rules) for a in answers)
    return Preferences(rules, points, knocked, parsed, max_questions, seed)


def _answer(given: Answer | Mapping[str, Any], rules: RuleSet) -> Answer:
    """An answer checked against the rule set's themes; a clear error in the user's words."""
    try:
        answer = given if isinstance(given, Answer) else Answer.model_validate(given)
    except ValidationError:
        raise WeightsError(msg("entry_choice")) from None
    for theme in (answer.question.gain, answer.question.loss):
        if theme not in rules.theme_ids:
            hint = did_you_mean(theme, rules.theme_ids)
            raise WeightsError(msg("weight_unknown_theme", name=theme, hint=hint))
    return answer


def theme_points(values: Mapping[str, float], rules: RuleSet) -> tuple[np.ndarray, np.ndarray]:
    """Points per form and theme at weight 1 (forms x themes), and which forms are knocked out."""
    points, knocked = points_by_theme(values, rules, 1)
    return points[:, :, 0], knocked[:, 0]


def answer_rows(answer: Answer, themes: Sequence[str]) -> list[np.ndarray]:
    """The answer as rows ``g`` with ``g . w <= 0``."""
    gain, loss = themes.index(answer.question.gain), themes.index(answer.question.loss)
    ratio = answer.question.ratio

    def row(on_gain: float, on_loss: float) -> np.ndarray:
        values = np.zeros(len(themes))
        values[gain], values[loss] = on_gain, on_loss
        return values

    if answer.choice == "A":  # w_gain >= ratio * w_loss
        return [row(-1.0, ratio)]
    if answer.choice == "B":  # ratio * w_loss >= w_gain
        return [row(1.0, -ratio)]
    band = EQUAL_BAND  # |w_gain - ratio w_loss| <= band (w_gain + ratio w_loss)
    return [row(1 - band, -(1 + band) * ratio), row(-(1 + band), (1 - band) * ratio)]


def chebyshev_centre(rows: np.ndarray, size: int) -> tuple[np.ndarray, float] | None:
    """The centre of the largest ball in {w >= 0, sum w = 1, rows . w <= 0}, or None if empty.

    Distances are measured within the simplex's plane, so each row's normal is first projected
    onto it. Solved by HiGHS; variables are the weights and the radius.
    """
    from scipy.optimize import linprog  # scipy loads only when weights come from choices

    inequalities = np.vstack([-np.eye(size), rows]) if len(rows) else -np.eye(size)
    normals = inequalities - inequalities.mean(axis=1, keepdims=True)
    lengths = np.linalg.norm(normals, axis=1)
    a_ub = np.hstack([inequalities, lengths[:, None]])
    b_ub = np.zeros(len(inequalities))
    a_eq = np.hstack([np.ones(size), [0.0]])[None, :]
    cost = np.zeros(size + 1)
    cost[-1] = -1.0  # maximise the radius
    bounds = [(0.0, 1.0)] * size + [(0.0, 1.0)]
    found = linprog(
        cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=bounds, method="highs"
    )
    if found.status != 0 or found.x[-1] <= MIN_RADIUS:
        return None
    return np.asarray(found.x[:size]), float(found.x[-1])


def hit_and_run(
    rows: np.ndarray, start_point: np.ndarray, n: int, rng: np.random.Generator
) -> np.ndarray:
    """``n`` points spread over {w >= 0, sum w = 1, rows . w <= 0} by hit-and-run.

    ``n`` chains start at an interior point and walk side by side (numpy over the chains):
    each step draws a direction within the simplex's plane, finds how far the polytope
    reaches both ways, and moves to a uniform point on that segment.
    """
    size = len(start_point)
    inequalities = np.vstack([-np.eye(size), rows]) if len(rows) else -np.eye(size)
    points = np.tile(start_point, (n, 1))
    for _ in range(WALK_STEPS):
        direction = rng.standard_normal((n, size))
        direction -= direction.mean(axis=1, keepdims=True)
        along = direction @ inequalities.T  # n x constraints
        slack = -(points @ inequalities.T)  # >= 0 inside
        with np.errstate(divide="ignore", invalid="ignore"):
            reach = np.where(along != 0, slack / along, np.inf)
        upper = np.where(along > 0, reach, np.inf).min(axis=1)
        lower = np.where(along < 0, reach, -np.inf).max(axis=1)
        upper = np.where(np.isfinite(upper), upper, 0.0)
        lower = np.where(np.isfinite(lower), lower, 0.0)
        step = lower + (upper - lower) * rng.random(n)
        points = points + step[:, None] * direction
        points = np.clip(points, 0.0, None)
        points /= points.sum(axis=1, keepdims=True)
    return points


def candidate_questions(
    points: np.ndarray, knocked: np.ndarray, themes: Sequence[str]
) -> list[TradeOff]:
    """Questions worth asking here: each pair of forms' tipping ratios, and a few generic ones.

    Form *f* gains ``d_i`` on theme *i* over form *g* and loses ``d_j`` on theme *j*: asking
    whether a gain on *i* outweighs a loss ``d_j / d_i`` as large on *j* decides between them
    on those two themes.
    """
    found: dict[tuple[int, int, float], TradeOff] = {}
    open_forms = [f for f in range(len(points)) if not knocked[f]]
    for f in open_forms:
        for g in open_forms:
            if f == g:
                continue
            difference = points[f] - points[g]
            gains = [int(i) for i in np.flatnonzero(difference > 1e-9)]
            losses = [int(j) for j in np.flatnonzero(difference < -1e-9)]
            for gain in gains:
                for loss in losses:
                    ratio = float(-difference[loss] / difference[gain])
                    if 1 / 20 <= ratio <= 20:
                        _add(found, gain, loss, ratio, themes)
    for first in range(len(themes)):
        for second in range(first + 1, len(themes)):
            for ratio in GENERIC_RATIOS:
                _add(found, first, second, ratio, themes)
    return list(found.values())


def splitting_questions(
    samples: np.ndarray, tops: np.ndarray, themes: Sequence[str]
) -> list[TradeOff]:
    """Questions that cut the remaining weights where the best form is still in doubt.

    For each pair of themes, the ratios at the quartiles of ``w_i / w_j`` among the samples
    whose best form is not the most common one together with as many that share it: an answer
    then splits the doubtful part of the polytope about evenly.
    """
    if len(samples) == 0:
        return []
    common = np.bincount(tops).argmax()
    doubtful = samples[tops != common]
    if len(doubtful) == 0:
        return []
    mixed = np.vstack([doubtful, samples[tops == common][: len(doubtful)]])
    found: dict[tuple[int, int, float], TradeOff] = {}
    for first in range(len(themes)):
        for second in range(first + 1, len(themes)):
            with np.errstate(divide="ignore", invalid="ignore"):
                ratios = mixed[:, first] / mixed[:, second]
            ratios = ratios[np.isfinite(ratios) & (ratios > 0)]
            if len(ratios) == 0:
                continue
            for quantile in (0.25, 0.5, 0.75):
                ratio = float(np.quantile(ratios, quantile))
                if 1 / 20 <= ratio <= 20:
                    _add(found, first, second, ratio, themes)
    return list(found.values())


def _add(
    found: dict[tuple[int, int, float], TradeOff],
    i: int,
    j: int,
    ratio: float,
    themes: Sequence[str],
) -> None:
    """Add a question once: (i, j, r) and (j, i, 1/r) ask the same."""
    if i > j:
        i, j, ratio = j, i, 1 / ratio
    key = (i, j, round(math.log(ratio), 2))
    found.setdefault(key, TradeOff(gain=themes[i], loss=themes[j], ratio=ratio))


def predicted_choices(question: TradeOff, weights: np.ndarray, themes: Sequence[str]) -> np.ndarray:
    """The choice each weighting would make (0 = A, 1 = B, 2 = even), as a director would."""
    gain = weights[:, themes.index(question.gain)]
    loss = question.ratio * weights[:, themes.index(question.loss)]
    difference, total = gain - loss, gain + loss
    choices = np.where(difference > 0, 0, 1)
    choices = np.where(np.abs(difference) <= EQUAL_BAND / 2 * total, 2, choices)
    return np.asarray(choices)


def expected_doubt(branches: np.ndarray, tops: np.ndarray, forms: int) -> tuple[float, float]:
    """Expected entropy of the best form after the answer, and the largest branch's share."""
    doubt, largest = 0.0, 0.0
    size = len(branches)
    for branch in range(3):
        members = tops[branches == branch]
        if len(members) == 0:
            continue
        share = len(members) / size
        counts = np.bincount(members, minlength=forms) / len(members)
        counts = counts[counts > 0]
        doubt += share * float(-(counts * np.log(counts)).sum())
        largest = max(largest, share)
    return doubt, largest


def slider_weights(weights: np.ndarray, themes: Sequence[str]) -> dict[str, float]:
    """Simplex weights as slider values: mean 1, at most :data:`SLIDER_MAX`, two decimals.

    Only proportions matter to the advice, so the scale is free: a mean of 1 matches the
    rule set's defaults, and the largest is capped at the slider's end.
    """
    scaled = np.asarray(weights, dtype=float) * len(themes)
    if scaled.max() > SLIDER_MAX:
        scaled = scaled * SLIDER_MAX / scaled.max()
    return {theme: round(float(v), 2) for theme, v in zip(themes, scaled, strict=True)}


def simulated_choice(question: TradeOff, hidden: Mapping[str, float]) -> Choice:
    """What a director with weights ``hidden`` answers (for benchmarks and tests)."""
    gain = hidden[question.gain]
    loss = question.ratio * hidden[question.loss]
    if abs(gain - loss) <= EQUAL_BAND / 2 * (gain + loss):
        return "equal"
    return "A" if gain > loss else "B"


def question_texts(
    question: TradeOff, rules: RuleSet, lang: str = DEFAULT_LANGUAGE
) -> tuple[str, str]:
    """Options A and B in words a director uses.

    A: a gain on one theme at a cost on another; B: neither (both stay as they are). The size
    words follow the ratio: the larger side is "veel", the smaller "iets", "duidelijk" or
    "veel" as it is under 0,4, 0,8 or more of the larger.
    """
    gain_size, loss_size = _sizes(question.ratio)
    gain = rules.label("theme", question.gain, lang)
    loss = rules.label("theme", question.loss, lang)
    option_a = say(
        "prefs.option_a",
        lang,
        gain=gain,
        loss=loss,
        gain_size=say(f"prefs.size_{gain_size}", lang),
        loss_size=say(f"prefs.size_{loss_size}", lang),
    )
    option_b = say("prefs.option_b", lang, gain=gain, loss=loss)
    return option_a, option_b


def answer_text(answer: Answer, rules: RuleSet, lang: str = DEFAULT_LANGUAGE) -> str:
    """The option an answer chose, in the words the question showed."""
    option_a, option_b = question_texts(answer.question, rules, lang)
    return {"A": option_a, "B": option_b, "equal": say("prefs.equal", lang)}[answer.choice]


def progress_text(prefs: Preferences, lang: str = DEFAULT_LANGUAGE) -> str:
    """Where the choices stand: the advice settled, the maximum reached, or still open.

    "Na 6 keuzes ligt het advies vast: Fusie (bij 97% van de passende gewichten)."
    """
    firmness = prefs.firmness()
    top = max(firmness, key=lambda f: firmness[f])
    key = (
        "prefs.settled"
        if firmness[top] >= FIRM_SHARE
        else "prefs.maximum"
        if len(prefs.answers) >= prefs.max_questions
        else "prefs.progress"
    )
    return say_count(
        key,
        lang,
        len(prefs.answers),
        form=prefs.rules.label("form", top, lang),
        share=format_share(firmness[top], lang, 0),
    )


def _sizes(ratio: float) -> tuple[str, str]:
    def word(share: float) -> str:
        return "small" if share < 0.4 else "clear" if share < 0.8 else "large"

    if ratio >= 1:
        return word(1 / ratio), "large"
    return "large", word(ratio)
