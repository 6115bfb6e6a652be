"""Plotly figures of the library, for notebooks, reports and the dashboard alike.

Colours come from Paul Tol's *muted* scheme, which stays distinguishable with the common
forms of colour blindness; shape and size carry the role, so colour is never the only cue.

Each figure is built as a plain dictionary (``*_spec``), which the dashboard sends as it is,
and offered as a ``plotly.graph_objects.Figure`` (``*_figure``) for notebooks and reports.
Plotly's validating objects cost the dashboard 15-30 ms per chart on every answer; the
dictionaries hold the same figure, and ``go.Figure(spec)`` still validates them in the tests.
"""

from __future__ import annotations

import html
import math
import textwrap
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from samenwerking.languages import DEFAULT_LANGUAGE
from samenwerking.network import NetworkProposal
from samenwerking.numbers import format_number, format_share, format_value
from samenwerking.rules.ruleset import RuleSet
from samenwerking.rules.wording import evidence_label
from samenwerking.scoring import Advice
from samenwerking.sensitivity import FlipPoint, RankAcceptability
from samenwerking.translations import say, translate

if TYPE_CHECKING:  # a type only: the group analysis sits above the figures
    from samenwerking.group import GroupAdvice

#: Paul Tol's muted qualitative scheme (colour-blind safe), then black/greys for new nodes.
MUTED = (
    "#CC6677",
    "#332288",
    "#DDCC77",
    "#117733",
    "#88CCEE",
    "#882255",
    "#44AA99",
    "#999933",
    "#AA4499",
)
SYNTHETIC_COLOURS = {"new": "#000000", "service": "#777777", "missing": "#DDDDDD"}
ROLE_SYMBOLS = {
    "own": "star",
    "merged_organisation": "star",
    "lead_organisation": "diamond",
    "network_administrative_organisation": "diamond",
    "formula_owner": "diamond",
    "chain_director": "diamond",
    "broker": "diamond",
    "shared_service": "square",
    "unfilled_step": "x",
    "residents": "triangle-up",
}
COORDINATING_ROLES = {
    "lead_organisation",
    "network_administrative_organisation",
    "formula_owner",
    "chain_director",
    "broker",
    "merged_organisation",
}
LAYOUT_SEED = 7

#: A figure as Plotly's JSON: ``{"data": [traces], "layout": {...}}``.
Spec = dict[str, Any]

#: The look ``go.Figure`` gives by default (Plotly's "plotly" template: axis margins that
#: grow to fit their labels, fonts, grid), sent with each dictionary figure so the page
#: looks as the notebook does. Only its layout part (2.7 kB): the trace defaults would
#: add 4 kB to every chart for hardly a visible difference.
HOUSE_TEMPLATE = {"layout": pio.templates["plotly"].layout.to_plotly_json()}


def figure_spec(traces: list[dict[str, Any]], layout: dict[str, Any]) -> Spec:
    """A dictionary figure with the house template."""
    return {"data": traces, "layout": {"template": HOUSE_TEMPLATE, **layout}}


def as_figure(spec: Spec) -> go.Figure:
    """A dictionary figure as a validated ``go.Figure`` in the user's default template."""
    layout = {key: value for key, value in spec["layout"].items() if key != "template"}
    return go.Figure({"data": spec["data"], "layout": layout})


def kind_colours(proposal: NetworkProposal) -> dict[str, str]:
    """A fixed colour per partner kind (rule-set order), so figures of one rule set agree."""
    colours = {k.id: MUTED[i % len(MUTED)] for i, k in enumerate(proposal.rules.partner_kinds)}
    return colours | SYNTHETIC_COLOURS


def network_layout(graph: nx.DiGraph[str]) -> dict[str, tuple[float, float]]:
    """Node positions: a seeded spring layout, so the same proposal always looks the same.

    Nodes are first sorted, so positions do not depend on the order partners were given in.
    """
    undirected: nx.Graph[str] = nx.Graph()
    undirected.add_nodes_from(sorted(graph.nodes))
    undirected.add_edges_from(
        sorted((min(u, v), max(u, v)) for u, v in graph.to_undirected().edges)
    )
    n = max(undirected.number_of_nodes(), 1)
    positions = nx.spring_layout(undirected, seed=LAYOUT_SEED, k=2.0 / math.sqrt(n), iterations=200)
    nodes = list(positions)
    spread = _separate(np.array([positions[node] for node in nodes]), min_distance=0.12)
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, spread, strict=True)}


def _separate(points: np.ndarray, min_distance: float, rounds: int = 60) -> np.ndarray:
    """Push apart nodes closer than ``min_distance``, so no marker or label hides another.

    A spring layout puts nodes with the same neighbours (a broker and the own corporation of a
    social network) on one spot; a few rounds of pairwise repulsion resolve that.
    """
    points = points.astype(float).copy()
    n = len(points)
    if n < 2:
        return points
    angles = np.arange(n) * 2.399963  # golden angle: a fixed direction for coinciding nodes
    fallback = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    for _ in range(rounds):
        delta = points[:, None, :] - points[None, :, :]
        distance = np.linalg.norm(delta, axis=2)
        np.fill_diagonal(distance, np.inf)
        close = distance < min_distance
        if not close.any():
            break
        safe = np.maximum(distance, 1e-9)[..., None]
        coinciding = fallback[:, None, :] - fallback[None, :, :]
        direction = np.where(distance[..., None] > 1e-9, delta / safe, coinciding)
        push = np.where(close, (min_distance - np.minimum(distance, min_distance)) / 2, 0.0)
        points += (direction * push[..., None]).sum(axis=1)
    return points


def network_figure(proposal: NetworkProposal, lang: str = DEFAULT_LANGUAGE) -> go.Figure:
    """The proposal as a plotly figure: nodes by kind and role, ties by relation, hover text."""
    return as_figure(network_spec(proposal, lang))


def network_spec(proposal: NetworkProposal, lang: str = DEFAULT_LANGUAGE) -> Spec:
    """``network_figure`` as a plain dictionary."""
    graph, rules = proposal.graph, proposal.rules
    positions = network_layout(graph)
    traces: list[dict[str, Any]] = []
    drawn = 0
    for relation in rules.relations:
        edges = [(u, v) for u, v, d in graph.edges(data=True) if d.get("relation") == relation.id]
        if edges:
            # Each kind of tie in one figure its own dash (two kinds once shared one).
            dash = EDGE_DASHES[drawn % len(EDGE_DASHES)]
            drawn += 1
            traces.append(
                _edge_trace(edges, positions, relation.label(lang), relation.strength, dash)
            )
    annotations = _hand_off_arrows(graph, positions) if proposal.chain_steps else []
    colours = kind_colours(proposal)
    big = graph.number_of_nodes() > 25
    for kind, colour in colours.items():
        nodes = [n for n, d in graph.nodes(data=True) if d.get("kind") == kind]
        if nodes:
            traces.append(_node_trace(proposal, nodes, positions, kind, colour, lang, big))
    title = rules.label("form", proposal.form, lang)
    if proposal.governance is not None:
        title += f" — {proposal.governance.label(lang)}"
    annotations.append(  # every picture says which rules drew it
        {
            "text": f"{translate('rules_used')(lang)}: {rules.info}",
            "xref": "paper",
            "yref": "paper",
            "x": 1,
            "y": 0,
            "xanchor": "right",
            "yanchor": "bottom",
            "showarrow": False,
            "font": {"size": 9, "color": "#777777"},
        }
    )
    return figure_spec(
        traces,
        {
            "title": {"text": title, "x": 0.01},
            "showlegend": True,
            "legend": {"orientation": "v", "x": 1.01, "y": 1, "font": {"size": 11}},
            "xaxis": {"visible": False},
            "yaxis": {"visible": False, "scaleanchor": "x"},
            "plot_bgcolor": "white",
            "paper_bgcolor": "white",
            "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
            "hoverlabel": {"bgcolor": "white"},
            "font": {"family": "Arial, sans-serif"},
            "annotations": annotations,
        },
    )


#: Plotly dash styles, handed out in order to the kinds of tie a figure draws.
EDGE_DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")


def _edge_trace(
    edges: list[tuple[str, str]],
    positions: dict[str, tuple[float, float]],
    label: str,
    strength: float,
    dash: str = "solid",
) -> dict[str, Any]:
    xs: list[float | None] = []
    ys: list[float | None] = []
    for u, v in edges:
        xs += [positions[u][0], positions[v][0], None]
        ys += [positions[u][1], positions[v][1], None]
    return {
        "type": "scatter",
        "x": xs,
        "y": ys,
        "mode": "lines",
        "name": label,
        "legendgroup": "relations",
        "legendgrouptitle": {"text": ""},
        "hoverinfo": "skip",
        "line": {"width": 1 + 3 * strength, "color": "#888888", "dash": dash},
    }


def _hand_off_arrows(
    graph: nx.DiGraph[str], positions: dict[str, tuple[float, float]]
) -> list[Any]:
    arrows = []
    for u, v, data in graph.edges(data=True):
        if data["relation"] != "hand_off":
            continue
        arrows.append(
            {
                "x": positions[v][0],
                "y": positions[v][1],
                "ax": positions[u][0],
                "ay": positions[u][1],
                "xref": "x",
                "yref": "y",
                "axref": "x",
                "ayref": "y",
                "showarrow": True,
                "arrowhead": 3,
                "arrowsize": 1.4,
                "arrowwidth": 1.5,
                "arrowcolor": "#444444",
                "standoff": 12,
                "text": "",
            }
        )
    return arrows


def _node_trace(
    proposal: NetworkProposal,
    nodes: list[str],
    positions: dict[str, tuple[float, float]],
    kind: str,
    colour: str,
    lang: str,
    big: bool,
) -> dict[str, Any]:
    graph, rules = proposal.graph, proposal.rules
    kinds = rules.partner_kinds_by_id
    kind_label = kinds[kind].label(lang) if kind in kinds else translate(f"kind_{kind}")(lang)
    hover, symbols, sizes, names = [], [], [], []
    for node in nodes:
        data = graph.nodes[node]
        role = data["role"]
        name = proposal.node_name(node, lang)
        names.append(_label_text(name))
        lines = [f"<b>{name}</b>", f"{kind_label} · {translate(f'role_{role}')(lang)}"]
        if data.get("members"):
            lines.append(data["members"])
        if role in {
            "own",
            "member",
            "franchisee",
            "lead_organisation",
            "local_partner",
            "merged_organisation",
        }:
            autonomy = translate("metric_autonomy_mean")(lang).split(":")[0]
            lines.append(f"{autonomy}: {format_share(data['autonomy'], lang, 0)}")
        hover.append("<br>".join(lines))
        symbols.append(ROLE_SYMBOLS.get(role, "circle"))
        sizes.append(
            28
            if role in {"own", "merged_organisation"}
            else 22
            if role in COORDINATING_ROLES
            else 16
        )
    return {
        "type": "scatter",
        "x": [positions[n][0] for n in nodes],
        "y": [positions[n][1] for n in nodes],
        "mode": "markers+text",
        "name": kind_label,
        "legendgroup": "kinds",
        "text": names,
        "textposition": "top center",
        "textfont": {"size": 9 if big else 11, "color": "#333333"},
        "hovertext": hover,
        "hoverinfo": "text",
        "marker": {
            "color": colour,
            "size": sizes,
            "symbol": symbols,
            "line": {"width": 1.5, "color": "#333333"},
        },
    }


#: Sequential, colour-blind-safe shades for ranks 1..n (Paul Tol's "YlOrBr"-like, dark = 1st).
RANK_SHADES = ("#662506", "#CC4C02", "#FB9A29", "#FEE391", "#FFFBD5", "#EEEEEE")


def acceptability_figure(
    result: RankAcceptability, rules: RuleSet, lang: str = DEFAULT_LANGUAGE
) -> go.Figure:
    """Stacked bars: per form, the share of sampled weightings giving it each rank."""
    return as_figure(acceptability_spec(result, rules, lang))


def acceptability_spec(
    result: RankAcceptability, rules: RuleSet, lang: str = DEFAULT_LANGUAGE
) -> Spec:
    """``acceptability_figure`` as a plain dictionary."""
    traces = []
    forms = sorted(result.forms, key=lambda f: [-s for s in result.shares[f]])
    labels = [rules.label("form", f, lang) for f in forms]
    rank_word = translate("rank")(lang)
    for rank in range(len(result.forms)):
        shares = [result.shares[f][rank] for f in forms]
        traces.append(
            {
                "type": "bar",
                "y": labels,
                "x": shares,
                "orientation": "h",
                "name": f"{rank_word} {rank + 1}",
                "marker": {
                    "color": RANK_SHADES[min(rank, len(RANK_SHADES) - 1)],
                    "line": {"color": "#555555", "width": 0.5},
                },
                "text": [format_share(s, lang, 0) if s >= 0.06 else "" for s in shares],
                "textposition": "inside",
                "hovertemplate": "%{y}: %{x:.1%}<extra>" + f"{rank_word} {rank + 1}</extra>",
            }
        )
    return figure_spec(
        traces,
        {
            "barmode": "stack",
            "xaxis": {"tickformat": ".0%", "range": [0, 1]},
            "yaxis": {"autorange": "reversed"},
            "legend": {"orientation": "h", "y": -0.15, "traceorder": "normal"},
            "plot_bgcolor": "white",
            "paper_bgcolor": "white",
            "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
            "height": 160 + 48 * len(forms),
        },
    )


def flip_figure(
    flips: list[FlipPoint], rules: RuleSet, current_top: str, lang: str = DEFAULT_LANGUAGE
) -> go.Figure:
    """Per factor, where it stands and how far it must move to change the advice.

    Positions are shown on each factor's own range (0 = its minimum, 1 = its maximum), so
    scales and counts can stand in one chart; hover shows the real values.
    """
    return as_figure(flip_spec(flips, rules, current_top, lang))


def flip_spec(
    flips: list[FlipPoint], rules: RuleSet, current_top: str, lang: str = DEFAULT_LANGUAGE
) -> Spec:
    """``flip_figure`` as a plain dictionary."""
    traces: list[dict[str, Any]] = []
    order = sorted(flips, key=lambda f: (f.distance is None, _relative_distance(f, rules)))
    names = [rules.label("factor", f.factor, lang) for f in order]
    no_flip = translate("no_flip")(lang)
    for flip, name in zip(order, names, strict=True):
        factor = rules.factors_by_id[flip.factor]
        span = factor.maximum - factor.minimum
        now = (flip.current - factor.minimum) / span
        if flip.value is None:
            traces.append(
                {
                    "type": "scatter",
                    "x": [now],
                    "y": [name],
                    "mode": "markers",
                    "marker": {"color": "#999999", "size": 10},
                    "showlegend": False,
                    "hovertext": f"{name}: {format_value(flip.current, lang)} — {no_flip}",
                    "hoverinfo": "text",
                }
            )
            continue
        then = (flip.value - factor.minimum) / span
        new_top = rules.label("form", flip.new_top or "", lang)
        traces.append(
            {
                "type": "scatter",
                "x": [now, then],
                "y": [name, name],
                "mode": "lines+markers+text",
                "line": {"color": "#332288", "width": 3},
                "marker": {
                    "color": ["#332288", "#CC6677"],
                    "size": [10, 12],
                    "symbol": ["circle", "diamond"],
                },
                "text": ["", new_top],
                "textposition": "middle right",
                "showlegend": False,
                "hovertext": [
                    f"{name}: {format_value(flip.current, lang)}",
                    f"{name}: {format_value(flip.value, lang)} → {new_top}",
                ],
                "hoverinfo": "text",
            }
        )
    return figure_spec(
        traces,
        {
            "xaxis": {
                "range": [-0.05, 1.3],
                "tickvals": [0, 1],
                "ticktext": [translate("axis_min")(lang), translate("axis_max")(lang)],
            },
            "yaxis": {"autorange": "reversed"},
            "plot_bgcolor": "white",
            "paper_bgcolor": "white",
            "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
            "height": 80 + 34 * len(order),
        },
    )


def _relative_distance(flip: FlipPoint, rules: RuleSet) -> float:
    factor = rules.factors_by_id[flip.factor]
    return (flip.distance or 0.0) / (factor.maximum - factor.minimum)


#: One colour per form (Paul Tol's bright scheme, colour-blind safe), in rule-set order.
FORM_COLOURS = ("#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB")


def form_colours(rules: RuleSet) -> dict[str, str]:
    """A fixed colour per form, so every chart of a rule set uses the same one."""
    return {f: FORM_COLOURS[i % len(FORM_COLOURS)] for i, f in enumerate(rules.form_ids)}


def theme_profile(advice: Advice) -> dict[str, dict[str, float]]:
    """Per form, per theme: the base score plus the points of that theme's rules.

    The themes' points add up to the form's score minus the base, so the profile shows what
    each form offers on each theme: above the base (50 in the default rules) the theme speaks
    for it, below against it.
    """
    profile = {}
    for form, contributions in advice.contributions.items():
        base = sum(c.points for c in contributions if c.kind == "base")
        per_theme = dict.fromkeys(advice.weights, base)
        for contribution in contributions:
            if contribution.theme is not None:
                per_theme[contribution.theme] += contribution.points
        profile[form] = per_theme
    return profile


def tradeoff_figure(advice: Advice, rules: RuleSet, lang: str = DEFAULT_LANGUAGE) -> go.Figure:
    """Radar of each form's theme profile: the trade-offs between the forms at a glance."""
    return as_figure(tradeoff_spec(advice, rules, lang))


def tradeoff_spec(advice: Advice, rules: RuleSet, lang: str = DEFAULT_LANGUAGE) -> Spec:
    """``tradeoff_figure`` as a plain dictionary."""
    themes = list(rules.theme_ids)
    labels = [rules.label("theme", t, lang) for t in themes]
    colours = form_colours(rules)
    traces = []
    for form, per_theme in theme_profile(advice).items():
        values = [per_theme[t] for t in themes]
        traces.append(
            {
                "type": "scatterpolar",
                "r": [*values, values[0]],
                "theta": [*labels, labels[0]],
                "name": rules.label("form", form, lang),
                "line": {"color": colours[form], "width": 2},
                "visible": True if form in advice.ranking[:3] else "legendonly",
                "hovertemplate": "%{theta}: %{r:.1f}<extra>"
                + rules.label("form", form, lang)
                + "</extra>",
            }
        )
    return figure_spec(
        traces,
        {
            "title": {"text": translate("tradeoff_title")(lang), "x": 0.01},
            "polar": {"radialaxis": {"range": [0, 100], "tickvals": [25, 50, 75]}},
            "legend": {"orientation": "h", "y": -0.1},
            "margin": {"l": 40, "r": 40, "t": 60, "b": 20},
            "paper_bgcolor": "white",
            "height": 450,
        },
    )


def theme_bars_figure(advice: Advice, rules: RuleSet, lang: str = DEFAULT_LANGUAGE) -> go.Figure:
    """Grouped bars per theme, one bar per form, around the neutral base.

    Easier to read than the radar: bars start at the base (50), every form stays visible,
    labels do not overlap, and each bar carries its value, so nothing needs hover.
    """
    return as_figure(theme_bars_spec(advice, rules, lang))


def theme_bars_spec(advice: Advice, rules: RuleSet, lang: str = DEFAULT_LANGUAGE) -> Spec:
    """``theme_bars_figure`` as a plain dictionary."""
    themes = list(rules.theme_ids)
    labels = [rules.label("theme", t, lang) for t in themes]
    colours = form_colours(rules)
    base = rules.metadata.base_score
    profile = theme_profile(advice)
    traces = []
    for form in advice.ranking:
        values = [profile[form][t] for t in themes]
        traces.append(
            {
                "type": "bar",
                "x": labels,
                "y": [v - base for v in values],
                "base": base,
                "name": rules.label("form", form, lang),
                "marker": {"color": colours[form]},
                "text": [format_number(v, lang, 1) for v in values],
                "textposition": "outside",
                "hovertemplate": "%{x}: %{text}<extra>"
                + rules.label("form", form, lang)
                + "</extra>",
            }
        )
    low = min(min(p.values()) for p in profile.values())
    high = max(max(p.values()) for p in profile.values())
    span = max(high - base, base - low, 5.0) * 1.25
    return figure_spec(
        traces,
        {
            "barmode": "group",
            # Slanted at a fixed angle: parallel labels never run into each other on a phone
            # (Plotly's own choice there, 30 degrees, let two-word themes overlap).
            "xaxis": {"tickangle": -45, "automargin": True},
            "yaxis": {"range": [base - span, base + span], "zeroline": False},
            # The legend above the bars: below, it ran into the slanted theme names.
            "legend": {
                "orientation": "h",
                "x": 0,
                "y": 1.02,
                "yanchor": "bottom",
                "traceorder": "normal",
            },
            "margin": {"l": 40, "r": 10, "t": 20, "b": 40},
            "height": 450,
            "plot_bgcolor": "white",
            "paper_bgcolor": "white",
            "shapes": [
                {
                    "type": "line",
                    "xref": "paper",
                    "x0": 0,
                    "x1": 1,
                    "y0": base,
                    "y1": base,
                    "line": {"color": "#555", "width": 1, "dash": "dot"},
                }
            ],
            "uniformtext": {"minsize": 8, "mode": "hide"},
        },
    )


def waterfall_steps(advice: Advice, form: str) -> list[Any]:
    """A form's contributions in reading order: the base, then the rules by size."""
    contributions = advice.contributions[form]
    base = [c for c in contributions if c.kind == "base"]
    rules_ = sorted((c for c in contributions if c.kind != "base"), key=lambda c: -abs(c.points))
    return [*base, *rules_]


def waterfall_figure(
    advice: Advice, form: str, rules: RuleSet, lang: str = DEFAULT_LANGUAGE
) -> go.Figure:
    """How one form's score is built: the base, each rule's points (largest first), the total.

    Each bar is labelled with a number and the start of its reason, wrapped over two lines;
    the numbered reasons appear in full, with their sources, in the list under the chart, so
    nothing needs hover (a tablet has none). The axis spans the scores reached, not 0-100.
    """
    return as_figure(waterfall_spec(advice, form, rules, lang))


def waterfall_spec(advice: Advice, form: str, rules: RuleSet, lang: str = DEFAULT_LANGUAGE) -> Spec:
    """``waterfall_figure`` as a plain dictionary."""
    steps = waterfall_steps(advice, form)
    names, values, measures, hover = [], [], [], []
    number = 0
    for contribution in steps:
        is_base = contribution.kind == "base"
        if is_base:
            names.append(translate("base_label")(lang))
        else:
            number += 1
            names.append(
                f"{number}. "
                + "<br>".join(textwrap.wrap(_short(contribution.reason(lang), 64), 34))
            )
        values.append(contribution.points)
        measures.append("absolute" if is_base else "relative")
        hover.append(
            f"<b>{format_number(contribution.points, lang, 1, sign=True)}</b> "
            f"{_wrap(contribution.reason(lang))}"
            f"<br><i>{_wrap(contribution.source)}</i>"
            + (f" ({evidence_label(contribution.evidence, lang)})" if contribution.evidence else "")
        )
    names.append(translate("score")(lang))
    values.append(advice.scores[form])
    measures.append("total")
    hover.append(f"{translate('score')(lang)}: {format_number(advice.scores[form], lang, 1)}")
    running, reached = 0.0, []
    for value, measure in zip(values, measures, strict=True):
        running = value if measure != "relative" else running + value
        reached.append(running)
    low, high = min(reached), max(reached)
    pad = max((high - low) * 0.25, 3.0)
    trace = {
        "type": "waterfall",
        "x": values,
        "y": names,
        "orientation": "h",
        "measure": measures,
        "hovertext": hover,
        "hoverinfo": "text",
        "textposition": "outside",
        "text": [
            format_number(v, lang, 1, sign=m == "relative")
            for v, m in zip(values, measures, strict=True)
        ],
        "increasing": {"marker": {"color": "#228833"}},
        "decreasing": {"marker": {"color": "#CC3311"}},
        "totals": {"marker": {"color": "#4477AA"}},
        "connector": {"line": {"color": "#BBBBBB"}},
    }
    return figure_spec(
        [trace],
        {
            "yaxis": {"autorange": "reversed", "automargin": True},
            "xaxis": {"range": [max(low - pad, 0), min(high + pad, 100)]},
            "plot_bgcolor": "white",
            "paper_bgcolor": "white",
            "showlegend": False,
            "margin": {"l": 10, "r": 30, "t": 10, "b": 10},
            "height": 120 + 40 * len(names),
        },
    )


def plotly_text(name: str) -> str:
    """A user's name as Plotly text (legend, hover): markup escaped, so it stays text.

    Plotly reads <a>, <b> and <br> in text as markup; a member named ``<a href=...>`` would
    otherwise be a live link in everyone's legend.
    """
    return html.escape(name, quote=False)


#: Marker shapes that tell members apart without colour (a dot plot's legend).
MEMBER_SYMBOLS = ("circle", "square", "triangle-up", "x", "star", "cross", "triangle-down")


def _label_text(name: str, width: int = 20, lines: int = 3) -> str:
    """A user's name as a figure label: escaped, and wrapped instead of cut at 28 characters.

    Plotly reads <a>, <b> and <br> in text as markup; a partner's name is text, whatever it
    holds, so it is escaped before the line breaks are added.
    """
    wrapped = textwrap.wrap(name, width) or [""]
    if len(wrapped) > lines:
        wrapped = [*wrapped[: lines - 1], textwrap.shorten(" ".join(wrapped[lines - 1 :]), width)]
    return "<br>".join(plotly_text(line) for line in wrapped)


def _short(text: str, width: int = 46) -> str:
    """The start of a reason, cut at a word, for an axis label (the hover shows it whole)."""
    return text if len(text) <= width else textwrap.shorten(text, width, placeholder=" …")


def _wrap(text: str, width: int = 60) -> str:
    return "<br>".join(textwrap.wrap(text, width))


def group_spread_spec(group: GroupAdvice, rules: RuleSet, lang: str = DEFAULT_LANGUAGE) -> Spec:
    """Each member's answer per topic as a dot, the group's as a diamond (1-5 topics).

    Counts (dwellings, partners) are left to the table: on one axis with 1-5 answers they
    would flatten every dot.
    """
    scale = rules.answer_scale
    factors = [
        factor
        for factor, spread in sorted(group.factors.items(), key=lambda i: -i[1].consensus)
        if scale is not None
        and (rules.factors_by_id[factor].minimum, rules.factors_by_id[factor].maximum)
        == (scale.minimum, scale.maximum)
    ]
    names = list(group.members)
    traces: list[dict[str, Any]] = []
    step = 0.5 / max(len(names), 1)
    for index, name in enumerate(names):
        offset = (index - (len(names) - 1) / 2) * step
        traces.append(
            {
                "type": "scatter",
                # A member who answered "weet niet" has no dot on that topic.
                "x": [group.factors[f].values.get(name) for f in factors],
                "y": [position + offset for position in range(len(factors))],
                "mode": "markers",
                "name": plotly_text(name),
                # A shape as well as a colour: members are told apart without colour vision.
                "marker": {"size": 10, "symbol": MEMBER_SYMBOLS[index % len(MEMBER_SYMBOLS)]},
                "hovertemplate": "%{x}<extra>" + plotly_text(name) + "</extra>",
            }
        )
    traces.append(
        {
            "type": "scatter",
            "x": [group.factors[f].group_value for f in factors],
            "y": list(range(len(factors))),
            "mode": "markers",
            "name": say("group_chart.group_marker", lang),
            "marker": {
                "symbol": "diamond-open",
                "size": 14,
                "color": "#212529",
                "line": {"width": 2},
            },
        }
    )
    layout = {
        "height": 90 + 34 * len(factors),
        "margin": {"l": 10, "r": 10, "t": 10, "b": 40},
        "xaxis": {
            "range": [0.5, 5.5],
            "dtick": 1,
            "title": {"text": say("group_chart.answer_axis", lang)},
        },
        "yaxis": {
            "tickvals": list(range(len(factors))),
            "ticktext": [rules.label("factor", f, lang) for f in factors],
            "automargin": True,
        },
        "legend": {"orientation": "h", "y": -0.25},
    }
    return figure_spec(traces, layout)
