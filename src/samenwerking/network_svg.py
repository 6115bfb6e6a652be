"""The proposed network as a small SVG drawing, for printed reports.

A board pack needs the network as vector graphics that print sharply and weigh kilobytes; a
plotly figure exported through kaleido needs a browser and weighs megabytes. The drawing uses
the dashboard's own layout (:func:`samenwerking.figures.network_layout`), so the printed and
the on-screen network look alike. Every name is escaped: user text is text, never markup.

Each kind of tie has its own line pattern (the franchise legend once showed two kinds with
the same dashes), the own corporation is always a double ring, and names are wrapped, not cut.
"""

from __future__ import annotations

import textwrap
from xml.sax.saxutils import escape

from samenwerking.figures import kind_colours, network_layout
from samenwerking.languages import DEFAULT_LANGUAGE
from samenwerking.network import NetworkProposal
from samenwerking.translations import translate

WIDTH, HEIGHT = 640, 420
MARGIN = 70
LEGEND_WIDTH = 170
#: Dash patterns, handed out to the kinds of tie one drawing uses (in the rule set's order), so
#: no two kinds in one drawing and its legend share a pattern.
PATTERNS = ("", "8 4", "2 3", "10 3 2 3", "14 4", "4 2 1 2", "1 5", "16 3 4 3")
_COORDINATING = {"lead_organisation", "network_administrative_organisation", "chain_director"}


def network_svg(proposal: NetworkProposal, lang: str = DEFAULT_LANGUAGE) -> str:
    """The proposal's network as an SVG document (``width`` 640, ``height`` 420 units)."""
    graph, rules = proposal.graph, proposal.rules
    positions = network_layout(graph)
    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [p[1] for p in positions.values()] or [0.0]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    area_w, area_h = WIDTH - LEGEND_WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN

    def place(node: str) -> tuple[float, float]:
        x, y = positions[node]
        return (
            MARGIN + (x - min(xs)) / span_x * area_w,
            MARGIN + (max(ys) - y) / span_y * area_h,
        )

    present = {str(data.get("relation", "")) for _, _, data in graph.edges(data=True)}
    order = [r.id for r in rules.relations if r.id in present] + sorted(
        present - {r.id for r in rules.relations}
    )
    pattern = {r: PATTERNS[i % len(PATTERNS)] for i, r in enumerate(order)}
    colours = kind_colours(proposal)
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {WIDTH} {HEIGHT}' "
        f"width='{WIDTH}' height='{HEIGHT}' font-family='Arial, Helvetica, sans-serif'>",
        "<defs><marker id='arrow' viewBox='0 0 10 10' refX='28' refY='5' markerWidth='9' "
        "markerHeight='9' markerUnits='userSpaceOnUse' orient='auto-start-reverse'>"
        "<path d='M0,0 L10,5 L0,10 z' fill='#444'/></marker></defs>",
        f"<rect width='{WIDTH}' height='{HEIGHT}' fill='white'/>",
    ]
    for u, v, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1])):
        relation = str(data.get("relation", ""))
        (x1, y1), (x2, y2) = place(u), place(v)
        width = 0.8 + 2.2 * float(data.get("strength", 0.5))
        dash = f" stroke-dasharray='{pattern.get(relation, '')}'" if pattern.get(relation) else ""
        arrow = " marker-end='url(#arrow)'" if relation == "hand_off" else ""
        parts.append(
            f"<line x1='{x1:.1f}' y1='{y1:.1f}' x2='{x2:.1f}' y2='{y2:.1f}' stroke='#777' "
            f"stroke-width='{width:.1f}'{dash}{arrow}/>"
        )
    used_kinds: list[str] = []
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        kind, role = str(data.get("kind", "")), str(data.get("role", ""))
        if kind not in used_kinds:
            used_kinds.append(kind)
        x, y = place(node)
        radius = (
            13 if role in ("own", "merged_organisation") else 11 if role in _COORDINATING else 8
        )
        fill = colours.get(kind, "#BBBBBB")
        parts.append(
            f"<circle cx='{x:.1f}' cy='{y:.1f}' r='{radius}' fill='{fill}' "
            "stroke='#222' stroke-width='1.2'/>"
        )
        if role == "own":
            parts.append(
                f"<circle cx='{x:.1f}' cy='{y:.1f}' r='{radius + 4}' fill='none' "
                "stroke='#222' stroke-width='1.2'/>"
            )
        lines = textwrap.wrap(proposal.node_name(node, lang), 22)[:3] or [""]
        for index, line in enumerate(lines):
            parts.append(
                # A white halo keeps a name readable where a tie runs behind it.
                f"<text x='{x:.1f}' y='{y + radius + 12 + 11 * index:.1f}' font-size='10' "
                "text-anchor='middle' fill='#222' stroke='white' stroke-width='3' "
                f"paint-order='stroke'>{escape(line)}</text>"
            )
    parts += _legend(proposal, used_kinds, order, colours, pattern, lang)
    parts.append("</svg>")
    return "".join(parts)


def _legend(
    proposal: NetworkProposal,
    kinds: list[str],
    relations: list[str],
    colours: dict[str, str],
    pattern: dict[str, str],
    lang: str,
) -> list[str]:
    rules = proposal.rules
    x, y = WIDTH - LEGEND_WIDTH + 10, 24
    parts = []
    for kind in kinds:
        known = rules.partner_kinds_by_id.get(kind)
        label = known.label(lang) if known else translate(f"kind_{kind}")(lang)
        parts.append(
            f"<circle cx='{x + 6}' cy='{y - 4}' r='6' fill='{colours.get(kind, '#BBB')}' "
            "stroke='#222' stroke-width='1'/>"
            f"<text x='{x + 18}' y='{y}' font-size='10' fill='#222'>{escape(label)}</text>"
        )
        y += 18
    y += 8
    labels = {r.id: r.label(lang) for r in rules.relations}
    for relation in relations:
        dash = f" stroke-dasharray='{pattern[relation]}'" if pattern.get(relation) else ""
        parts.append(
            f"<line x1='{x}' y1='{y - 4}' x2='{x + 26}' y2='{y - 4}' stroke='#777' "
            f"stroke-width='2'{dash}/>"
            f"<text x='{x + 32}' y='{y}' font-size='10' fill='#222'>"
            f"{escape(labels.get(relation, relation))}</text>"
        )
        y += 18
    own = translate("role_own")(lang)
    parts.append(
        f"<circle cx='{x + 6}' cy='{y - 4}' r='6' fill='white' stroke='#222'/>"
        f"<circle cx='{x + 6}' cy='{y - 4}' r='9' fill='none' stroke='#222'/>"
        f"<text x='{x + 20}' y='{y}' font-size='10' fill='#222'>{escape(own)}</text>"
    )
    return parts
