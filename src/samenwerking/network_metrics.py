"""What a director should know of a proposed network, each figure with one sentence of meaning.

All measures are taken on the undirected view of the proposal: a tie must be maintained from
both ends, whichever way work flows along it.
"""

from __future__ import annotations

import networkx as nx
from pydantic import BaseModel, ConfigDict, Field

from samenwerking.languages import DEFAULT_LANGUAGE
from samenwerking.rules.schema import Text
from samenwerking.translations import translate

#: Roles of nodes that are members of the collaboration (their autonomy is measured).
MEMBER_ROLES = frozenset(
    {"own", "member", "franchisee", "lead_organisation", "merged_organisation", "local_partner"}
)
METRIC_NAMES = (
    "ties_total",
    "ties_own",
    "density",
    "centralisation",
    "betweenness_own",
    "coordination_load",
    "autonomy_mean",
)


class NetworkMetrics(BaseModel):
    """Size, shape and burden of a proposed network."""

    model_config = ConfigDict(frozen=True)

    nodes: int = Field(ge=1)
    ties_total: int = Field(ge=0, description="Ties in the whole network.")
    ties_own: int = Field(ge=0, description="Ties the own corporation maintains.")
    density: float = Field(ge=0, le=1, description="Share of possible ties that exist.")
    centralisation: float = Field(ge=0, le=1, description="Freeman degree centralisation.")
    betweenness_own: float = Field(ge=0, le=1, description="Normalised betweenness of own.")
    coordination_load: float = Field(ge=0, description="Sum of the upkeep of own's ties.")
    autonomy: dict[str, float] = Field(description="Autonomy each member keeps (0-1).")
    autonomy_mean: float = Field(ge=0, le=1)

    def explain(self, name: str, lang: str = DEFAULT_LANGUAGE) -> str:
        """One sentence on what metric ``name`` means."""
        return explanation(name)(lang)


def explanation(name: str) -> Text:
    """The explanation of a metric in both languages.

    Examples
    --------
    >>> explanation("density")("en")
    'Density: the share of all possible ties between the organisations that exist (0 to 1).'
    """
    return translate(f"metric_{name}")


def degree_centralisation(graph: nx.Graph[str]) -> float:
    """Freeman's degree centralisation: 1 for a star, 0 when every node has the same degree.

    Examples
    --------
    >>> degree_centralisation(nx.star_graph(5)), degree_centralisation(nx.cycle_graph(5))
    (1.0, 0.0)
    """
    n = graph.number_of_nodes()
    if n < 3:
        return 0.0
    degrees = [d for _, d in graph.degree()]
    top = max(degrees)
    return sum(top - d for d in degrees) / ((n - 1) * (n - 2))


def measure(graph: nx.DiGraph[str], own: str) -> NetworkMetrics:
    """All metrics of a proposal graph, seen from the own corporation ``own``."""
    undirected = graph.to_undirected(as_view=False)
    betweenness = nx.betweenness_centrality(undirected, normalized=True)
    members = {
        node: float(data["autonomy"])
        for node, data in graph.nodes(data=True)
        if data["role"] in MEMBER_ROLES
    }
    load = sum(data["strength"] for _, _, data in undirected.edges(own, data=True))
    return NetworkMetrics(
        nodes=graph.number_of_nodes(),
        ties_total=undirected.number_of_edges(),
        ties_own=undirected.degree(own),
        density=min(1.0, nx.density(undirected)),
        centralisation=min(1.0, degree_centralisation(undirected)),
        betweenness_own=min(1.0, betweenness.get(own, 0.0)),
        coordination_load=round(load, 6),
        autonomy=members,
        autonomy_mean=sum(members.values()) / len(members) if members else 1.0,
    )
