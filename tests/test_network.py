"""Network proposals: structure per form, Provan & Kenis governance, metrics and bad input."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samenwerking import Situation
from samenwerking.errors import words
from samenwerking.network import propose_network
from samenwerking.partners import PartnerError

from strategies import RULES, partner_lists, situations

OWN = "Woonstichting De Kern"
FORMS = list(RULES.form_ids)


def propose(form, partners, situation, **kwargs):
    return propose_network(form, partners, situation, RULES, own_name=OWN, **kwargs)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(FORMS), partner_lists(), situations())
def test_every_proposal_is_connected_and_holds_every_partner_once(form, partners, situation):
    proposal = propose(form, partners, situation)
    graph = proposal.graph
    assert OWN in graph
    assert nx.is_weakly_connected(graph)
    folded = {p["name"] for p in partners if form == "merger" and p["kind"] == "corporation"}
    for partner in partners:
        name = partner["name"]
        if name in folded:
            assert name not in graph
            assert name in graph.nodes[OWN]["members"].split("; ")
        else:
            assert name in graph and graph.nodes[name]["kind"] == partner["kind"]
    partner_nodes = [n for n in graph if not n.startswith("#") and n != OWN]
    assert sorted(partner_nodes) == sorted(p["name"] for p in partners if p["name"] not in folded)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(FORMS), partner_lists(), situations())
def test_metrics_are_within_their_ranges(form, partners, situation):
    metrics = propose(form, partners, situation).metrics
    assert 0 <= metrics.density <= 1 and 0 <= metrics.centralisation <= 1
    assert 0 <= metrics.betweenness_own <= 1 and 0 <= metrics.autonomy_mean <= 1
    assert 0 <= metrics.ties_own <= metrics.ties_total
    assert metrics.coordination_load <= metrics.ties_own
    assert all(0 <= a <= 1 for a in metrics.autonomy.values())


@settings(max_examples=80, deadline=None)
@given(partner_lists(), situations())
def test_governance_structure_follows_the_mode(partners, situation):
    proposal = propose("network", partners, situation)
    graph, mode = proposal.graph.to_undirected(), proposal.governance.mode
    members = [OWN, *(p["name"] for p in partners)]
    if mode == "lead_organisation":
        lead_degree = graph.degree(proposal.lead)
        assert all(lead_degree >= graph.degree(n) for n in graph)
        assert proposal.graph.nodes[proposal.lead]["role"] == "lead_organisation"
    elif mode == "network_administrative_organisation":
        assert "#nao" in graph
        assert all(graph.has_edge(m, "#nao") for m in members)
    else:
        assert all(graph.has_edge(a, b) for a in members for b in members if a != b)


@settings(max_examples=60, deadline=None)
@given(partner_lists(), situations(), st.sampled_from(["confused_behaviour", "refugee_housing"]))
def test_chain_hand_offs_form_a_directed_path_over_every_step(partners, situation, path_id):
    proposal = propose("chain", partners, situation, chain_path=path_id)
    [path] = [p for p in RULES.templates["chain"].paths if p.id == path_id]
    assert [s.step for s in proposal.chain_steps] == [s.id for s in path.steps]
    for before, after in zip(proposal.chain_steps, proposal.chain_steps[1:], strict=False):
        if before.performer != after.performer:
            edge = proposal.graph.edges[before.performer, after.performer]
            assert edge["relation"] == "hand_off"
            assert f"{before.step}>{after.step}" in edge["steps"]
    for assignment, step in zip(proposal.chain_steps, path.steps, strict=True):
        kind = proposal.graph.nodes[assignment.performer]["kind"]
        assert kind in step.kinds or kind == "missing"


# Provan & Kenis (2008), p. 237: worked cases of the governance-mode choice.
@pytest.mark.parametrize(
    ("trust", "consensus", "competencies", "partners", "mode"),
    [
        (5, 5, 1, 4, "shared_governance"),  # high trust, few, high consensus, low need
        (4.5, 4.5, 2, 3, "shared_governance"),
        (2, 2, 3, 8, "lead_organisation"),  # low/centralised trust, moderate number
        (1.5, 3, 3, 12, "lead_organisation"),
        (3, 4, 5, 20, "network_administrative_organisation"),  # moderate trust, many, high need
        (3.5, 3.5, 4, 10, "network_administrative_organisation"),
        (5, 5, 2, 30, "network_administrative_organisation"),  # too many for shared governance
    ],
)
def test_governance_mode_follows_provan_and_kenis(trust, consensus, competencies, partners, mode):
    situation = Situation.example(RULES).replace(
        trust=trust, goal_consensus=consensus, network_competencies=competencies
    )
    members = [(f"Organisatie {i}", "welfare") for i in range(partners)]
    proposal = propose("network", members, situation)
    assert proposal.governance.mode == mode
    assert any(r.text == proposal.governance.reason for r in proposal.reasons)


def test_lead_is_chosen_by_the_stated_preference():
    situation = Situation.example(RULES).replace(trust=2, goal_consensus=2)
    partners = [
        ("Zorg A", "care"),
        ("Gemeente", "municipality"),
        ("Welzijn", "welfare"),
        ("Zorg B", "care"),
    ]
    assert propose("network", partners, situation).lead == "Gemeente"
    without_municipality = [p for p in partners if p[1] != "municipality"]
    assert propose("network", without_municipality, situation).lead == OWN


def test_franchise_shared_services_follow_the_situation():
    calm = Situation.example(RULES).replace(administrative_burden=2, financial_pressure=2)
    heavy = calm.replace(administrative_burden=5, financial_pressure=5)
    partners = [("Corporatie B", "corporation")]
    services = {
        n
        for n, role in propose("franchise", partners, heavy).graph.nodes(data="role")
        if role == "shared_service"
    }
    assert services == {
        "#service:shared_controller",
        "#service:shared_administration",
        "#service:shared_ict_and_purchasing",
    }
    assert not any(
        role == "shared_service"
        for _, role in propose("franchise", partners, calm).graph.nodes(data="role")
    )


def test_merger_without_a_corporation_partner_warns():
    proposal = propose("merger", [("Gemeente", "municipality")], Situation.example(RULES))
    assert [w.en for w in proposal.warnings] == [
        "There is no other corporation among the partners: a merger is not possible this way."
    ]


def test_the_merging_partner_is_named_in_the_merged_organisation():
    # Before (#27): the partner corporation that merges vanished from the merger drawing.
    partners = [("Woonstede", "corporation"), ("Gemeente", "municipality")]
    proposal = propose("merger", partners, Situation.example(RULES))
    merged = proposal.graph.nodes[OWN]
    assert merged["name_nl"] == f"{OWN} + Woonstede (na fusie)"
    assert merged["name_en"] == f"{OWN} + Woonstede (after merger)"
    assert "Gemeente" in proposal.graph  # a stakeholder stays a node of its own


def test_social_network_groups_partners_by_neighbourhood():
    partners = [
        {"name": f"P{i}", "kind": "welfare", "neighbourhood": "Noord" if i < 3 else None}
        for i in range(10)
    ]
    graph = propose("social_network", partners, Situation.example(RULES)).graph
    residents = sorted(n for n, role in graph.nodes(data="role") if role == "residents")
    assert residents == ["#residents:Buurt 2", "#residents:Buurt 3", "#residents:Noord"]
    assert all(graph.has_edge(f"P{i}", "#residents:Noord") for i in range(3))


def test_unfilled_chain_step_is_shown_not_hidden():
    proposal = propose("chain", [("Gemeente", "municipality")], Situation.example(RULES))
    unfilled = [s.step for s in proposal.chain_steps if s.performer.startswith("#unfilled")]
    assert unfilled == ["support", "aftercare"]  # assess: the municipality can do it
    assert [w.nl for w in proposal.warnings] == [
        "Nog te vinden: Begeleiden",
        "Nog te vinden: Nazorg",
    ]


@pytest.mark.parametrize(
    ("partners", "message"),
    [
        ([("Gemeente", "gemeente")], "unknown partner kind 'gemeente'"),
        (
            [("Gemeente", "municipality"), ("gemeente ", "care")],
            "The name 'gemeente' is already listed.",
        ),
        ([("  ", "care")], "Enter a name."),
        ([(OWN, "corporation")], f"The name '{OWN}' is already listed."),
        ([("#nao", "care")], "A name may not start with #."),
        ([("Zorg", "care", "extra")], "a partner needs a name and a kind"),
        ([{"name": "Zorg"}], "this key is required but missing"),
        ([(f"P{i}", "care") for i in range(201)], "201 partners is more than 200"),
    ],
)
def test_bad_partner_lists_are_clear_errors(partners, message):
    with pytest.raises(PartnerError) as caught:
        propose("network", partners, Situation.example(RULES))
    assert any(words(p.message, "en").startswith(message) for p in caught.value.problems), [
        words(p.message, "en") for p in caught.value.problems
    ]
    # The same problems in Dutch, not English for every reader (before: English only).
    dutch = [words(p.message, "nl") for p in caught.value.problems]
    assert dutch != [words(p.message, "en") for p in caught.value.problems], dutch


def test_unknown_form_and_path():
    with pytest.raises(PartnerError, match="onbekende vorm 'netwerk'"):
        propose("netwerk", [], Situation.example(RULES))
    with pytest.raises(PartnerError, match="onbekend cliëntpad 'dakloosheid'"):
        propose("chain", [], Situation.example(RULES), chain_path="dakloosheid")


def test_exactly_two_hundred_partners_is_allowed():
    partners = [(f"P{i}", "care") for i in range(200)]
    assert propose("network", partners, Situation.example(RULES)).metrics.nodes >= 201


@pytest.mark.parametrize(
    ("trust", "consensus", "competencies", "partners", "mode"),
    [
        (5, 5, 2, 3, "shared_governance"),  # high trust, few, consensus
        (5, 2, 2, 3, "lead_organisation"),  # no consensus: shared governance is out
        (2, 2, 3, 2, "lead_organisation"),  # low trust, few participants
        (3, 4, 5, 12, "network_administrative_organisation"),  # many, competencies needed
    ],
)
def test_governance_follows_provan_and_kenis(trust, consensus, competencies, partners, mode):
    # Failed before: two partners matched a network administrative organisation (the count's
    # distance was divided by its 0-200 range), and shared governance did not need consensus.
    choice = _governance(trust, consensus, competencies, partners)
    assert choice.mode == mode, choice.conditions.nl


@settings(max_examples=60)
@given(st.integers(2, 200), st.integers(1, 5), st.integers(1, 5), st.integers(1, 5))
def test_for_two_or_more_partners_some_mode_comes_out_with_its_conditions(n, t, g, c):
    choice = _governance(t, g, c, n)
    assert choice.mode in {m.id for m in RULES.templates["network"].governance_modes}
    assert "Voldaan" in choice.conditions.nl or "voldaan" in choice.conditions.nl


def _governance(trust: int, consensus: int, competencies: int, partners: int):
    """The governance mode chosen for the example situation with these four conditions."""
    from samenwerking.governance import choose_governance

    values = {
        **Situation.example(RULES).values(),
        "trust": trust,
        "goal_consensus": consensus,
        "network_competencies": competencies,
        "partner_count": partners,
    }
    return choose_governance(values, RULES.templates["network"], RULES)


def test_a_partners_file_is_checked_by_the_library_not_only_the_command_line(tmp_path) -> None:
    """Before: only the command line ran the entry checks; load_partners skipped them."""
    from samenwerking.entries import load_checked_partners
    from samenwerking.errors import PartnerError

    file = tmp_path / "partners.yaml"
    file.write_text(
        "own: Woonstede\npartners:\n"
        "  - {name: Gemeente Breda, kind: municipality}\n"
        "  - {name: gemeente breda, kind: municipality}\n",
        encoding="utf-8",
    )
    with pytest.raises(PartnerError) as caught:
        load_checked_partners(file, RULES)
    [problem] = caught.value.problems
    assert problem.location.line == 4
    assert "staat al in de lijst" in problem.text("nl")
    assert "already listed" in problem.text("en")
