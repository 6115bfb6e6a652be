"""``rules watch``: a save shows the new advice in the terminal within two seconds."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

from samenwerking import Situation, load_rules
from samenwerking.authoring.watch import WatchState, folder_fingerprint, watch, watch_report

from conftest import replace_in


def _reader(stream, lines: queue.Queue[str]) -> None:
    for line in iter(stream.readline, ""):
        lines.put(line.rstrip("\n"))


def _wait_for(lines: queue.Queue[str], wanted: str, seconds: float) -> list[str]:
    seen, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(deadline - time.monotonic(), 0.01))
        except queue.Empty:
            break
        seen.append(line)
        if wanted in line:
            return seen
    raise AssertionError(f"{wanted!r} did not appear in {seconds} s; saw {seen}")


def _start_watch(folder: Path, situation: Path) -> tuple[subprocess.Popen[str], queue.Queue[str]]:
    """``samenwerking rules watch`` as a user starts it, its output lines in a queue."""
    command = ["rules", "watch", str(folder), "--situation", str(situation)]
    process = subprocess.Popen(
        [sys.executable, "-m", "samenwerking", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_reader, args=(process.stdout, lines), daemon=True).start()
    return process, lines


def test_a_save_shows_the_new_advice_within_two_seconds(rules_copy: Path, tmp_path: Path) -> None:
    situation = tmp_path / "situatie.yaml"
    values = {**Situation.example(load_rules(rules_copy)).values(), "trust": 2}
    situation.write_text("".join(f"{factor}: {value:g}\n" for factor, value in values.items()))
    process, lines = _start_watch(rules_copy, situation)
    try:
        _wait_for(lines, "geslaagd", 60)  # the first report, tests included
        # One merger rule becomes far stronger and always applies: merger must lead after it.
        text = (rules_copy / "merger.yaml").read_text()
        text = text.replace(
            "when: continuity_risk > 3\n    effect: 4 * (continuity_risk - 3)", "effect: 30"
        )
        (rules_copy / "merger.yaml").write_text(text)
        saved = time.monotonic()
        seen = _wait_for(lines, "Nieuw advies", 2.0)
        assert time.monotonic() - saved < 2.0
        assert any(line.startswith("--- opgeslagen om") for line in seen)
        ranking = [line for line in seen if line.startswith("  1. ")]
        assert ranking and "Fusie" in ranking[-1]
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_broken_save_shows_the_errors_and_keeps_the_last_advice(rules_copy: Path) -> None:
    lines, state, _ = watch_report(rules_copy, None, WatchState(), "nl")
    assert state.advice is not None and "Advies:" in lines
    replace_in(
        rules_copy / "merger.yaml", "when: continuity_risk > 3", "when: continuity_riskk > 3"
    )
    broken, kept, unloaded = watch_report(rules_copy, None, state, "nl")
    assert unloaded is None  # so no tests run on it, and its errors are not printed twice
    assert kept is state
    assert any("onbekende factor 'continuity_riskk'" in line for line in broken)
    assert broken[-1] == "1 fout gevonden."


def test_the_fingerprint_sees_rule_and_test_files_only(rules_copy: Path) -> None:
    before = folder_fingerprint(rules_copy)
    (rules_copy / "notities.txt").write_text("geen regel")
    assert folder_fingerprint(rules_copy) == before
    (rules_copy / "tests" / "extra.yaml").write_text("tests: []\n")
    assert folder_fingerprint(rules_copy) != before


def test_a_broken_save_prints_its_errors_once(rules_copy: Path) -> None:
    # Before: the test step loaded the rules again and printed the same errors a second time.
    replace_in(
        rules_copy / "merger.yaml", "when: continuity_risk > 3", "when: continuity_riskk > 3"
    )
    shown: list[str] = []
    saves = iter([False, True])
    watch(rules_copy, None, "nl", shown.append, until=lambda: next(saves), poll_seconds=0)
    assert sum("onbekende factor 'continuity_riskk'" in line for line in shown) == 1


def test_a_changed_situation_file_is_reported_by_name_within_two_seconds(
    rules_copy: Path, tmp_path: Path
) -> None:
    # Before: the watch did not look at the situation file; its change showed at the next
    # rule save and looked as if the rule edit had caused it.
    situation = tmp_path / "situatie.yaml"
    values = Situation.example(load_rules(rules_copy)).values()
    situation.write_text("".join(f"{factor}: {value:g}\n" for factor, value in values.items()))
    process, lines = _start_watch(rules_copy, situation)
    try:
        _wait_for(lines, "geslaagd", 60)
        changed = {**values, "required_autonomy": 5, "partner_count": 0}
        situation.write_text("".join(f"{f}: {v:g}\n" for f, v in changed.items()))
        saved = time.monotonic()
        seen = _wait_for(lines, "Nieuw advies", 2.0)
        assert time.monotonic() - saved < 2.0
        [header] = [line for line in seen if line.startswith("--- opgeslagen om")]
        assert header.endswith("situatie.yaml ---") and "merger.yaml" not in header
        time.sleep(2.0)  # the rule tests take about 2 s: none may follow a situation change
        after = [lines.get() for _ in range(lines.qsize())]
        assert not any("geslaagd" in line for line in after), after
    finally:
        process.terminate()
        process.wait(timeout=10)
