"""The self-assessment ("/"): the questionnaire by group, the partners, the own name."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import (
    ALL,
    Dash,
    Input,
    Output,
    State,
    ctx,
    dcc,
    html,
    no_update,
)
from dash.exceptions import PreventUpdate

from samenwerking import RuleSet
from samenwerking.dashboard import ids, views
from samenwerking.dashboard.ids import dom_id
from samenwerking.dashboard.pages.common import (
    ANSWERS,
    CONFIDENCES,
    changed,
    component_ids,
    triggering_event,
)
from samenwerking.dashboard.questionnaire import QuestionGroup, group_of, question_groups
from samenwerking.dashboard.state import normalised
from samenwerking.dashboard.texts import text
from samenwerking.dashboard.typed_dash import (
    clicked,
    clientside_callback,
    html_attributes,
)
from samenwerking.rules.schema import Factor, Question
from samenwerking.uncertainty import STATED_LEVELS
from samenwerking.unknown import DONT_KNOW

PATH = "/"


def build_assessment(
    rules: RuleSet, lang: str, shown: dict[str, Any], own: str, group: int
) -> html.Div:
    """Questions grouped by factor, one group at a time, with progress and partners.

    The controls show the answers ``shown`` and the own name ``own``; group ``group`` is open.
    """
    total = len(rules.questions)
    groups = question_groups(rules)
    navigation = dbc.ListGroup(
        [
            dbc.ListGroupItem(
                [
                    html.Span(f.label(lang)),
                    dbc.Badge(
                        "",
                        id={"type": ids.GROUP_BUTTON, "factor": f.id},
                        color="secondary",
                        className="ms-2",
                    ),
                ],
                id={"type": "group-link", "factor": f.id},
                action=True,
                active=i == group,
                n_clicks=0,
                className="d-flex justify-content-between align-items-center",
            )
            for i, f in enumerate(groups)
        ],
        className="mb-3",
    )
    return html.Div(
        [
            html.Div(
                [
                    html.Div(
                        text("progress", lang, answered=0, total=total),
                        id=ids.PROGRESS_TEXT,
                        className="fw-semibold mb-1",
                        **html_attributes({"aria-live": "polite"}),
                    ),
                    # A native <progress>: named by the sentence above it, for screen readers.
                    html.Progress(
                        id=ids.PROGRESS,
                        value="0",
                        max=str(total),
                        className="mb-3 answers-progress",
                        **html_attributes({"aria-labelledby": ids.PROGRESS_TEXT}),
                    ),
                ],
                className="mt-3",
            ),
            dbc.Card(
                dbc.CardBody(
                    [
                        dbc.Switch(
                            id=ids.DECISIVE_FIRST,
                            label=text("decisive_first", lang),
                            value=False,
                            className="mb-0",
                        ),
                        html.Div(id=ids.DECISIVE_LIST, className="mt-2", role="status"),
                    ]
                ),
                className="mb-3 decisive",
            ),
            dbc.Row(
                [
                    dbc.Col(navigation, md=4, lg=3),
                    dbc.Col(
                        [
                            html.Div(
                                build_question_panels(rules, lang, shown, group),
                                id=ids.QUESTIONS,
                            ),
                            html.Div(
                                [
                                    dbc.Button(
                                        text("previous", lang),
                                        id=ids.PREVIOUS_GROUP,
                                        color="secondary",
                                        outline=True,
                                        n_clicks=0,
                                    ),
                                    dbc.Button(
                                        text("next", lang),
                                        id=ids.NEXT_GROUP,
                                        color="primary",
                                        n_clicks=0,
                                    ),
                                ],
                                className="d-flex justify-content-between my-3",
                            ),
                        ],
                        md=8,
                        lg=9,
                    ),
                ]
            ),
            build_partners(rules, lang, own),
            dcc.ConfirmDialogProvider(
                dbc.Button(
                    text("reset", lang),
                    id=ids.RESET,
                    color="danger",
                    outline=True,
                    size="sm",
                    className="mt-3",
                    n_clicks=0,
                ),
                id=ids.RESET_CONFIRM,
                message=text("reset_confirm", lang),
            ),
            dbc.Alert(
                [
                    html.Span(text("reset_done", lang), className="me-3"),
                    dbc.Button(
                        text("undo", lang), id=ids.UNDO, color="primary", size="sm", n_clicks=0
                    ),
                ],
                id=ids.UNDO_BAR,
                color="warning",
                is_open=False,
                className="mt-3 d-flex align-items-center",
            ),
        ]
    )


def build_question_panels(
    rules: RuleSet, lang: str, shown: dict[str, Any], group: int
) -> list[html.Section]:
    """Every group's panel, the answer controls showing ``shown`` and group ``group`` open.

    The controls are built with the answers they show, so nothing has to be refilled (and
    no refill can overwrite a click) when they appear.
    """
    return [
        build_group(rules, questions, lang, visible=(i == group), shown=shown)
        for i, questions in enumerate(question_groups(rules))
    ]


def build_group(
    rules: RuleSet, group: QuestionGroup, lang: str, visible: bool, shown: dict[str, Any]
) -> html.Section:
    """One group's questions, the controls showing ``shown``; for a factor, how sure one is."""
    sure = [] if group.factor is None else [build_confidence(group.factor, lang, shown)]
    return html.Section(
        [
            # Focusable from script only: after "Volgende" the focus lands here (callbacks).
            html.H2(group.label(lang), className="h5 group-heading", tabIndex="-1"),
            html.P(group.help(lang), className="text-muted"),
            *[build_question(rules, q, lang, shown.get(q.id)) for q in group.questions],
            *sure,
        ],
        id={"type": ids.GROUP_PANEL, "factor": group.id},
        style={} if visible else {"display": "none"},
    )


def build_confidence(factor: Factor, lang: str, shown: dict[str, Any]) -> html.Div:
    """'Hoe zeker bent u van deze antwoorden?': optional, it widens the firmness analysis."""
    control_id = {"type": ids.CONFIDENCE, "factor": factor.id}
    return html.Div(
        [
            dbc.Label(text("confidence_question", lang), html_for=dom_id(control_id)),
            dbc.Select(
                id=control_id,
                value=shown.get(f"confidence:{factor.id}") or "",
                placeholder=text("confidence_not_said", lang),
                options=[
                    {"label": text("confidence_not_said", lang), "value": ""},
                    *[
                        {"label": text(f"confidence_{level}", lang), "value": level}
                        for level in STATED_LEVELS
                    ],
                ],
                style={"maxWidth": "20em"},
            ),
        ],
        className="mt-2 mb-3 confidence",
    )


def build_question(rules: RuleSet, question: Question, lang: str, value: Any = None) -> dbc.Card:
    """A question with its answer control (showing ``value``), labelled for assistive tech."""
    control_id = {"type": ids.ANSWER, "question": question.id}
    label_id = f"label-{question.id}"
    if question.kind == "number":
        # Text, not type=number: a browser reads "1.800" in a number field as 1.8 or drops
        # it; the server reads Dutch notation ("1.800", "1800") and explains a refusal.
        control = html.Div(
            [
                dbc.Input(
                    id=control_id,
                    value=value,
                    type="text",
                    inputmode="numeric",
                    debounce=True,
                    placeholder=text("number_placeholder", lang),
                    style={"maxWidth": "12em"},
                ),
                html.Div(
                    id={"type": ids.ANSWER_MESSAGE, "question": question.id},
                    className="answer-message small mt-1",
                    role="status",
                ),
            ]
        )
    else:
        scale = rules.answer_scale
        if scale is None:  # the loader refuses scale questions without a scale
            raise ValueError(f"question {question.id} needs the rule set's answer scale")
        # Native radio buttons (Bootstrap's): one tab stop per question, arrows choose,
        # and no interactive element nested in another (Dash 4's RadioItems nests them).
        control = dbc.RadioItems(
            id=control_id,
            value=value,
            options=[
                *[
                    {"label": scale.labels[v](lang), "value": v}
                    for v in range(scale.minimum, scale.maximum + 1)
                ],
                # Not knowing is an answer of its own: not a skip, and not 'Neutraal'.
                {"label": text("dont_know", lang), "value": DONT_KNOW},
            ],
            inline=True,
            className="answer-scale",
            # One name per question makes its radios one native group: one tab stop.
            name=f"answer-{question.id}",
        )
    help_text = (
        [html.Small(question.help(lang), className="text-muted d-block mb-1")]
        if question.help
        else []
    )
    return dbc.Card(
        dbc.CardBody(
            [
                (
                    html.Label(
                        question.text(lang),
                        id=label_id,
                        htmlFor=dom_id(control_id),
                        className="fw-semibold mb-1 d-block",
                    )
                    if question.kind == "number"
                    else html.Div(question.text(lang), id=label_id, className="fw-semibold mb-1")
                ),
                *help_text,
                html.Div(
                    control,
                    role="group" if question.kind == "number" else "radiogroup",
                    **html_attributes({"aria-labelledby": label_id}),
                ),
            ]
        ),
        className="mb-2 question",
        id=f"question-{question.id}",
    )


def build_partners(rules: RuleSet, lang: str, own: str) -> dbc.Card:
    """The partner list editor (name + kind), under the own corporation's name ``own``."""
    kinds = [{"label": k.label(lang), "value": k.id} for k in rules.partner_kinds]
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2(text("partners_heading", lang), className="h5"),
                html.P(text("partners_help", lang), className="text-muted"),
                dbc.Label(text("own_name", lang), html_for=ids.OWN_NAME),
                dbc.Input(
                    id=ids.OWN_NAME,
                    value=own,
                    type="text",
                    debounce=True,
                    className="mb-3",
                    style={"maxWidth": "28em"},
                ),
                dbc.Row(
                    [
                        dbc.Col(
                            [
                                dbc.Label(text("partner_name", lang), html_for=ids.PARTNER_NAME),
                                dbc.Input(id=ids.PARTNER_NAME, type="text"),
                            ],
                            sm=6,
                        ),
                        dbc.Col(
                            [
                                dbc.Label(text("partner_kind", lang), html_for=ids.PARTNER_KIND),
                                dbc.Select(id=ids.PARTNER_KIND, options=kinds),
                            ],
                            sm=4,
                        ),
                        dbc.Col(
                            dbc.Button(
                                text("add_partner", lang),
                                id=ids.ADD_PARTNER,
                                color="primary",
                                n_clicks=0,
                                className="w-100",
                            ),
                            sm=2,
                            className="d-flex align-items-end",
                        ),
                    ],
                    className="g-2",
                ),
                html.Div(
                    id=ids.PARTNER_MESSAGE,
                    className="text-danger small mt-1",
                    **html_attributes({"aria-live": "polite"}),
                ),
                html.Div(id=ids.PARTNER_LIST, className="mt-3"),
            ]
        ),
        className="mt-4",
    )


def register(app: Dash, rules: RuleSet) -> None:
    """Register the page's callbacks on ``app``."""
    # After "Volgende", "Vorige" or a group link the focus moves to the new group's heading
    # and the page to its top: a keyboard user's next Tab reaches its first question, and on
    # a phone the new questions are on the screen, not above it.
    clientside_callback(
        app,
        """
        function (group) {
            window.requestAnimationFrame(function () {
                var panels = document.querySelectorAll("[id*='group-panel']");
                for (var i = 0; i < panels.length; i++) {
                    if (panels[i].style.display !== "none") {
                        var heading = panels[i].querySelector(".group-heading");
                        if (heading) {
                            heading.focus({preventScroll: true});
                            heading.scrollIntoView({block: "start"});
                        }
                        break;
                    }
                }
            });
            return window.dash_clientside.no_update;
        }
        """,
        Output(ids.GROUP, "data", allow_duplicate=True),
        Input(ids.GROUP, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.state_change("/"), "data"),
        Output(ANSWERS, "value"),
        Output(ids.OWN_NAME, "value"),
        Output(ids.PARTNER_NAME, "value"),
        Output(ids.PARTNER_MESSAGE, "children"),
        Output(ids.UNDO_STORE, "data"),
        Output({"type": ids.ANSWER_MESSAGE, "question": ALL}, "children"),
        Output(CONFIDENCES, "value"),
        Input(ANSWERS, "value"),
        Input(CONFIDENCES, "value"),
        Input(ids.OWN_NAME, "value"),
        Input(ids.ADD_PARTNER, "n_clicks"),
        Input({"type": ids.REMOVE_PARTNER, "index": ALL}, "n_clicks"),
        Input(ids.RESET_CONFIRM, "submit_n_clicks"),
        Input(ids.UNDO, "n_clicks"),
        State(ids.STATE, "data"),
        State(ids.PARTNER_NAME, "value"),
        State(ids.PARTNER_KIND, "value"),
        State(ids.UNDO_STORE, "data"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def change_assessment(
        answers: Any,
        confidence: Any,
        own: Any,
        _add: Any,
        _removes: Any,
        _reset: Any,
        _undo: Any,
        stored: Any,
        partner_name: Any,
        partner_kind: Any,
        undo: Any,
        lang: Any,
    ) -> Any:
        trigger, detail = triggering_event()
        if trigger in ("add_partner", "remove_partner", "reset", "undo") and not clicked():
            raise PreventUpdate  # a button that appeared (the partner list), not a click
        question_ids = component_ids(ctx.inputs_list[0], "question")
        factor_ids = component_ids(ctx.inputs_list[1], "factor")
        message_ids = component_ids(ctx.outputs_list[6], "question")
        state, messages = views.reduce_state(
            rules,
            trigger,
            stored,
            answers=dict(zip(question_ids, answers, strict=True)),
            confidence=dict(zip(factor_ids, confidence, strict=True)),
            own=own,
            partner=(partner_name, partner_kind),
            remove_index=detail.get("index") if isinstance(detail, dict) else None,
            undo=undo,
            lang=lang,
        )
        refill = trigger in ("reset", "undo")
        shown_answers = [views.shown_answer(rules, q, state, lang) for q in question_ids]
        typed = messages.get("answers", {})
        return (
            state if state != stored else no_update,
            changed(shown_answers, answers) if refill else [no_update] * len(answers),
            state["own"] if refill and state["own"] != own else no_update,
            "" if trigger == "add_partner" and not messages.get("partner") else no_update,
            messages.get("partner", no_update),
            stored if trigger == "reset" else (None if trigger == "undo" else no_update),
            [typed.get(q, no_update) if typed else no_update for q in message_ids],
            (
                changed([state["confidence"].get(f, "") for f in factor_ids], confidence)
                if refill
                else [no_update] * len(confidence)
            ),
        )

    # The undo bar shows while there is something to undo, also after a reload: the wiped
    # answers wait in the tab's session store, and the bar follows it.
    clientside_callback(
        app,
        "function (wiped) { return Boolean(wiped); }",
        Output(ids.UNDO_BAR, "is_open"),
        Input(ids.UNDO_STORE, "data"),
    )

    @app.callback(
        Output(ids.PROGRESS, "value"),
        Output(ids.PROGRESS_TEXT, "children"),
        Output({"type": ids.GROUP_BUTTON, "factor": ALL}, "children"),
        Output({"type": ids.GROUP_BUTTON, "factor": ALL}, "color"),
        Output(ids.PARTNER_LIST, "children"),
        Input(ids.STATE, "data"),
        State(ids.LANG, "data"),
    )
    def show_progress(stored: Any, lang: Any) -> Any:
        view = views.progress_view(rules, normalised(stored, rules), lang)
        groups = [view["groups"][f] for f in component_ids(ctx.outputs_list[2], "factor")]
        return (
            view["value"],
            view["label"],
            [f"{done}/{total}" for done, total in groups],
            ["success" if done == total else "secondary" for done, total in groups],
            view["partners"],
        )

    questionnaire_group = {q.id: group_of(q) for q in rules.questions}

    @app.callback(
        Output(ids.DECISIVE_LIST, "children"),
        Input(ids.DECISIVE_FIRST, "value"),
        Input(ids.STATE, "data"),
        State(ids.LANG, "data"),
    )
    def show_decisive(wanted: Any, stored: Any, lang: Any) -> Any:
        if not wanted:
            return []
        return views.decisive_view(rules, normalised(stored, rules), lang)

    @app.callback(
        Output(ids.GROUP, "data"),
        Output({"type": ids.GROUP_PANEL, "factor": ALL}, "style"),
        Output({"type": "group-link", "factor": ALL}, "active"),
        Input(ids.PREVIOUS_GROUP, "n_clicks"),
        Input(ids.NEXT_GROUP, "n_clicks"),
        Input({"type": "group-link", "factor": ALL}, "n_clicks"),
        Input({"type": ids.DECISIVE_LINK, "question": ALL}, "n_clicks"),
        State(ids.GROUP, "data"),
    )
    def show_group(_previous: Any, _next: Any, _links: Any, _decisive: Any, current: Any) -> Any:
        if not clicked():
            raise PreventUpdate  # the questionnaire was built, with the open group shown
        factors = component_ids(ctx.outputs_list[2], "factor")
        trigger, detail = triggering_event()
        index = current or 0
        if trigger == "previous":
            index = max(0, index - 1)
        elif trigger == "next":
            index = min(len(factors) - 1, index + 1)
        elif trigger == "group" and isinstance(detail, dict):
            index = factors.index(detail["factor"])
        elif trigger == "decisive" and isinstance(detail, dict):
            index = factors.index(questionnaire_group[detail["question"]])
        styles = [{} if i == index else {"display": "none"} for i in range(len(factors))]
        return index, styles, [i == index for i in range(len(factors))]
