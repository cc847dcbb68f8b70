"""Notebook outputs the report can number and caption: Markdown, figures, tables, and their options.

A cell's output carries its report options in one place, the output metadata under "report":
`{"options": {"fig-cap": ..., "fig-alt": ..., ...}, "figure": {facts}, "class": ...}`. They get
there two ways, with the same keys:

- written in the cell as Quarto cell options (`#| fig-cap: ...`): static text;
- attached to the object in the kernel, for text computed from data: `describe(fig, cap=...)`
  for a figure, `table(frame, cap=...)` for a table. The display formatters that `register`
  installs (the notebooks' `start` call does) copy them into the output metadata, together with
  the facts of every figure (kind, titles, axes, plotted data; see `report.figures`).

At render time the build's preprocessors merge both (a cell option wins) and number the figures
and tables. `md`, `heading` and `bullets` show computed sentences as Markdown, escaped, so that a
data string holding `<script>` or `**x**` reads as text.
"""

from __future__ import annotations

import html
import io
import re
import weakref
from urllib.parse import urlparse

import pandas as pd

REPORT = "report"  # the output-metadata key
SVG_SALT = "rare-earth-trade"  # fixed ids inside SVGs: identical figures give identical bytes
FIGURE_OPTIONS = {"cap": "fig-cap", "alt": "fig-alt", "unit": "fig-unit", "source": "fig-source", "note": "fig-note"}
TABLE_OPTIONS = {"cap": "tbl-cap", "source": "tbl-source", "note": "tbl-note"}

_options: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


# --- Markdown -----------------------------------------------------------------------------------
_INLINE = re.compile(r"([\\`*_\[\]#|~$])")
_BLOCK_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))", re.MULTILINE)


def _block_start(m: re.Match) -> str:
    lead, token = m.groups()
    return lead + token + "\\" if token[0].isdigit() else lead + "\\" + token


def escape_markdown(text: object) -> str:
    """Text that Markdown shows as it is: no emphasis, links, headings, lists, math or HTML."""
    s = html.escape("" if text is None else str(text), quote=False)
    s = _INLINE.sub(r"\\\1", s)
    return _BLOCK_START.sub(_block_start, s)


def _show_markdown(source: str, role: str | None) -> None:
    from IPython.display import Markdown, display

    display(Markdown(source), metadata={REPORT: {"class": role}} if role else None)


def md(text: str, role: str | None = None) -> None:
    """Show a sentence computed from data as a Markdown paragraph (escaped). `role` is a CSS class."""
    _show_markdown(escape_markdown(text), role)


def heading(text: str, level: int = 1) -> None:
    """Show a computed heading (level 1 is the report's title)."""
    _show_markdown("#" * level + " " + escape_markdown(text), None)


def bullets(items: list[str], role: str | None = None) -> None:
    """Show computed sentences as a bulleted list."""
    _show_markdown("\n".join(f"- {escape_markdown(i)}" for i in items), role)


# --- figures ------------------------------------------------------------------------------------
def describe(fig, *, cap=None, alt=None, unit=None, source=None, note=None, label=None, data=None):
    """Attach report options to a figure: caption, alt text, unit, Source and Note lines, and the
    data to publish as its CSV (a DataFrame). Returns the figure."""
    given = {"cap": cap, "alt": alt, "unit": unit, "source": source, "note": note}
    opts = {FIGURE_OPTIONS[k]: str(v) for k, v in given.items() if v}
    if label:
        opts["label"] = label
    if data is not None:
        opts["data"] = data.to_csv(index=False, lineterminator="\n")
    _options[fig] = opts
    return fig


def svg(fig) -> str:
    """The figure as SVG text, byte-identical for identical figures (no date, fixed ids)."""
    import matplotlib as mpl

    buf = io.BytesIO()
    with mpl.rc_context({"svg.hashsalt": SVG_SALT}):
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buf.getvalue().decode("utf-8")


def figure_bundle(fig):
    """Display formatter for matplotlib figures: SVG, plus the figure's facts and options as metadata."""
    from .figures import facts

    try:
        info = facts(fig)
    except Exception as e:  # an unusual chart: still show it, and say why there are no facts
        info = {"kind": "chart", "title": "", "panels": [], "data": "", "error": f"{type(e).__name__}: {e}"}
    opts = dict(_options.get(fig, {}))
    if "data" in opts:
        info["data"], info["curated"] = opts.pop("data"), True
    metadata = {REPORT: {"options": opts, "figure": info}}
    return {"image/svg+xml": svg(fig), "text/plain": repr(fig)}, metadata


# --- tables -------------------------------------------------------------------------------------
def link(url: object, text: object = None) -> str:
    """An escaped link; anything but an http(s) address is shown as text, never as a live link."""
    if not isinstance(url, str) or urlparse(url).scheme not in ("http", "https"):
        return html.escape(str(text if text is not None else url or ""))
    label = text if text is not None else urlparse(url).netloc.removeprefix("www.")
    return f'<a href="{html.escape(url)}">{html.escape(str(label))}</a>'


def cell_text(value) -> str:
    """How a value reads in a report table."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value != value:
            return ""
        return f"{value:,.1f}" if abs(value) < 1000 else f"{value:,.0f}"
    return "" if value is None else str(value)


def table(frame: pd.DataFrame, *, cap=None, source=None, note=None, label=None, links=None, classes=None, data=None):
    """A report table: an escaped Styler without index, with report options attached.

    `links` maps a column to the column holding its address (the address column is not shown);
    `classes` maps a column to a CSS class prefix: each cell gets prefix + its value as a class
    (e.g. the claims verdict: `v-not-supported`). `data` (a DataFrame) is published beside the
    report as the table's CSV and linked under it: the complete table when the report shows a
    report-sized part of it.
    """
    links = links or {}
    body = frame.reset_index(drop=True).copy()
    for col, url_col in links.items():
        body[col] = [link(u, t) for t, u in zip(body[col], body[url_col])]
    body = body.drop(columns=sorted(set(links.values()) - set(links)))
    styler = body.style.hide(axis="index").format(cell_text, escape="html").format_index(escape="html", axis=1)
    for col in links:
        styler = styler.format(str, subset=[col])  # already escaped anchors
    if classes:
        css = pd.DataFrame("", index=body.index, columns=body.columns)
        for col, prefix in classes.items():
            css[col] = [prefix + re.sub(r"[^a-z]+", "-", str(v).lower()).strip("-") for v in body[col]]
        styler = styler.set_td_classes(css)
    styler = styler.set_uuid("table")
    styler.cell_ids = False  # ids only where a style needs them
    given = {"cap": cap, "source": source, "note": note}
    opts = {TABLE_OPTIONS[k]: str(v) for k, v in given.items() if v}
    if label:
        opts["label"] = label
    if data is not None:
        opts["data"] = data.to_csv(index=False, lineterminator="\n")
    _options[styler] = opts
    return styler


def styler_bundle(styler):
    """Display formatter for pandas Stylers: the HTML, plus the table's options as metadata."""
    html_text = styler.to_html()
    opts = dict(_options.get(styler, {}))
    report = {"options": opts}
    if "data" in opts:
        report["data"] = opts.pop("data")
    return {"text/html": html_text, "text/plain": styler.data.to_string()}, {REPORT: report}


# --- the kernel ---------------------------------------------------------------------------------
def register(shell) -> None:
    """Install the formatters in an IPython shell: figures as SVG with their facts, Stylers with
    their options. Called by `start`; importing this module changes nothing."""
    from matplotlib.figure import Figure
    from pandas.io.formats.style import Styler

    for formatter in shell.display_formatter.formatters.values():
        formatter.pop(Figure, None)  # the inline backend's PNG: one image per figure, ours
    bundles = shell.display_formatter.mimebundle_formatter
    bundles.for_type(Figure, figure_bundle)
    bundles.for_type(Styler, styler_bundle)
