"""Issue 12 in the published reports: the recovery notebook and the brief, built on the shipped data as
of the latest month and as of June 2025 (the article's moment).

The ledger grows, so these tests assert structure (a figure whose caption names the counterfactuals,
its CSV with one column per counterfactual and its bounds, the sentence naming the counterfactual,
the tables) and what must hold at any ledger: as of June 2025 nothing has been made up.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from rare_earth_trade.build.params import Parameters
from rare_earth_trade.build.pipeline import build_report
from rare_earth_trade.ledger.parsing import month_range
from rare_earth_trade.paths import NOTEBOOKS_DIR

NOTEBOOKS = ("00_brief", "02_recovery_analysis")
COUNTERFACTUALS = ("the pre-controls average", "last year's months", "the pre-controls trend")
CONTROLS = "2025-04"
MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December) \d{4}"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, tuple[str, Path]]:
    """{'latest': (as-of month, folder), 'article': ('2025-06', folder)}: the two notebooks built twice."""
    tmp = tmp_path_factory.mktemp("recovery-reports")
    nbs = tmp / "notebooks"
    nbs.mkdir()
    for name in NOTEBOOKS:
        shutil.copy(NOTEBOOKS_DIR / f"{name}.ipynb", nbs / f"{name}.ipynb")
    out = {}
    for key, as_of in (("latest", None), ("article", "2025-06")):
        params = Parameters(as_of=as_of, report_date="2026-11-29", reports_dir=str(tmp / "reports"))
        folder = build_report(params, say=lambda *a: None, notebooks_dir=nbs)
        found = sorted(p.stem.removeprefix("00_brief_") for p in folder.glob("00_brief_*.html"))
        out[key] = (as_of or max(found), folder)
    assert out["latest"][0] > "2025-06", "the shipped data run past June 2025"
    return out


def soup(folder: Path, notebook: str, as_of: str) -> BeautifulSoup:
    return BeautifulSoup((folder / f"{notebook}_{as_of}.html").read_text(encoding="utf-8"), "html.parser")


def gap_figure(page: BeautifulSoup):
    found = [f for f in page.select("figure.chart") if "Cumulative shortfall" in f.figcaption.get_text()]
    assert len(found) == 1
    return found[0]


def paragraph(page: BeautifulSoup, pattern: str) -> str:
    hits = [p.get_text(" ", strip=True) for p in page.find_all("p") if re.search(pattern, p.get_text(" ", strip=True))]
    assert len(hits) == 1, hits
    return hits[0]


def section(page: BeautifulSoup, title: str) -> list:
    """The elements after the h2 `title`, up to the next h2."""
    h2 = [h for h in page.find_all("h2") if h.get_text(strip=True).endswith(title)]
    assert len(h2) == 1
    out = []
    for el in h2[0].find_all_next():
        if el.name == "h2":
            break
        out.append(el)
    return out


@pytest.mark.parametrize("key", ["latest", "article"])
@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_the_cumulative_gap_figure_names_its_counterfactuals_and_publishes_them_with_their_bounds(
    built, key, notebook
):
    as_of, folder = built[key]
    page = soup(folder, notebook, as_of)
    figure = gap_figure(page)
    caption = figure.figcaption.get_text(" ", strip=True)
    assert re.match(r"Figure \d+\. Cumulative shortfall against ", caption)
    named = [c for c in COUNTERFACTUALS if c in caption]
    assert len(named) >= 2, caption
    assert "Dotted lines: 1 " in figure.get_text(" ", strip=True)  # policy events marked and keyed
    link = figure.select_one("p.fig-data a")["href"]
    assert re.fullmatch(rf"figures/{notebook}_{as_of}-fig\d\d-cumulative-gap\.csv", link)
    with open(folder / link, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    names = ("flat", "last_year", "trend")
    assert list(rows[0]) == ["period", "actual_t", *[f"{n}{end}" for n in names for end in ("", "_low", "_high")]]
    assert [r["period"] for r in rows] == month_range(CONTROLS, as_of)
    for n in ("flat", "last_year"):  # a line and its band, everywhere a month is known
        known = [r for r in rows if r[n]]
        assert known and all(float(r[f"{n}_low"]) <= float(r[n]) <= float(r[f"{n}_high"]) for r in known)


def test_the_brief_states_the_share_made_up_by_when_naming_the_counterfactual(built):
    as_of, folder = built["latest"]
    page = soup(folder, "00_brief", as_of)
    sentence = paragraph(page, r"not shipped in ")
    assert sentence in " ".join(el.get_text(" ", strip=True) for el in section(page, "Collapse and recovery"))
    made_up = re.search(rf"about \d+%( \(\d+–\d+%\))? had been made up by {MONTH} against the pre-controls average",
                        sentence)  # fmt: skip
    in_full = re.search(rf"against the pre-controls average had been made up in full by {MONTH}", sentence)
    assert made_up or in_full, sentence
    assert "against last year's months" in sentence


def test_as_of_june_2025_the_brief_claims_no_recovery(built):
    as_of, folder = built["article"]
    text = soup(folder, "00_brief", as_of).get_text(" ", strip=True)
    sentence = paragraph(soup(folder, "00_brief", as_of), r"not shipped in ")
    assert "none had been made up by June 2025" in sentence and "against the pre-controls average" in sentence
    assert "in full" not in sentence and not re.search(r"about \d+%", sentence)
    assert not re.search(r"(?<!none )had been made up", text.replace(sentence, ""))
    assert "% had been made up" not in text and "made up in full" not in text


@pytest.mark.parametrize("key", ["latest", "article"])
def test_the_brief_stays_within_four_pages(built, key):
    as_of, folder = built[key]
    assert 2 <= len(PdfReader(folder / f"00_brief_{as_of}.pdf").pages) <= 4


@pytest.mark.parametrize("key", ["latest", "article"])
def test_the_recovery_report_has_the_section_sentence_table_methods_years_and_destinations(built, key):
    as_of, folder = built[key]
    page = soup(folder, "02_recovery_analysis", as_of)
    elements = section(page, "How much of the lost supply came back")
    text = " ".join(el.get_text(" ", strip=True) for el in elements if el.name in ("p", "li"))
    assert re.search(r"not shipped in .* against the pre-controls average", text)
    assert gap_figure(page) in elements
    # one method line per counterfactual, the trend's stating its growth and band
    methods = [el.get_text(" ", strip=True) for el in elements if el.name == "li"]
    assert [m.split(":")[0] for m in methods] == ["The pre-controls average", "Last year's months",
                                                  "The pre-controls trend"]  # fmt: skip
    assert re.search(r"mean year-on-year growth \([+-]\d+\.\d% a year.*lows and highs \([+-]\d+\.\d% to [+-]\d+\.\d% a year\)",
                     methods[2])  # fmt: skip
    tables = {t.figcaption.get_text(" ", strip=True): t for t in page.select("figure.table-block") if t in elements}
    summary = next(t for cap, t in tables.items() if "made up, by counterfactual" in cap)
    header = [th.get_text(strip=True) for th in summary.select("thead th")]
    assert header == ["Counterfactual", "Shortfall period", "Shortfall (t)", "Made up since (t)", "Share made up (%)",
                      "Gap closed", "Months missing"]  # fmt: skip
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in summary.select("tbody tr")]
    assert [r[0] for r in rows] == list(COUNTERFACTUALS)
    assert all(re.fullmatch(rf"{MONTH}.*|not closed by {MONTH}.*|n/a", r[5]) for r in rows)
    # the calendar-year and year-to-date comparison, with its basis
    year = paragraph(page, r" \(basis: ")
    if key == "article":
        assert year.startswith("In January–June 2025 exports were ") and "18.9% lower" in year  # the article's -18.9%
    else:
        assert year.startswith(f"In {as_of[:4] if as_of.endswith('-12') else int(as_of[:4]) - 1} as a whole exports ")
    # by destination: the United States at least, and the thin ones named, not computed
    destinations = next(t for cap, t in tables.items() if "by destination" in cap)
    cells = [[td.get_text(strip=True) for td in tr.select("td")] for tr in destinations.select("tbody tr")]
    assert "United States" in {c[0] for c in cells}
    thin = [c for c in cells if c[2].startswith("not computed: too few months")]
    assert all(c[3:] == [""] * 5 for c in thin)
    if key == "article":  # three months since the controls: no destination has enough
        assert len(thin) == len({c[0] for c in cells})
        assert "Too few months" in paragraph(page, r"too few months|Too few months")
