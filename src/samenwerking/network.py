"""Propose an organisation network for a form: who is in it, who leads, what ties it asks.

Each form is drawn by the structure its rule-set template names (a merged organisation, a
formula, network governance, a client path, neighbourhood clusters). The result is a
:class:`NetworkProposal` with a networkx graph (node attributes ``name``, ``kind``, ``role``,
``autonomy``; edge attributes ``relation``, ``strength``), the governance mode where one
applies, the reasons for the structure and the metrics a director should know.

Organisations the proposal creates (a formula owner, an NAO, a chain director, ...) have node
ids starting with ``#`` and a name in Dutch and English; partners are keyed by their name.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from samenwerking.errors import Location, Message, Problem, did_you_mean, msg
from samenwerking.governance import GovernanceChoice, choose_governance
from samenwerking.languages import DEFAULT_LANGUAGE, DUTCH, ENGLISH, each_language, formatted
from samenwerking.network_metrics import NetworkMetrics, measure
from samenwerking.partners import (
    SYNTHETIC_PREFIX,
    Partner,
    PartnerError,
    parse_partners,
    partner_facts,
)
from samenwerking.rules.loader import load_rules
from samenwerking.rules.ruleset import RuleSet
from samenwerking.rules.schema import (
    ChainTemplate,
    Citation,
    FranchiseTemplate,
    MergerTemplate,
    NetworkTemplate,
    SocialNetworkTemplate,
    Text,
)
from samenwerking.situation import Situation, validate_situation
from samenwerking.translations import translate

DEFAULT_OWN_NAME = "Eigen corporatie"


@dataclass(frozen=True)
class Reason:
    """One reason for the structure, in Dutch and English, with its source."""

    text: Text
    source: str = ""
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChainStepAssignment:
    """A step of the client path and the node that does it."""

    step: str
    label: Text
    performer: str


@dataclass
class NetworkProposal:
    """A proposed network for one form: graph, governance, reasons and metrics."""

    form: str
    own: str
    graph: nx.DiGraph[str]
    reasons: list[Reason]
    metrics: NetworkMetrics
    rules: RuleSet = field(repr=False)
    governance: GovernanceChoice | None = None
    lead: str | None = None
    chain_path: str | None = None
    chain_steps: list[ChainStepAssignment] = field(default_factory=list)
    warnings: list[Text] = field(default_factory=list)

    def __repr__(self) -> str:
        mode = f", {self.governance.mode}" if self.governance else ""
        return (
            f"<NetworkProposal {self.form}{mode}: {self.graph.number_of_nodes()} nodes, "
            f"{self.graph.number_of_edges()} ties>"
        )

    def node_name(self, node: str, lang: str = DEFAULT_LANGUAGE) -> str:
        """The display name of ``node`` in ``lang``."""
        data = self.graph.nodes[node]
        return str(data.get(f"name_{lang}", data["name"]))


def propose_network(
    form: str,
    partners: Sequence[Partner | Mapping[str, Any] | tuple[str, str]],
    situation: Situation | Mapping[str, Any],
    rules: RuleSet | None = None,
    *,
    own_name: str = DEFAULT_OWN_NAME,
    chain_path: str | None = None,
    locations: Sequence[Location] | None = None,
) -> NetworkProposal:
    """Draw the network ``form`` asks of the corporation ``own_name`` and its ``partners``.

    Parameters
    ----------
    form:
        The form to draw (a form id of the rule set).
    partners:
        The partners: :class:`Partner`, mappings with ``name`` and ``kind``, or pairs.
    situation:
        A :class:`Situation` or a mapping of factor values.
    rules:
        The rule set; default the bundled one.
    own_name:
        The own corporation's name in the drawing.
    chain_path:
        For a chain, the client path to draw (default the first).
    locations:
        Where each partner stands in its file, for messages.

    Returns
    -------
    NetworkProposal
        The graph, its governance, metrics and warnings.

    Raises
    ------
    PartnerError
        A bad partner list, every bad entry named.
    SituationError
        The situation does not fit the rule set.

    Examples
    --------
    >>> from samenwerking import Situation, load_rules
    >>> partners = [("Gemeente", "municipality"), ("GGZ", "care"), ("Welzijn", "welfare")]
    >>> proposal = propose_network("network", partners, Situation.example())
    >>> proposal.governance.mode, sorted(proposal.graph)[:2]
    ('lead_organisation', ['Eigen corporatie', 'GGZ'])
    """
    rules = rules or load_rules()
    if form not in rules.forms_by_id:
        raise PartnerError(
            [_problem(msg("unknown_form", name=form), did_you_mean(form, rules.form_ids))]
        )
    template = rules.templates.get(form)
    if template is None:
        raise PartnerError([_problem(f"the rule set has no network template for '{form}'")])
    checked = validate_situation(situation, rules)
    members = parse_partners(partners, rules, own_name, locations)
    own = own_name.strip()
    builder = _Builder(rules, form, own, members, checked)
    builder.add_own()
    if isinstance(template, MergerTemplate):
        builder.merged_organisation(template)
    elif isinstance(template, FranchiseTemplate):
        builder.formula(template)
    elif isinstance(template, NetworkTemplate):
        builder.network_governance(template)
    elif isinstance(template, ChainTemplate):
        builder.client_path(template, chain_path)
    elif isinstance(template, SocialNetworkTemplate):
        builder.neighbourhood_clusters(template)
    builder.reasons.insert(0, builder.reason(template.reason, template.sources))
    return NetworkProposal(
        form=form,
        own=own,
        graph=builder.graph,
        reasons=builder.reasons,
        metrics=measure(builder.graph, own),
        rules=rules,
        governance=builder.governance,
        lead=builder.lead,
        chain_path=builder.chain_path,
        chain_steps=builder.chain_steps,
        warnings=builder.warnings,
    )


def _problem(message: Message | str, hint: Message | str = "") -> Problem:
    return Problem(Location("form"), message, hint=hint)


class _Builder:
    """Accumulates one proposal's graph; one method per structure."""

    def __init__(
        self, rules: RuleSet, form: str, own: str, partners: list[Partner], situation: Situation
    ) -> None:
        self.rules, self.form, self.own, self.partners = rules, form, own, partners
        self.situation = situation
        self.autonomy = rules.forms_by_id[form].properties.autonomy_retained
        self.graph: nx.DiGraph[str] = nx.DiGraph(form=form, own=own)
        self.reasons: list[Reason] = []
        self.warnings: list[Text] = []
        self.governance: GovernanceChoice | None = None
        self.lead: str | None = None
        self.chain_path: str | None = None
        self.chain_steps: list[ChainStepAssignment] = []

    def reason(self, text: Text, sources: list[Citation]) -> Reason:
        """A reason with its sources cited and their kinds of evidence."""
        return Reason(text, self.rules.cite(sources), self.rules.evidence(sources))

    # -- nodes and edges ------------------------------------------------------------------
    def add_own(self) -> None:
        self.graph.add_node(
            self.own, name=self.own, kind="corporation", role="own", autonomy=self.autonomy
        )

    def add_partner(self, partner: Partner, role: str, autonomy: float | None = None) -> None:
        self.graph.add_node(
            partner.name,
            name=partner.name,
            kind=partner.kind,
            role=role,
            autonomy=self.autonomy if autonomy is None else autonomy,
            neighbourhood=partner.neighbourhood or "",
        )

    def add_new(self, key: str, label: Text, role: str, kind: str = "new") -> str:
        node = f"{SYNTHETIC_PREFIX}{key}"
        self.graph.add_node(
            node,
            name=label(DEFAULT_LANGUAGE),
            name_nl=label(DUTCH),
            name_en=label(ENGLISH),
            kind=kind,
            role=role,
            autonomy=1.0,
        )
        return node

    def tie(self, source: str, target: str, relation: str, **extra: Any) -> None:
        # Both ends must already be nodes with attributes; add_edge would create bare ones.
        missing = [end for end in (source, target) if end not in self.graph]
        if missing:
            raise KeyError(f"a tie to a partner not drawn: {missing}")
        strength = self.rules.relations_by_id[relation].strength
        self.graph.add_edge(source, target, relation=relation, strength=strength, **extra)

    # -- structures -----------------------------------------------------------------------
    def merged_organisation(self, template: MergerTemplate) -> None:
        folded = [p for p in self.partners if p.kind in template.member_kinds]
        # The merged organisation is named after everyone in it: a partner that merges is
        # drawn in the merged node, not left out of the drawing.
        together = " + ".join([self.own, *(p.name for p in folded)])
        merged = each_language(lambda lang: template.merged_label(lang).format(own=together))
        self.graph.nodes[self.own].update(
            role="merged_organisation",
            name=merged(DEFAULT_LANGUAGE),
            name_nl=merged(DUTCH),
            name_en=merged(ENGLISH),
            members="; ".join([self.own, *(p.name for p in folded)]),
            autonomy=0.0,
        )
        for partner in self.partners:
            if partner.kind not in template.member_kinds:
                self.add_partner(partner, "stakeholder", autonomy=1.0)
                self.tie(partner.name, self.own, "stakeholder")
        if not folded:
            self.warnings.append(translate("warning_no_merger_partner"))
        elif len(folded) + 1 > 2:
            text = translate("warning_merger_folds_many")
            count = len(folded) + 1
            self.warnings.append(each_language(lambda lang: text(lang).format(count=count)))

    def formula(self, template: FranchiseTemplate) -> None:
        owner = self.add_new("formula_owner", template.formula_owner, "formula_owner")
        self.graph.nodes[self.own]["role"] = "franchisee"
        self.tie(self.own, owner, "franchise_agreement")
        for partner in self.partners:
            if partner.kind in template.member_kinds:
                self.add_partner(partner, "franchisee")
                self.tie(partner.name, owner, "franchise_agreement")
            else:
                self.add_partner(partner, "stakeholder", autonomy=1.0)
                self.tie(partner.name, self.own, "stakeholder")
        values = self.situation.values()
        for service in template.shared_services:
            condition = self.rules.service_conditions.get(service.id)
            if condition is None or condition.evaluate(values):
                node = self.add_new(
                    f"service:{service.id}", service.label, "shared_service", kind="service"
                )
                self.tie(owner, node, "provides_service")
                self.reasons.append(self.reason(service.reason, service.sources))

    def network_governance(self, template: NetworkTemplate) -> None:
        for partner in self.partners:
            self.add_partner(partner, "member")
        self.graph.nodes[self.own]["role"] = "own"
        values = {**self.situation.values(), **partner_facts(self.partners, self.rules)}
        choice = choose_governance(values, template, self.rules)
        self.governance = choice
        mode = next(m for m in template.governance_modes if m.id == choice.mode)
        self.reasons.append(self.reason(choice.reason, mode.sources))
        self.reasons.append(self.reason(choice.conditions, mode.sources))
        members = [self.own, *(p.name for p in self.partners)]
        if choice.mode == "shared_governance":
            for i, first in enumerate(members):
                for second in members[i + 1 :]:
                    self.tie(first, second, "shared_governance")
        elif choice.mode == "lead_organisation":
            lead, why = self.lead_organisation(members, template)
            self.lead = lead
            self.graph.nodes[lead]["role"] = "lead_organisation"
            for member in members:
                if member != lead:
                    self.tie(member, lead, "led_by")
            self.reasons.append(self.reason(why, template.sources))
        else:
            nao = self.add_new(
                "nao", template.administrative_organisation, "network_administrative_organisation"
            )
            for member in members:
                self.tie(member, nao, "administered_by")

    def lead_organisation(self, members: list[str], template: NetworkTemplate) -> tuple[str, Text]:
        """The partner that holds the most trust or resources, and why it was chosen.

        Provan & Kenis: a lead organisation is the member with the legitimacy and resources to
        lead. Partners may say so (``lead_candidate``, ``trust``, ``resources``); only when
        none does is the rule set's order of kinds used, and the reason says it is a fallback.
        """
        rated = [p for p in self.partners if p.lead_candidate] or [
            p for p in self.partners if p.trust is not None or p.resources is not None
        ]
        if rated:
            best = max(rated, key=lambda p: ((p.trust or 0) + (p.resources or 0), p.trust or 0))
            if best.lead_candidate and sum(p.lead_candidate for p in self.partners) == 1:
                key, extra = "lead_by_candidate", {}
            else:
                key = "lead_by_standing"
                extra = {
                    "trust": "-" if best.trust is None else f"{best.trust:g}",
                    "resources": "-" if best.resources is None else f"{best.resources:g}",
                }
            text = translate(key)
            return best.name, each_language(lambda lang: text(lang).format(lead=best.name, **extra))
        lead = _lead(members, self.graph, template.lead_preference)
        rule = translate("lead_rule")

        def lead_rule(lang: str) -> str:
            kinds = (self.rules.label("partner_kind", k, lang) for k in template.lead_preference)
            return rule(lang).format(order=", ".join(kinds), lead=lead)

        return lead, each_language(lead_rule)

    def client_path(self, template: ChainTemplate, chosen: str | None) -> None:
        paths = {p.id: p for p in template.paths}
        if chosen is not None and chosen not in paths:
            raise PartnerError(
                [_problem(msg("unknown_client_path", name=chosen), did_you_mean(chosen, paths))]
            )
        path = paths[chosen] if chosen else template.paths[0]
        self.chain_path = path.id
        # Only partners that do a step are chain members; the others are stakeholders (NORA:
        # the chain is the partners around the chain object).
        for partner in self.partners:
            self.add_partner(partner, "stakeholder", autonomy=1.0)
        director = self.add_new("chain_director", template.director, "chain_director")
        members = [self.own, *(p.name for p in self.partners)]
        for step in path.steps:
            performer = _first_of_kinds(members, self.graph, step.kinds)
            if performer is not None and performer != self.own:
                self.graph.nodes[performer]["role"] = "member"
            if performer is None:
                label = formatted(template.unfilled_step, step=step.label)
                performer = self.add_new(
                    f"unfilled:{step.id}", label, "unfilled_step", kind="missing"
                )
                self.warnings.append(label)
            self.chain_steps.append(ChainStepAssignment(step.id, step.label, performer))
        for before, after in zip(self.chain_steps, self.chain_steps[1:], strict=False):
            if before.performer == after.performer:
                continue
            hand_off = f"{before.step}>{after.step}"
            if self.graph.has_edge(before.performer, after.performer):
                self.graph.edges[before.performer, after.performer]["steps"] += f"; {hand_off}"
            else:
                self.tie(before.performer, after.performer, "hand_off", steps=hand_off)
        performers = {s.performer for s in self.chain_steps} | {self.own}
        for node in [*members, *(s.performer for s in self.chain_steps)]:
            if node not in performers:
                if not self.graph.has_edge(node, director):
                    self.tie(node, director, "stakeholder")
                continue
            self.graph.nodes[node]["autonomy"] = self.autonomy
            if not self.graph.has_edge(node, director):
                self.tie(node, director, "directed_by")

    def neighbourhood_clusters(self, template: SocialNetworkTemplate) -> None:
        broker = self.add_new("neighbourhood_team", template.broker, "broker")
        self.tie(self.own, broker, "brokered_by")
        previous: str | None = None
        for cluster_name, cluster in _clusters(self.partners, template):
            label = formatted(template.residents, cluster=cluster_name)
            residents = self.add_new(
                f"residents:{cluster_name(DUTCH)}", label, "residents", kind="residents"
            )
            # Granovetter: strong ties hold a cluster together; weak ties bridge clusters.
            self.tie(residents, self.own, "weak_tie")
            for partner in cluster:
                self.add_partner(partner, "local_partner")
                self.tie(partner.name, residents, "strong_tie")
            self.tie(cluster[0].name, broker, "brokered_by")
            for first, second in itertools.pairwise(cluster):
                self.tie(first.name, second.name, "strong_tie")
            if len(cluster) > 2:
                self.tie(cluster[-1].name, cluster[0].name, "strong_tie")
            if previous is not None:
                self.tie(cluster[0].name, previous, "weak_tie")
            previous = cluster[0].name


def _first_of_kinds(members: list[str], graph: nx.DiGraph[str], kinds: list[str]) -> str | None:
    """The first member (own corporation first) of the first kind in ``kinds`` that has one."""
    for kind in kinds:
        for member in members:
            if graph.nodes[member]["kind"] == kind:
                return member
    return None


def _lead(members: list[str], graph: nx.DiGraph[str], preference: list[str]) -> str:
    """The lead organisation: the first member of the most preferred kind, else the own one."""
    return _first_of_kinds(members, graph, preference) or members[0]


def _clusters(
    partners: list[Partner], template: SocialNetworkTemplate
) -> list[tuple[Text, list[Partner]]]:
    """Partners by neighbourhood; those without one in chunks of ``cluster_size``."""
    named: dict[str, list[Partner]] = {}
    loose = []
    for partner in partners:
        if partner.neighbourhood:
            named.setdefault(partner.neighbourhood, []).append(partner)
        else:
            loose.append(partner)
    clusters = [(Text(nl=name, en=name), members) for name, members in named.items()]
    size = template.cluster_size
    for start in range(0, len(loose), size):
        n = len(clusters) + 1
        label = formatted(template.cluster, n=n)
        clusters.append((label, loose[start : start + size]))
    return clusters
