"""Export a network proposal: GraphML (Gephi), node-link JSON (networkx) and PNG.

Analysts take the graph into their own tools; directors take the picture into a board memo.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import networkx as nx
import plotly.graph_objects as go

from samenwerking.figures import network_figure
from samenwerking.network import NetworkProposal

EXPORT_FORMATS = (".graphml", ".json", ".png")


def node_link(proposal: NetworkProposal) -> dict[str, Any]:
    """The graph as node-link data (``networkx.node_link_graph`` reads it back), with context."""
    data = nx.node_link_data(proposal.graph, edges="edges")
    data["graph"] = {
        "form": proposal.form,
        "own": proposal.own,
        "governance": proposal.governance.mode if proposal.governance else None,
        "lead": proposal.lead,
        "rules": str(proposal.rules.info),
        "metrics": proposal.metrics.model_dump(mode="json"),
    }
    return data


def graphml_bytes(proposal: NetworkProposal) -> bytes:
    """The graph as GraphML; graph-level context is kept as scalar attributes."""
    graph = proposal.graph.copy()
    graph.graph.clear()
    graph.graph.update(
        form=proposal.form,
        own=proposal.own,
        governance=proposal.governance.mode if proposal.governance else "",
        rules=str(proposal.rules.info),
    )
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer)
    return buffer.getvalue()


def png_bytes(figure: go.Figure, width: int = 1100, height: int = 750) -> bytes:
    """The figure as PNG, rendered by kaleido through the system's Chromium."""
    image: bytes = figure.to_image(format="png", width=width, height=height, scale=1)
    return image


def write_proposal(proposal: NetworkProposal, path: Path, lang: str = "nl") -> None:
    """Write the proposal to ``path``; the suffix picks GraphML, node-link JSON or PNG.

    The file is written whole or not at all: content is made first, then written.
    """
    suffix = path.suffix.lower()
    if suffix == ".graphml":
        content = graphml_bytes(proposal)
    elif suffix == ".json":
        content = json.dumps(node_link(proposal), ensure_ascii=False, indent=2).encode()
    elif suffix == ".png":
        content = png_bytes(network_figure(proposal, lang))
    else:
        raise ValueError(f"unknown export format '{suffix}': use one of {EXPORT_FORMATS}")
    temporary = path.with_name(path.name + ".part")
    temporary.write_bytes(content)
    temporary.replace(path)
