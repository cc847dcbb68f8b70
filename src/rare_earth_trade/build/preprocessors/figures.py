"""Figures: numbered in order, with caption, alt text, unit/Source/Note lines and their data as CSV.

Every image output of the executed notebook is a figure, whatever drew it. Its options come from
the cell (`#| fig-cap:`) or from the output metadata the kernel recorded (`display.describe`), a
cell option winning. Without a caption the figure's title is used, then a generated one; without
alt text (or with a placeholder such as "chart") the alt text is written from the figure's facts.
The figure's data (curated by the chart, or read from the plotted artists) is written to
`figures/<notebook>-figNN[-label].csv` through `resources["outputs"]`, beside the report.
"""

from __future__ import annotations

import base64

from traitlets import Unicode

from .alt import alt_text, default_caption, is_placeholder
from .numbering import NumberingPreprocessor
from .options import option_for

IMAGES = {"image/svg+xml": "data:image/svg+xml;base64,", "image/png": "data:image/png;base64,"}


def image_src(data: dict) -> str | None:
    """The output's image as a data: URI (SVG first)."""
    if "image/svg+xml" in data:
        svg = data["image/svg+xml"]
        svg = "".join(svg) if isinstance(svg, list) else svg
        return IMAGES["image/svg+xml"] + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    if "image/png" in data:
        return IMAGES["image/png"] + data["image/png"].replace("\n", "")
    return None


class FigurePreprocessor(NumberingPreprocessor):
    """Number every image output and record its anatomy in `output.metadata["report"]["anatomy"]`."""

    kind, short = "figure", "fig"
    label_prefix = Unicode("fig-", help="Prefix of figure labels (Quarto's convention).").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        cell_options = cell.metadata.get("report", {}).get("options", {})
        nth = 0
        for out in cell.get("outputs", []):
            src = image_src(out.get("data", {}))
            if src is None:
                continue
            self.count += 1
            report = out.setdefault("metadata", {}).setdefault("report", {})
            opts = {**report.get("options", {}), **{k: option_for(cell_options, k, nth) for k in cell_options}}
            opts = {k: v for k, v in opts.items() if v is not None}
            if nth and isinstance(cell_options.get("label"), str) and opts.get("label") == cell_options["label"]:
                opts["label"] = f"{opts['label']}-{nth + 1}"  # one label, several figures: -2, -3...
            report["anatomy"] = self.anatomy(opts, report.get("figure", {}), src, resources)
            nth += 1
        return cell, resources

    def anatomy(self, opts: dict, facts: dict, src: str, resources) -> dict:
        n = self.count
        label = opts.get("label")
        label = None if str(label or "").startswith("tbl-") else label  # a table's label, in a cell with both
        if label:
            self.claim(label, resources)
        caption = opts.get("fig-cap") or facts.get("title") or default_caption(facts)
        alt = opts.get("fig-alt")
        if is_placeholder(alt):
            alt = alt_text(facts) if facts else f"Figure {n}: {caption}"
        out = {
            "kind": "figure",
            "number": n,
            "id": label or f"figure-{n}",
            "caption": caption,
            "alt": alt,
            "unit": opts.get("fig-unit", ""),
            "source": opts.get("fig-source", ""),
            "note": opts.get("fig-note", ""),
            "src": src,
            "csv": "",
        }
        if facts.get("data"):
            out["csv"] = self.write_data(facts["data"], label, resources)
        return out
