"""The researcher's path (README, "Adding a chart or table"): a plain seaborn chart added to a copy of
the recovery notebook, with only a caption option, is published as a numbered figure with alt text
and its data as CSV."""

from __future__ import annotations

import re

import nbformat
import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from rare_earth_trade.build.params import Parameters
from rare_earth_trade.build.pipeline import build_report
from rare_earth_trade.build.preprocessors.alt import is_placeholder
from rare_earth_trade.paths import NOTEBOOKS_DIR, PROJECT_ROOT

CAPTION = "Monthly world exports in 2025, drawn by a researcher"
SEABORN_CELL = f'''#| fig-cap: "{CAPTION}"
import seaborn as sns

exports = m.world.loc["2025-01":].rename_axis("month").reset_index(name="tonnes")
sns.lineplot(data=exports, x="month", y="tonnes")'''
TABLE_CELL = """#| tbl-cap: "Months below the pre-controls average"
below = (m.world.loc["2025-01":] / m.baseline.mean * 100).round(1)
below[below < 100].rename("index").to_frame()"""


def readme_examples() -> list[str]:
    """The code blocks of the README's section "Adding a chart or table"."""
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Adding a chart or table", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.DOTALL)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("researcher")
    nbs = tmp / "notebooks"
    nbs.mkdir()
    nb = nbformat.read(NOTEBOOKS_DIR / "02_recovery_analysis.ipynb", as_version=4)
    shipped_figures = sum("#| label: fig-" in c.source for c in nb.cells)
    shipped_tables = sum("#| label: tbl-" in c.source for c in nb.cells)
    examples = readme_examples()
    assert len(examples) == 2
    added = [*examples, SEABORN_CELL, TABLE_CELL]
    nb.cells += [nbformat.v4.new_code_cell(source.strip()) for source in added]
    nbformat.write(nb, nbs / "02_recovery_analysis.ipynb")
    params = Parameters(as_of="2025-06", report_date="2025-07-21", reports_dir=str(tmp / "reports"))
    folder = build_report(params, say=lambda *a: None, notebooks_dir=nbs)
    return folder, shipped_figures + 2, shipped_tables + 2


def test_the_chart_is_a_numbered_figure_with_its_caption_alt_text_and_csv(built):
    folder, n, _ = built
    soup = BeautifulSoup((folder / "02_recovery_analysis_2025-06.html").read_text(encoding="utf-8"), "html.parser")
    captions = [f.get_text(" ", strip=True) for f in soup.select("figure.chart figcaption")]
    assert captions[-1] == f"Figure {n}. {CAPTION}"
    assert captions == [c for c in captions if c.startswith("Figure ")] and len(captions) == n
    figure = soup.select("figure.chart")[-1]
    alt = figure.img["alt"]
    assert not is_placeholder(alt) and "No description" not in alt
    assert alt.startswith(
        "Line chart. Tonnes against month. 6 values from Jan 2025 to Jun 2025, lowest 1,238 (May 2025)"
    )
    link = figure.select_one("p.fig-data a")["href"]
    assert link == f"figures/02_recovery_analysis_2025-06-fig{n:02d}.csv"
    data = (folder / link).read_text(encoding="utf-8").splitlines()
    assert data[0] == "series,month,tonnes"
    assert "series 1,2025-06,3188.0" in data
    assert "<Axes" not in soup.get_text()  # the cell's value (an Axes repr) is not shown


def test_a_plain_dataframe_with_a_caption_option_is_a_numbered_table(built):
    folder, _, n = built
    soup = BeautifulSoup((folder / "02_recovery_analysis_2025-06.html").read_text(encoding="utf-8"), "html.parser")
    last = soup.select("figure.table-block")[-1]
    assert last.figcaption.get_text(" ", strip=True) == f"Table {n}. Months below the pre-controls average"
    assert "2025-05" in last.table.get_text()


def test_the_pdf_has_the_figure_too(built):
    folder, n, _ = built
    text = " ".join(p.extract_text() for p in PdfReader(folder / "02_recovery_analysis_2025-06.pdf").pages)
    assert f"Figure {n}. {CAPTION}" in " ".join(text.split())


def test_the_readme_example_is_published_as_documented(built):
    folder, n, t = built
    soup = BeautifulSoup((folder / "02_recovery_analysis_2025-06.html").read_text(encoding="utf-8"), "html.parser")
    figure = soup.select_one("figure#fig-us-share")
    assert (
        figure.figcaption.get_text(" ", strip=True)
        == f"Figure {n - 1}. United States' share of China's magnet exports, 2025"
    )
    assert [p.get_text() for p in figure.select("p")] == [
        "Unit: % of world exports",
        "Source: China customs (GACC) figures as reported by the press",
        "Note: Months without a US figure are left out.",
        "Figure data (CSV)",
    ]
    assert figure.img["alt"].startswith("Line chart. Share against month.")
    csv = f"figures/02_recovery_analysis_2025-06-fig{n - 1:02d}-us-share.csv"
    assert figure.select_one("p.fig-data a")["href"] == csv and (folder / csv).is_file()
    table = soup.select_one("figure#tbl-us-months")
    assert table.figcaption.get_text(" ", strip=True) == f"Table {t - 1}. Monthly exports to the United States"
