"""Dutch Excel in and out: files as a Dutch analyst's Excel writes and reads them.

Each test is a file an analyst actually had: decimal commas, thousands dots, Dutch headers,
Windows-1252, one typo in a column, and results that must open in Dutch Excel.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from samenwerking import Situation, score
from samenwerking.cli import main

from strategies import RULES


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.stderr


def _dutch_rows(rows: int, *, dwellings: str = "1.800") -> list[list[str]]:
    """Rows as Dutch Excel writes them: decimal commas, thousands dots, text ids."""
    values = Situation.example(RULES).values()
    out = []
    for i in range(rows):
        cells = []
        for factor in RULES.factors:
            if factor.id == "dwellings":
                cells.append(dwellings)
            elif factor.id == "trust":
                cells.append("3,5")
            else:
                cells.append(f"{values[factor.id]:g}".replace(".", ","))
        out.append([f"Wóónpunt {i}", *cells])
    return out


def _write(path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> None:
    lines = [";".join(header), *(";".join(r) for r in rows)]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))


def _ids_header() -> list[str]:
    return ["Naam", *RULES.factor_ids]


def test_thousands_dots_in_a_decimal_comma_file_are_thousands_and_said_once(tmp_path) -> None:
    # Failed before: '12.000' dwellings was read as 12, the advice flipped, exit status 0.
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    _write(source, _ids_header(), _dutch_rows(3, dwellings="12.000"))
    code, err = run("score-batch", str(source), "-o", str(out), "--keep-factors")
    assert code == 0, err
    result = pd.read_csv(out)
    assert result["input_dwellings"].tolist() == [12000, 12000, 12000]
    assert err.count("gelezen als duizendtallen (12000)") == 1
    expected = score(Situation.example(RULES).replace(trust=3.5, dwellings=12000), RULES)
    assert result.loc[0, "top"] == expected.top


def test_thousands_dots_in_a_decimal_point_file_are_refused_by_name(tmp_path) -> None:
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    frame = pd.DataFrame([Situation.example(RULES).values()] * 2).astype(object)
    frame["dwellings"] = ["12.000", "800"]
    frame.to_csv(source, index=False)
    code, _ = run("score-batch", str(source), "-o", str(out))
    assert code == 1
    problems = pd.read_csv(tmp_path / "out.errors.csv")
    assert problems["row"].tolist() == [1]
    assert "twaalf of twaalfduizend" in problems.loc[0, "problem"]
    assert pd.read_csv(out)["row"].tolist() == [2]  # never read as 12


def test_one_typo_and_one_blank_lose_exactly_two_rows(tmp_path) -> None:
    # Failed before: one typo made every '3,5' in its column 'geen getal' (33 of 280 lost).
    rows = _dutch_rows(280)
    trust = 1 + RULES.factor_ids.index("trust")
    rows[10][trust] = "3,5x"
    rows[20][trust] = ""
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    _write(source, _ids_header(), rows)
    code, _ = run("score-batch", str(source), "-o", str(out))
    assert code == 1
    assert len(pd.read_csv(out)) == 278
    problems = pd.read_csv(tmp_path / "out.errors.csv")
    assert problems["row"].tolist() == [11, 21]
    # The errors file carries the input's id column, to join back on.
    assert problems["Naam"].tolist() == ["Wóónpunt 10", "Wóónpunt 20"]


def test_dutch_labels_as_headers_and_a_windows_1252_file(tmp_path) -> None:
    header = ["Naam", *(f.label("nl") for f in RULES.factors)]
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    _write(source, header, _dutch_rows(2), encoding="cp1252")
    code, err = run("score-batch", str(source), "-o", str(out))
    assert code == 0, err
    assert "Windows-1252" in err
    assert pd.read_csv(out)["Naam"].tolist() == ["Wóónpunt 0", "Wóónpunt 1"]


def test_a_factor_given_twice_is_refused_naming_both_columns(tmp_path) -> None:
    header = [*_ids_header(), RULES.factors_by_id["trust"].label("nl")]
    rows = [[*r, "4"] for r in _dutch_rows(1)]
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    _write(source, header, rows)
    code, err = run("score-batch", str(source), "-o", str(out))
    label = RULES.factors_by_id["trust"].label("nl")
    assert code == 1 and f"'trust' en '{label}' zijn allebei 'trust'" in err
    assert not out.exists()


def test_xlsx_output_is_a_real_workbook_with_dutch_labels(tmp_path) -> None:
    source, out = tmp_path / "in.csv", tmp_path / "advies.xlsx"
    _write(source, _ids_header(), _dutch_rows(3))
    code, err = run("score-batch", str(source), "-o", str(out))
    assert code == 0, err
    sheet = load_workbook(out, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:2] == ("rij", "Naam") and "beste vorm" in header and "score Fusie" in header
    best = rows[1][header.index("beste vorm")]
    assert best in {f.label("nl") for f in RULES.forms}
    assert rows[1][header.index("duidelijk advies")] in {"ja", "nee"}
    assert (tmp_path / "advies.errors.xlsx").exists()


def test_excel_csv_round_trips_through_pandas_the_dutch_way(tmp_path) -> None:
    source, out = tmp_path / "in.csv", tmp_path / "advies.csv"
    rows = _dutch_rows(3)
    rows[0][0] = '=HYPERLINK("https://evil.example")'
    _write(source, _ids_header(), rows)
    code, err = run("score-batch", str(source), "-o", str(out), "--excel-csv")
    assert code == 0, err
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    back = pd.read_csv(out, sep=";", decimal=",", encoding="utf-8-sig")
    assert back.loc[1, "Naam"] == "Wóónpunt 1"
    assert back.loc[0, "Naam"].startswith("'=")  # a formula stays text
    expected = score(Situation.example(RULES).replace(trust=3.5), RULES)
    assert back.loc[1, "score Fusie"] == pytest.approx(expected.scores["merger"], abs=0.05)
    assert back.loc[1, "beste vorm"] == RULES.label("form", expected.top, "nl")


@pytest.mark.parametrize("name", ["out.xls", "out.txt", "out"])
def test_unknown_output_kinds_are_refused_before_anything_is_written(tmp_path, name) -> None:
    source = tmp_path / "in.csv"
    _write(source, _ids_header(), _dutch_rows(1))
    code, err = run("score-batch", str(source), "-o", str(tmp_path / name))
    assert code == 1 and "gebruik als uitvoer een van .csv, .parquet, .xlsx" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_output_equal_to_the_input_is_refused_and_the_input_is_unchanged(tmp_path) -> None:
    source = tmp_path / "t.csv"
    _write(source, _ids_header(), _dutch_rows(2))
    before = source.read_bytes()
    code, err = run("score-batch", str(source), "-o", str(source))
    assert code == 1 and "de uitvoer is het invoerbestand zelf" in err
    assert source.read_bytes() == before
    code, err = run(
        "score-batch",
        str(source),
        "-o",
        str(tmp_path / "a.csv"),
        "--errors",
        str(tmp_path / "a.csv"),
    )
    assert code == 1 and "hetzelfde bestand" in err


def test_a_weight_with_a_decimal_comma_is_accepted(tmp_path) -> None:
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    _write(source, _ids_header(), _dutch_rows(1))
    code, err = run("score-batch", str(source), "-o", str(out), "--weight", "tenant_value=1,5")
    assert code == 0, err


@pytest.mark.parametrize("output", ["uit.csv", "uit.xlsx", "excel.csv"])
def test_an_id_written_as_a_formula_arrives_as_text(tmp_path, output) -> None:
    # Before (#26): '=HYPERLINK(...)' ids were copied unescaped into outputs for spreadsheets.
    rows = _dutch_rows(2)
    rows[0][0] = '=HYPERLINK("https://evil.example","klik")'
    rows[1][0] = "-2+3"
    source = tmp_path / "invoer.csv"
    _write(source, _ids_header(), rows)
    target = tmp_path / output.replace("excel", "uit")
    extra = ["--excel-csv"] if output.startswith("excel") else []
    code, err = run("score-batch", str(source), "-o", str(target), *extra)
    assert code == 0, err
    if target.suffix == ".xlsx":
        sheet = load_workbook(target).worksheets[0]
        column = [cell.value for cell in sheet[1]].index("Naam")
        names = [row[column].value for row in sheet.iter_rows(min_row=2)]
        kinds = [row[column].data_type for row in sheet.iter_rows(min_row=2)]
        assert kinds == ["s", "s"]  # text, not formulas
    else:
        separator = ";" if extra else ","
        encoding = "utf-8-sig" if extra else "utf-8"
        names = list(pd.read_csv(target, sep=separator, encoding=encoding, dtype=str)["Naam"])
    assert names == ['\'=HYPERLINK("https://evil.example","klik")', "'-2+3"]
