"""The analysts' example runs end to end and writes what it promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

from conftest import REPO


def test_portfolio_example_writes_one_report_to_send_in_dutch(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "examples" / "portfolio.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(tmp_path / "portfolio.csv")
    assert len(table) == 300
    assert table["firmness"].between(0, 1).all()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["portfolio.csv", "portfolio.html"]
    report = (tmp_path / "portfolio.html").read_text(encoding="utf-8")
    # Self-contained: plotly.js inline exactly once, no script fetched from elsewhere.
    assert report.count("plotly.js v") == 1
    assert "<script src=" not in report and 'src="http' not in report
    assert '<html lang="nl">' in report
    least_firm = table.sort_values("firmness").iloc[0]
    assert f"{least_firm['corporation']}: hoe vast is het advies" in report
    assert "logaritmische schaal" in report
    assert result.stdout.startswith("300 corporaties gescoord met samenwerking-standaard")


def test_portfolio_example_speaks_english_when_asked(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "examples" / "portfolio.py"),
            "--out",
            str(tmp_path),
            "--lang",
            "en",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("300 corporations scored with samenwerking-standaard")
    assert '<html lang="en">' in (tmp_path / "portfolio.html").read_text(encoding="utf-8")
