"""Issue 11 end to end: two reports in a row; the second brief, the index and `diff` say what changed.

The builds use the real brief notebook (00_brief) alone, so the suite stays fast; the article build
in test_build.py runs the four notebooks together.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from rare_earth_trade.build import changes
from rare_earth_trade.build.params import Parameters
from rare_earth_trade.build.pipeline import build_report
from rare_earth_trade.paths import NOTEBOOKS_DIR

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
FIRST, SECOND = ("2025-12", "2026-01-25"), ("2026-03", "2026-04-25")


def quiet(*args):
    pass


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory) -> Path:
    """`make report AS_OF=2025-12 REPORT_DATE=2026-01-25`, then `AS_OF=2026-03 REPORT_DATE=2026-04-25`."""
    tmp = tmp_path_factory.mktemp("what-changed")
    nbs = tmp / "notebooks"
    nbs.mkdir()
    shutil.copy(NOTEBOOKS_DIR / "00_brief.ipynb", nbs)
    reports = tmp / "reports"
    for as_of, date in (FIRST, SECOND):
        build_report(Parameters(as_of=as_of, report_date=date, reports_dir=str(reports)), say=quiet, notebooks_dir=nbs)
    return reports


def section(html: Path, start: str) -> tuple[str, list[str]]:
    """The heading that starts with `start`, the text of the section under it, and every h2 in order."""
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    h2s = soup.find_all("h2")
    head = next(h for h in h2s if h.get_text().startswith(start))
    text = []
    for el in head.find_all_next():
        if el.name == "h2":
            break
        if el.name in ("p", "li"):
            text.append(el.get_text(" ", strip=True))
    return head.get_text(), text, [h.get_text() for h in h2s]


def test_the_second_brief_says_what_changed_since_the_first_right_after_the_key_findings(two_reports):
    title, text, h2s = section(two_reports / "2026-01-25" / "00_brief_2025-12.html", "What changed")
    assert title == "What changed since the last report"
    assert text == ["This is the first published report: there is nothing to compare with."]
    title, text, h2s = section(two_reports / "2026-04-25" / "00_brief_2026-03.html", "What changed")
    assert title == "What changed since 2026-01-25"
    assert h2s[h2s.index("Key findings") + 1] == title
    assert text[0].startswith("Against the report of 2026-01-25 (data as of Dec 2025): January–March 2026 are new")
    old = changes.load(changes.Report(two_reports / "2026-01-25", "2025-12"))["headline"]["latest"]["short"]
    new = changes.load(changes.Report(two_reports / "2026-04-25", "2026-03"))["headline"]["latest"]["short"]
    assert f"latest month {old} → {new}" in " ".join(text)
    pages = len(PdfReader(two_reports / "2026-04-25" / "00_brief_2026-03.pdf").pages)
    assert 2 <= pages <= 4


def test_each_report_keeps_its_summary_beside_the_manifest(two_reports):
    for (as_of, date), previous in ((FIRST, None), (SECOND, "2026-01-25/summary_2025-12.json")):
        folder = two_reports / date
        summary = changes.load(changes.Report(folder, as_of))
        assert (summary["as_of"], summary["report_date"]) == (as_of, date)
        entry = json.loads((folder / "manifest.json").read_text())["reports"][as_of]
        assert entry["summary"] == f"summary_{as_of}.json" and entry["summary"] in entry["files"]
        assert (entry["compared_with"] or {}).get("report") == previous
        assert entry["freshness"] == summary["freshness"]["text"]


def test_the_index_says_what_changed_and_how_fresh_each_report_was(two_reports):
    soup = BeautifulSoup((two_reports / "index.html").read_text(encoding="utf-8"), "html.parser")
    rows = soup.find("tbody").find_all("tr")
    assert [r.find("td").get_text() for r in rows] == ["2026-04-25", "2026-01-25"]
    second, first = ([p.get_text() for p in r.find_all("p")] for r in rows)
    assert second[0].startswith("Since 2026-01-25 (data as of Dec 2025): January–March 2026 new")
    assert first[0] == "First report: nothing to compare with."
    assert second[1].startswith("Customs should have released March 2026; the ledger ends ")
    assert first[1].startswith("Customs should have released December 2025; the ledger ends ")
    assert first[1].endswith("(up to date); this report uses data to December 2025.")  # the ledger goes further


def test_the_diff_command_prints_the_same(two_reports):
    run = [sys.executable, "-m", "rare_earth_trade", "diff", str(two_reports / "2026-01-25"), str(two_reports / "2026-04-25")]
    out = subprocess.run(run, capture_output=True, text=True, check=True).stdout.splitlines()
    assert out[0] == "What changed from 2026-01-25 (data as of Dec 2025) to 2026-04-25 (data as of Mar 2026):"
    assert "- January–March 2026 are new (world magnet exports)." in out
    latest = [x for x in out if x.startswith("- Latest month: ")]
    old = changes.load(changes.Report(two_reports / "2026-01-25", "2025-12"))["headline"]["latest"]["text"]
    assert latest and latest[0].startswith(f"- Latest month: {old} → ")


def test_a_report_published_before_an_existing_one_makes_it_rebuild(tmp_path):
    """The brief says what changed since the previous report: publishing an earlier one makes it stale."""
    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    shutil.copy(FIXTURES / "01_minimal.ipynb", nbs)
    reports = tmp_path / "reports"

    def build(as_of, date):
        said = []
        build_report(Parameters(as_of=as_of, report_date=date, reports_dir=str(reports)), say=said.append, notebooks_dir=nbs)
        entry = json.loads((reports / date / "manifest.json").read_text())["reports"][as_of]
        return said[0].startswith("Up to date"), (entry["compared_with"] or {}).get("report")

    assert build(*SECOND) == (False, None)
    assert build(*SECOND) == (True, None)
    assert build(*FIRST) == (False, None)
    assert build(*SECOND) == (False, "2026-01-25/summary_2025-12.json")  # rebuilt: there is a previous report now
    assert build(*SECOND) == (True, "2026-01-25/summary_2025-12.json")
