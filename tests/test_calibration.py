"""The default rules follow the evidence: calibration, citations, clear advice, governance."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from click.testing import CliRunner

from samenwerking import RuleSetError, Situation, load_rules, score
from samenwerking.authoring.profile import profile_rules
from samenwerking.authoring.testing import load_population_tests
from samenwerking.batch import score_many
from samenwerking.cli import main
from samenwerking.network import propose_network

from conftest import RULES_DIR, replace_in

NETWORK_GOVERNANCE_FORMS = {"network"}


# The conditional shares the literature bounds, in the issue's own words (rule set 3.0). The
# population tests narrow each to where a merger is otherwise within reach, so that they pin
# the rule down (rules test --prove); here the broad groups are held too.
BROAD_MERGER_BOUNDS = {
    "dwellings + partner_dwellings > 10000": 0.10,
    "trust <= 1.5": 0.10,
    "partner_corporations >= 5 and continuity_risk <= 3": 0.10,
    "partner_corporations < 1": 0.0,
    "financial_pressure >= 4 and continuity_risk <= 2 and dwellings >= 2500": 0.15,
}


@pytest.fixture(scope="module")
def profile(rules):
    populations = [case.test for case in load_population_tests(RULES_DIR)]
    return profile_rules(
        rules, n=200_000, populations=populations, conditions=list(BROAD_MERGER_BOUNDS)
    )


def test_win_shares_are_reported_not_targeted(profile) -> None:
    # Shares describe the rule set; no range is a target (the 5-45% target was withdrawn).
    assert sum(profile.win_shares.values()) == pytest.approx(1.0)
    assert set(profile.win_shares) == {"merger", "franchise", "network", "chain", "social_network"}


@pytest.mark.parametrize(
    ("population", "at_least", "at_most"),
    [
        ("large_merged_corporations_seldom_merge", None, 0.10),
        ("deep_distrust_seldom_merger", None, 0.10),
        ("many_corporations_seldom_merge_even_with_a_continuity_problem", None, 0.10),
        ("no_corporation_partner_never_merger", None, 0.0),
        ("budget_pressure_alone_seldom_merger", None, 0.15),
        ("small_struggling_corporations_with_a_willing_sister_merge", 0.70, None),
        *((condition, None, bound) for condition, bound in BROAD_MERGER_BOUNDS.items()),
    ],
)
def test_merger_follows_the_literature_in_the_profiles_conditional_shares(
    profile, population, at_least, at_most
) -> None:
    found = next(p for p in profile.populations if p.id == population)
    share = found.win_shares["merger"]
    assert found.size >= 100
    assert (at_least is None or share >= at_least) and (at_most is None or share <= at_most)


def test_profile_reports_a_condition_given_on_the_command_line_and_refuses_a_bad_one() -> None:
    shown = CliRunner().invoke(
        main, ["rules", "profile", str(RULES_DIR), "--n", "5000", "--when", "trust <= 1.5"]
    )
    assert shown.exit_code == 0, shown.output
    assert "trust <= 1.5 (" in shown.output
    refused = CliRunner().invoke(
        main, ["rules", "profile", str(RULES_DIR), "--n", "500", "--when", "trst <= 2"]
    )
    assert refused.exit_code == 1
    assert "--when \"trst <= 2\", teken 1: onbekende factor 'trst'" in refused.output
    assert "Traceback" not in refused.output


def test_profile_command_prints_shares_and_the_unclear_share_in_dutch(tmp_path: Path) -> None:
    page = tmp_path / "profiel.html"
    result = CliRunner().invoke(
        main, ["rules", "profile", str(RULES_DIR), "--n", "20000", "--html", str(page)]
    )
    assert result.exit_code == 0, result.output
    assert "Kalibratierapport" in result.output
    assert "Geen duidelijk advies (verschil onder 2,5 punten)" in result.output
    assert "Onderling vertrouwen" in result.output and "Winnaars per populatie" in result.output
    html = page.read_text()
    assert "<script" not in html and "Wint" in html and "width:" in html  # bars in HTML/CSS
    english = CliRunner().invoke(
        main, ["rules", "profile", str(RULES_DIR), "--n", "5000", "--lang", "en"]
    )
    assert "No clear advice (gap under 2.5 points)" in english.output


def test_every_rule_cites_known_sources_and_provan_kenis_only_for_network_governance(
    rules,
) -> None:
    for item in [*rules.rules, *rules.knockouts]:
        assert item.citations, item.id
        assert all(c.key in rules.bibliography for c in item.citations), item.id
        assert item.evidence, item.id
        if any(c.key == "provan_kenis_2008" for c in item.citations):
            assert item.form in NETWORK_GOVERNANCE_FORMS, item.id
    kinds = {entry.kind for entry in rules.bibliography.values()}
    assert kinds == {"literature", "law", "seed", "expert_judgement"}


def test_an_unknown_source_key_fails_rules_check(rules_copy: Path) -> None:
    line = replace_in(
        rules_copy / "merger.yaml",
        "    sources: [aef_2012]\n",
        "    sources: [aef_2021]\n",
    )
    with pytest.raises(RuleSetError) as caught:
        load_rules(rules_copy)
    [problem] = caught.value.problems
    assert problem.location.line == line
    assert problem.text("en").endswith("unknown source 'aef_2021' (did you mean 'aef_2012'?)")
    result = CliRunner().invoke(main, ["rules", "check", str(rules_copy)])
    assert result.exit_code == 1 and "onbekende bron 'aef_2021'" in result.output


def test_contributions_carry_their_kind_of_evidence(rules) -> None:
    advice = score(Situation.example(rules), rules)
    kinds = {
        kind for form in advice.ranking for c in advice.reasons(form, 10) for kind in c.evidence
    }
    assert kinds <= {"literature", "law", "seed", "expert_judgement"} and "seed" in kinds


def test_close_scores_give_no_clear_advice_and_name_the_close_forms(rules) -> None:
    advice = score(Situation.example(rules), rules)
    margin = rules.metadata.clear_margin
    close = [f for f in advice.ranking if advice.scores[advice.top] - advice.scores[f] < margin]
    assert advice.close_forms == close and advice.clear == (len(close) == 1)
    clear = score(
        Situation.example(rules).replace(continuity_risk=5, dwellings=900, partner_diversity=1),
        rules,
    )
    assert clear.clear and clear.close_forms == ["merger"]


def test_score_many_has_the_same_clear_column_as_score(rules) -> None:
    base = Situation.example(rules)
    situations = [base, base.replace(continuity_risk=5, dwellings=900, partner_diversity=1)]
    table = score_many(situations, rules)
    assert table["clear"].tolist() == [score(s, rules).clear for s in situations]


@pytest.mark.parametrize(
    ("partners", "trust", "consensus", "competencies"),
    list(itertools.product(range(2, 9), [1, 1.5, 2], [1, 3, 5], [1, 2, 3, 5])),
)
def test_small_networks_with_low_trust_never_get_shared_governance(
    rules, partners, trust, consensus, competencies
) -> None:
    situation = Situation.example(rules).replace(
        trust=trust, goal_consensus=consensus, network_competencies=competencies
    )
    members = [(f"Partner {i}", "welfare") for i in range(partners)]
    proposal = propose_network("network", members, situation, rules)
    assert proposal.governance.mode != "shared_governance"


def test_shared_governance_needs_trust_few_partners_and_little_competency_need(rules) -> None:
    members = [(f"Partner {i}", "care") for i in range(4)]
    trusting = Situation.example(rules).replace(trust=5, goal_consensus=5, network_competencies=1)
    assert propose_network("network", members, trusting, rules).governance.mode == (
        "shared_governance"
    )
    needing = trusting.replace(network_competencies=5)
    chosen = propose_network("network", members, needing, rules).governance
    assert chosen.mode == "network_administrative_organisation"
    assert "netwerkcompetenties" in chosen.conditions("nl")


def test_lead_organisation_is_the_partner_with_most_trust_and_resources(rules) -> None:
    situation = Situation.example(rules).replace(trust=2, goal_consensus=2)
    partners = [
        {"name": "Gemeente", "kind": "municipality", "trust": 2, "resources": 3},
        {"name": "Zorggroep", "kind": "care", "trust": 5, "resources": 4},
        {"name": "Welzijn", "kind": "welfare"},
        {"name": "Wijkteam", "kind": "welfare"},
    ]
    proposal = propose_network("network", partners, situation, rules)
    assert proposal.governance.mode == "lead_organisation" and proposal.lead == "Zorggroep"
    fallback = propose_network(
        "network", [dict(p, trust=None, resources=None) for p in partners], situation, rules
    )
    assert fallback.lead == "Gemeente" and any("terugval" in r.text("nl") for r in fallback.reasons)


def test_chain_members_are_only_partners_with_a_step(rules) -> None:
    partners = [("Gemeente", "municipality"), ("GGZ", "care"), ("School", "education")]
    proposal = propose_network("chain", partners, Situation.example(rules), rules)
    performers = {step.performer for step in proposal.chain_steps}
    assert "School" not in performers
    assert proposal.graph.nodes["School"]["role"] == "stakeholder"
    assert proposal.graph.nodes["GGZ"]["role"] == "member"


def test_social_network_has_strong_ties_inside_and_weak_ties_between_neighbourhoods(
    rules,
) -> None:
    partners = [
        {"name": f"{kind} {hood}", "kind": kind, "neighbourhood": hood}
        for hood in ("Noord", "Zuid")
        for kind in ("welfare", "care", "residents")
    ]
    proposal = propose_network("social_network", partners, Situation.example(rules), rules)
    graph = proposal.graph
    for a, b, data in graph.edges(data=True):
        hood_a = graph.nodes[a].get("neighbourhood")
        hood_b = graph.nodes[b].get("neighbourhood")
        if hood_a and hood_b:
            expected = "strong_tie" if hood_a == hood_b else "weak_tie"
            assert data["relation"] == expected, (a, b)
    assert any(d["relation"] == "weak_tie" for *_, d in graph.edges(data=True))


def test_merger_warns_when_it_folds_more_than_two_corporations(rules) -> None:
    partners = [(f"Corporatie {i}", "corporation") for i in range(3)]
    proposal = propose_network("merger", partners, Situation.example(rules), rules)
    assert any("4 corporaties" in w("nl") for w in proposal.warnings)
    single = propose_network("merger", partners[:1], Situation.example(rules), rules)
    assert not any("corporaties samen" in w("nl") for w in single.warnings)


@pytest.mark.parametrize("form", ["merger", "franchise", "network", "chain", "social_network"])
def test_every_network_reason_names_its_sources_and_kind_of_evidence(rules, form) -> None:
    partners = [("Gemeente", "municipality"), ("GGZ", "care"), ("Corporatie B", "corporation")]
    proposal = propose_network(form, partners, Situation.example(rules), rules)
    assert proposal.reasons
    for reason in proposal.reasons:
        assert reason.source and reason.evidence, reason.text("nl")


def test_what_would_settle_it_never_rules_the_other_close_forms_out(rules) -> None:
    from samenwerking.rules.sampling import realistic_sample
    from samenwerking.sensitivity import separating_changes

    sample = realistic_sample(rules, 400, seed=7)
    checked = 0
    for i in range(400):
        situation = Situation.example(rules).replace(**{k: v[i] for k, v in sample.items()})
        advice = score(situation, rules)
        if advice.clear:
            continue
        checked += 1
        for change in separating_changes(situation, advice.close_forms, rules):
            after = score(situation.replace(**{change.factor: change.value}), rules)
            assert after.top == change.form and after.clear
            newly_out = {f for f in advice.close_forms if after.is_knocked_out(f)} - {
                f for f in advice.close_forms if advice.is_knocked_out(f)
            }
            assert not newly_out, (change, newly_out)
    assert checked > 50
