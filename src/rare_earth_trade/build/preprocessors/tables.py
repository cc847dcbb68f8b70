"""Tables: numbered in order, with caption and Source/Note lines, and stable HTML.

A table is an HTML output holding a `<table>` (a DataFrame, a Styler, `display.table(...)`). Its
options come from the cell (`#| tbl-cap:`) or from the output metadata, a cell option winning.
pandas Stylers carry random ids; they are replaced by ids from the table's number, so the same
notebook renders to the same bytes. A table that carries data (`display.table(..., data=frame)`:
the complete table behind a report-sized one) has it written to
`figures/<notebook>-tblNN[-label].csv` through `resources["outputs"]`, beside the report, and linked.
"""

from __future__ import annotations

import re

from traitlets import Unicode

from .numbering import NumberingPreprocessor
from .options import option_for

TABLE = re.compile(r"<table\b", re.IGNORECASE)
STYLER_ID = re.compile(r'<table[^>]*\bid="(T_[A-Za-z0-9_-]+)"')
BORDER = re.compile(r'(<table\b[^>]*?)\s+border="\d+"')
EMPTY_STYLE = re.compile(r"<style[^>]*>\s*</style>\s*")


def stable_html(html: str, number: int) -> str:
    m = STYLER_ID.search(html)
    if m:
        html = html.replace(m.group(1), f"T_table{number}")
    return EMPTY_STYLE.sub("", BORDER.sub(r"\1", html))


class TablePreprocessor(NumberingPreprocessor):
    """Number every table output and record its anatomy in `output.metadata["report"]["anatomy"]`."""

    kind, short = "table", "tbl"
    label_prefix = Unicode("tbl-", help="Labels of tables start with this (Quarto's convention).").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        cell_options = cell.metadata.get("report", {}).get("options", {})
        nth = 0
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            html = data.get("text/html")
            if html is None or not TABLE.search(html := "".join(html) if isinstance(html, list) else html):
                continue
            if any(k.startswith("image/") for k in data):
                continue
            self.count += 1
            report = out.setdefault("metadata", {}).setdefault("report", {})
            opts = {**report.get("options", {}), **{k: option_for(cell_options, k, nth) for k in cell_options}}
            label = opts.get("label") if str(opts.get("label", "")).startswith(self.label_prefix) else None
            if label:
                if nth and label == cell_options.get("label"):
                    label = f"{label}-{nth + 1}"
                self.claim(label, resources)
            report["anatomy"] = {
                "kind": "table",
                "number": self.count,
                "id": label or f"table-{self.count}",
                "caption": opts.get("tbl-cap") or "",
                "source": opts.get("tbl-source") or "",
                "note": opts.get("tbl-note") or "",
                "html": stable_html(html, self.count),
                "csv": "",
                "csv_rows": 0,
            }
            if report.get("data"):
                text = report["data"]
                report["anatomy"]["csv"] = self.write_data(text, label, resources)
                report["anatomy"]["csv_rows"] = max(text.count("\n") - 1, 0)
            nth += 1
        return cell, resources
