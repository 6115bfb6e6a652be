"""Samen invullen: a board, and its partners, assess together (the opt-in session mode).

The facilitator opens a session and shares the participant code (or a link carrying it);
members join with the code and their name, answer the same questionnaire on their own
device, and submit. The facilitator follows the progress and reveals; then everyone sees the
group advice, what divides the board and whether it changes the advice.

Only the secrets live in the browser (the facilitator key and the member token, in local
storage); every answer goes to the session store (:mod:`samenwerking.sessions`). Nothing is
stored on the server until someone opens or joins a session: the single-user dashboard
keeps its no-server-data promise. Every callback here names the store's rules for what it
may show: before the reveal a member's callbacks return their own state only.
"""

from __future__ import annotations

import json
import threading
from typing import Any

import dash_bootstrap_components as dbc
import flask
from dash import Dash, Input, Output, State, dcc, html, no_update
from dash.exceptions import PreventUpdate
from plotly.io.json import to_json_plotly

from samenwerking.board_pack import (
    dispute_sentences,
    flip_sentences,
    group_pack,
    weight_dispute_sentences,
)
from samenwerking.dashboard import ids
from samenwerking.dashboard.controls import action_button
from samenwerking.dashboard.texts import language, sentence, text
from samenwerking.dashboard.typed_dash import (
    clicked,
    clientside_callback,
    html_attributes,
    relative_path,
    send_bytes,
    send_string,
)
from samenwerking.dashboard.views import file_name, graph_style, localised
from samenwerking.documents import to_pdf
from samenwerking.figures import group_spread_spec
from samenwerking.group import GroupAdvice, split_by_organisation
from samenwerking.numbers import format_number, format_value
from samenwerking.once import OnceCache
from samenwerking.report import advice_headline
from samenwerking.rules.ruleset import RuleSet
from samenwerking.sessions import DatabaseUnavailableError, SessionError, SessionStore
from samenwerking.sessions.store import local_client

#: Seconds between progress updates while a session waits for answers or the reveal.
PATH = "/samen"
POLL_SECONDS = 4

_store: SessionStore | None = None
_store_lock = threading.Lock()


def session_store() -> SessionStore:
    """The process's session store, opened on first use (never for single-user visits)."""
    global _store
    with _store_lock:
        if _store is None:
            _store = SessionStore()
        return _store


def _client() -> str:
    """Who is asking, for the wrong-code limit: the address the request came from."""
    try:
        return flask.request.remote_addr or "unknown"
    except RuntimeError:  # outside a request (a script using the app's functions)
        return local_client()


def build_together(lang: str) -> html.Div:
    """The page: start or resume a session, join one, then progress and the group result."""
    return html.Div(
        [
            html.H2(text("together_heading", lang), className="h5 mt-3"),
            html.P(text("together_intro", lang), className="text-muted"),
            html.Div(
                id=ids.TOGETHER_MESSAGE,
                className="mt-2",
                **html_attributes({"aria-live": "polite"}),
            ),
            html.Div(id=ids.TOGETHER_RESULT, className="mt-3"),
            dbc.Row(
                [
                    dbc.Col(_start_panel(lang), md=6, id=ids.TOGETHER_START),
                    dbc.Col(_join_panel(lang), md=6, id=ids.TOGETHER_JOIN_PANEL),
                ],
                className="mt-2",
            ),
            html.Div(
                [
                    html.H3(text("together_facilitator_heading", lang), className="h6 mt-3"),
                    html.Div(id=ids.TOGETHER_FACILITATOR_BODY),
                    html.Div(
                        [
                            action_button(text("together_refresh", lang), ids.TOGETHER_REFRESH),
                            # The reveal freezes every answer: it asks first, naming who has
                            # not sent theirs yet (the message follows the progress).
                            dcc.ConfirmDialogProvider(
                                action_button(
                                    text("together_reveal", lang), ids.TOGETHER_REVEAL, "primary"
                                ),
                                id=ids.TOGETHER_REVEAL_CONFIRM,
                                message=text("together_reveal_confirm", lang),
                            ),
                            action_button(text("together_export", lang), ids.TOGETHER_EXPORT),
                            action_button(text("together_pdf", lang), ids.TOGETHER_PDF),
                            dcc.ConfirmDialogProvider(
                                dbc.Button(
                                    text("together_delete", lang),
                                    color="danger",
                                    outline=True,
                                    className="me-2 mb-2",
                                ),
                                id=ids.TOGETHER_DELETE,
                                message=text("together_delete_confirm", lang),
                            ),
                        ]
                    ),
                ],
                id=ids.TOGETHER_FACILITATOR,
                style={"display": "none"},
            ),
            html.Div(
                [
                    html.H3(text("together_member_heading", lang), className="h6 mt-3"),
                    html.Div(id=ids.TOGETHER_MEMBER_BODY),
                    action_button(text("together_submit", lang), ids.TOGETHER_SUBMIT, "primary"),
                ],
                id=ids.TOGETHER_MEMBER,
                style={"display": "none"},
            ),
            dbc.Button(
                text("together_leave", lang),
                id=ids.TOGETHER_LEAVE,
                color="link",
                className="px-0",
                n_clicks=0,
                style={"display": "none"},
            ),
            dcc.Interval(id=ids.TOGETHER_POLL, interval=POLL_SECONDS * 1000, disabled=True),
            dcc.Download(id=ids.TOGETHER_DOWNLOAD),
        ]
    )


def _field(label: str, field_id: str, **props: Any) -> list[Any]:
    return [dbc.Label(label, html_for=field_id, className="mt-2"), dbc.Input(id=field_id, **props)]


def _start_panel(lang: str) -> Any:
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3(text("together_start_heading", lang), className="h6"),
                *_field(
                    text("together_title", lang), ids.TOGETHER_TITLE, type="text", maxLength=200
                ),
                dbc.Checklist(
                    id=ids.TOGETHER_ANONYMOUS,
                    options=[{"label": text("together_anonymous", lang), "value": "anonymous"}],
                    value=[],
                    className="mt-2",
                ),
                dbc.Button(
                    text("together_create", lang),
                    id=ids.TOGETHER_CREATE,
                    color="primary",
                    className="mt-2",
                    n_clicks=0,
                ),
                html.Hr(),
                *_field(
                    text("together_key", lang), ids.TOGETHER_KEY, type="password", maxLength=200
                ),
                dbc.Button(
                    text("together_resume", lang),
                    id=ids.TOGETHER_RESUME,
                    color="secondary",
                    className="mt-2",
                    n_clicks=0,
                ),
            ]
        )
    )


def _join_panel(lang: str) -> Any:
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3(text("together_join_heading", lang), className="h6"),
                *_field(
                    text("together_code", lang),
                    ids.TOGETHER_CODE,
                    type="text",
                    maxLength=40,
                    autoComplete="off",
                ),
                *_field(text("together_name", lang), ids.TOGETHER_NAME, type="text", maxLength=120),
                *_field(
                    text("together_organisation", lang),
                    ids.TOGETHER_ORGANISATION,
                    type="text",
                    maxLength=120,
                ),
                dbc.Button(
                    text("together_join", lang),
                    id=ids.TOGETHER_JOIN,
                    color="primary",
                    className="mt-2",
                    n_clicks=0,
                ),
            ]
        )
    )


def _alert(message: str, ok: bool) -> Any:
    return dbc.Alert(message, color="success" if ok else "danger", className="mb-2")


def _error_alert(error: SessionError, lang: str) -> Any:
    """A session error as a message of its own: a sentence (:func:`sentence`)."""
    lines = error.text(lang).splitlines()
    first = sentence(lines[0])
    return dbc.Alert(
        [html.P(first, className="mb-1"), *[html.Div(line.strip()) for line in lines[1:]]],
        color="danger",
        className="mb-2",
    )


# -- what each callback does, as functions of their inputs (tested without a browser) ------


def act(
    action: str,
    credentials: dict[str, Any] | None,
    fields: dict[str, Any],
    answers: dict[str, Any],
    rules: RuleSet,
    lang: str,
) -> tuple[dict[str, Any], bool, Any]:
    """Carry out one button's action: new credentials, whether it was done, the message."""
    held = dict(credentials or {})
    client = _client()
    try:
        if action == "create":
            anonymous = "anonymous" in (fields.get("anonymous") or [])
            new = session_store().create(fields.get("title") or "", rules, anonymous)
            held["facilitator"] = {
                "key": new.facilitator_key,
                "code": new.participant_code,
                "title": new.title,
            }
            return held, True, _alert(text("together_created", lang, title=new.title), True)
        if action == "resume":
            key = (fields.get("key") or "").strip()
            status = session_store().status(key, client=client)
            held["facilitator"] = {"key": key, "code": "", "title": status.title}
            return held, True, _alert(text("together_resumed", lang, title=status.title), True)
        if action == "join":
            token = session_store().join(
                fields.get("code") or "",
                fields.get("name") or "",
                (fields.get("organisation") or "").strip() or None,
                client=client,
            )
            view = session_store().member(token, client=client)
            held["member"] = {"token": token, "title": view.title, "name": view.name}
            return (
                held,
                True,
                _alert(text("together_joined", lang, name=view.name, title=view.title), True),
            )
        if action == "submit":
            member = held.get("member") or {}
            session_store().submit(
                str(member.get("token", "")),
                answers.get("answers") or {},
                answers.get("weights") or None,
                client=client,
                choices=answers.get("choices") or (),
            )
            return held, True, _alert(text("together_submitted", lang), True)
        if action == "reveal":
            session_store().reveal(_facilitator_key(held), client=client)
            return held, True, _alert(text("together_revealed", lang), True)
        if action == "delete":
            session_store().delete(_facilitator_key(held), client=client)
            held.pop("facilitator", None)
            return held, True, _alert(text("together_deleted", lang), True)
        if action == "leave":
            return {}, True, _alert(text("together_left", lang), True)
    except DatabaseUnavailableError:
        raise  # not the request's fault: each caller says so in its own way
    except SessionError as error:
        return held, False, _error_alert(error, lang)
    raise PreventUpdate


def _facilitator_key(held: dict[str, Any]) -> str:
    return str((held.get("facilitator") or {}).get("key", ""))


def facilitator_view(held: dict[str, Any], lang: str, base_url: str) -> tuple[Any, bool, bool, str]:
    """The facilitator's panel: code, link, key and progress.

    Returns the panel, whether the session is revealed, whether the key is still valid, and
    the question "Uitslag tonen" asks first.
    """
    info = held.get("facilitator") or {}
    try:
        status = session_store().status(str(info.get("key", "")), client=_client())
    except SessionError as error:
        return _error_alert(error, lang), False, False, text("together_reveal_confirm", lang)
    code = str(info.get("code", ""))
    link = f"{base_url}samen?code={code}" if code else ""
    items: list[Any] = [html.P(html.Strong(status.title))]
    if code:
        items += [
            html.P([text("together_share_code", lang), " ", html.Code(code, className="fs-5")]),
            html.P([text("together_share_link", lang), " ", html.Code(link)]),
        ]
    items.append(
        html.Details(
            [
                html.Summary(text("together_key_shown", lang)),
                html.P(text("together_key_warning", lang), className="small mb-1"),
                html.Code(str(info.get("key", ""))),
            ],
            className="mb-2",
        )
    )
    items.append(
        html.P(
            text("together_progress", lang, submitted=status.submitted, total=len(status.members)),
            className="fw-semibold",
            role="status",
        )
    )
    if status.members:
        items.append(
            html.Ul(
                [
                    html.Li(
                        f"{m.name}"
                        + (f" ({m.organisation})" if m.organisation else "")
                        + " — "
                        + text("together_done" if m.submitted else "together_waiting", lang)
                    )
                    for m in status.members
                ],
                className="together-members",
            )
        )
    if status.revealed:
        items.append(html.P(text("together_is_revealed", lang)))
    return html.Div(items), status.revealed, True, reveal_question(status.members, lang)


def reveal_question(members: Any, lang: str) -> str:
    """What "Uitslag tonen" asks: whether to freeze the answers, and who has not sent theirs."""
    waiting = [m.name for m in members if not m.submitted]
    if not waiting:
        return text("together_reveal_confirm", lang)
    return text(
        "together_reveal_confirm_waiting",
        lang,
        names=", ".join(waiting),
        waiting=len(waiting),
        total=len(members),
    )


def member_view(
    held: dict[str, Any], answered: int, total: int, lang: str
) -> tuple[Any, bool, bool]:
    """The member's panel: who they are, their own submission; (panel, revealed, valid)."""
    info = held.get("member") or {}
    try:
        view = session_store().member(str(info.get("token", "")), client=_client())
    except SessionError as error:
        return _error_alert(error, lang), False, False
    panel = member_panel(
        view.name, view.title, view.submitted, view.revealed, answered, total, lang
    )
    return panel, view.revealed, True


def member_panel(
    name: str, title: str, submitted: bool, revealed: bool, answered: int, total: int, lang: str
) -> Any:
    """Who the member is, whether they sent their answers, how far they are (until the reveal)."""
    items: list[Any] = [
        html.P(text("together_member_as", lang, name=name, title=title)),
        html.P(
            text("together_member_sent" if submitted else "together_member_not_sent", lang),
            role="status",
        ),
    ]
    if not revealed:
        items.append(
            html.P(
                [
                    text("together_own_progress", lang, answered=answered, total=total),
                    " ",
                    dcc.Link(text("together_to_questions", lang), href="/"),
                ],
                className="small text-muted",
            )
        )
    return html.Div(items)


def result_view(secret: str, lang: str) -> Any:
    """The group result for whoever holds ``secret`` (the store decides what they may see)."""
    store = session_store()
    try:
        group = store.result(secret, lang=lang, client=_client())
        title, rules = store.about(secret, client=_client())
    except SessionError as error:
        return _error_alert(error, lang)
    # A revealed result is the same object for everyone who opens it (the store computes
    # it once), so its page is built once too; the object itself is part of the key, so
    # a result the store has let go is never mistaken for a new one at the same address.
    built = _RESULT_VIEWS.get(
        (id(group), title, lang), lambda: (group, group_result(group, rules, title, lang))
    )
    return built[1] if built[0] is group else group_result(group, rules, title, lang)


#: Result pages built, with the result each was built from.
_RESULT_VIEWS: OnceCache[tuple[GroupAdvice, Any]] = OnceCache(size=64)


def group_result(group: GroupAdvice, rules: RuleSet, title: str, lang: str) -> Any:
    """Everything the board sees after the reveal, disagreement that matters first."""
    headline = advice_headline(group.advice, rules, lang)
    disputes = dispute_sentences(group, rules, lang)
    weight_lines = weight_dispute_sentences(group, rules, lang)
    flips = flip_sentences(group.advice, rules, lang, "pack.flip_line", 5)
    blocks: list[Any] = [
        html.H2(text("together_result_heading", lang, title=title), className="h5"),
        html.Div(
            [
                html.P(headline[0], className="fs-5 fw-semibold mb-1"),
                *[html.P(line.strip(), className="mb-1") for line in headline[1:]],
                html.P(
                    text(
                        "together_consensus",
                        lang,
                        members=len(group.members),
                        consensus=format_number(group.consensus, lang, 2),
                    ),
                    className="mb-0",
                ),
            ],
            className="headline-card mb-3" + ("" if group.advice.clear else " unclear"),
            id="group-headline",
        ),
        html.H3(text("together_disputed_heading", lang), className="h6"),
        html.Ul([html.Li(line) for line in disputes], id="group-disputed")
        if disputes
        else html.P(text("together_no_disputes", lang), id="group-disputed"),
        html.H3(text("group.weights_heading", lang), className="h6 mt-3"),
        html.Ul([html.Li(line) for line in weight_lines], id="group-weights")
        if weight_lines
        else html.P(text("group.no_weight_disputes", lang), id="group-weights"),
        html.H3(text("together_members_heading", lang), className="h6 mt-3"),
        _table(
            [text("together_member", lang), text("together_org", lang), text("together_top", lang)],
            [
                [name, group.organisations.get(name, ""), rules.label("form", advice.top, lang)]
                for name, advice in group.members.items()
            ],
            "group-members",
            text("together_members_heading", lang),
        ),
    ]
    organisations = split_by_organisation(group, rules) if group.organisations else {}
    if len(organisations) > 1:
        blocks += [
            html.H3(text("together_by_organisation", lang), className="h6 mt-3"),
            _table(
                [
                    text("together_org", lang),
                    text("together_member_count", lang),
                    text("together_top", lang),
                    text("together_consensus_short", lang),
                ],
                [
                    [
                        org or text("together_no_org", lang),
                        str(len(sub.members)),
                        rules.label("form", sub.advice.top, lang),
                        # One member agrees with themselves: no eensgezindheid to show.
                        format_number(sub.consensus, lang, 2) if len(sub.members) > 1 else "—",
                    ]
                    for org, sub in organisations.items()
                ],
                "group-organisations",
                text("together_by_organisation", lang),
            ),
        ]
    blocks += [
        html.H3(text("together_spread_heading", lang), className="h6 mt-3"),
        html.P(text("together_spread_help", lang), className="small text-muted"),
        dcc.Graph(
            figure=(spread := localised(group_spread_spec(group, rules, lang), lang)),
            style=graph_style(spread),
            config={"displaylogo": False, "responsive": True},
            id="group-spread",
        ),
        _table(
            [
                text("together_topic", lang),
                text("together_group_answer", lang),
                text("together_range", lang),
                text("together_consensus_short", lang),
            ],
            [
                [
                    rules.label("factor", factor, lang),
                    format_value(spread.group_value, lang),
                    f"{format_value(spread.minimum, lang)} – {format_value(spread.maximum, lang)}",
                    format_number(spread.consensus, lang, 2),
                ]
                for factor, spread in sorted(group.factors.items(), key=lambda i: i[1].consensus)
            ],
            "group-spread-table",
            text("together_spread_heading", lang),
        ),
        html.H3(text("together_flips_heading", lang), className="h6 mt-3"),
        html.Ul([html.Li(line) for line in flips]) if flips else html.P(text("no_flips", lang)),
    ]
    return html.Div(blocks)


def _table(header: list[str], rows: list[list[str]], table_id: str, label: str) -> Any:
    """A table that scrolls inside its own box on a phone, never the page.

    The box is a labelled region in the tab order, so a keyboard user can scroll it too
    (WCAG 2.1.1; axe's scrollable-region-focusable).
    """
    table = dbc.Table(
        [
            html.Thead(html.Tr([html.Th(h, scope="col") for h in header])),
            html.Tbody([html.Tr([html.Td(cell) for cell in row]) for row in rows]),
        ],
        bordered=False,
        striped=True,
        size="sm",
        id=table_id,
        className="mb-0",
    )
    return html.Div(
        table,
        className="table-scroll mb-2",
        tabIndex="0",
        role="region",
        **html_attributes({"aria-label": label}),
    )


def group_pdf(secret: str, lang: str) -> bytes:
    """The group report as PDF (the store refuses while nobody has submitted)."""
    store = session_store()
    group = store.result(secret, lang=lang, client=_client())
    title, rules = store.about(secret, client=_client())
    return to_pdf(group_pack(group, rules, title=title, lang=lang))


#: Where the page posts a member's submit (a route, not a Dash callback: see submitted_view).
SUBMIT_ROUTE = "/samen/insturen"


def submitted_view(posted: Any, rules: RuleSet) -> dict[str, Any]:
    """What the page shows after "Mijn antwoorden insturen": the message, and the panel.

    A whole board presses this button at about the same moment, so it is the one request
    that must be cheap. It is a plain route, posted by a client-side callback, so it does
    not carry a Dash callback's 16 inputs and states in and a component tree out. The work
    is the same :func:`act` the other buttons use. The panel ("sent") is built from what the
    page holds; the credentials are unchanged, so the page does not ask for the member's
    view again.
    """
    posted = posted if isinstance(posted, dict) else {}
    lang = language(posted.get("lang"))
    member = posted.get("member") if isinstance(posted.get("member"), dict) else {}
    state = posted.get("state") if isinstance(posted.get("state"), dict) else {}
    _held, done, message = act("submit", {"member": member}, {}, state, rules, lang)
    panel = None
    if done and member.get("name") and member.get("title"):
        answered = len(state.get("answers") or {})
        panel = member_panel(
            str(member["name"]),
            str(member["title"]),
            True,
            False,
            answered,
            len(rules.questions),
            lang,
        )
    return {"message": message, "panel": panel}


def _submit_route(rules: RuleSet) -> Any:
    def submit() -> flask.Response:
        posted = flask.request.get_json(silent=True)
        try:
            shown = submitted_view(posted, rules)
        except DatabaseUnavailableError as outage:
            # 503: try again later; the page shows the reason and keeps the answers.
            lang = posted.get("lang") if isinstance(posted, dict) else None
            error = outage.text(language(lang if isinstance(lang, str) else None))
            return flask.Response(
                json.dumps({"error": sentence(error)}),
                status=503,
                mimetype="application/json",
                headers={"Retry-After": "5"},
            )
        return flask.Response(to_json_plotly(shown), mimetype="application/json")

    return submit


def register(app: Dash, rules: RuleSet) -> None:
    """The session page's callbacks (each a thin wrapper around the functions above)."""

    @app.callback(
        Output(ids.TOGETHER_CODE, "value"),
        Input(ids.URL, "search"),
        State(ids.TOGETHER_CODE, "value"),
    )
    def code_from_link(search: str | None, current: str | None) -> Any:
        from urllib.parse import parse_qs

        code = parse_qs((search or "").lstrip("?")).get("code", [""])[0]
        if not code or current:
            raise PreventUpdate
        return code[:40]

    @app.callback(
        Output(ids.SESSION, "data"),
        Output(ids.TOGETHER_MESSAGE, "children"),
        Output(ids.TOGETHER_TITLE, "value"),
        Output(ids.TOGETHER_KEY, "value"),
        Input(ids.TOGETHER_CREATE, "n_clicks"),
        Input(ids.TOGETHER_RESUME, "n_clicks"),
        Input(ids.TOGETHER_JOIN, "n_clicks"),
        Input(ids.TOGETHER_REVEAL_CONFIRM, "submit_n_clicks"),
        Input(ids.TOGETHER_DELETE, "submit_n_clicks"),
        Input(ids.TOGETHER_LEAVE, "n_clicks"),
        State(ids.TOGETHER_TITLE, "value"),
        State(ids.TOGETHER_ANONYMOUS, "value"),
        State(ids.TOGETHER_KEY, "value"),
        State(ids.TOGETHER_CODE, "value"),
        State(ids.TOGETHER_NAME, "value"),
        State(ids.TOGETHER_ORGANISATION, "value"),
        State(ids.SESSION, "data"),
        State(ids.STATE, "data"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def together_action(*values: Any) -> Any:
        from dash import ctx

        title, anonymous, key, code, name, organisation, held, state, lang = values[6:]
        if not clicked():
            raise PreventUpdate
        action = {
            ids.TOGETHER_CREATE: "create",
            ids.TOGETHER_RESUME: "resume",
            ids.TOGETHER_JOIN: "join",
            ids.TOGETHER_REVEAL_CONFIRM: "reveal",
            ids.TOGETHER_DELETE: "delete",
            ids.TOGETHER_LEAVE: "leave",
        }[str(ctx.triggered_id)]
        fields = {
            "title": title,
            "anonymous": anonymous,
            "key": key,
            "code": code,
            "name": name,
            "organisation": organisation,
        }
        try:
            new, _done, message = act(action, held, fields, state or {}, rules, lang)
        except DatabaseUnavailableError as outage:
            new, message = held or {}, _error_alert(outage, lang)
        created = action == "create" and "facilitator" in new and new != (held or {})
        return (
            new,
            message,
            "" if created else no_update,
            "" if action == "resume" else no_update,
        )

    # "Mijn antwoorden insturen" posts to a route of its own (see submitted_view): the page
    # sends what it holds and shows the message and panel the server built.
    app.server.add_url_rule(SUBMIT_ROUTE, "together_submit", _submit_route(rules), methods=["POST"])
    clientside_callback(
        app,
        """
        async function (clicks, held, state, lang, texts) {
            const dc = window.dash_clientside;
            if (!clicks) { throw dc.PreventUpdate; }
            const offline = {"type": "Alert", "namespace": "dash_bootstrap_components",
                             "props": {"children": texts.offline, "color": "danger",
                                       "className": "mb-2"}};
            try {
                const response = await fetch(SUBMIT_URL, {
                    method: "POST",
                    headers: {"Content-Type": "application/json"},
                    body: JSON.stringify({"member": (held || {}).member || {},
                                          "state": state || {}, "lang": lang}),
                });
                const shown = await response.json();
                if (!shown.message) {
                    offline.props.children = shown.error || texts.offline;
                    return [offline, dc.no_update];
                }
                return [shown.message, shown.panel || dc.no_update];
            } catch (error) {
                return [offline, dc.no_update];
            }
        }
        """.replace("SUBMIT_URL", json.dumps(relative_path(app, SUBMIT_ROUTE))),
        Output(ids.TOGETHER_MESSAGE, "children", allow_duplicate=True),
        Output(ids.TOGETHER_MEMBER_BODY, "children", allow_duplicate=True),
        Input(ids.TOGETHER_SUBMIT, "n_clicks"),
        State(ids.SESSION, "data"),
        State(ids.STATE, "data"),
        State(ids.LANG, "data"),
        State(ids.CLIENT_TEXTS, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.TOGETHER_START, "style"),
        Output(ids.TOGETHER_JOIN_PANEL, "style"),
        Output(ids.TOGETHER_FACILITATOR, "style"),
        Output(ids.TOGETHER_FACILITATOR_BODY, "children"),
        Output(ids.TOGETHER_MEMBER, "style"),
        Output(ids.TOGETHER_MEMBER_BODY, "children"),
        Output(ids.TOGETHER_LEAVE, "style"),
        Output(ids.TOGETHER_RESULT, "children"),
        Output(ids.TOGETHER_POLL, "disabled"),
        Output(ids.TOGETHER_REVEAL, "style"),
        Output(ids.TOGETHER_REVEAL_CONFIRM, "message"),
        Output(ids.TOGETHER_SUBMIT, "style"),
        Input(ids.SESSION, "data"),
        Input(ids.TOGETHER_POLL, "n_intervals"),
        Input(ids.TOGETHER_REFRESH, "n_clicks"),
        State(ids.STATE, "data"),
        State(ids.LANG, "data"),
    )
    def together_view(
        held: dict[str, Any] | None,
        _ticks: Any,
        _refresh: Any,
        state: dict[str, Any] | None,
        lang: str,
    ) -> Any:
        held = held or {}
        hidden: dict[str, str] = {"display": "none"}
        shown: dict[str, str] = {}
        facilitator = member = result = None
        waiting = False
        revealed = member_revealed = False
        question = text("together_reveal_confirm", lang)
        if held.get("facilitator"):
            base = flask.request.host_url if flask.has_request_context() else "/"
            facilitator, revealed, valid, question = facilitator_view(held, lang, base)
            waiting = valid and not revealed
            if revealed or valid:
                result = result_view(_facilitator_key(held), lang) if revealed else None
        if held.get("member"):
            answered = len((state or {}).get("answers") or {})
            member, member_revealed, valid = member_view(held, answered, len(rules.questions), lang)
            waiting = waiting or (valid and not member_revealed)
            if member_revealed and result is None:
                result = result_view(str(held["member"].get("token", "")), lang)
        return (
            hidden if held else shown,
            hidden if held.get("member") else shown,
            shown if held.get("facilitator") else hidden,
            facilitator,
            shown if held.get("member") else hidden,
            member,
            shown if held else hidden,
            result,
            not waiting,
            hidden if revealed else shown,
            question,
            hidden if member_revealed else shown,
        )

    @app.callback(
        Output(ids.TOGETHER_DOWNLOAD, "data"),
        Output(ids.TOGETHER_MESSAGE, "children", allow_duplicate=True),
        Input(ids.TOGETHER_EXPORT, "n_clicks"),
        Input(ids.TOGETHER_PDF, "n_clicks"),
        State(ids.SESSION, "data"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def together_download(_export: Any, _pdf: Any, held: dict[str, Any] | None, lang: str) -> Any:
        from dash import ctx

        if not clicked():
            raise PreventUpdate
        key = _facilitator_key(held or {})
        try:
            if ctx.triggered_id == ids.TOGETHER_EXPORT:
                dossier = session_store().export(key, client=_client())
                content = json.dumps(dossier, indent=2, ensure_ascii=False)
                return send_string(
                    content, file_name("file_session_dossier", lang, "json")
                ), no_update
            pdf = group_pdf(key, lang)
        except SessionError as error:
            return no_update, _error_alert(error, lang)
        return send_bytes(pdf, file_name("file_group_pdf", lang, "pdf")), no_update
