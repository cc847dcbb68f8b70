"""Outputs a reader should not see: default object reprs and the same image shown twice."""

from __future__ import annotations

import re

from nbconvert.preprocessors import Preprocessor
from traitlets import Unicode

IMAGE_TYPES = ("image/svg+xml", "image/png", "image/jpeg")


class CleanOutputsPreprocessor(Preprocessor):
    """Drop results that are only an object's default repr (`<Axes: ...>`, `[<matplotlib.lines.Line2D
    at 0x...>]`: noise, and memory addresses differ run to run), and repeated identical images of a
    cell (a pyplot figure that is also the cell's value is displayed twice)."""

    repr_pattern = Unicode(
        r"^\[?\s*<[^<>]+>(,\s*<[^<>]+>)*\s*\]?$|^(Text|Figure|Axes)\(.*\)$",
        help="A text/plain-only result matching this is an object repr and is dropped.",
    ).tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        pattern = re.compile(self.repr_pattern, re.DOTALL)
        kept, images = [], set()
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if out.get("output_type") in ("execute_result", "display_data") and set(data) == {"text/plain"}:
                if pattern.match(data["text/plain"].strip()):
                    continue
            image = next((data[t] for t in IMAGE_TYPES if t in data), None)
            if image is not None:
                if image in images:
                    continue
                images.add(image)
            kept.append(out)
        cell.outputs = kept
        return cell, resources
