"""The frame around the pages (menu, header, footer, stores) and the page switch.

Each page builds its own content (``dashboard.pages``); :func:`build_page` picks the page a
URL shows. The frame is built per request in the user's language; the user's answers are not part of
it: they stay in the browser's own store, so a language switch is a reload that keeps
everything. A page is built when it is opened (:func:`build_page`), from what that store
holds, sent along with the request.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from samenwerking import RuleSet
from samenwerking.dashboard import ids
from samenwerking.dashboard.ids import dom_id
from samenwerking.dashboard.pages.advice import build_advice
from samenwerking.dashboard.pages.assessment import build_assessment
from samenwerking.dashboard.pages.network import build_network
from samenwerking.dashboard.pages.scenarios import build_scenarios
from samenwerking.dashboard.pages.share import build_export
from samenwerking.dashboard.pages.together import build_together
from samenwerking.dashboard.state import State
from samenwerking.dashboard.texts import text
from samenwerking.dashboard.typed_dash import html_attributes
from samenwerking.translations import languages

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
