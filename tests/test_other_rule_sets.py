"""The rule set is the schema: other factors and a sixth form need no code change.

Before: a rule set without ``dwellings`` passed ``rules check`` and then ``score`` printed a
pydantic traceback; a sixth form without a network template crashed the report download.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from samenwerking import Situation, load_rules, propose_network, score, score_many
from samenwerking.cli import main
from samenwerking.dashboard import views
from samenwerking.dashboard.state import empty_state

from conftest import replace_in

ALLIANCE_FORM = """  - id: alliance
    label: {nl: Alliantie, en: Alliance}
    description:
      nl: Corporaties sluiten een bestuurlijke alliantie met gedeelde diensten.
      en: Corporations form an alliance with shared services.
    properties: {autonomy_retained: 0.7, reversibility: 0.6, integration: 0.5}
"""
ALLIANCE_RULES = """rules:
  - id: alliance_shares_services
    form: alliance
    theme: efficiency
    when: administrative_burden >= 4
    effect: 1.5 * (administrative_burden - 3)
    reason:
      nl: Een alliantie deelt diensten zonder te fuseren.
      en: An alliance shares services without merging.
    sources: [expert_judgement]
network_templates:
  - form: alliance
    structure: formula
    formula_owner: {nl: Alliantiebureau, en: Alliance office}
    member_kinds: [corporation]
    reason:
      nl: Een alliantiebureau levert de gedeelde diensten.
      en: An alliance office supplies the shared services.
    sources: [expert_judgement]
"""


def _cut(path: Path, start: str, end: str | None) -> None:
    text = path.read_text()
    i = text.index(start)
    j = text.index(end, i + len(start)) if end else len(text)
    path.write_text(text[:i] + text[j:])


@pytest.fixture(params=["without_dwellings", "with_a_sixth_form"])
def other_rules(request, rules_copy: Path) -> Path:
    if request.param == "without_dwellings":
        _cut(rules_copy / "factors.yaml", "  - id: dwellings", "  - id: failed_talks")
        _cut(rules_copy / "questionnaire.yaml", "  - id: count_dwellings", None)
        for rule in ("merger_small_corporations_gain", "merger_diseconomies_of_merged_scale"):
            _cut(rules_copy / "merger.yaml", f"  - id: {rule}", "  - id:")
        replace_in(
            rules_copy / "sample.yaml",
            "    dwellings: {distribution: log_uniform, low: 300, high: 12000}\n",
            "",
        )
        # The default tests speak of dwellings; rules check rightly refuses them here.
        shutil.rmtree(rules_copy / "tests")
    else:
        (rules_copy / "forms.yaml").write_text(
            (rules_copy / "forms.yaml").read_text() + ALLIANCE_FORM
        )
        (rules_copy / "alliance.yaml").write_text(ALLIANCE_RULES)
    return rules_copy


def test_check_score_batch_network_and_report_work(other_rules: Path, tmp_path: Path) -> None:
    rules = load_rules(other_rules)
    runner = CliRunner()
    checked = runner.invoke(main, ["rules", "check", str(other_rules)])
    assert checked.exit_code == 0, checked.output
    scored = runner.invoke(main, ["score", "--example", "--rules", str(other_rules)])
    assert scored.exit_code == 0 and "Traceback" not in scored.output, scored.output
    situation = Situation.example(rules)
    advice = score(situation, rules)
    table = score_many([situation, situation.replace(trust=5)], rules)
    assert table.loc[0, "top"] == advice.top
    assert set(rules.form_ids) == {c.removeprefix("score_") for c in table if "score_" in c}
    for form in rules.form_ids:
        proposal = propose_network(form, [("Corporatie B", "corporation")], situation, rules)
        assert proposal.graph.number_of_nodes() >= 1  # a merger folds B into one node
    answers = {
        q.id: (
            3
            if q.kind != "number"
            else {"partner_count": 4, "partner_corporations": 1}.get(q.factor, 1800)
        )
        for q in rules.questions
    }
    state = {**empty_state(rules), "answers": answers}
    report = views.report_download(rules, state, "nl")
    assert report is not None and rules.label("form", advice.top) in report


def test_a_form_without_network_template_is_warned_and_the_report_still_works(
    rules_copy: Path,
) -> None:
    (rules_copy / "forms.yaml").write_text((rules_copy / "forms.yaml").read_text() + ALLIANCE_FORM)
    rules_text = ALLIANCE_RULES[: ALLIANCE_RULES.index("network_templates:")]
    strong = rules_text.replace("1.5 * (administrative_burden - 3)", "40")
    (rules_copy / "alliance.yaml").write_text(strong.replace(">= 4", ">= 1"))
    rules = load_rules(rules_copy)
    checked = CliRunner().invoke(main, ["rules", "check", str(rules_copy)])
    assert "vorm 'alliance' heeft geen netwerksjabloon" in checked.output
    answers = {
        q.id: (
            3
            if q.kind != "number"
            else {"partner_count": 4, "partner_corporations": 1}.get(q.factor, 1800)
        )
        for q in rules.questions
    }
    state = {**empty_state(rules), "answers": answers}
    assert views.current_advice(rules, state).top == "alliance"
    report = views.report_download(rules, state, "nl")
    assert report is not None and "Alliantie" in report
    assert views.network_download(rules, state, None, "nl", as_png=False) is None
