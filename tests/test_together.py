"""The dashboard's session page over HTTP: what each callback returns to a participant.

Every callback that reads the browser's session store (the only place a facilitator key or
member token lives) is called with a participant's credentials in every slot, triggered by
each of its inputs, before the reveal: none may return another member's name or answers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from plotly.io.json import to_json_plotly

from samenwerking import Situation, load_rules
from samenwerking.dashboard.app import build_app
from samenwerking.dashboard.pages import together
from samenwerking.figures import group_spread_spec

RULES = load_rules()
SECRET_NAME = "Annemarie Geheimhouder"
#: Anna's answers as numbers in any notation (4321, 4.321, 4,321; 7.25, 7,25), standing on
#: their own: not inside a hash or a file's timestamp, where "4321" turns up by chance.
SECRET_NUMBERS = re.compile(r"(?<![\w.])(4[.,]?321|7[.,]25)(?!\w|[.,]\d)")


def _leaks(shown: str) -> list[str]:
    """What of another member's answers a response shows."""
    found = [SECRET_NAME] if SECRET_NAME in shown else []
    return found + [m.group(0) for m in SECRET_NUMBERS.finditer(shown)]


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setenv("SAMENWERKING_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("SAMENWERKING_DATABASE_URL", raising=False)
    monkeypatch.setattr(together, "_store", None)
    app = build_app()
    yield app.server.test_client()
    if together._store is not None:
        together._store.close()


def _body(spec: dict[str, Any], values: dict[str, Any], trigger: str) -> dict[str, Any]:
    outputs = []
    for part in spec["output"].strip(".").split("..."):
        target, _, prop = part.rpartition(".")
        outputs.append({"id": target, "property": prop.split("@")[0]})

    def items(kind: str) -> list[dict[str, Any]]:
        return [
            {**item, "value": values.get(f"{item['id']}.{item['property']}")}
            for item in spec.get(kind, [])
        ]

    return {
        "output": spec["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": items("inputs"),
        "state": items("state"),
        "changedPropIds": [trigger],
    }


def _session_callbacks(client: Any) -> list[dict[str, Any]]:
    dependencies = client.get("/_dash-dependencies").get_json()
    # A client-side callback runs in the browser; the submit's (the one that reads the
    # session store) posts to SUBMIT_ROUTE, which the privacy test calls itself.
    return [
        spec
        for spec in dependencies
        if not spec.get("clientside_function")
        and any(
            item["id"] == "session-store" for item in spec.get("inputs", []) + spec.get("state", [])
        )
    ]


def test_no_callback_gives_a_participant_another_members_answers(client: Any) -> None:
    store = together.session_store()
    new = store.create("Privacy in de browser")
    anna = store.join(new.participant_code, SECRET_NAME)
    bert = store.join(new.participant_code, "Bert")
    example = Situation.example(RULES)
    store.submit(anna, example.replace(dwellings=4321), {"tenant_value": 7.25})
    store.submit(bert, example)
    specs = _session_callbacks(client)
    assert len(specs) >= 3  # the action, the view and the downloads
    answers = {q.id: 3 for q in RULES.questions}
    for secret in (new.participant_code, bert):
        held = {
            "facilitator": {"key": secret, "code": new.participant_code, "title": "x"},
            "member": {"token": secret, "title": "x", "name": "Bert"},
        }
        values = {
            "session-store.data": held,
            "url.pathname": "/samen",
            "lang-store.data": "nl",
            "state-store.data": {"answers": answers, "weights": {}},
            "together-key.value": secret,
            "together-code.value": new.participant_code,
            "together-name.value": "Mallory",
        }
        for spec in specs:
            for trigger in spec["inputs"]:
                name = f"{trigger['id']}.{trigger['property']}"
                response = client.post(
                    "/_dash-update-component",
                    json=_body(spec, {**values, name: 1} if "n_clicks" in name else values, name),
                    environ_base={"REMOTE_ADDR": f"10.0.0.{len(name) % 200}"},
                )
                assert response.status_code in (200, 204), (name, response.status_code)
                shown = response.get_data(as_text=True)
                assert not _leaks(shown), (name, _leaks(shown))
    # Nor does any route: the pages, the layout, the dependencies, the health check.
    for route in ("/", "/samen", f"/samen?code={new.participant_code}", "/_dash-layout"):
        shown = client.get(route).get_data(as_text=True)
        assert not _leaks(shown), (route, _leaks(shown))
    for route in ("/_dash-dependencies", "/healthz"):
        assert SECRET_NAME not in client.get(route).get_data(as_text=True), route
    # The submit route, with every secret the participant holds in the member's place.
    for secret in (new.participant_code, bert, new.facilitator_key[:8]):
        posted = {
            "member": {"token": secret, "title": "x", "name": "Bert"},
            "state": {"answers": answers, "weights": {}},
            "lang": "nl",
        }
        shown = client.post(together.SUBMIT_ROUTE, json=posted).get_data(as_text=True)
        assert not _leaks(shown), ("submit route", _leaks(shown))
    # The participant's attempts changed nothing: both answers are still there, unrevealed.
    status = store.status(new.facilitator_key)
    assert status.submitted == 2 and not status.revealed


def test_the_facilitator_sees_progress_and_after_the_reveal_everyone_the_result(
    client: Any,
) -> None:
    store = together.session_store()
    new = store.create("Bestuursdag", anonymous=True)
    tokens = [store.join(new.participant_code, name) for name in ("Anna", "Bert", "Carla")]
    example = Situation.example(RULES)
    for token, trust in zip(tokens[:2], (1, 5), strict=True):
        store.submit(token, example.replace(trust=trust))
    view = next(s for s in _session_callbacks(client) if "together-result.children" in s["output"])
    values = {
        "session-store.data": {
            "facilitator": {"key": new.facilitator_key, "code": "", "title": ""}
        },
        "url.pathname": "/samen",
        "lang-store.data": "nl",
    }
    shown = client.post(
        "/_dash-update-component", json=_body(view, values, "session-store.data")
    ).get_data(as_text=True)
    assert "2 van 3 ingevuld" in shown and "Carla" in shown
    assert "Groepsadvies" not in shown  # not revealed yet
    store.reveal(new.facilitator_key)
    member = {**values, "session-store.data": {"member": {"token": tokens[2]}}}
    shown = client.post(
        "/_dash-update-component", json=_body(view, member, "session-store.data")
    ).get_data(as_text=True)
    assert "Groepsadvies: Bestuursdag" in shown
    assert "Hierover verschillen jullie van mening" in shown
    assert "lid 1" in shown and "Anna" not in shown  # anonymous for members
    assert json.loads(shown)["response"]["together-poll"]["disabled"] is True


def test_wrong_codes_in_the_dashboard_get_the_same_answer(client: Any) -> None:
    shown = {
        _join_with_code(client, code, "10.0.0.9") for code in ("AAAA-BBBB-CCCC", "ZZZZ-9999-2222")
    }
    assert len(shown) == 1 and "hoort bij geen enkele sessie" in shown.pop()


def test_a_submit_answers_with_the_members_panel_in_one_request(client: Any) -> None:
    """The member sees "ingestuurd" from the submit's own answer; the credentials stay as
    they are, so the page does not ask for the member's view a second time."""
    store = together.session_store()
    new = store.create("Bestuursdag")
    token = store.join(new.participant_code, "Anna")
    answers = {q.id: 3 for q in RULES.questions}
    posted = {
        "member": {"token": token, "title": "Bestuursdag", "name": "Anna"},
        "state": {"answers": answers, "weights": {}},
        "lang": "nl",
    }
    shown = client.post(together.SUBMIT_ROUTE, json=posted).get_json()
    assert set(shown) == {"message", "panel"}  # no credentials: no second request
    panel = json.dumps(shown["panel"], ensure_ascii=False)
    assert "Uw antwoorden zijn ingestuurd." in panel and "Anna" in panel
    assert f"{len(answers)} van {len(RULES.questions)}" in panel
    assert shown["message"]["props"]["color"] == "success"
    assert store.status(new.facilitator_key).submitted == 1
    store.reveal(new.facilitator_key)
    refused = client.post(together.SUBMIT_ROUTE, json=posted).get_json()
    assert "liggen nu vast" in json.dumps(refused["message"], ensure_ascii=False)
    assert refused["message"]["props"]["color"] == "danger" and refused["panel"] is None


def test_the_submit_route_answers_bad_input_with_a_message(client: Any) -> None:
    """Whatever is posted, the answer is a readable message in the member's language."""
    bodies: list[bytes] = [
        b"not json",
        b"[1, 2, 3]",
        b'{"member": "x", "state": 5, "lang": "fr"}',
        b'{"member": {"token": "AAAA"}, "state": {"answers": {"tr_rely": "veel"}}}',
        b"[" * 50_000 + b"]" * 50_000,
    ]
    for body in bodies:
        response = client.post(together.SUBMIT_ROUTE, data=body, content_type="application/json")
        assert response.status_code in (200, 400), (body[:30], response.status_code)
        shown = response.get_json()
        text = json.dumps(shown, ensure_ascii=False)
        assert "Traceback" not in text
        if response.status_code == 200:
            assert shown["message"]["props"]["color"] == "danger", text
        else:
            assert "niet te lezen" in shown["error"], text
    english = client.post(
        together.SUBMIT_ROUTE, json={"member": {"token": "AAAA"}, "state": {}, "lang": "en"}
    ).get_json()
    assert "session" in json.dumps(english["message"]).lower()


def _group_of(members: dict[str, tuple[int, str]]) -> Any:
    """The group result of members each answering ``trust`` and speaking for an organisation."""
    from samenwerking.group import aggregate

    example = Situation.example(RULES)
    return aggregate(
        {
            name: {"situation": example.replace(trust=trust), "organisation": org}
            for name, (trust, org) in members.items()
        },
        RULES,
    )


def _cells(component: Any, table_id: str) -> list[list[str]]:
    """The body rows of the table ``table_id`` in a Dash component tree, as text."""
    found = json.loads(to_json_plotly(component))

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            props = node.get("props", {})
            if props.get("id") == table_id:
                return node
            for child in [props.get("children")] if "props" in node else node.values():
                hit = walk(child)
                if hit is not None:
                    return hit
        if isinstance(node, list):
            for child in node:
                hit = walk(child)
                if hit is not None:
                    return hit
        return None

    table = walk(found)
    assert table is not None, table_id
    body = table["props"]["children"][1]
    return [
        [cell["props"]["children"] for cell in row["props"]["children"]]
        for row in body["props"]["children"]
    ]


def test_a_one_member_organisation_shows_no_eensgezindheid() -> None:
    # Before (#27): an organisation of one member showed eensgezindheid 1,00.
    group = _group_of(
        {"Anna": (2, "Woonstede"), "Bert": (4, "Woonstede"), "Carla": (5, "Gemeente")}
    )
    shown = together.group_result(group, RULES, "Bestuursdag", "nl")
    rows = {row[0]: row for row in _cells(shown, "group-organisations")}
    assert rows["Gemeente"][3] == "—"
    assert rows["Woonstede"][3] != "—"


def test_wide_tables_scroll_in_a_focusable_labelled_box() -> None:
    # Before (#27): the spread table was 451 px wide on a 390 px phone, and the page zoomed out.
    group = _group_of({"Anna": (2, "Woonstede"), "Bert": (4, "Gemeente")})
    shown = json.loads(to_json_plotly(together.group_result(group, RULES, "Bestuursdag", "nl")))
    boxes = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict) and "props" in node:
            props = node["props"]
            if "table-scroll" in str(props.get("className", "")):
                boxes.append(props)
            walk(props.get("children"))

    walk(shown)
    assert [box["children"]["props"]["id"] for box in boxes] == [
        "group-members",
        "group-organisations",
        "group-spread-table",
    ]
    assert all(box["tabIndex"] == "0" and box["role"] == "region" for box in boxes)
    assert all(box["aria-label"] for box in boxes)


def test_the_dot_plot_tells_members_apart_by_shape_and_keeps_names_as_text() -> None:
    # Before (#27, #26): members differed by colour only; a name written as a link was a
    # live link in everyone's legend.
    group = _group_of({'<a href="https://evil.example/x">Eve</a>': (2, ""), "Bert": (4, "")})
    spec = group_spread_spec(group, RULES, "nl")
    members = spec["data"][:-1]
    assert len({trace["marker"]["symbol"] for trace in members}) == 2
    assert all(
        "<a" not in trace["name"] and "<a" not in trace["hovertemplate"] for trace in members
    )
    assert members[0]["name"] == '&lt;a href="https://evil.example/x"&gt;Eve&lt;/a&gt;'


def test_a_session_error_is_shown_as_a_sentence() -> None:
    # Before (#27): "deze code of sleutel hoort bij geen enkele sessie" started lowercase.
    from samenwerking.errors import msg
    from samenwerking.sessions import SessionError

    alert = together._error_alert(SessionError(msg("session_unknown_code")), "nl")
    first = alert.children[0].children
    assert first.startswith("Deze code of sleutel hoort bij geen enkele sessie")


def _join_with_code(client: Any, code: str, address: str) -> str:
    """What the page shows after "Meedoen" with ``code``, sent through a proxy for ``address``."""
    action = next(
        s
        for s in _session_callbacks(client)
        if "together-message.children" in s["output"]
        and any(i["id"] == "together-join" for i in s["inputs"])
    )
    values = {
        "together-join.n_clicks": 1,
        "together-code.value": code,
        "together-name.value": "Mallory",
        "lang-store.data": "nl",
    }
    response = client.post(
        "/_dash-update-component",
        json=_body(action, values, "together-join.n_clicks"),
        headers={"X-Forwarded-For": address},
    )
    return json.dumps(response.get_json()["response"]["together-message"], ensure_ascii=False)


@pytest.mark.parametrize(("proxies", "told_apart"), [("1", True), ("", False)])
def test_with_one_trusted_proxy_two_clients_behind_it_are_told_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, proxies: str, told_apart: bool
) -> None:
    # Before (#26): the app read the socket address only, so behind a proxy every member
    # shared one address and one member's typos slowed everyone.
    monkeypatch.setenv("SAMENWERKING_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SAMENWERKING_TRUSTED_PROXIES", proxies)
    monkeypatch.delenv("SAMENWERKING_DATABASE_URL", raising=False)
    monkeypatch.setattr(together, "_store", None)
    client = build_app().server.test_client()
    for _ in range(11):
        _join_with_code(client, "AAAA-BBBB-CCCC", "10.0.0.1")
    other = _join_with_code(client, "ZZZZ-9999-2222", "10.0.0.2")
    assert ("hoort bij geen enkele sessie" in other) is told_apart
    assert ("Te veel verkeerde codes" in other) is not told_apart
    together._store.close()


def test_a_bad_number_of_trusted_proxies_is_refused_by_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from samenwerking.errors import ConfigurationError

    monkeypatch.setenv("SAMENWERKING_TRUSTED_PROXIES", "twee")
    with pytest.raises(ConfigurationError) as caught:
        build_app()
    assert "SAMENWERKING_TRUSTED_PROXIES moet het aantal vertrouwde proxy's" in caught.value.text()


def test_eleven_wrong_codes_from_one_address_do_not_refuse_a_right_code(client: Any) -> None:
    # Before (#26): the eleventh wrong code locked the address, right codes included.
    store = together.session_store()
    new = store.create("Bestuursdag")
    for _ in range(11):
        _join_with_code(client, "AAAA-BBBB-CCCC", "10.0.0.1")
    shown = _join_with_code(client, new.participant_code, "10.0.0.1")
    assert "u doet mee aan 'Bestuursdag'" in shown
