"""The documented monthly update on a copy of the data: drop an official file in, `data`, report."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from rare_earth_trade.series.dataset import Dataset

OFFICIAL = Path(__file__).parent / "fixtures" / "official"


def test_official_csv_dropped_in_shows_in_data_and_in_the_report(data_copy, tmp_path):
    before = Dataset(data_copy).series
    target = data_copy / "raw" / "official" / "gacc"
    target.mkdir(parents=True)
    shutil.copy(OFFICIAL / "magnets_gacc_2025-07-20.csv", target)

    done = subprocess.run(
        [sys.executable, "-m", "rare_earth_trade", "data", "--data-dir", str(data_copy)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    after = Dataset(data_copy).series
    assert len(after) >= len(before)
    deu = after[(after.partner == "DEU") & (after.period == "2025-06") & (after.measure == "tonnes")].iloc[0]
    assert (deu.value, deu.origin) == (764.22, "China customs (GACC)")

    nbs = tmp_path / "nbs"
    nbs.mkdir()
    shutil.copy(Path(__file__).parent / "fixtures" / "notebooks" / "01_minimal.ipynb", nbs)
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "rare_earth_trade",
            "report",
            "--notebooks-dir",
            str(nbs),
            "--set",
            f"data_dir={data_copy}",
            "--set",
            f"reports_dir={tmp_path / 'reports'}",
            "--set",
            "report_date=2026-11-29",
        ],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    manifest = (tmp_path / "reports" / "2026-11-29" / "manifest.json").read_text()
    assert "magnets_gacc_2025-07-20.csv" in manifest
