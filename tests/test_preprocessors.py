"""The report anatomy added at render time, on small executed notebooks built in memory."""

from __future__ import annotations

import nbformat
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from matplotlib.figure import Figure
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from rare_earth_trade.build.preprocessors.alt import alt_text, default_caption, is_placeholder, value
from rare_earth_trade.build.render import render_html
from rare_earth_trade.errors import BuildError
from rare_earth_trade.report.display import describe, figure_bundle, styler_bundle, table

NAME = "05_test_2025-06"


def figure(title: str | None = None, **options) -> dict:
    fig = Figure()
    ax = fig.subplots()
    ax.plot(["2025-01", "2025-02", "2025-03"], [4.0, 1.0, 2.5])
    ax.set_ylabel("tonnes")
    if title:
        ax.set_title(title)
    if options:
        describe(fig, **options)
    bundle, metadata = figure_bundle(fig)
    return new_output("display_data", data=bundle, metadata=metadata)


def output(bundle_and_metadata, kind="display_data") -> dict:
    bundle, metadata = bundle_and_metadata
    extra = {"execution_count": 1} if kind == "execute_result" else {}
    return new_output(kind, data=bundle, metadata=metadata, **extra)


def cell(source: str, *outputs, tags=()) -> dict:
    c = new_code_cell(source, metadata={"tags": list(tags)} if tags else {})
    c.outputs = list(outputs)
    return c


def render(tmp_path, *cells) -> tuple[BeautifulSoup, dict, str]:
    path = tmp_path / f"{NAME}.ipynb"
    nbformat.write(new_notebook(cells=list(cells)), path)
    html, files = render_html(path, NAME, "Running header", "Colophon")
    return BeautifulSoup(html, "html.parser"), files, html


def test_figures_are_numbered_in_order_with_their_anatomy_and_data(tmp_path):
    curated = figure(
        cap="Computed caption",
        alt="Curated alt text",
        unit="t",
        source="Customs",
        note="A note",
        data=pd.DataFrame({"month": ["2025-01"], "t": [4.0]}),
    )
    soup, files, _ = render(
        tmp_path,
        cell("#| label: fig-curated\ncharts.x()", curated),
        cell('#| fig-cap: "Researcher caption"\nsns.lineplot(...)', figure()),
        cell("ax.set_title(...)", figure(title="Only a title")),
        cell('#| fig-cap: "The cell wins"\n#| fig-alt: chart', figure(cap="Kernel caption", alt="chart")),
    )
    figs = soup.select("figure.chart")
    assert [f.figcaption.get_text(" ", strip=True) for f in figs] == [
        "Figure 1. Computed caption",
        "Figure 2. Researcher caption",
        "Figure 3. Only a title",
        "Figure 4. The cell wins",
    ]
    assert figs[0]["id"] == "fig-curated" and figs[1]["id"] == "figure-2"
    assert figs[0].img["alt"] == "Curated alt text"
    assert [p.get_text() for p in figs[0].select("p")] == [
        "Unit: t",
        "Source: Customs",
        "Note: A note",
        "Figure data (CSV)",
    ]
    generated = "Line chart. Y axis: tonnes. 3 values from Jan 2025 to Mar 2025, lowest 1 (Feb 2025), highest 4 (Jan 2025), last 2.5."
    assert figs[1].img["alt"] == generated
    assert figs[3].img["alt"] == generated  # "chart" is a placeholder: replaced
    assert figs[2].img["alt"].startswith("Line chart titled 'Only a title'.")
    assert figs[0].img["src"].startswith("data:image/svg+xml;base64,")
    assert sorted(files) == [f"figures/{NAME}-fig01-curated.csv", *(f"figures/{NAME}-fig0{n}.csv" for n in (2, 3, 4))]
    assert files[f"figures/{NAME}-fig01-curated.csv"] == b"month,t\n2025-01,4.0\n"
    assert files[f"figures/{NAME}-fig02.csv"].decode().splitlines() == [
        "series,x,tonnes",
        "series 1,2025-01,4.0",
        "series 1,2025-02,1.0",
        "series 1,2025-03,2.5",
    ]
    assert figs[1].select_one("p.fig-data a")["href"] == f"figures/{NAME}-fig02.csv"


def test_a_figure_recorded_without_facts_still_gets_caption_and_alt_text(tmp_path):
    png = new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"})
    soup, files, _ = render(tmp_path, cell('#| fig-cap: "A picture"', png))
    fig = soup.select_one("figure.chart")
    assert fig.figcaption.get_text(" ", strip=True) == "Figure 1. A picture"
    assert fig.img["alt"] == "Figure 1: A picture" and files == {}


def test_tables_are_numbered_with_captions_and_stable_ids(tmp_path):
    frame = pd.DataFrame({"a": [1, 2], "b": ["<x>", "y"]})
    styled = frame.style  # a researcher's own Styler: random ids
    soup, _, html = render(
        tmp_path,
        cell("table(...)", output(styler_bundle(table(frame, cap="From the kernel", note="N")), "execute_result")),
        cell('#| tbl-cap: "A plain DataFrame"\ndf', output(({"text/html": frame.to_html(), "text/plain": ""}, {}))),
        cell("df.style", output(({"text/html": styled.to_html(), "text/plain": ""}, {}))),
    )
    blocks = soup.select("figure.table-block")
    assert [b.figcaption.get_text(" ", strip=True) for b in blocks] == [
        "Table 1. From the kernel",
        "Table 2. A plain DataFrame",
        "Table 3.",
    ]
    assert blocks[0].select_one("p.fig-note").get_text() == "Note: N"
    assert "border" not in str(blocks[1].table.attrs) and "&lt;x&gt;" in str(blocks[1])
    assert blocks[2].table["id"] == "T_table3" and styled.uuid not in html


def test_parameters_code_and_hidden_cells_are_not_shown(tmp_path):
    soup, _, _ = render(
        tmp_path,
        cell("as_of = None", tags=["parameters"]),
        cell('as_of = "2025-06"', tags=["injected-parameters"]),
        cell("secret()", new_output("stream", name="stdout", text="hidden by tag\n"), tags=["remove-cell"]),
        cell("#| include: false\nx = 1", new_output("stream", name="stdout", text="hidden by option\n")),
        cell("print(2)", new_output("stream", name="stdout", text="shown\n")),
    )
    shown = str(soup.main)
    assert "as_of" not in shown and "secret" not in shown and "hidden by" not in shown and "print(2)" not in shown
    assert soup.select_one("pre.stream").get_text() == "shown\n"


def test_object_reprs_and_repeated_images_are_dropped(tmp_path):
    fig = figure()
    noise = new_output(
        "execute_result", data={"text/plain": "[<matplotlib.lines.Line2D at 0x7f3a2c1d5e10>]"}, execution_count=1
    )
    axes = new_output("execute_result", data={"text/plain": "<Axes: xlabel='month', ylabel='t'>"}, execution_count=2)
    value_out = new_output("execute_result", data={"text/plain": "42"}, execution_count=3)
    soup, _, html = render(
        tmp_path, cell("plt.plot(...)", noise, fig, fig), cell("sns...", axes), cell("6*7", value_out)
    )
    assert len(soup.select("figure.chart")) == 1
    assert "Line2D" not in html and "Axes" not in html and soup.select_one("pre.text").get_text() == "42"


def test_headings_get_unique_ids_a_contents_list_and_the_title(tmp_path):
    heading = output(({"text/markdown": "# A computed \\*title\\*", "text/plain": ""}, {}))
    soup, _, _ = render(
        tmp_path,
        cell("heading(...)", heading),
        new_markdown_cell("## Notes\n\nText under the heading.\n\n### Detail"),
        new_markdown_cell("## Notes\n\n```\n# not a heading\n```"),
    )
    assert soup.title.get_text() == "A computed *title*"
    assert soup.h1.get_text() == "A computed *title*" and soup.h1["id"] == "a-computed-title"
    assert [h["id"] for h in soup.find_all(["h2", "h3"])] == ["notes", "detail", "notes-2"]
    toc = soup.select_one("nav#toc")
    assert [(a["href"], a.get_text()) for a in toc.select("a")] == [
        ("#notes", "Notes"),
        ("#detail", "Detail"),
        ("#notes-2", "Notes"),
    ]
    assert toc.find_previous("h1") is soup.h1  # the contents follow the title
    assert "Text under the heading." in soup.select("section.prose")[0].get_text()


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("#| fig-caption: x", "unknown cell option 'fig-caption'; allowed: "),
        ("#| fig-cap: a: b", "the cell options (#| lines) are not valid YAML"),
        ("#| include: maybe", "cell option include must be true or false"),
        ("#| fig-cap: 3", "cell option fig-cap must be text or a list of texts"),
    ],
)
def test_bad_cell_options_stop_the_render_naming_notebook_and_cell(tmp_path, source, message):
    with pytest.raises(BuildError) as err:
        render(tmp_path, cell("x = 1"), cell(source))
    assert str(err.value).startswith(f"notebook {NAME}, cell 1: {message}")


def test_a_label_used_twice_is_refused(tmp_path):
    with pytest.raises(BuildError, match="the label 'fig-a' is used by two figures"):
        render(tmp_path, cell("#| label: fig-a", figure()), cell("#| label: fig-a", figure()))


def test_the_same_notebook_renders_to_the_same_bytes(tmp_path):
    cells = [
        cell("#| label: fig-a", figure(cap="C")),
        cell("t", output(styler_bundle(table(pd.DataFrame({"a": [1]}))))),
    ]
    assert render(tmp_path, *cells)[2] == render(tmp_path, *cells)[2]


def test_alt_text_reads_the_facts():
    facts = {
        "kind": "2-panel bar chart",
        "title": "",
        "panels": [
            {
                "title": "USA",
                "xlabel": "",
                "ylabel": "t",
                "kinds": ["bar"],
                "references": [],
                "series": [
                    {
                        "name": "series 1",
                        "n": 2,
                        "x_first": "2025-01-01",
                        "x_last": "2025-02-01",
                        "y_first": 10.0,
                        "y_last": 20.0,
                        "y_min": 10.0,
                        "x_at_min": "2025-01-01",
                        "y_max": 20.0,
                        "x_at_max": "2025-02-01",
                    }
                ],
            },
            {
                "title": "DEU",
                "xlabel": "",
                "ylabel": "t",
                "kinds": ["bar"],
                "references": [{"axis": "y", "value": 5.0}],
                "series": [{"name": "series 2", "n": 1, "x_first": "2025-01-15", "y_first": 12345.0}],
            },
        ],
    }
    assert alt_text(facts) == (
        "2-panel bar chart. Panel 'USA': y axis: t. 2 values from Jan 2025 to Feb 2025, lowest 10 (Jan 2025), "
        "highest 20 (Feb 2025), last 20. Panel 'DEU': y axis: t. 12,345 at 15 Jan 2025. Reference line at y = 5."
    )
    assert default_caption(facts) == "2-panel bar chart"
    assert is_placeholder(" Chart. ") and is_placeholder(None) and not is_placeholder("Bars for two countries")
    assert (value(0.125), value(1238.47), value("2025-13")) == ("0.125", "1,238", "2025-13")
