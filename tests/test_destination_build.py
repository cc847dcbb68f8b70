"""A brief per destination: refused before any notebook runs when it cannot be made, published and
listed when it can, and a failing one fails the build."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from rare_earth_trade.build.params import Parameters
from rare_earth_trade.build.pipeline import build_report
from rare_earth_trade.errors import BuildError, ParameterError
from rare_earth_trade.paths import NOTEBOOKS_DIR

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"


def quiet(*args):
    pass


def notebooks(tmp_path: Path, main: str, destination: Path = NOTEBOOKS_DIR / "destination" / "destination_brief.ipynb") -> Path:
    folder = tmp_path / "notebooks"
    (folder / "destination").mkdir(parents=True)
    shutil.copy(FIXTURES / main, folder / main)
    shutil.copy(destination, folder / "destination" / "destination_brief.ipynb")
    return folder


def test_a_destination_unknown_or_without_data_is_refused_before_any_notebook_runs(tmp_path):
    nbs = notebooks(tmp_path, "02_raises_error.ipynb")  # would fail the build if it ran
    reports = tmp_path / "reports"
    for codes, message in (
        (["USA", "FRA"], "parameter destinations: no magnet-export figures for FRA; destinations with data as of 2025-06: "),
        (["ATL"], "parameter destinations has unknown destination code(s) ATL; destinations with data as of 2025-06: "),
    ):
        params = Parameters(as_of="2025-06", report_date="2025-07-21", reports_dir=str(reports), destinations=codes)
        with pytest.raises(ParameterError) as err:
            build_report(params, say=quiet, notebooks_dir=nbs)
        assert str(err.value).startswith(message)
        available = str(err.value).split(": ")[-1].split(", ")
        assert "USA" in available and "FRA" not in available and "WLD" not in available
    assert not any(p for p in reports.rglob("*") if p.name not in (".lock", ".staging"))
    assert not (tmp_path / "build" / "logs").exists()


def test_destination_briefs_are_published_and_listed(tmp_path):
    reports = tmp_path / "reports"
    params = Parameters(as_of="2026-03", report_date="2026-04-25", reports_dir=str(reports), destinations=["USA", "JPN"])
    folder = build_report(params, say=quiet, notebooks_dir=notebooks(tmp_path, "01_minimal.ipynb"))
    for code in ("USA", "JPN"):
        for ext in ("html", "pdf"):
            assert (folder / "destinations" / f"{code}_brief_2026-03.{ext}").is_file()
        assert (folder / "destinations" / "figures" / f"{code}_brief_2026-03-fig01-monthly.csv").is_file()
        assert len(PdfReader(folder / "destinations" / f"{code}_brief_2026-03.pdf").pages) >= 1
    usa = BeautifulSoup((folder / "destinations" / "USA_brief_2026-03.html").read_text(encoding="utf-8"), "html.parser")
    assert usa.find("h1").get_text().startswith("China's rare-earth magnet exports to the United States")
    assert [h.get_text() for h in usa.find_all("h2")] == [
        "In brief", "Monthly exports", "Share of China's exports and rank", "Events that concern it", "Gaps"
    ]
    text = usa.get_text(" ")
    assert "a monthly tonnage for the United States is known for" in text and "reported" in text and "missing" in text
    assert "pre-controls average" in text and "China's magnet exports in" in text and "every destination" in text
    assert 'href="figures/USA_brief_2026-03-fig01-monthly.csv"' in str(usa)
    jpn = (folder / "destinations" / "JPN_brief_2026-03.html").read_text(encoding="utf-8")
    assert "China bans dual-use exports to Japan" in jpn and "China bans dual-use exports to Japan" not in str(usa)
    entry = json.loads((folder / "manifest.json").read_text())["reports"]["2026-03"]
    assert [d["code"] for d in entry["destinations"]] == ["USA", "JPN"]
    assert {"destinations/USA_brief", "destinations/JPN_brief"} <= set(entry["notebooks"])
    assert entry["parameters"]["destinations"] == ["USA", "JPN"]
    index = (reports / "index.html").read_text(encoding="utf-8")
    for code in ("USA", "JPN"):
        assert f'href="2026-04-25/destinations/{code}_brief_2026-03.html"' in index
        assert f'href="2026-04-25/destinations/{code}_brief_2026-03.pdf"' in index


def test_a_failing_destination_brief_fails_the_build_and_publishes_nothing(tmp_path):
    failing = tmp_path / "failing.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("destination = None", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell('if destination == "DEU":\n    raise ValueError("deliberate failure for DEU")'),
        nbformat.v4.new_markdown_cell("# A destination"),
    ]
    nb.metadata["kernelspec"] = {"name": "rare-earth-trade", "display_name": "Python 3 (rare-earth-trade)", "language": "python"}
    nbformat.write(nb, failing)
    reports = tmp_path / "reports"
    params = Parameters(as_of="2026-03", report_date="2026-04-25", reports_dir=str(reports), destinations=["USA", "DEU"])
    with pytest.raises(BuildError) as err:
        build_report(params, say=quiet, notebooks_dir=notebooks(tmp_path, "01_minimal.ipynb", failing))
    message = str(err.value)
    assert "notebook destination_brief.ipynb (destinations/DEU_brief) failed in cell" in message
    assert "ValueError: deliberate failure for DEU" in message and "nothing was published" in message
    assert "USA_brief" not in message
    assert not (reports / "2026-04-25").exists()
    assert len(list((tmp_path / "build" / "logs").rglob("DEU_brief_2026-03.ipynb"))) == 1
