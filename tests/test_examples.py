"""The analysts' example runs end to end and writes what it promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

from conftest import REPO


def test_portfolio_example_writes_table_and_figures(tmp_path: Path) -> None:
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
    for name in ("advised_forms", "drivers", "firmness", "example_acceptability", "example_flips"):
        assert (tmp_path / f"{name}.html").stat().st_size > 1000
    assert (tmp_path / "plotly.min.js").is_file()
    assert result.stdout.startswith("300 corporations scored with samenwerking-standaard")
