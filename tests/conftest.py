"""Shared fixtures: a copy of the shipped data to alter, and small observation files."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest

from rare_earth_trade.ledger.observations import COLUMNS
from rare_earth_trade.paths import DATA_DIR, PROJECT_ROOT

FIXTURES = Path(__file__).parent / "fixtures"
GOOD_ROW = {
    "series": "magnet_exports", "period": "2025-06", "partner": "WLD", "measure": "tonnes", "value": "3188",
    "unit": "t", "source_url": "https://example.org/a", "source_date": "2025-07-20", "origin": "Reuters", "outlet": "Reuters",
    "quote": "China exported 3,188 tons of rare earth magnets in June",
}  # fmt: skip


def row(**changes) -> dict:
    return {**GOOD_ROW, **changes}


def write_csv(path: Path, rows: list[dict], header: list[str] | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=header or COLUMNS, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    return path


@pytest.fixture(scope="session", autouse=True)
def dataset_cache_dir(tmp_path_factory):
    """Tests (and the commands and kernels they start) keep their dataset cache out of build/."""
    folder = tmp_path_factory.mktemp("dataset-cache")
    previous = os.environ.get("RARE_EARTH_CACHE_DIR")
    os.environ["RARE_EARTH_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("RARE_EARTH_CACHE_DIR", None)
    else:
        os.environ["RARE_EARTH_CACHE_DIR"] = previous


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of data/ (raw and reference) that a test may change."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR / "raw", target / "raw")
    shutil.copytree(DATA_DIR / "reference", target / "reference")
    return target


@pytest.fixture
def project_root() -> Path:
    return PROJECT_ROOT
