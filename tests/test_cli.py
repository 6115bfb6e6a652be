"""The samenwerking command line, run as a user would: real files, real rules, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from samenwerking import Situation
from samenwerking.cli import main

from conftest import RULES_DIR, replace_in


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def example_file(tmp_path: Path) -> Path:
    code, out, _ = run("example")
    assert code == 0
    path = tmp_path / "situatie.yaml"
    path.write_text(out)
    return path


def test_score_prints_a_ranking_in_dutch_and_english(example_file: Path, rules) -> None:
    code, dutch, _ = run("score", str(example_file), "--rules", str(RULES_DIR))
    assert code == 0
    assert dutch.startswith("Advies samenwerkingsvorm\nRegelset: samenwerking-standaard 3.2.0")
    for form in rules.forms:
        assert form.label("nl") in dutch
    # The example corporation lies between chain and merger: said in words, with what settles it.
    assert "Geen duidelijk advies" in dutch and "Wat de doorslag zou geven" in dutch
    code, english, _ = run("score", str(example_file), "--lang", "en")
    assert code == 0 and "Organisation network" in english and "Main" not in dutch


def test_score_json_is_the_full_advice(example_file: Path) -> None:
    code, out, _ = run("score", str(example_file), "--json")
    data = json.loads(out)
    assert code == 0 and len(data["ranking"]) == 5
    assert data["situation"] == Situation.example().model_dump(mode="json")
    assert data["rules"]["name"] == "samenwerking-standaard"


def test_score_reads_json_files_and_weights(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(Situation.example().model_dump_json())
    _, plain, _ = run("score", str(path), "--json")
    code, weighted, _ = run("score", str(path), "--json", "--weight", "autonomy=5")
    assert code == 0
    assert json.loads(weighted)["scores"] != json.loads(plain)["scores"]
    assert json.loads(weighted)["weights"]["autonomy"] == 5.0


def test_bad_situation_file_names_the_line_and_factor(example_file: Path) -> None:
    line = replace_in(example_file, "trust: 3", "trust: 9")
    code, out, err = run("score", str(example_file))
    assert code == 1 and out == ""
    assert f"situatie.yaml:{line}:8: fout: trust: 9 valt buiten het bereik 1 tot en met 5" in err
    assert "Traceback" not in err


def test_missing_and_misspelt_factors(example_file: Path) -> None:
    replace_in(example_file, "urgency: 3", "urgecny: 3")
    code, _, err = run("score", str(example_file))
    assert code == 1
    assert "fout: urgency: ontbreekt (geef een waarde van 1 tot en met 5)" in err
    assert "fout: urgecny: deze factor kent de regelset niet (bedoelt u 'urgency'?)" in err


def test_malformed_situation_yaml(tmp_path: Path) -> None:
    path = tmp_path / "kapot.yaml"
    path.write_text("trust: [3\nurgency: 2\n")
    code, _, err = run("score", str(path))
    assert (
        code == 1
        and "kapot.yaml:1:" in err
        and "een lijst tussen [ ] of { } wordt niet goed gesloten" in err
    )


def test_bad_weight_option() -> None:
    code, _, err = run("score", "--example", "--weight", "autonomy")
    assert code == 1 and "'autonomy' is niet THEMA=WAARDE" in err


def test_rules_check_passes_on_the_default_rules() -> None:
    code, out, _ = run("rules", "check", str(RULES_DIR))
    assert code == 0 and "is in orde" in out and "46 regels" in out


def test_rules_check_on_a_broken_copy_names_file_and_line(rules_copy: Path) -> None:
    line = replace_in(
        rules_copy / "chain.yaml",
        "form: chain\n    theme: autonomy",
        "form: chian\n    theme: autonomy",
    )
    code, out, err = run("rules", "check", str(rules_copy))
    assert code == 1 and out == ""
    assert f"chain.yaml:{line}:11: fout: form: onbekende vorm 'chian' (bedoelt u 'chain'?)" in err
    assert err.rstrip().endswith("1 fout gevonden.")


def test_rules_test_reports_each_case() -> None:
    code, out, _ = run("rules", "test", str(RULES_DIR), "--lang", "en")
    assert code == 0
    assert out.count("PASS ") >= 12 and out.rstrip().endswith("passed, 0 failed")


def test_rules_test_fails_with_exit_1_and_the_deciding_rules(rules_copy: Path) -> None:
    replace_in(
        rules_copy / "tests" / "literature.yaml",
        "top_in: [merger, franchise]",
        "top_in: [social_network]",
    )
    code, out, _ = run("rules", "test", str(rules_copy), "--lang", "en")
    assert code == 1
    assert "FAIL     small_corporation_heavy_burden_shares_back_office" in out
    assert "merger_shares_administrative_burden +" in out
    assert out.rstrip().endswith("1 failed")


def test_every_command_has_help() -> None:
    for command in ([], ["score"], ["example"], ["rules"], ["rules", "check"], ["rules", "test"]):
        code, out, _ = run(*command, "--help")
        assert code == 0 and "Usage:" in out


def test_installed_command_runs_as_a_program(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "samenwerking", "score", "--example", "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Advice on the form of collaboration")


@pytest.mark.parametrize(
    ("file", "old", "new", "lines_down", "expected"),
    [
        (
            "merger.yaml",
            "effect: -1.5 * (urgency - 3)\n",
            "effect: 4 / (urgency - 3)\n",
            0,
            "fout: merger_takes_years.effect: deling door nul: 'urgency - 3' kan 0 zijn "
            "(het bereik is -2 tot en met 2)",
        ),
        (
            "chain.yaml",
            "- id: chain_bureau_for_coordination",
            "- id: chain_keeps_autonomy",
            0,
            "fout: id: regel 'chain_keeps_autonomy' bestaat al",
        ),
        (
            "network.yaml",
            "when: urgency >= 4",
            "when: urgency >> 4",
            0,
            "fout: network_takes_time.when: de bewerking in 'urgency >> 4' is niet toegestaan",
        ),
        (
            "forms.yaml",
            "- id: chain\n",
            "- id: chain\n    colour: blue\n",
            1,
            "fout: chain.colour: onbekende sleutel 'colour'",
        ),
    ],
)
def test_rules_check_reports_each_kind_of_breakage(
    rules_copy, file, old, new, lines_down, expected
) -> None:
    line = replace_in(rules_copy / file, old, new) + lines_down
    code, _, err = run("rules", "check", str(rules_copy))
    assert code == 1 and "Traceback" not in err
    assert f"{file}:{line}:" in err and expected in err


def test_rules_check_on_an_empty_folder(tmp_path: Path) -> None:
    code, _, err = run("rules", "check", str(tmp_path))
    assert code == 1
    assert "fout: de map met regels bevat geen regelbestanden (*.yaml)" in err


@pytest.fixture
def partners_file(tmp_path: Path) -> Path:
    path = tmp_path / "partners.yaml"
    path.write_text(
        "own: Woonstichting De Kern\npartners:\n"
        "  - {name: Gemeente Breda, kind: municipality}\n"
        "  - {name: GGZ Breburg, kind: care}\n"
        "  - {name: Surplus Welzijn, kind: welfare}\n"
    )
    return path


def test_network_prints_governance_metrics_and_reasons(example_file, partners_file, tmp_path):
    out_file = tmp_path / "graph.graphml"
    code, out, err = run(
        "network",
        str(example_file),
        "--partners",
        str(partners_file),
        "--form",
        "network",
        "--out",
        str(out_file),
        "--lang",
        "en",
    )
    assert code == 0, err
    assert out.startswith("Organisation network: 4 organisations\nGovernance mode: ")
    assert "Density: the share of all possible ties" in out
    assert "Why this structure" in out and "Provan & Kenis (2008)" in out
    assert out_file.read_text().startswith("<?xml")


def test_network_defaults_to_the_top_form(example_file, partners_file):
    code, out, _ = run("network", str(example_file), "--partners", str(partners_file))
    _, advice, _ = run("score", str(example_file), "--partners", str(partners_file), "--json")
    top = json.loads(advice)["ranking"][0]
    from samenwerking import load_rules

    assert code == 0 and out.startswith(load_rules().label("form", top, "nl"))


def test_network_reports_bad_partners_at_their_line(example_file, partners_file):
    partners_file.write_text(partners_file.read_text().replace("kind: care", "kind: zorg"))
    code, _, err = run("network", str(example_file), "--partners", str(partners_file))
    assert code == 1 and "Traceback" not in err
    assert (
        "partners.yaml:4:5: fout: partners.2.kind: de regelset kent de soort partner 'zorg'" in err
    )


def _batch_input(rows: int = 6) -> pd.DataFrame:
    frame = pd.DataFrame([Situation.example().values()] * rows).astype(object)
    frame.insert(0, "corporatie", [f"K{i}" for i in range(rows)])
    return frame


def test_score_batch_scores_valid_rows_and_reports_the_rest(tmp_path: Path) -> None:
    frame = _batch_input()
    frame.loc[1, "trust"] = "veel"
    frame.loc[2, "urgency"] = None
    frame.loc[4, "partner_diversity"] = 8
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    frame.to_csv(source, index=False)
    code, _, err = run("score-batch", str(source), "-o", str(out))
    scored = pd.read_csv(out)
    problems = pd.read_csv(tmp_path / "out.errors.csv")
    assert code == 1
    assert scored["row"].tolist() == [1, 4, 6]
    assert scored["corporatie"].tolist() == ["K0", "K3", "K5"]
    assert problems["row"].tolist() == [2, 3, 5]
    assert problems["problem"].tolist() == [
        "'veel' is geen getal",
        "ontbreekt (geef een waarde van 1 tot en met 5)",
        "8 valt buiten het bereik 1 tot en met 5",
    ]
    assert len(scored) + problems["row"].nunique() == len(frame)
    assert "6 rijen: 3 gescoord" in err and "3 met problemen" in err


def test_score_batch_missing_column_is_refused_once_and_nothing_is_written(tmp_path: Path) -> None:
    # Before: one 'missing column' line per row (12 million for a semicolon file).
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    _batch_input(4).drop(columns="trust").to_csv(source, index=False)
    code, _, err = run("score-batch", str(source), "-o", str(out))
    assert code == 1 and "kolom(men) ontbreken: trust" in err
    assert not out.exists() and not (tmp_path / "out.errors.csv").exists()
    assert not list(tmp_path.glob(".*.part"))


def _comma_decimal_file(path: Path, separator: str) -> None:
    values = Situation.example().values()
    header = separator.join(["id", *values])
    cells = [
        str(v).replace(".", ",") if isinstance(v, float) and v != int(v) else str(v)
        for v in values.values()
    ]
    cells[list(values).index("trust")] = "3,5"
    path.write_text(header + "\n" + separator.join(["A", *cells]) + "\n", encoding="utf-8")


def test_score_batch_refuses_comma_file_with_decimal_commas_before_scoring(tmp_path: Path) -> None:
    # Before: every factor after '3,5' shifted one column, the id was lost, exit status 0.
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    _comma_decimal_file(source, ",")
    code, _, err = run("score-batch", str(source), "-o", str(out))
    assert code == 1
    assert "in.csv:2: deze rij heeft" in err and "decimale komma" in err and "3.5" in err
    assert not out.exists() and not (tmp_path / "out.errors.csv").exists()


def test_score_batch_reads_semicolon_file_with_decimal_commas_and_says_so(tmp_path: Path) -> None:
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    _comma_decimal_file(source, ";")
    code, _, err = run("score-batch", str(source), "-o", str(out))
    assert code == 0, err
    assert "puntkomma (;), decimale komma" in err
    from samenwerking import score as score_one

    expected = score_one(Situation.example().replace(trust=3.5))
    result = pd.read_csv(out)
    assert result.loc[0, "id"] == "A" and result.loc[0, "top"] == expected.top
    assert result.loc[0, "score_network"] == pytest.approx(expected.scores["network"])


def test_score_batch_refuses_yes_no_values_and_keeps_output_names_apart(tmp_path: Path) -> None:
    frame = _batch_input(3)
    frame.loc[1, "trust"] = True
    frame.insert(0, "top", ["x", "y", "z"])
    frame.insert(0, "row", [7, 8, 9])
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    frame.to_csv(source, index=False)
    code, _, _ = run("score-batch", str(source), "-o", str(out))
    assert code == 1
    result = pd.read_csv(out)
    assert list(result.columns[:3]) == ["row", "input_row", "input_top"]
    assert result["input_top"].tolist() == ["x", "z"] and result["row"].tolist() == [1, 3]
    problems = pd.read_csv(tmp_path / "out.errors.csv")
    assert problems["problem"].tolist() == ["'True' is geen getal"]


def test_score_batch_publishes_results_and_errors_together(tmp_path: Path) -> None:
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    errors = tmp_path / "out.errors.csv"
    errors.write_text("left over from a killed run\n")
    (tmp_path / ".out.csv.part").write_text("half a file")
    _batch_input(3).to_csv(source, index=False)
    code, _, _ = run("score-batch", str(source), "-o", str(out))
    assert code == 0 and len(pd.read_csv(out)) == 3
    assert pd.read_csv(errors).empty  # the new, matching errors file
    assert not list(tmp_path.glob(".*.part"))


def test_score_batch_names_the_line_where_a_utf8_file_stops_being_utf8(tmp_path: Path) -> None:
    # UTF-8 in the first 64 KB that is sniffed, then one Windows-1252 byte: a mixed file.
    source = tmp_path / "in.csv"
    _batch_input(2000).to_csv(source, index=False)
    lines = source.read_bytes().count(b"\n")
    source.write_bytes(source.read_bytes() + b"K9,caf\xe9\n")
    code, _, err = run("score-batch", str(source), "-o", str(tmp_path / "o.csv"))
    assert code == 1 and f"in.csv:{lines + 1}: dit is geen UTF-8-tekst" in err
    assert "CSV UTF-8" in err


def test_score_batch_parquet_in_and_out_matches_score(tmp_path: Path) -> None:
    frame = _batch_input(3)
    frame.loc[2, "trust"] = 5
    for column in Situation.example().values():
        frame[column] = pd.to_numeric(frame[column])
    source, out = tmp_path / "in.parquet", tmp_path / "out.parquet"
    frame.to_parquet(source)
    code, _, _ = run("score-batch", str(source), "-o", str(out), "--weight", "autonomy=2")
    result = pd.read_parquet(out)
    assert code == 0
    from samenwerking import score as score_one

    expected = score_one(Situation.example().replace(trust=5), weights={"autonomy": 2})
    assert result.loc[2, "top"] == expected.top
    assert result.loc[2, "score_chain"] == expected.scores["chain"]
    assert pd.read_csv(tmp_path / "out.errors.csv").empty


def test_score_batch_unreadable_or_unknown_files(tmp_path: Path) -> None:
    code, _, err = run("score-batch", str(tmp_path / "nope.csv"), "-o", str(tmp_path / "o.csv"))
    assert code == 1 and "nope.csv: bestand niet gevonden" in err
    text = tmp_path / "in.txt"
    text.write_text("x")
    code, _, err = run("score-batch", str(text), "-o", str(tmp_path / "o.csv"))
    assert code == 1 and "gebruik een .csv- of .parquet-bestand" in err
    assert not (tmp_path / "o.csv").exists()


def test_score_batch_speaks_the_language_asked_for(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id;trust\nA;3,5\n", encoding="utf-8")
    code, _, err = run("score-batch", str(source), "-o", str(tmp_path / "o.csv"), "--lang", "en")
    assert code == 1
    assert "read with semicolon (;) between fields, decimal comma" in err
    assert "missing column(s): administrative_burden" in err


def test_the_dashboard_says_where_it_runs_in_dutch() -> None:
    """Before: "samenwerking dashboard: http://... (Ctrl+C stops it)", in English only."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    for lang, expected in (
        ("nl", "Het dashboard staat klaar op"),
        ("en", "The dashboard is ready"),
    ):
        process = subprocess.Popen(
            [sys.executable, "-m", "samenwerking", "dashboard", "--port", str(port)]
            + (["--lang", lang] if lang != "nl" else []),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        try:
            assert process.stdout is not None
            first = process.stdout.readline()
        finally:
            process.terminate()
            process.wait(timeout=20)
        assert first.startswith(expected) and f"http://127.0.0.1:{port}/" in first, first


def test_a_partner_name_with_an_escape_character_is_refused_with_a_message(
    example_file, tmp_path: Path
) -> None:
    # Before: an ESC in a name made the board pack's PDF fail and the CLI print a traceback.
    partners = tmp_path / "partners.yaml"
    partners.write_text('partners:\n  - {name: "Zorg\\e[31m", kind: care}\n', encoding="utf-8")
    code, _, err = run(
        "report",
        str(example_file),
        "--partners",
        str(partners),
        "--out",
        str(tmp_path / "advies.pdf"),
    )
    assert code == 1 and "Traceback" not in err
    assert "stuurtekens" in err
    assert not (tmp_path / "advies.pdf").exists()
