"""Kernel-side outputs, without a kernel: escaped Markdown, report tables, figure facts and SVG."""

from __future__ import annotations

import matplotlib as mpl
import pandas as pd
import pytest
import seaborn as sns
from matplotlib.figure import Figure
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from rare_earth_trade.report import theme
from rare_earth_trade.report.display import describe, escape_markdown, figure_bundle, styler_bundle, table
from rare_earth_trade.report.figures import facts


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<script>alert(1)</script> **x**", "&lt;script&gt;alert(1)&lt;/script&gt; **x**"),
        ("[link](javascript:alert(1)) `code` _em_ $x$ #tag", "[link](javascript:alert(1)) `code` _em_ $x$ #tag"),
        ("- not a list\n1. not a list either", "- not a list\n1. not a list either"),
        ("# not a heading | not a table", "# not a heading | not a table"),
    ],
)
def test_data_strings_in_markdown_read_as_text(text, shown):
    html = markdown2html_mistune(escape_markdown(text))
    assert html.strip() == f"<p>{shown}</p>"


def test_report_tables_escape_cells_link_only_web_addresses_and_classify():
    frame = pd.DataFrame(
        {
            "name": ["<b>bold</b>", "plain"],
            "url": ["https://example.org/a?b=1&c=2", "javascript:alert(1)"],
            "verdict": ["not supported", "supported"],
            "tonnes": [3188.47, float("nan")],
        }
    )
    styler = table(frame, cap="Caption", source="Somewhere", links={"name": "url"}, classes={"verdict": "v-"})
    bundle, metadata = styler_bundle(styler)
    html = bundle["text/html"]
    assert '<a href="https://example.org/a?b=1&amp;c=2">&lt;b&gt;bold&lt;/b&gt;</a>' in html
    assert "javascript" not in html and ">plain<" in html
    assert "v-not-supported" in html and "v-supported" in html
    assert ">3,188<" in html and "url" not in html.split("<tbody>")[0]  # the address column is not shown
    assert metadata == {"report": {"options": {"tbl-cap": "Caption", "tbl-source": "Somewhere"}}}
    assert (
        styler_bundle(table(frame, links={"name": "url"}))[0] == styler_bundle(table(frame, links={"name": "url"}))[0]
    )


def seaborn_figure() -> Figure:
    fig = Figure()
    ax = fig.subplots()
    frame = pd.DataFrame(
        {"month": ["2025-01", "2025-02", "2025-03"] * 2, "t": [5, 1, 3, 2, 2, 4], "who": list("AAABBB")}
    )
    sns.lineplot(frame, x="month", y="t", hue="who", ax=ax)
    ax.axhline(2.5)
    ax.set_title("Two lines")
    return fig


def test_facts_read_kind_titles_axes_series_and_data_from_any_figure():
    f = facts(seaborn_figure())
    assert (f["kind"], f["title"]) == ("line chart", "Two lines")
    (panel,) = f["panels"]
    assert (panel["xlabel"], panel["ylabel"]) == ("month", "t")
    assert [(s["name"], s["n"], s["y_min"], s["x_at_min"]) for s in panel["series"]] == [
        ("A", 3, 1.0, "2025-02"),
        ("B", 3, 2.0, "2025-01"),
    ]
    assert panel["references"] == [{"axis": "y", "value": 2.5}]
    assert f["data"].splitlines()[:2] == ["series,month,t", "A,2025-01,5.0"]


def test_bars_dates_and_heatmaps_are_read_too():
    fig = Figure()
    a, b, c = fig.subplots(1, 3)
    a.bar(["x", "y"], [3, 1])
    b.plot(pd.to_datetime(["2025-01-01", "2025-02-01"]), [1, 2])
    c.imshow([[0, 1], [2, 3]])
    f = facts(fig)
    assert f["kind"] == "3-panel bar chart and line chart and heatmap"
    bars, dates, grid = f["panels"]
    assert (bars["series"][0]["x_at_max"], bars["series"][0]["y_max"]) == ("x", 3.0)
    assert dates["series"][0]["x_last"] == "2025-02-01"
    assert grid["grid"] == {"rows": 2, "columns": 2, "min": 0.0, "max": 3.0}


def test_figure_bundle_is_svg_with_facts_and_options_and_identical_for_identical_figures():
    fig = describe(seaborn_figure(), cap="Computed caption", alt="Curated alt", data=pd.DataFrame({"a": [1]}))
    bundle, metadata = figure_bundle(fig)
    assert set(bundle) == {"image/svg+xml", "text/plain"}
    assert "<dc:date>" not in bundle["image/svg+xml"]
    report = metadata["report"]
    assert report["options"] == {"fig-cap": "Computed caption", "fig-alt": "Curated alt"}
    assert report["figure"]["data"] == "a\n1\n" and report["figure"]["curated"]
    assert figure_bundle(seaborn_figure())[0] == figure_bundle(seaborn_figure())[0]


def test_the_house_style_applies_inside_the_block_only():
    before = dict(mpl.rcParams.find_all("axes|font|figure"))
    with theme.theme():
        assert mpl.rcParams["axes.titleweight"] == "bold"
    assert dict(mpl.rcParams.find_all("axes|font|figure")) == before


def test_pies_are_read_and_a_chart_the_facts_cannot_read_is_still_shown(monkeypatch):
    fig = Figure()
    fig.subplots().pie([3, 1], labels=["magnets", "other"])
    f = facts(fig)
    assert f["kind"] == "pie chart" and f["panels"][0]["series"][0]["x_at_max"] == "magnets"

    def broken(fig):
        raise ValueError("unreadable")

    monkeypatch.setattr("rare_earth_trade.report.figures.facts", broken)
    bundle, metadata = figure_bundle(fig)
    assert bundle["image/svg+xml"].startswith("<?xml")
    assert metadata["report"]["figure"]["error"] == "ValueError: unreadable"
