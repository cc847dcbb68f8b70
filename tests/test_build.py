"""`make report` end to end: the real report once, then the build's behaviours on small notebooks."""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from rare_earth_trade.build.params import Parameters
from rare_earth_trade.build.pipeline import _git_revision, build_report, longest_first
from rare_earth_trade.errors import BuildError, DataError, ParameterError
from rare_earth_trade.paths import PROJECT_ROOT

NOTEBOOK_FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
GIT = shutil.which("git")


def notebooks(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "notebooks"
    folder.mkdir(parents=True, exist_ok=True)
    for n in names:
        shutil.copy(NOTEBOOK_FIXTURES / n, folder / n)
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def quiet(*args):
    pass


# --- the real report ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def article_build(tmp_path_factory) -> tuple[Path, float]:
    """The article's moment built once: the report folder, and the build's wall time seen from outside."""
    reports = tmp_path_factory.mktemp("real") / "reports"
    params = Parameters(as_of="2025-06", report_date="2025-07-21", reports_dir=str(reports))
    started = time.perf_counter()
    folder = build_report(params, say=quiet)
    return folder, time.perf_counter() - started


@pytest.fixture(scope="module")
def article_report(article_build) -> Path:
    return article_build[0]


def test_real_report_publishes_html_pdf_notebooks_figures_and_manifest(article_build):
    article_report, wall_seconds = article_build
    names = {p.name for p in article_report.iterdir()}
    for nb in ("00_brief", "01_export_figures", "02_recovery_analysis", "03_sector_impact"):
        assert f"{nb}_2025-06.html" in names and f"{nb}_2025-06.pdf" in names
        assert (article_report / "notebooks" / f"{nb}_2025-06.ipynb").is_file()
    assert any((article_report / "figures").glob("00_brief_2025-06-fig01-*.csv"))
    manifest = json.loads((article_report / "manifest.json").read_text())
    entry = manifest["reports"]["2025-06"]
    assert entry["parameters"]["as_of"] == "2025-06" and entry["parameters"]["report_date"] == "2025-07-21"
    assert any(k.endswith("magnet_exports_world_2023_2025h1.csv") for k in entry["inputs"])
    assert {"pandas", "papermill", "nbconvert", "weasyprint", "python"} <= set(entry["versions"])
    assert set(entry["notebooks"]) == {"00_brief", "01_export_figures", "02_recovery_analysis", "03_sector_impact"}
    head = (
        subprocess.run(["git", "rev-parse", "HEAD"], cwd=PROJECT_ROOT, capture_output=True, text=True) if GIT else None
    )
    if head is None:
        assert entry["git_revision"] == "unknown (git not available)"
    elif head.returncode == 0:
        assert re.fullmatch(r"[0-9a-f]{40}(\+uncommitted-changes)?", entry["git_revision"])
        assert entry["git_revision"].startswith(head.stdout.strip())
    else:
        assert entry["git_revision"].startswith("unknown")
    slowest = max(n["execute_seconds"] + n["render_seconds"] for n in entry["notebooks"].values())
    assert 0 < slowest <= entry["total_seconds"] <= wall_seconds + 0.1


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_git_revision_says_when_it_is_unknown_or_the_tree_is_changed(tmp_path):
    assert _git_revision(tmp_path) == "unknown (not a git checkout)"
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "f.txt").write_text("a\n")
    subprocess.run([*git, "add", "f.txt"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "one"], cwd=tmp_path, check=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=tmp_path, capture_output=True, text=True).stdout.strip()
    assert _git_revision(tmp_path) == head
    (tmp_path / "f.txt").write_text("b\n")
    assert _git_revision(tmp_path) == head + "+uncommitted-changes"


def test_brief_html_states_the_article_moment_and_reads_offline(article_report):
    html = (article_report / "00_brief_2025-06.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert "3,188 t" in html and "353 t" in html and "18.9% lower than a year earlier" in html
    assert '<nav aria-label="Contents" id="toc">' in html
    assert "Figure 1." in html and "Source:" in html and "Note:" in html and "Unit:" in html
    assert 'alt="Line chart of China' in html
    assert 'href="figures/00_brief_2025-06-fig01-world-exports.csv"' in html
    assert "No description has been provided" not in html
    assert "<script" not in html and 'src="http' not in html and "<link" not in html
    assert "injected-parameters" not in html and "as_of = " not in html  # no code, no parameters


def test_brief_pdf_has_text_page_numbers_and_bookmarks(article_report):
    reader = PdfReader(article_report / "00_brief_2025-06.pdf")
    assert 2 <= len(reader.pages) <= 4
    first = reader.pages[0].extract_text()
    assert "China's rare-earth magnet exports fell" in first
    assert f"Page 1 of {len(reader.pages)}" in first
    titles = [o.title for o in reader.outline if hasattr(o, "title")]
    assert titles and titles[0].startswith("China's rare-earth magnet exports")


def test_index_lists_the_report_with_links(article_report):
    index = (article_report.parent / "index.html").read_text(encoding="utf-8")
    assert "2025-07-21" in index and 'href="2025-07-21/00_brief_2025-06.html"' in index


# --- sector impact (issue 10) in the real report ------------------------------------------------
def test_sector_report_has_the_disruptions_and_price_figures_with_their_data(article_report):
    html = (article_report / "03_sector_impact_2025-06.html").read_text(encoding="utf-8")
    caps = re.findall(r'<figcaption class="fig-title">Figure \d+\. ([^<]+)</figcaption>', html)
    assert any(c.startswith("Reported disruptions by sector and kind against China's magnet exports") for c in caps), caps
    assert any(c.startswith("Pr-Nd prices in China and outside it") for c in caps), caps
    for label in ("disruptions", "prices"):
        block = html[html.index(f'<figure class="chart" id="fig-{label}"'):]
        block = block[: block.index("</figure>")]
        assert "Unit:" in block and "Source:" in block and "Note:" in block and 'alt="' in block
        csv_files = list((article_report / "figures").glob(f"03_sector_impact_2025-06-fig*-{label}.csv"))
        assert len(csv_files) == 1 and f'href="figures/{csv_files[0].name}"' in block
    prices = next((article_report / "figures").glob("03_sector_impact_2025-06-fig*-prices.csv")).read_text(encoding="utf-8")
    assert "CNY/t" in prices and "USD/kg" in prices  # both currencies, as separate series
    events = next((article_report / "figures").glob("03_sector_impact_2025-06-fig*-disruptions.csv")).read_text(encoding="utf-8")
    assert events.startswith("panel,period,tonnes,status,sector,kind,events,weak") and ",automotive,halt," in events


def test_sector_report_names_the_documented_stoppages_and_checks_the_sector_claims(article_report):
    html = (article_report / "03_sector_impact_2025-06.html").read_text(encoding="utf-8")
    assert "Ford Motor Co. (May 2025, reported by The New York Times)" in html
    assert "Suzuki Motor (26 May 2025, reported by Reuters)" in html
    assert re.search(r"Table \d+\. The source article's sector claims checked</figcaption>", html)
    claims = html[html.index('id="tbl-sector-claims"'):]
    claims = claims[: claims.index("</table>")]
    for verdict in ("supported", "no evidence in our data", "outside our data"):
        assert f'v-{verdict.replace(" ", "-")}">{verdict}</td>' in claims, verdict
    assert 'id="tbl-sector-impact"' in html and 'id="tbl-allocation"' in html and 'id="tbl-events"' in html
    assert "Scenario, not an estimate" in html
    # what 03 showed before is still there
    for label in ("tbl-sectors", "fig-sector-equivalents", "tbl-equivalents", "tbl-demand", "tbl-defence",
                  "fig-china-shares", "fig-scenario"):  # fmt: skip
        assert f'id="{label}"' in html, label


def test_brief_mentions_prices_and_disruptions(article_report):
    html = (article_report / "00_brief_2025-06.html").read_text(encoding="utf-8")
    assert '<h2 id="sector-impact">Sector impact</h2>' in html
    section = html[html.index('id="sector-impact"'):html.index('id="the-source-article-checked"')]
    assert "China domestic Pr-Nd oxide averaged" in section and "CNY/t before the controls" in section
    assert "Ford Motor Co." in section and "Suzuki Motor" in section and "first- or second-hand sector events" in section
    assert 'id="fig-sector-impact"' in section
    assert any((article_report / "figures").glob("00_brief_2025-06-fig*-sector-impact.csv"))


# --- build behaviours on small notebooks --------------------------------------------------------
def test_second_build_with_nothing_changed_rebuilds_nothing(tmp_path):
    nbs = notebooks(tmp_path, "01_minimal.ipynb")
    params = dict(as_of="2025-06", report_date="2025-07-21", reports_dir=str(tmp_path / "reports"))
    folder = build_report(Parameters(**params), say=quiet, notebooks_dir=nbs)
    before = {p: p.stat().st_mtime_ns for p in folder.rglob("*")}
    said = []
    build_report(Parameters(**params), say=said.append, notebooks_dir=nbs)
    assert said[0].startswith("Up to date:")
    assert {p: p.stat().st_mtime_ns for p in folder.rglob("*")} == before


def test_same_inputs_give_byte_identical_html(tmp_path):
    nbs = notebooks(tmp_path, "01_minimal.ipynb")
    params = dict(as_of="2026-03", report_date="2026-11-29", reports_dir=str(tmp_path / "reports"))
    folder = build_report(Parameters(**params), say=quiet, notebooks_dir=nbs)
    first = (folder / "01_minimal_2026-03.html").read_bytes()
    build_report(Parameters(**params), force=True, say=quiet, notebooks_dir=nbs)
    assert (folder / "01_minimal_2026-03.html").read_bytes() == first


def test_reports_for_two_as_of_months_share_the_date_folder(tmp_path):
    nbs = notebooks(tmp_path, "01_minimal.ipynb")
    for as_of in ("2025-06", "2026-03"):
        params = Parameters(as_of=as_of, report_date="2026-11-29", reports_dir=str(tmp_path / "reports"))
        folder = build_report(params, say=quiet, notebooks_dir=nbs)
    assert {"01_minimal_2025-06.html", "01_minimal_2026-03.html"} <= {p.name for p in folder.iterdir()}
    assert set(json.loads((folder / "manifest.json").read_text())["reports"]) == {"2025-06", "2026-03"}
    figures = {p.name for p in (folder / "figures").iterdir()}
    assert {"01_minimal_2025-06-fig01-world-exports.csv", "01_minimal_2026-03-fig01-world-exports.csv"} <= figures


def test_a_failing_notebook_publishes_nothing_and_keeps_its_log(tmp_path):
    reports = tmp_path / "reports"
    params = Parameters(as_of="2025-06", report_date="2025-07-21", reports_dir=str(reports))
    good = build_report(params, say=quiet, notebooks_dir=notebooks(tmp_path / "a", "01_minimal.ipynb"))
    before = snapshot(reports)
    nbs = notebooks(tmp_path / "b", "01_minimal.ipynb", "02_raises_error.ipynb")
    with pytest.raises(BuildError) as err:
        build_report(params, force=True, say=quiet, notebooks_dir=nbs)
    message = str(err.value)
    assert "notebook 02_raises_error.ipynb failed in cell 2" in message
    assert "ValueError: deliberate failure for the test" in message
    assert "nothing was published" in message
    assert snapshot(reports) == before and good.is_dir()
    logs = list((tmp_path / "build" / "logs").rglob("02_raises_error_2025-06.ipynb"))
    assert len(logs) == 1


def test_a_bad_parameter_stops_before_any_notebook_runs(tmp_path):
    nbs = notebooks(tmp_path, "02_raises_error.ipynb")
    with pytest.raises(ParameterError) as err:
        build_report(Parameters(as_of="2019-01", reports_dir=str(tmp_path / "reports")), say=quiet, notebooks_dir=nbs)
    assert str(err.value).startswith(
        "parameter as_of=2019-01 is outside the data; months with world magnet exports run from"
    )
    assert not (tmp_path / "reports").exists() or not any(
        p for p in (tmp_path / "reports").iterdir() if p.name != ".lock"
    )


def test_bad_data_stops_the_build_and_publishes_nothing(tmp_path, data_copy):
    (data_copy / "raw" / "observations" / "bad.csv").write_text(
        "series,period\nmagnet_exports,2025-06\n", encoding="utf-8"
    )
    with pytest.raises(DataError) as err:
        params = Parameters(data_dir=str(data_copy), reports_dir=str(tmp_path / "reports"))
        build_report(params, say=quiet, notebooks_dir=notebooks(tmp_path, "01_minimal.ipynb"))
    assert "bad.csv:1: missing column(s): partner, measure, value" in str(err.value)
    assert not (tmp_path / "reports").exists()


def test_a_script_tag_in_the_data_is_shown_as_text(tmp_path, data_copy):
    events = data_copy / "raw" / "policy_events.csv"
    text = events.read_text(encoding="utf-8").replace("China controls 7 rare earths", "<script>alert(1)</script> **x**")
    events.write_text(text, encoding="utf-8")
    params = Parameters(
        as_of="2025-06", report_date="2025-07-21", data_dir=str(data_copy), reports_dir=str(tmp_path / "reports")
    )
    folder = build_report(params, say=quiet, notebooks_dir=notebooks(tmp_path, "01_minimal.ipynb"))
    html = (folder / "01_minimal_2025-06.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **x**" in html and "<script" not in html
    # in a table cell, and in the figure's note (the events marked on the chart), both as text
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt; **x**") >= 2


def _build_process(tmp_path: Path, nbs: Path, *extra: str) -> subprocess.Popen:
    args = [sys.executable, "-m", "rare_earth_trade", "report", "--notebooks-dir", str(nbs)]
    args += ["--set", f"reports_dir={tmp_path / 'reports'}", "--set", "report_date=2026-11-29", *extra]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_an_interrupted_build_publishes_nothing(tmp_path):
    reports = tmp_path / "reports"
    params = Parameters(as_of="2025-06", report_date="2026-11-29", reports_dir=str(reports))
    build_report(params, say=quiet, notebooks_dir=notebooks(tmp_path / "a", "01_minimal.ipynb"))
    before = snapshot(reports)
    proc = _build_process(
        tmp_path, notebooks(tmp_path / "b", "01_minimal.ipynb", "02_sleeps.ipynb"), "--set", "as_of=2026-03"
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not any((reports / ".staging").glob("build-*/notebooks/*")):
        time.sleep(0.2)
    time.sleep(1.0)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted: nothing was published" in err
    assert snapshot(reports) == before
    assert not any((reports / ".staging").glob("build-*"))


def test_two_builds_at_once_both_land_intact(tmp_path):
    nbs = notebooks(tmp_path, "01_minimal.ipynb")
    procs = [_build_process(tmp_path, nbs, "--set", f"as_of={a}") for a in ("2025-06", "2026-03")]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    folder = tmp_path / "reports" / "2026-11-29"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert set(manifest["reports"]) == {"2025-06", "2026-03"}
    for entry in manifest["reports"].values():
        assert all((folder / f).is_file() for f in entry["files"])


# --- sources are named by who produced them, never by an address (issue 9.4) -------------------
def _report_texts(folder: Path) -> dict[str, str]:
    from bs4 import BeautifulSoup

    return {p.name: BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").get_text(" ")
            for p in sorted(folder.glob("*.html"))}  # fmt: skip


def _mirror_names() -> list[str]:
    import csv

    with open(PROJECT_ROOT / "data" / "reference" / "outlets.csv", encoding="utf-8", newline="") as f:
        return [r["outlet"] for r in csv.DictReader(f) if "mirror" in r["why"] or "proxy" in r["why"]]


def test_no_report_shows_an_ip_address_or_a_mirror_as_a_source_name(article_report):
    """A mirror may be named only as where a page was read ("Reuters, 20 Aug 2025 (read at
    squidsite02.com)"), never as the source: not cited with a date, not "(via ...)", not "(read at ...)"."""
    from rare_earth_trade.ledger.sources import IP_ADDRESS

    mirrors = _mirror_names()
    assert "unnamed mirror" in mirrors and "squidsite02.com" in mirrors
    as_source = r"(?:, (?:\d{1,2} )?[A-Z][a-z]{2} \d{4}| \(via | \(read at )"
    texts = _report_texts(article_report)
    assert len(texts) == 4
    for name, text in texts.items():
        assert not IP_ADDRESS.search(text), f"{name} shows an IP address: {IP_ADDRESS.search(text).group(0)}"
        for mirror in mirrors:
            hit = re.search(re.escape(mirror) + as_source, text)
            assert hit is None, f"{name} cites the mirror {mirror!r} as a source: ...{text[hit.start() - 40:hit.end() + 20]}"
    assert re.search(r"\(read at [^)]+\)", " ".join(texts.values()))  # citations do name where pages were read


def test_the_brief_says_how_fresh_the_ledger_is_right_under_the_as_of_line(article_report):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((article_report / "00_brief_2025-06.html").read_text(encoding="utf-8"), "html.parser")
    lines = [d.get_text(" ", strip=True) for d in soup.select("div.as-of")]
    assert lines[0].startswith("Data as of June 2025")
    assert lines[1] == ("By 21 July 2025 China customs would have released its monthly figures through June 2025; "
                        "the ledger holds every month through June 2025.")  # fmt: skip


def test_the_export_figures_report_lists_misattributions_and_links_its_complete_tables(article_report):
    from bs4 import BeautifulSoup

    html = (article_report / "01_export_figures_2025-06.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    mis = soup.find(id="tbl-misattributions")
    assert mis is not None and "printed as" in mis.get_text() and "belongs to" in mis.get_text()
    assert "magnet_exports_by_destination.csv:94" in mis.get_text()  # file:line of the +660% printed as y/y
    for label in ("tbl-reconciliation", "tbl-derived"):
        link = soup.find(id=label).select_one("p.fig-data a")
        assert link.get_text().startswith("Complete table") and (article_report / link["href"]).is_file()


def test_notebooks_start_longest_first_by_the_last_build_else_by_size(tmp_path):
    nbs = []
    for name, size in (("00_a", 10), ("01_b", 300), ("02_c", 20)):
        (tmp_path / f"{name}.ipynb").write_text("x" * size, encoding="utf-8")
        nbs.append(tmp_path / f"{name}.ipynb")
    reports = tmp_path / "reports"
    assert [p.stem for p in longest_first(nbs, reports)] == ["01_b", "02_c", "00_a"]
    timed = {"00_a": (4.0, 3.0), "01_b": (1.0, 1.0), "02_c": (2.0, 2.0)}
    manifest = {"reports": {"2026-03": {"notebooks": {k: {"execute_seconds": e, "render_seconds": r} for k, (e, r) in timed.items()}}}}
    (reports / "2026-11-29").mkdir(parents=True)
    (reports / "2026-11-29" / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert [p.stem for p in longest_first(nbs, reports)] == ["00_a", "02_c", "01_b"]
    (tmp_path / "03_new.ipynb").write_text("x", encoding="utf-8")  # never built: sizes again
    assert [p.stem for p in longest_first([*nbs, tmp_path / "03_new.ipynb"], reports)][0] == "01_b"
