"""Component builders (``build_*``): the frame and the pages, per language, from the rule set.

The frame is built per request in the user's language; the user's answers are not part of
it: they stay in the browser's own store, so a language switch is a reload that keeps
everything. A page is built when it is opened (:func:`build_page`), from what that store
holds, sent along with the request.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from samenwerking import RuleSet
from samenwerking.dashboard import ids
from samenwerking.dashboard.controls import action_button
from samenwerking.dashboard.questionnaire import QuestionGroup, question_groups
from samenwerking.dashboard.state import State
from samenwerking.dashboard.texts import text
from samenwerking.dashboard.together import build_together
from samenwerking.dashboard.typed_dash import html_attributes
from samenwerking.numbers import format_value
from samenwerking.rules.schema import Factor, Question
from samenwerking.translations import languages
from samenwerking.uncertainty import STATED_LEVELS
from samenwerking.unknown import DONT_KNOW

#: Value of the "best-fitting form" choice in the form selectors.
BEST_FORM = "best"


def dom_id(component_id: dict[str, str]) -> str:
    """The DOM id Dash gives a pattern-matching id (sorted, compact JSON), for ``htmlFor``."""
    return json.dumps(component_id, sort_keys=True, separators=(",", ":"))


#: The pages, as real URLs (back and forward work; a page can be bookmarked), in menu order.
PAGES: tuple[tuple[str, str], ...] = (
    ("/", "tab_assessment"),
    ("/advies", "tab_advice"),
    ("/netwerk", "tab_network"),
    ("/scenarios", "tab_scenarios"),
    ("/opslaan", "tab_export"),
    ("/samen", "tab_together"),
)


def build_layout(rules: RuleSet, lang: str) -> html.Div:
    """The frame: header, the menu of pages, an empty section per page, the footer.

    Only the page shown is built (:func:`build_page`, when its URL is opened) and the
    others are emptied. Dash checks every component on the page at every change, so five
    hidden pages made every click and the advice page's first drawing slower.
    """
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.STATE, storage_type="local"),
            dcc.Store(id=ids.SCENARIOS, storage_type="local"),
            dcc.Store(id=ids.SESSION, storage_type="local"),
            dcc.Store(id=ids.GROUP, storage_type="memory", data=0),
            dcc.Store(
                id=ids.PAGE_TITLES,
                data={
                    path: text(
                        "page_title", lang, page=text(name, lang), app=text("app_title", lang)
                    )
                    for path, name in PAGES
                },
            ),
            # Counts as typed, kept in the frame: a page change takes them in (see callbacks).
            dcc.Store(id=ids.PENDING_COUNTS, storage_type="memory"),
            # What "Alle antwoorden wissen" wiped, for "Ongedaan maken": kept for this tab
            # (sessionStorage), so the undo survives a reload but not a closed tab.
            dcc.Store(id=ids.UNDO_STORE, storage_type="session"),
            dcc.Store(id=ids.LANG, data=lang),
            dcc.Store(
                id=ids.CLIENT_TEXTS,
                data={
                    "too_large": text("upload_too_large", lang, mb=1),
                    # "{name}" is filled in by the browser, which alone knows the file's name.
                    "not_dossier": text("upload_not_dossier", lang, name="{name}"),
                    "offline": text("together_offline", lang),
                },
            ),
            html.A(text("skip_to_content", lang), href="#main", className="skip-link"),
            build_header(rules, lang),
            dbc.Container(
                [
                    html.Nav(
                        html.Ul(
                            [
                                html.Li(
                                    dcc.Link(
                                        text(key, lang),
                                        href=path,
                                        id={"type": ids.NAV, "page": path},
                                        className="nav-link",
                                    ),
                                    className="nav-item",
                                )
                                for path, key in PAGES
                            ],
                            className="nav nav-pills page-nav mt-3",
                        ),
                        **html_attributes({"aria-label": text("menu", lang)}),
                    ),
                    html.Main(
                        [
                            html.Div(id=ids.STATE_NOTICE, role="status"),
                            *[
                                html.Section(
                                    id={"type": ids.PAGE, "page": path},
                                    style={"display": "none"},
                                    **html_attributes({"aria-label": text(key, lang)}),
                                )
                                for path, key in PAGES
                            ],
                        ],
                        id=ids.MAIN,
                        tabIndex="-1",
                    ),
                ],
                fluid="lg",
            ),
            build_footer(rules, lang),
        ]
    )


#: The pages whose controls change the user's state.
STATE_PAGES = ("/", "/advies", "/scenarios", "/opslaan")


def build_page(
    rules: RuleSet,
    path: str,
    lang: str,
    state: State,
    shown: dict[str, Any],
    group: int,
    filled: list[tuple[tuple[Any, str], Any]] | None = None,
) -> html.Div:
    """The page at ``path``, its controls showing the user's ``state`` when it is opened.

    ``shown`` is what each answer control shows (see ``views.shown_answer``), ``group`` the
    questionnaire's open group, ``filled`` what the page's components show, by component
    and property (the advice page comes with its advice: no second round trip to ask for
    it). A page whose controls change the user's state gets a store for the changes
    (:func:`ids.state_change`): its callbacks write there and one relay copies it to the
    browser's state store, so none of them runs when the page is built.
    """
    if path == "/advies":
        content = build_advice(rules, lang, state.get("weights", {}))
    elif path == "/netwerk":
        content = build_network(rules, lang)
    elif path == "/scenarios":
        content = build_scenarios(lang)
    elif path == "/opslaan":
        content = build_export(lang)
    elif path == "/samen":
        content = build_together(lang)
    else:
        content = build_assessment(rules, lang, shown, state.get("own", ""), group)
    changes = [dcc.Store(id=ids.state_change(path))] if path in STATE_PAGES else []
    page = html.Div([content, *changes])
    if filled:
        # One walk over the page, not a search per component (Dash's page[id] walks it all).
        by_id = {dom_id_of(c.id): c for c in components_of(page) if getattr(c, "id", None)}
        for (component_id, prop), value in filled:
            setattr(by_id[dom_id_of(component_id)], prop, value)
    return page


def components_of(tree: Any) -> Iterator[Any]:
    """Every component in ``tree`` (through ``children``), the tree itself first.

    Dash's own API finds one component per search of the whole tree (``tree[id]``); a page
    filled in by a dozen ids is found in one walk.
    """
    yield tree
    children = getattr(tree, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from components_of(child)


def dom_id_of(component_id: str | dict[str, str]) -> str:
    """A plain id as itself, a pattern-matching id as its DOM id."""
    return component_id if isinstance(component_id, str) else dom_id(component_id)


def page_of(pathname: str | None) -> str:
    """The page a URL path shows (an unknown path shows the self-assessment)."""
    path = "/" + (pathname or "/").strip("/").split("/")[-1]
    return path if path in dict(PAGES) else "/"


def build_header(rules: RuleSet, lang: str) -> dbc.Navbar:
    """Title, the rule set in use, and the language switch."""
    switch = [
        html.A(
            code.upper(),
            href=f"language/{code}",
            id=ids.lang_link(code),
            lang=code,
            className="lang-link" + (" active" if code == lang else ""),
            **html_attributes({"aria-current": "true" if code == lang else "false"}),
        )
        for code in languages()
    ]
    return dbc.Navbar(
        dbc.Container(
            [
                html.Div(
                    [
                        html.H1(text("app_title", lang), className="h4 mb-0 text-white"),
                        html.Small(text("app_subtitle", lang), className="text-white-50"),
                    ]
                ),
                html.Div(
                    [
                        dbc.Badge(
                            f"{text('ruleset', lang)}: {rules.metadata.name} "
                            f"{rules.metadata.version}",
                            id=ids.RULESET_BADGE,
                            color="light",
                            text_color="dark",
                            className="me-3",
                        ),
                        html.Span(text("language", lang) + ": ", className="text-white-50"),
                        *switch,
                    ],
                    className="d-flex align-items-center flex-wrap",
                ),
            ],
            fluid="lg",
            className="flex-wrap gap-2",
        ),
        color="#1f3a5f",
        dark=True,
        className="py-2",
        tag="header",  # the banner: the page menu is the one navigation landmark
    )


def build_footer(rules: RuleSet, lang: str) -> html.Footer:
    """Which rules made the advice; where the data stays."""
    return html.Footer(
        dbc.Container(
            text(
                "footer",
                lang,
                name=rules.metadata.name,
                version=rules.metadata.version,
                hash=rules.content_hash[:12],
            ),
            fluid="lg",
        ),
        className="text-muted small py-4 mt-4 border-top",
    )


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


def build_advice(rules: RuleSet, lang: str, weights: dict[str, float]) -> html.Div:
    """Ranking, weights, trade-offs, explanation and sensitivity.

    The sliders show ``weights`` (the user's; a theme not among them at its default).
    """
    shown = {theme.id: weights.get(theme.id, theme.default_weight) for theme in rules.themes}
    sliders = [
        html.Div(
            [
                html.Div(
                    [
                        dbc.Label(
                            theme.label(lang),
                            html_for=dom_id({"type": ids.WEIGHT, "theme": theme.id}),
                            className="mb-0 small fw-semibold",
                        ),
                        html.Output(
                            format_value(shown[theme.id], lang),
                            id={"type": ids.WEIGHT_VALUE, "theme": theme.id},
                            htmlFor=dom_id({"type": ids.WEIGHT, "theme": theme.id}),
                            className="small weight-value",
                        ),
                    ],
                    className="d-flex justify-content-between",
                ),
                # A native range input: labelled, keyboard-operable (arrows, Home, End) and
                # announced with its value by screen readers, unlike a drawn slider.
                dbc.Input(
                    id={"type": ids.WEIGHT, "theme": theme.id},
                    type="range",
                    min=0,
                    max=3,
                    step=ids.WEIGHT_STEP,
                    value=shown[theme.id],
                    debounce=False,  # every move counts at once (see callbacks)
                    className="form-range",
                ),
            ],
            className="mb-2 weight",
            id=f"weight-{theme.id}-group",
        )
        for theme in rules.themes
    ]
    sliders.append(
        html.Div(
            [
                html.Small(text("weights_scale", lang), id="weights-scale", className="text-muted"),
                dbc.Button(
                    text("default_weights", lang),
                    id=ids.DEFAULT_WEIGHTS,
                    color="secondary",
                    outline=True,
                    size="sm",
                    n_clicks=0,
                ),
            ],
            className="d-flex justify-content-between align-items-center mt-2",
        )
    )
    return html.Div(
        [
            dbc.Alert(id=ids.ADVICE_MISSING, color="info", className="mt-3", is_open=False),
            html.Div(id=ids.ADVICE_NOTICE, className="mt-3", role="status"),
            # Hidden until there is an advice: no empty chart grids before the answers.
            html.Div(
                id=ids.ADVICE_BODY,
                style={"display": "none"},
                children=[
                    dbc.Row(
                        [
                            dbc.Col(
                                dbc.Card(
                                    dbc.CardBody(
                                        [
                                            html.H2(text("ranking_heading", lang), className="h5"),
                                            html.P(
                                                text("score_help", lang),
                                                className="text-muted small",
                                            ),
                                            html.Div(id=ids.RANKING),
                                        ]
                                    )
                                ),
                                lg=7,
                                className="mt-3",
                            ),
                            dbc.Col(
                                dbc.Card(
                                    dbc.CardBody(
                                        [
                                            html.H2(text("weights_heading", lang), className="h5"),
                                            html.P(
                                                text("weights_help", lang),
                                                className="text-muted small",
                                            ),
                                            *sliders,
                                            html.H3(
                                                text("prefs.title", lang),
                                                className="h6 mt-3",
                                                id="prefs-heading",
                                            ),
                                            html.Div(id=ids.PREFS_BOX),
                                        ]
                                    )
                                ),
                                lg=5,
                                className="mt-3",
                            ),
                        ]
                    ),
                    dbc.Row(
                        [
                            dbc.Col(
                                dbc.Card(
                                    dbc.CardBody(
                                        [
                                            html.H2(text("tradeoff_heading", lang), className="h5"),
                                            html.Figure(
                                                [
                                                    html.Div(id=ids.TRADEOFF_BOX),
                                                    html.Figcaption(
                                                        id=ids.TRADEOFF_SUMMARY, className="small"
                                                    ),
                                                ]
                                            ),
                                        ]
                                    )
                                ),
                                lg=6,
                                className="mt-3",
                            ),
                            dbc.Col(
                                dbc.Card(
                                    dbc.CardBody(
                                        [
                                            html.H2(text("firmness_heading", lang), className="h5"),
                                            html.Div(id=ids.FIRMNESS_TEXT),
                                            html.Div(id=ids.ACCEPTABILITY_BOX),
                                            dcc.Store(id=ids.later_chart(ids.ACCEPTABILITY_BOX)),
                                        ]
                                    )
                                ),
                                lg=6,
                                className="mt-3",
                            ),
                        ]
                    ),
                    dbc.Card(
                        dbc.CardBody(
                            [
                                html.H2(text("why_heading", lang), className="h5"),
                                html.P(text("why_help", lang), className="text-muted small"),
                                dbc.Label(text("network_form", lang), html_for=ids.WATERFALL_FORM),
                                dbc.Select(
                                    id=ids.WATERFALL_FORM,
                                    options=form_choices(rules, lang),
                                    value=BEST_FORM,
                                    style={"maxWidth": "20em"},
                                    className="mb-2",
                                ),
                                html.Figure(
                                    [
                                        html.Div(id=ids.WATERFALL_BOX),
                                        dcc.Store(id=ids.later_chart(ids.WATERFALL_BOX)),
                                        html.Figcaption(
                                            html.Ol(id=ids.WATERFALL_LIST, className="small mb-0"),
                                        ),
                                    ]
                                ),
                            ]
                        ),
                        className="mt-3",
                    ),
                    dbc.Card(
                        dbc.CardBody(
                            [
                                html.H2(text("change_heading", lang), className="h5"),
                                html.Ul(id=ids.FLIPS_TEXT),
                                html.Div(id=ids.FLIPS_BOX),
                                dcc.Store(id=ids.later_chart(ids.FLIPS_BOX)),
                            ]
                        ),
                        className="mt-3",
                    ),
                    dbc.Card(
                        dbc.CardBody(
                            [
                                html.H2(
                                    text("path.title", lang), className="h5", id="route-heading"
                                ),
                                html.Div(id=ids.ROUTE),
                            ]
                        ),
                        className="mt-3",
                        id="route-card",
                    ),
                ],
            ),
        ]
    )


def form_choices(rules: RuleSet, lang: str) -> list[dict[str, str]]:
    """Form options, led by "the best-fitting form" (value ``BEST_FORM``)."""
    return [{"label": text("best_form", lang), "value": BEST_FORM}] + [
        {"label": f.label(lang), "value": f.id} for f in rules.forms
    ]


def build_network(rules: RuleSet, lang: str) -> html.Div:
    """The proposed network of a form, with governance, metrics and downloads."""
    return html.Div(
        [
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(text("network_form", lang), html_for=ids.NETWORK_FORM),
                            dbc.Select(
                                id=ids.NETWORK_FORM,
                                options=form_choices(rules, lang),
                                value=BEST_FORM,
                            ),
                        ],
                        md=4,
                    ),
                    dbc.Col(
                        [
                            dbc.Button(
                                text("download_png", lang),
                                id=ids.DOWNLOAD_PNG,
                                color="secondary",
                                outline=True,
                                className="me-2",
                                n_clicks=0,
                            ),
                            dbc.Button(
                                text("download_graphml", lang),
                                id=ids.DOWNLOAD_GRAPHML,
                                color="secondary",
                                outline=True,
                                n_clicks=0,
                            ),
                        ],
                        md=8,
                        className="d-flex align-items-end justify-content-md-end mt-2",
                    ),
                ],
                className="mt-3",
            ),
            dcc.Loading(html.Div(id=ids.NETWORK_BOX)),
            html.Div(id=ids.NETWORK_INFO),
            dcc.Download(id=ids.NETWORK_DOWNLOAD),
        ]
    )


def build_scenarios(lang: str) -> html.Div:
    """Save the current answers as a named scenario; compare up to four."""
    return html.Div(
        [
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(text("scenario_name", lang), html_for=ids.SCENARIO_NAME),
                            dbc.Input(
                                id=ids.SCENARIO_NAME,
                                type="text",
                                placeholder=text("scenario_placeholder", lang),
                            ),
                        ],
                        md=6,
                    ),
                    dbc.Col(
                        dbc.Button(
                            text("save_scenario", lang),
                            id=ids.SAVE_SCENARIO,
                            color="primary",
                            n_clicks=0,
                        ),
                        md=6,
                        className="d-flex align-items-end mt-2",
                    ),
                ],
                className="mt-3",
            ),
            dcc.ConfirmDialog(id=ids.OVERWRITE_CONFIRM, message=""),
            html.Div(
                id=ids.SCENARIO_MESSAGE,
                className="small mt-2",
                **html_attributes({"aria-live": "polite"}),
            ),
            html.Div(id=ids.SCENARIO_LIST, className="mt-3"),
            html.H2(text("scenario_compare", lang), className="h5 mt-4"),
            dbc.Checklist(id=ids.SCENARIO_SELECT, options=[], value=[]),
            html.Div(id=ids.SCENARIO_COMPARE, className="mt-3"),
        ]
    )


def build_export(lang: str) -> html.Div:
    """Download and restore a dossier; download a printable report."""
    return html.Div(
        [
            html.H2(text("export_heading", lang), className="h5 mt-3"),
            html.P(text("export_help", lang), className="text-muted"),
            action_button(text("download_json", lang), ids.DOWNLOAD_JSON, "primary"),
            action_button(text("download_pdf", lang), ids.DOWNLOAD_PDF, "primary"),
            dbc.Button(
                text("download_report", lang),
                id=ids.DOWNLOAD_REPORT,
                color="secondary",
                className="mb-2",
                n_clicks=0,
            ),
            html.Div(
                dcc.Upload(
                    html.Div(text("upload", lang)),
                    id=ids.UPLOAD,
                    # No accept filter: the browser would turn another file away in silence;
                    # every file gets a message (see the upload check in callbacks.py).
                    className="upload-zone mt-3",
                ),
                **html_attributes({"data-label": text("upload", lang)}),
            ),
            html.Div(
                id=ids.UPLOAD_MESSAGE, className="mt-2", **html_attributes({"aria-live": "polite"})
            ),
            dcc.Store(id=ids.UPLOAD_CHECKED, storage_type="memory"),
            dcc.ConfirmDialog(id=ids.DOSSIER_CONFIRM, message=text("dossier_confirm", lang)),
            dcc.Download(id=ids.EXPORT_DOWNLOAD),
        ]
    )
