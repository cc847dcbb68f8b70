"""Notebook output: headings, paragraphs, numbered figures and tables, as escaped static HTML.

Every data-driven string goes through `esc`, so a source quote holding `<script>` or Markdown is
shown as text. Figures are SVG images inside <figure>, with title, unit, Source and Note lines,
alt text and a link to the figure's data as CSV (written beside the report).
"""

from __future__ import annotations

import base64
import html
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

FIGURE_DIR_NAME = "figures"


def esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def link(url: str, text: str | None = None) -> str:
    """An escaped link; anything but http(s) is shown as text, never as a live link."""
    if not isinstance(url, str) or urlparse(url).scheme not in ("http", "https"):
        return esc(text or url)
    label = text or urlparse(url).netloc.removeprefix("www.")
    return f'<a href="{esc(url)}">{esc(label)}</a>'


@dataclass
class Chart:
    """A finished matplotlib figure and what a reader needs around it."""

    fig: object
    slug: str
    title: str  # carries the period and the unit
    unit: str
    source: str
    alt: str
    data: pd.DataFrame
    note: str = ""


def _display(html_text: str) -> None:
    from IPython.display import HTML, display

    display(HTML(html_text))


@dataclass
class Page:
    """One notebook's output: numbers figures and tables in order of appearance."""

    notebook: str
    figure_dir: Path
    figures: int = 0
    tables: int = 0
    written: list[Path] = field(default_factory=list)

    def heading(self, text: str, level: int = 2) -> None:
        _display(f"<h{level}>{esc(text)}</h{level}>")

    def paragraph(self, *sentences: str, css: str = "") -> None:
        cls = f' class="{esc(css)}"' if css else ""
        _display(f"<p{cls}>{' '.join(esc(s) for s in sentences)}</p>")

    def bullets(self, items: list[str], css: str = "findings") -> None:
        _display(f'<ul class="{esc(css)}">' + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>")

    def figure(self, chart: Chart) -> None:
        import matplotlib.pyplot as plt

        self.figures += 1
        n = self.figures
        buf = io.BytesIO()
        chart.fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches="tight")
        plt.close(chart.fig)
        svg = base64.b64encode(buf.getvalue()).decode("ascii")
        csv_name = f"{self.notebook}-fig{n:02d}-{re.sub(r'[^a-z0-9-]+', '-', chart.slug.lower())}.csv"
        self.figure_dir.mkdir(parents=True, exist_ok=True)
        chart.data.to_csv(self.figure_dir / csv_name, index=False, lineterminator="\n")
        self.written.append(self.figure_dir / csv_name)
        note = f'<p class="fig-note">Note: {esc(chart.note)}</p>' if chart.note else ""
        _display(
            f'<figure class="chart" id="figure-{n}">'
            f'<figcaption class="fig-title">Figure {n}. {esc(chart.title)}</figcaption>'
            f'<img src="data:image/svg+xml;base64,{svg}" alt="{esc(chart.alt)}"/>'
            f'<p class="fig-unit">Unit: {esc(chart.unit)}</p>'
            f'<p class="fig-source">Source: {esc(chart.source)}</p>{note}'
            f'<p class="fig-data"><a href="{FIGURE_DIR_NAME}/{esc(csv_name)}">Figure data (CSV)</a></p>'
            "</figure>"
        )

    def table(self, frame: pd.DataFrame, caption: str, source: str = "", note: str = "",
              links: dict[str, str] | None = None, row_class: str | None = None) -> None:
        """A numbered table. `links` maps a column to the column holding its URL.

        Cells are escaped; link columns become escaped anchors; `row_class` names a column whose
        cells get a CSS class from their value (e.g. the claims verdict: `v-not-supported`).
        """  # fmt: skip
        self.tables += 1
        n = self.tables
        body = frame.copy()
        links = links or {}
        for col, url_col in links.items():
            body[col] = [link(u, t) for t, u in zip(body[col], body[url_col])]
        shown = [c for c in body.columns if c not in set(links.values())]
        rows = []
        for _, r in body.iterrows():
            cells = []
            for c in shown:
                cls = f' class="v-{esc(re.sub(r"[^a-z]+", "-", str(r[c]).lower()))}"' if c == row_class else ""
                cells.append(f"<td{cls}>{r[c] if c in links else esc(_cell(r[c]))}</td>")
            rows.append(f"<tr>{''.join(cells)}</tr>")
        head = "".join(f"<th>{esc(c)}</th>" for c in shown)
        meta = f'<p class="fig-source">Source: {esc(source)}</p>' if source else ""
        meta += f'<p class="fig-note">Note: {esc(note)}</p>' if note else ""
        _display(
            f'<div class="table-block" id="table-{n}"><table><caption>Table {n}. {esc(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{meta}</div>"
        )


def _cell(value) -> str:
    if isinstance(value, float):
        if value != value:
            return ""
        return f"{value:,.1f}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
