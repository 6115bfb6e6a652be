"""The same answers and partners give the same advice everywhere.

Before rule set 3.0 the dashboard counted partners from its list and `samenwerking report`
from the questionnaire, and for the same inputs one advised Franchise, the other Merger.
Now one function (`samenwerking.partners.partner_facts`) turns a partner list into the
factors the rule set derives from it, and every surface goes through it.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from ruamel.yaml import YAML

from samenwerking import load_rules, score
from samenwerking.assessment import assess
from samenwerking.board_pack import board_pack
from samenwerking.cli import main
from samenwerking.dashboard import views
from samenwerking.dashboard.state import empty_state
from samenwerking.documents import to_markdown
from samenwerking.numbers import format_number
from samenwerking.sessions.store import SessionStore

RULES = load_rules()
PARTNERS = [
    {"name": "Gemeente Tiel", "kind": "municipality"},
    {"name": "Wonen Rivierland", "kind": "corporation", "dwellings": 2400},
    {"name": "Zorggroep West", "kind": "care"},
]
#: What the partner list says, answered the same way in the questionnaire (a session has no
#: partner list: its members answer these questions).
COUNTS = {"partner_count": 3, "partner_corporations": 1, "partner_dwellings": 2400}


def _answers() -> dict[str, float]:
    answers: dict[str, float] = {}
    for question in RULES.questions:
        if question.kind == "number":
            answers[question.id] = COUNTS.get(question.factor, 1300)
        else:
            answers[question.id] = 2 if question.factor == "continuity_risk" else 4
    return answers


def test_dashboard_score_report_and_session_give_the_same_advice(tmp_path: Path) -> None:
    answers = _answers()
    situation = assess(answers, RULES).situation
    assert situation is not None
    # The questionnaire says 9 partners: the list (3) decides, on every surface.
    told_otherwise = situation.replace(partner_count=9, partner_corporations=4)

    state = {**empty_state(RULES), "answers": answers, "partners": PARTNERS}
    state["answers"] = {
        **answers,
        **{q.id: 9 for q in RULES.questions if q.factor == "partner_count"},
    }
    dashboard = views.current_advice(RULES, state)
    assert dashboard is not None

    situation_file, partners_file = tmp_path / "situatie.yaml", tmp_path / "partners.yaml"
    YAML().dump(told_otherwise.values(), situation_file)
    YAML().dump({"own": "Woonstichting De Linge", "partners": PARTNERS}, partners_file)
    done = CliRunner().invoke(
        main, ["score", str(situation_file), "--partners", str(partners_file), "--json"]
    )
    assert done.exit_code == 0, done.output
    command_line = json.loads(done.stdout)

    pack = to_markdown(board_pack(told_otherwise, RULES, partners=PARTNERS))

    store = SessionStore(f"sqlite:///{tmp_path / 'sessions.sqlite3'}")
    try:
        new = store.create("Eén advies")
        member = store.join(new.participant_code, "Anna")
        store.submit(member, answers)
        session = store.result(new.facilitator_key).advice
    finally:
        store.close()

    expected = score(situation, RULES)
    assert dashboard.ranking == command_line["ranking"] == session.ranking == expected.ranking
    assert dashboard.scores == command_line["scores"] == session.scores == expected.scores
    headline = pack.split("## Het advies")[1].split("\n## ")[0]
    top = RULES.label("form", expected.top, "nl")
    assert top in headline and format_number(expected.scores[expected.top], "nl") in headline
