"""Export a network proposal: GraphML (Gephi), node-link JSON (networkx) and PNG.

Analysts take the graph into their own tools; directors take the picture into a board memo.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import networkx as nx

from samenwerking.errors import SamenwerkingError, msg
from samenwerking.files import write_bytes_atomically
from samenwerking.languages import DEFAULT_LANGUAGE
from samenwerking.network import NetworkProposal
from samenwerking.network_svg import network_svg

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


#: A Typst page exactly the size of the drawing; the SVG arrives as a document input, so no
#: name in it is ever read as Typst markup.
_PNG_PAGE = (
    b"#set page(width: auto, height: auto, margin: 0pt, fill: white)\n"
    b'#image(bytes(sys.inputs.svg), format: "svg", width: 640pt)\n'
)
#: Pixels per inch: the 640-point drawing becomes 1,600 pixels wide, sharp on a slide.
PNG_PPI = 180


def png_bytes(proposal: NetworkProposal, lang: str = DEFAULT_LANGUAGE) -> bytes:
    """The proposal's drawing as PNG, rendered from the report's own SVG by Typst.

    The same vector drawing as the board pack, rasterised without a browser: Typst is already
    the route of every PDF, and a browser for one picture was a heavy, fragile dependency.
    """
    import typst  # a compiled extension: loaded when the first picture is made

    image: bytes = typst.compile(
        _PNG_PAGE, format="png", ppi=PNG_PPI, sys_inputs={"svg": network_svg(proposal, lang)}
    )
    return image


def write_proposal(proposal: NetworkProposal, path: Path, lang: str = DEFAULT_LANGUAGE) -> None:
    """Write the proposal to ``path``; the suffix picks GraphML, node-link JSON or PNG.

    The file is written whole or not at all: content is made first, then written.
    """
    suffix = path.suffix.lower()
    if suffix == ".graphml":
        content = graphml_bytes(proposal)
    elif suffix == ".json":
        content = json.dumps(node_link(proposal), ensure_ascii=False, indent=2).encode()
    elif suffix == ".png":
        content = png_bytes(proposal, lang)
    else:
        formats = ", ".join(EXPORT_FORMATS)
        raise SamenwerkingError(msg("export_format_unknown", suffix=suffix, formats=formats))
    write_bytes_atomically(path, content)
