"""Plain functions behind the callbacks: state in, components and figures out.

Each calls the library for the domain work and only formats the result; the callbacks in
``dashboard.callbacks`` are one-line wrappers around these, and the tests call these directly.
"""

from __future__ import annotations

import base64
import re
import unicodedata
from functools import lru_cache
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from samenwerking import Advice, RuleSet, Situation, score
from samenwerking.assessment import provisional
from samenwerking.board_pack import board_pack, flip_sentences
from samenwerking.dashboard import ids
from samenwerking.dashboard.questionnaire import question_groups
from samenwerking.dashboard.state import (
    MAX_COMPARED,
    State,
    add_partner,
    assessment_of,
    empty_state,
    from_dossier,
    normalised,
    partners_of,
    remove_partner,
    repair_state,
    with_answers,
    with_confidence,
)
from samenwerking.dashboard.texts import text
from samenwerking.dashboard.typed_dash import dash_options, html_attributes
from samenwerking.decisive import (
    FIRM_SHARE,
    current_values,
    decisive_questions,
    open_answers_keeping,
)
from samenwerking.documents import Document, to_html, to_pdf
from samenwerking.dossier import (
    DossierError,
    dossier_json,
    make_dossier,
    parse_dossier,
    summary,
)
from samenwerking.figures import (
    Spec,
    acceptability_spec,
    flip_spec,
    form_colours,
    network_spec,
    theme_bars_spec,
    theme_profile,
    waterfall_spec,
    waterfall_steps,
)
from samenwerking.languages import DEFAULT_LANGUAGE
from samenwerking.network import NetworkProposal, propose_network
from samenwerking.network_export import graphml_bytes, png_bytes
from samenwerking.network_metrics import METRIC_NAMES
from samenwerking.numbers import (
    format_number,
    format_share,
    format_value,
    parse_count,
    plotly_separators,
)
from samenwerking.partners import PartnerError, name_problem, partner_facts, with_partners
from samenwerking.path_report import path_reason, step_form_line, step_sections, step_title
from samenwerking.paths import path
from samenwerking.preferences import (
    CHOICES,
    Answer,
    Choice,
    Preferences,
    answer_text,
    progress_text,
    question_texts,
    start,
)
from samenwerking.report import advice_headline, firmness_line
from samenwerking.rules.wording import evidence_label
from samenwerking.sensitivity import RankAcceptability, flip_points, rank_acceptability
from samenwerking.uncertainty import FactorConfidence
from samenwerking.unknown import DONT_KNOW, is_dont_know

ACCEPTABILITY_SAMPLES = 2000


#: The events of the questionnaire page: each comes with every answer control's value.
QUESTIONNAIRE_EVENTS = ("answer", "own", "add_partner", "remove_partner")


#: A trade-off answer as the page sends it, as the preferences take it.
CHOICE_OF: dict[str, Choice] = {choice: choice for choice in CHOICES}


def reduce_state(
    rules: RuleSet,
    trigger: str,
    state: Any,
    *,
    answers: dict[str, Any] | None = None,
    confidence: dict[str, Any] | None = None,
    own: str | None = None,
    partner: tuple[str | None, str | None] = (None, None),
    remove_index: int | None = None,
    upload: str | None = None,
    scenario: dict[str, Any] | None = None,
    undo: Any = None,
    choice: tuple[str, Any] | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> tuple[State, dict[str, Any]]:
    """The next state for one user event, and messages to show (partner, upload).

    ``trigger`` names the event: ``"answer"``, ``"own"``, ``"add_partner"``,
    ``"remove_partner"``, ``"reset"``, ``"undo"``, ``"default_weights"``, ``"upload"``,
    ``"load_scenario"``, or anything else (a page opened: ``"load"``) for no change but the
    repair of what the browser kept.
    """
    current, left_out = repair_state(state, rules)
    messages: dict[str, Any] = {}
    if trigger == "load" and left_out:
        # What the browser kept did not fit (an older rule set, or tampered data): say so.
        messages["upload"] = text("state_repaired", lang)
    if trigger in QUESTIONNAIRE_EVENTS and answers is not None:
        # Every event of the questionnaire page carries all its answer controls, the newest
        # truth: a partner added while an answer's write was still under way keeps that
        # answer. What comes from the page passes the same checks as everything else: a
        # count the network cannot take (1e12 dwellings) is left out, never stored.
        answers, messages["answers"] = read_counts(rules, answers, lang)
        current = with_answers(current, answers)
        if confidence is not None:
            current = with_confidence(current, confidence)
        current = normalised(current, rules)
    if trigger == "answer":
        return current, messages
    if trigger == "own":
        clean = (own or "").strip()
        problem = name_problem(clean) if clean else None
        if problem:
            messages["partner"] = text(problem, lang)
            return current, messages
        return {**current, "own": clean}, messages
    if trigger == "add_partner":
        updated, problem = add_partner(current, *partner)
        name = (partner[0] or "").strip()
        messages["partner"] = text(problem, lang, name=name) if problem else ""
        return updated, messages
    if trigger == "remove_partner" and remove_index is not None:
        return remove_partner(current, remove_index), messages
    if trigger == "reset":
        return empty_state(rules), messages
    if trigger == "default_weights":
        return {**current, "weights": dict(rules.default_weights)}, messages
    if trigger == "upload" and upload:
        try:
            dossier = parse_dossier(decode_upload(upload), rules)
        except DossierError as e:
            messages["upload"] = text("upload_failed", lang, reason=e.reason(lang))
            return current, messages
        messages["upload"] = text("upload_ok", lang, **summary(dossier))
        messages["upload_ok"] = True
        return from_dossier(dossier, rules), messages
    if trigger == "undo" and undo:
        return normalised(undo, rules), messages
    if trigger == "load_scenario" and scenario:
        return normalised(scenario, rules), messages
    if trigger == "choice" and choice is not None:
        return normalised(with_choice(rules, current, choice), rules), messages
    return current, messages


#: What a page's components show, by component and property, in the order of a callback's
#: outputs (``ADVICE_SHOWN`` ...): how a page is built filled in, and what its callbacks
#: change. (A list, not a dict: a pattern-matching id is a dict, which cannot be a key.)
Shown = list[tuple[tuple[Any, str], Any]]

ADVICE_SHOWN = (
    (ids.ADVICE_MISSING, "children"),
    (ids.ADVICE_MISSING, "is_open"),
    (ids.RANKING, "children"),
    (ids.TRADEOFF_BOX, "children"),
    (ids.ADVICE_NOTICE, "children"),
    (ids.ADVICE_BODY, "style"),
    (ids.TRADEOFF_SUMMARY, "children"),
    (ids.ROUTE, "children"),
    (ids.PREFS_BOX, "children"),
)
SENSITIVITY_SHOWN = (
    (ids.FIRMNESS_TEXT, "children"),
    (ids.later_chart(ids.ACCEPTABILITY_BOX), "data"),
    (ids.later_chart(ids.FLIPS_BOX), "data"),
    (ids.FLIPS_TEXT, "children"),
)
WATERFALL_SHOWN = (
    (ids.later_chart(ids.WATERFALL_BOX), "data"),
    (ids.WATERFALL_LIST, "children"),
)


def advice_shown(rules: RuleSet, state: State, advice: Advice | None, lang: str) -> Shown:
    """The ranking, the trade-off chart and the notices of ``advice`` (the state's).

    While a factor has no answer: the list of what is missing instead, the charts hidden.
    """
    if advice is None:
        return list(
            zip(
                ADVICE_SHOWN,
                (
                    missing_text(rules, state, lang),
                    True,
                    [],
                    None,
                    [],
                    {"display": "none"},
                    "",
                    [],
                    [],
                ),
                strict=True,
            )
        )
    tradeoff = tradeoff_view(rules, advice, lang)
    values: tuple[Any, ...] = (
        "",
        False,
        ranking_view(rules, advice, lang, firmness(rules, advice, state), open_count(rules, state)),
        chart(ids.TRADEOFF, tradeoff, lang=lang),
        advice_notice(rules, state, advice, lang),
        {},
        tradeoff_summary(rules, advice, lang),
        route_view(rules, state, advice, lang),
        prefs_view(rules, state, advice, lang),
    )
    return list(zip(ADVICE_SHOWN, values, strict=True))


#: Most trade-off questions the Advies page asks.
PREFS_MAX = 12


def prefs_of(rules: RuleSet, state: State, advice: Advice) -> Preferences:
    """The state's trade-off answers for the advice's situation."""
    return start(advice.situation, rules, state.get("choices", []), max_questions=PREFS_MAX)


def prefs_view(rules: RuleSet, state: State, advice: Advice, lang: str) -> list[Any]:
    """The choices box ("Wat vindt u belangrijker?"): progress, the next question, undo.

    After the advice is settled the questions go on (until the maximum) for those who want
    finer weights; a conflict is named with the answers to revisit instead of a question.
    """
    prefs = prefs_of(rules, state, advice)
    children: list[Any] = [
        html.P(
            progress_text(prefs, lang) if prefs.answers else text("prefs.intro", lang),
            id=ids.PREFS_PROGRESS,
            className="small mb-2",
            role="status",
        )
    ]
    if not prefs.consistent:
        conflicts = prefs.conflicts()
        children.append(
            html.P(
                text("prefs.conflict", lang, answers=", ".join(str(i + 1) for i in conflicts)),
                className="small text-danger mb-1",
            )
        )
        children.append(
            html.Ul(
                [
                    html.Li(
                        dbc.Button(
                            text(
                                "prefs.revise",
                                lang,
                                answer=f"{i + 1}. {answer_text(prefs.answers[i], rules, lang)}",
                            ),
                            id={"type": ids.PREFS_REVISE, "index": i},
                            color="secondary",
                            outline=True,
                            size="sm",
                            className="mb-1 text-start",
                        )
                    )
                    for i in conflicts
                ],
                className="list-unstyled",
            )
        )
    else:
        question = prefs.next_question(refine=True)
        if question is not None:
            option_a, option_b = question_texts(question, rules, lang)
            children.append(
                html.Div(
                    [
                        _choice_button(f"A: {option_a}", "A", "primary"),
                        _choice_button(f"B: {option_b}", "B", "primary"),
                        _choice_button(text("prefs.equal", lang), "equal", "secondary", "sm"),
                    ],
                    className="d-grid gap-2",
                    role="group",
                    **html_attributes({"aria-label": text("prefs.title", lang)}),
                )
            )
    if prefs.answers:
        children.append(
            dbc.Button(
                text("prefs.undo", lang),
                id={"type": ids.PREFS_UNDO, "index": 0},
                color="secondary",
                outline=True,
                size="sm",
                className="mt-2",
            )
        )
    return children


def _choice_button(label: str, choice: str, color: str, size: str | None = None) -> Any:
    """One answer to the question shown: a button a keyboard reaches with Tab."""
    return dbc.Button(
        label,
        id={"type": ids.PREFS_CHOICE, "choice": choice},
        color=color,
        outline=True,
        size=size,
        className="text-start" if size is None else "",
    )


def with_choice(rules: RuleSet, state: State, event: tuple[str, Any]) -> State:
    """The state after one event of "wat vindt u belangrijker?", the sliders following.

    ``event`` is ``("A" | "B" | "equal", None)`` for an answer to the question shown,
    ``("undo", None)`` or ``("revise", index)``. The weights become the central weights of
    the answers when they agree; while they conflict the weights stay as they were.
    """
    advice = current_advice(rules, state)
    if advice is None:
        return state
    prefs = prefs_of(rules, state, advice)
    kind, detail = event
    if kind == "undo":
        prefs = prefs.undo()
    elif kind == "revise" and isinstance(detail, int) and 0 <= detail < len(prefs.answers):
        prefs = prefs.without(detail)
    elif (choice := CHOICE_OF.get(kind)) is not None and prefs.consistent:
        question = prefs.next_question(refine=True)
        if question is not None:
            prefs = prefs.answer(question, choice)
    updated: State = {**state, "choices": [a.model_dump() for a in prefs.answers]}
    if prefs.answers and prefs.consistent:
        updated["weights"] = prefs.result().weights
    return updated


def route_view(rules: RuleSet, state: State, advice: Advice, lang: str) -> list[Any]:
    """The route to the advised form as a timeline: an ordered list of steps.

    Each step is a disclosure (``details``/``summary``): a keyboard user reaches every step
    with Tab and opens it with Enter; a screen reader hears "list, 2 items" and each step's
    title. The first step is open, for it is the one to take now.
    """
    route = path(advice.situation, rules, weights=state["weights"])
    unknown = frozenset(assessment_of(state, rules).unknown_factors)
    number = 0
    items = []
    for i, step in enumerate(route.steps):
        number += 0 if step.option else 1
        sections = [
            html.Div(
                [
                    html.H3(section.title, className="h6 mb-1 mt-2"),
                    html.Ul([html.Li(line) for line in section.lines], className="mb-1"),
                ]
            )
            for section in step_sections(step, rules, lang, unknown)
        ]
        items.append(
            html.Li(
                html.Details(
                    [
                        html.Summary(step_title(step, number, lang), className="fw-semibold"),
                        html.P(
                            f"{step_form_line(step, rules, lang)}. {step.description(lang)}",
                            className="mb-1 mt-1",
                        ),
                        *sections,
                        html.P(f"({step.source})", className="small text-muted mb-0")
                        if step.source
                        else None,
                    ],
                    open=i == 0,
                    id={"type": "route-step", "index": i},
                ),
                className="route-step route-option" if step.option else "route-step",
            )
        )
    return [
        html.P(path_reason(route, rules, lang), id=ids.ROUTE + "-reason"),
        html.Ol(
            items,
            className="route-list",
            **html_attributes({"aria-label": text("path.title", lang)}),
        ),
    ]


def sensitivity_shown(rules: RuleSet, state: State, advice: Advice | None, lang: str) -> Shown:
    """How firm the advice is and what would change it (text, and charts drawn later)."""
    if advice is None:
        return list(zip(SENSITIVITY_SHOWN, ("", None, None, []), strict=True))
    view = sensitivity_view(rules, state, advice, lang)
    values = (
        view["firmness"],
        chart(ids.ACCEPTABILITY, view["acceptability"], lang=lang),
        chart(ids.FLIPS, view["flips"], lang=lang),
        view["flip_lines"],
    )
    return list(zip(SENSITIVITY_SHOWN, values, strict=True))


def waterfall_shown(rules: RuleSet, advice: Advice | None, form: str | None, lang: str) -> Shown:
    """Why ``form`` scores as it does: the waterfall chart (drawn later) and its reasons."""
    if advice is None:
        return list(zip(WATERFALL_SHOWN, (None, []), strict=True))
    values = (
        chart(ids.WATERFALL, waterfall_view(rules, advice, form, lang), lang=lang),
        waterfall_list(rules, advice, form, lang),
    )
    return list(zip(WATERFALL_SHOWN, values, strict=True))


def advice_page_shown(rules: RuleSet, state: State, lang: str) -> Shown:
    """Everything the advice page shows when it is opened (the form chosen: the best)."""
    advice = current_advice(rules, state)
    return [
        *advice_shown(rules, state, advice, lang),
        *sensitivity_shown(rules, state, advice, lang),
        *waterfall_shown(rules, advice, None, lang),
    ]


def pdf_download(rules: RuleSet, state: State, lang: str) -> bytes | None:
    """The board pack as PDF, or None while the advice is incomplete."""
    document = board_pack_of(rules, state, lang)
    return None if document is None else to_pdf(document)


def upload_alert(message: str, ok: bool) -> Any:
    """An upload's outcome: green on success, red on failure (both announced: role=alert)."""
    return dbc.Alert(message, color="success" if ok else "danger", className="upload-result")


def read_counts(
    rules: RuleSet, answers: dict[str, Any], lang: str
) -> tuple[dict[str, Any], dict[str, str]]:
    """Answers with typed counts read in the language's notation; a message per count field.

    A count that cannot be used ("1800,5", "-5", 250.000 dwellings) is not stored, and its
    field says why, instead of the value silently disappearing or becoming something else.
    """
    numbers = {
        q.id: q.factor for q in rules.questions if q.kind == "number" and q.factor is not None
    }
    read, messages = dict(answers), {}
    for question, factor_id in numbers.items():
        raw = answers.get(question)
        if raw is None or isinstance(raw, int | float) or not str(raw).strip():
            messages[question] = ""
            continue
        if is_dont_know(raw):  # "weet niet" typed in a count field is an answer too
            read[question] = DONT_KNOW
            messages[question] = ""
            continue
        value, problem = parse_count(str(raw), lang)
        factor = rules.factors_by_id[factor_id]
        if value is not None and not factor.minimum <= value <= factor.maximum:
            problem = "count_out_of_range"
        if problem:
            read.pop(question)
            messages[question] = text(
                problem,
                lang,
                low=format_value(factor.minimum, lang),
                high=format_value(factor.maximum, lang),
            )
        else:
            read[question] = value
            messages[question] = ""
    return read, messages


def shown_answer(rules: RuleSet, question: str, state: State, lang: str = DEFAULT_LANGUAGE) -> Any:
    """The value an answer control shows: the scale point, a whole number, or empty."""
    value = state["answers"].get(question)
    if value is None:
        return None
    number = any(q.id == question and q.kind == "number" for q in rules.questions)
    if is_dont_know(value):
        return text("dont_know", lang) if number else DONT_KNOW
    if number:
        return str(int(value)) if float(value).is_integer() else str(value)
    return int(value) if float(value).is_integer() else value


def decode_upload(contents: str) -> bytes:
    """The bytes of a ``dcc.Upload`` data URL; undecodable content gives empty bytes."""
    _, _, payload = contents.partition(",")
    try:
        return base64.b64decode(payload, validate=True)
    except ValueError:
        return b""


def progress_view(rules: RuleSet, state: State, lang: str) -> dict[str, Any]:
    """Progress bar, per-group counts, and the partner list."""
    answered = state["answers"]
    per_group = {
        group.id: (sum(q.id in answered for q in group.questions), len(group.questions))
        for group in question_groups(rules)
    }
    return {
        "value": len(answered),
        "label": text("progress", lang, answered=len(answered), total=len(rules.questions)),
        "groups": per_group,
        "partners": partner_list(rules, state, lang),
    }


def partner_list(rules: RuleSet, state: State, lang: str) -> Any:
    """The partners as a list with a remove button each."""
    if not state["partners"]:
        return html.P(text("no_partners", lang), className="text-muted")
    return dbc.ListGroup(
        [
            dbc.ListGroupItem(
                [
                    html.Span(
                        [html.B(p["name"]), " — ", rules.label("partner_kind", p["kind"], lang)]
                    ),
                    dbc.Button(
                        text("remove", lang),
                        id={"type": ids.REMOVE_PARTNER, "index": i},
                        size="sm",
                        color="link",
                        n_clicks=0,
                        title=f"{text('remove', lang)} {p['name']}",
                    ),
                ],
                className="d-flex justify-content-between align-items-center partner",
            )
            for i, p in enumerate(state["partners"])
        ]
    )


def current_advice(rules: RuleSet, state: State) -> Advice | None:
    """The advice of the state, or None while a factor has no answer.

    With a partner list, the factors the rule set derives from it (the number of partners and
    of partner corporations, their dwellings) come from the list, as on the command line and
    in the board pack, so the advice and the network speak of the same partners.
    """
    situation = assessment_of(state, rules).situation
    if situation is None:
        return None
    return score(with_partners(situation, state["partners"], rules), rules, state["weights"])


def advice_notice(rules: RuleSet, state: State, advice: Advice | None, lang: str) -> list[Any]:
    """What the reader must know about the advice shown: provisional, partner count."""
    if advice is None:
        return []
    notices = []
    assessment = assessment_of(state, rules)
    still_open = provisional(assessment.unanswered_questions, rules)
    if still_open is not None:
        notices.append(
            dbc.Alert(
                text(
                    "provisional",
                    lang,
                    answered=still_open.answered,
                    total=still_open.total,
                    factors=", ".join(
                        rules.label("factor", f, lang) for f in still_open.open_factors
                    ),
                ),
                color="warning",
                id="provisional-banner",
            )
        )
    situation = assessment.situation
    if situation is not None and state["partners"]:
        answered = situation.values()
        differing = [
            text(
                "derived_from_list",
                lang,
                factor=rules.label("factor", factor, lang),
                listed=format_value(value, lang),
                answered=format_value(answered[factor], lang),
            )
            for factor, value in partner_facts(state["partners"], rules).items()
            if answered[factor] != value
        ]
        if differing:
            notices.append(dbc.Alert(" ".join(differing), color="info", id="partner-count-note"))
    return notices


def missing_text(rules: RuleSet, state: State, lang: str) -> str:
    """Which factors still need an answer, as a sentence."""
    missing = assessment_of(state, rules).unanswered_factors
    names = ", ".join(rules.label("factor", f, lang) for f in missing)
    return text("advice_missing", lang, factors=names)


def open_count(rules: RuleSet, state: State) -> int:
    """How many questions that can still move the advice are open."""
    still_open = provisional(assessment_of(state, rules).unanswered_questions, rules)
    return 0 if still_open is None else still_open.total - still_open.answered


def ranking_view(
    rules: RuleSet,
    advice: Advice,
    lang: str,
    acceptability: RankAcceptability,
    open_questions: int = 0,
) -> Any:
    """The headline, then the five forms, best first, with score bars, reasons and knock-outs."""
    colours = form_colours(rules)
    rows = []
    for position, form in enumerate(advice.ranking, start=1):
        value = advice.scores[form]
        knocked = [k for k in advice.knockouts if k.form == form]
        reasons = [
            html.Li(
                [
                    f"{format_number(c.points, lang, 1, sign=True)}  {c.reason(lang)} ",
                    html.Span(
                        f"({c.source}; {evidence_label(c.evidence, lang)})",
                        className="evidence",
                    ),
                ],
            )
            for c in advice.reasons(form, 2)
        ]
        reasons += [
            html.Li(
                [
                    f"{k.reason(lang)} ",
                    html.Span(
                        f"({k.source}; {evidence_label(k.evidence, lang)})", className="evidence"
                    ),
                ],
                className="text-danger",
            )
            for k in knocked
        ]
        badge = (
            [dbc.Badge(text("knocked_out", lang), color="danger", className="ms-2")]
            if knocked
            else []
        )
        rows.append(
            html.Div(
                [
                    html.Div(
                        [
                            html.Span(f"{position}. ", className="text-muted me-1"),
                            html.Span(rules.label("form", form, lang), className="fw-semibold"),
                            *badge,
                            html.Span(
                                format_number(value, lang, 1), className="ms-auto fw-semibold score"
                            ),
                        ],
                        className="d-flex align-items-center",
                    ),
                    # The bar repeats the score shown as text: decorative for screen readers.
                    html.Div(
                        html.Div(
                            className="score-bar-fill",
                            style={"width": f"{value:.1f}%", "backgroundColor": colours[form]},
                        ),
                        className="score-bar my-1",
                        **html_attributes({"aria-hidden": "true"}),
                    ),
                    html.Ul(reasons, className="small text-muted mb-2 ps-3"),
                ],
                className="ranking-row",
                id=f"rank-{form}",
                **html_attributes({"data-score": f"{value:.4f}"}),
            )
        )
    return [headline_card(rules, advice, lang, acceptability, open_questions), *rows]


def firmness(rules: RuleSet, advice: Advice, state: State) -> RankAcceptability:
    """How often the advice's forms take each rank as the weights and the answers vary.

    The answers vary within what they leave open (a factor answered "weet niet" over its
    whole range), so an advice built on guesses does not look as firm as one built on facts.
    The headline and the firmness text of the advice page both say it: a small cache
    makes that one computation (2,000 samples drawn and ranked), not two.
    """
    confidence = assessment_of(state, rules).confidence
    return _firmness(
        rules,
        advice.situation,
        tuple(sorted(advice.weights.items())),
        tuple(confidence[f] for f in rules.factor_ids if f in confidence),
    )


@lru_cache(maxsize=8)
def _firmness(
    rules: RuleSet,
    situation: Situation,
    weights: tuple[tuple[str, float], ...],
    confidence: tuple[FactorConfidence, ...],
) -> RankAcceptability:
    return rank_acceptability(
        situation,
        rules,
        dict(weights),
        n=ACCEPTABILITY_SAMPLES,
        spread=0.3,
        seed=1,
        answers={c.factor: c for c in confidence} if confidence else True,
    )


def confidence_lines(rules: RuleSet, state: State, lang: str) -> list[Any]:
    """What was not known, and what was answered without certainty, factor by factor."""
    confidence = assessment_of(state, rules).confidence
    unknown = [f for f, c in confidence.items() if c.level == "onbekend" and c.dont_know]
    unsure = [
        text(
            "confidence_factor",
            lang,
            factor=rules.label("factor", f, lang),
            level=text(f"confidence_{c.level}", lang).lower(),
        )
        for f, c in confidence.items()
        if c.level in ("onzeker", "redelijk_zeker")
    ]
    lines = []
    if unknown:
        labels = ", ".join(rules.label("factor", f, lang) for f in unknown)
        lines.append(html.P(text("firmness_unknown", lang, factors=labels), className="mb-1"))
    if unsure:
        lines.append(html.P(text("firmness_unsure", lang, factors=", ".join(unsure))))
    return lines


def decisive_view(rules: RuleSet, state: State, lang: str) -> list[Any]:
    """The open questions that can change the advice, most decisive first; or 'it is settled'.

    Counts the partner list gives count as answered, as they do in the advice.
    """
    answers = dict(state["answers"])
    facts = partner_facts(state["partners"], rules) if state["partners"] else {}
    for question in rules.questions:
        if question.kind == "number" and question.factor in facts:
            answers[question.id] = facts[question.factor]
    weights = state["weights"]
    # What advice_settled decides, from the same two computations this view shows (each
    # once): no open question alone changes the advice, and no joint answer does.
    everything = decisive_questions(answers, rules, weights)
    unmoved = all(v.changes == 0 for v in everything)
    keeping = open_answers_keeping(answers, rules, weights) if unmoved else 0.0
    if unmoved and keeping == 1.0:
        return [dbc.Alert(text("advice_settled", lang), color="success", className="mb-0")]
    ranked = everything[:DECISIVE_SHOWN]
    firm = []
    if keeping >= FIRM_SHARE:
        top = score(current_values(answers, rules), rules, weights).top
        firm.append(
            html.P(
                text(
                    "advice_firm",
                    lang,
                    share=format_share(keeping, lang, 0),
                    open=len(everything),
                    form=rules.label("form", top, lang),
                ),
                className="mb-1 fw-semibold",
            )
        )
    by_id = {q.id: q for q in rules.questions}
    items = []
    for value in ranked:
        effect = (
            text(
                "decisive_can_change",
                lang,
                forms=", ".join(rules.label("form", f, lang) for f in value.new_tops),
            )
            if value.changes > 0
            else text("decisive_cannot", lang)
        )
        items.append(
            html.Li(
                [
                    dbc.Button(
                        by_id[value.question].text(lang),
                        id={"type": ids.DECISIVE_LINK, "question": value.question},
                        color="link",
                        className="p-0 text-start align-baseline",
                        n_clicks=0,
                    ),
                    html.Span(f" ({effect})", className="text-muted small"),
                ],
                className="decisive-question",
                **html_attributes(
                    {"data-question": value.question, "data-changes": f"{value.changes:.3f}"}
                ),
            )
        )
    return [
        *firm,
        html.P(text("decisive_intro", lang), className="mb-1"),
        html.Ol(items, className="mb-0"),
    ]


#: Open questions the "most decisive first" list shows.
DECISIVE_SHOWN = 5


def headline_card(
    rules: RuleSet,
    advice: Advice,
    lang: str,
    acceptability: RankAcceptability,
    open_questions: int = 0,
) -> Any:
    """What the advice is and how firm, above everything else on the advice page.

    "Organisatienetwerk past het best (71,5), 4,5 punten voor Keten", then how often it stays
    first when the weights and the answers vary, and which of the two makes it unsure; or
    "Geen duidelijk advies" with what would decide it.
    """
    lines = advice_headline(advice, rules, lang)
    firm = firmness_line(advice, acceptability, rules, lang, open_questions)
    return html.Div(
        [
            html.H3(text("headline_heading", lang), className="h6 text-uppercase mb-1"),
            html.P(lines[0], className="fs-5 fw-semibold mb-1"),
            *[html.P(line.strip(), className="mb-1") for line in lines[1:]],
            html.P(firm, className="mb-0"),
        ],
        className="headline-card mb-3" + ("" if advice.clear else " unclear"),
        id="advice-headline",
        role="status",
    )


def tradeoff_view(rules: RuleSet, advice: Advice, lang: str) -> Spec:
    """The trade-offs per theme as grouped bars (the radar overlapped and hid forms)."""
    return localised(theme_bars_spec(advice, rules, lang), lang)


def tradeoff_summary(rules: RuleSet, advice: Advice, lang: str) -> str:
    """The trade-off chart in one sentence: which form is strongest on each theme."""
    profile = theme_profile(advice)
    parts = []
    for theme in rules.theme_ids:
        best = max(advice.ranking, key=lambda f: profile[f][theme])
        parts.append(
            text(
                "tradeoff_part",
                lang,
                theme=rules.label("theme", theme, lang),
                form=rules.label("form", best, lang),
                score=format_number(profile[best][theme], lang, 1),
            )
        )
    return text("tradeoff_summary", lang, parts="; ".join(parts))


def waterfall_list(rules: RuleSet, advice: Advice, form: str | None, lang: str) -> list[Any]:
    """The numbered reasons of the waterfall in full, with their sources (no hover needed)."""
    chosen = form if form is not None and form in rules.forms_by_id else advice.top
    return [
        html.Li(
            [
                html.B(format_number(c.points, lang, 1, sign=True)),
                f" {c.reason(lang)} ",
                html.Span(
                    f"({c.source}; {evidence_label(c.evidence, lang)})", className="evidence"
                ),
            ]
        )
        for c in waterfall_steps(advice, chosen)
        if c.kind != "base"
    ]


def sensitivity_view(rules: RuleSet, state: State, advice: Advice, lang: str) -> dict[str, Any]:
    """How firm the advice is and what would change it (flip points said as answers)."""
    acceptability = firmness(rules, advice, state)
    flips = flip_points(advice.situation, rules, advice.weights)
    sentences = flip_sentences(advice, rules, lang, "dashboard.flip_line", 5, flips)
    lines = [html.Li(sentence) for sentence in sentences] or [html.Li(text("no_flips", lang))]
    return {
        "firmness": [
            html.P(
                text(
                    "firmness_text",
                    lang,
                    share=format_share(acceptability.first[advice.top], lang, 0),
                    n=format_number(acceptability.samples, lang, 0),
                    form=rules.label("form", advice.top, lang),
                ),
                className="mb-1",
            ),
            *confidence_lines(rules, state, lang),
        ],
        "acceptability": localised(acceptability_spec(acceptability, rules, lang), lang),
        "flips": localised(flip_spec(flips, rules, advice.top, lang), lang),
        "flip_lines": lines,
    }


#: Every chart's plotly configuration: no plotly logo; the chart follows its box's width.
#: Every chart's plotly configuration: no toolbar (its ten English-labelled buttons per chart
#: were forty tab stops on the advice page; a labelled download button of our own replaces
#: it); the chart follows its box's width.
GRAPH_CONFIG: dict[str, Any] = {"displaylogo": False, "displayModeBar": False, "responsive": True}


def chart(
    graph_id: str, figure: Spec, style: dict[str, str] | None = None, lang: str | None = None
) -> Any:
    """The chart for a chart box, or nothing while there is no figure to draw.

    The graph is only created with its figure: an empty ``dcc.Graph`` draws an empty grid
    (a "blank chart" to a director), and five of them, hidden or not, cost the advice page
    a third of a second of drawing before the first answer came back. The box gets the
    figure's own height (:func:`graph_style`) unless ``style`` says otherwise. With ``lang``
    the chart gets a button that downloads it as a PNG, named in that language.
    """
    if not figure:
        return None
    shape = graph_style(figure) if style is None else style
    graph = dcc.Graph(id=graph_id, figure=figure, **dash_options(config=GRAPH_CONFIG), style=shape)
    if lang is None:
        return graph
    return html.Div(
        [
            graph,
            html.Button(
                text("chart_download", lang),
                id={
                    "type": ids.CHART_PNG,
                    "graph": graph_id,
                    "file": text(f"chart_file.{graph_id}", lang),
                },
                className="btn btn-outline-secondary btn-sm mt-1",
                n_clicks=0,
            ),
        ]
    )


def graph_style(figure: Spec) -> dict[str, str]:
    """The height a chart's box must have for a figure drawn at a fixed height.

    A responsive ``dcc.Graph`` drops the figure's own height and fills its box, and a box
    of automatic height has none: the chart spilled 590 px over the card below it.
    """
    height = figure.get("layout", {}).get("height")
    return {"height": f"{height}px"} if height else {}


def localised(figure: Spec, lang: str) -> Spec:
    """A figure with numbers in the language's notation: 71,5 and 1.800 in Dutch."""
    return {**figure, "layout": {**figure["layout"], "separators": plotly_separators(lang)}}


def waterfall_view(rules: RuleSet, advice: Advice, form: str | None, lang: str) -> Spec:
    """How one form's score is built (the top form when none is chosen)."""
    chosen = form if form is not None and form in rules.forms_by_id else advice.top
    return localised(waterfall_spec(advice, chosen, rules, lang), lang)


def network_proposal(
    rules: RuleSet, state: State, advice: Advice, form: str | None, lang: str
) -> NetworkProposal:
    """The proposal for the chosen form (the top form when none is chosen).

    Without a name of their own the corporation is called by the catalogue's default in the
    page's language ("Eigen corporatie", "Own corporation").
    """
    chosen = form if form is not None and form in rules.forms_by_id else advice.top
    return propose_network(
        chosen,
        partners_of(state),
        advice.situation,
        rules,
        own_name=state["own"] or text("own_default", lang),
    )


def network_info(proposal: NetworkProposal, lang: str) -> Any:
    """Governance, metrics, reasons and warnings of a proposal."""
    blocks = []
    if proposal.governance is not None:
        choice = proposal.governance
        blocks.append(
            dbc.Alert(
                [
                    html.B(f"{text('governance', lang)}: {choice.label(lang)}"),
                    html.Br(),
                    choice.reason(lang),
                    html.Br(),
                    html.I(choice.tension(lang)),
                ],
                color="primary",
                className="governance",
            )
        )
    metrics = proposal.metrics
    rows = [
        html.Tr(
            [
                html.Td(
                    format_number(value, lang, 2) if isinstance(value, float) else str(value),
                    className="text-end fw-semibold",
                ),
                html.Td(metrics.explain(name, lang)),
            ]
        )
        for name in METRIC_NAMES
        for value in [getattr(metrics, name)]
    ]
    blocks += [
        html.H2(text("metrics", lang), className="h6 mt-3"),
        dbc.Table(html.Tbody(rows), size="sm", className="metrics"),
        html.H2(text("reasons", lang), className="h6 mt-3"),
        html.Ul(
            [
                html.Li(
                    [r.text(lang), " ", html.I(f"({r.source}; {evidence_label(r.evidence, lang)})")]
                )
                for r in proposal.reasons
            ]
        ),
    ]
    if proposal.warnings:
        blocks.append(
            dbc.Alert(
                [
                    html.B(text("warnings", lang) + ": "),
                    "; ".join(w(lang) for w in proposal.warnings),
                ],
                color="warning",
            )
        )
    return blocks


def network_view(rules: RuleSet, state: State, form: str | None, lang: str) -> tuple[Spec, Any]:
    """The network figure and its information, or a message while the advice is incomplete."""
    advice = current_advice(rules, state)
    if advice is None:
        return {}, dbc.Alert(text("network_needs_advice", lang), color="info")
    try:
        proposal = network_proposal(rules, state, advice, form, lang)
    except PartnerError as e:
        return {}, dbc.Alert(e.text(lang), color="danger")
    return localised(network_spec(proposal, lang), lang), network_info(proposal, lang)


def dossier_download(rules: RuleSet, state: State) -> str:
    """The dossier JSON of the current state."""
    return dossier_json(
        make_dossier(
            rules,
            state["answers"],
            partners_of(state),
            state["weights"],
            state["own"],
            [Answer.model_validate(a) for a in state.get("choices", [])],
            state.get("confidence", {}),
        )
    )


def network_download(
    rules: RuleSet, state: State, form: str | None, lang: str, as_png: bool
) -> tuple[bytes, str] | None:
    """The proposal as PNG or GraphML with its file name, or None while the advice is incomplete."""
    advice = current_advice(rules, state)
    if advice is None:
        return None
    try:
        proposal = network_proposal(rules, state, advice, form, lang)
    except PartnerError:
        return None  # the page shows the reason; there is nothing to download
    form = rules.label("form", proposal.form, lang)
    if as_png:
        return png_bytes(proposal, lang), file_name("file_network", lang, "png", form=form)
    return graphml_bytes(proposal), file_name("file_network", lang, "graphml", form=form)


def file_name(key: str, lang: str, extension: str, **values: str) -> str:
    """A download's file name in the reader's language, safe on every file system.

    >>> file_name("file_network", "en", "png", form="Organisation network")
    'network-organisation-network.png'
    """
    words = text(key, lang, **values)
    plain = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return f"{slug or 'samenwerking'}.{extension}"


def report_download(rules: RuleSet, state: State, lang: str) -> str | None:
    """The printable HTML report (None while the advice is incomplete): the board pack.

    The same document as the PDF, so the two never disagree; the network is inline SVG, and
    no plotly.js is embedded (the report was 4.8 MB and printed on Letter).
    """
    document = board_pack_of(rules, state, lang)
    return None if document is None else to_html(document)


def board_pack_of(rules: RuleSet, state: State, lang: str) -> Document | None:
    """The board pack of the current state, or None while the advice is incomplete."""
    advice = current_advice(rules, state)
    if advice is None:
        return None
    return board_pack(
        advice.situation,
        rules,
        weights=state["weights"],
        partners=partners_of(state),
        own_name=state["own"] or text("own_default", lang),
        lang=lang,
        unanswered=assessment_of(state, rules).unanswered_questions,
        assessment=assessment_of(state, rules),
    )


def scenario_compare(
    rules: RuleSet, scenarios: dict[str, Any], chosen: list[str], lang: str
) -> Any:
    """Rankings, scores and differing answers of up to four scenarios side by side."""
    names = [n for n in chosen if n in scenarios][:MAX_COMPARED]
    if not names:
        return html.P(text("scenario_none", lang), className="text-muted") if not scenarios else []
    states = {n: normalised(scenarios[n], rules) for n in names}
    advices = {n: current_advice(rules, s) for n, s in states.items()}
    header = html.Thead(html.Tr([html.Th("")] + [html.Th(n) for n in names]))
    rows = [
        html.Tr(
            [html.Th(text("scenario_top", lang))]
            + [html.Td(rules.label("form", a.top, lang) if a else "-") for a in advices.values()]
        )
    ]
    for form in rules.form_ids:
        rows.append(
            html.Tr(
                [html.Td(rules.label("form", form, lang))]
                + [
                    html.Td(
                        f"{format_number(a.scores[form], lang, 1)} ({a.ranking.index(form) + 1})"
                        if a
                        else "-"
                    )
                    for a in advices.values()
                ]
            )
        )
    differing = []
    for factor in rules.factors:
        values = [a.situation.values()[factor.id] if a else None for a in advices.values()]
        if len({round(v, 6) for v in values if v is not None}) > 1:
            differing.append(
                html.Tr(
                    [html.Td(factor.label(lang))]
                    + [html.Td(format_value(v, lang) if v is not None else "-") for v in values]
                )
            )
    body = [
        html.Tr(html.Th(text("scenario_differs", lang), colSpan=len(names) + 1, className="pt-3"))
    ]
    body += differing or [html.Tr(html.Td(text("scenario_same", lang), colSpan=len(names) + 1))]
    return dbc.Table(
        [header, html.Tbody(rows + body)],
        bordered=True,
        size="sm",
        responsive=True,
        className="scenario-table",
    )


def scenario_list(scenarios: dict[str, Any], lang: str) -> Any:
    """Saved scenarios with load and delete buttons."""
    return dbc.ListGroup(
        [
            dbc.ListGroupItem(
                [
                    html.Span(name),
                    html.Span(
                        [
                            # Loading replaces the answers: it asks first.
                            dcc.ConfirmDialogProvider(
                                dbc.Button(
                                    text("scenario_load", lang),
                                    size="sm",
                                    color="link",
                                    n_clicks=0,
                                ),
                                id={"type": ids.LOAD_SCENARIO, "name": name},
                                message=text("scenario_load_confirm", lang, name=name),
                            ),
                            dbc.Button(
                                text("scenario_delete", lang),
                                id={"type": ids.DELETE_SCENARIO, "name": name},
                                size="sm",
                                color="link",
                                className="text-danger",
                                n_clicks=0,
                            ),
                        ]
                    ),
                ],
                className="d-flex justify-content-between align-items-center",
            )
            for name in scenarios
        ],
        className="mb-3",
    )
