"""Cells the report does not show: parameters, papermill's injected parameters, `include: false`."""

from __future__ import annotations

from nbconvert.preprocessors import Preprocessor
from traitlets import Set, Unicode


class HideCellsPreprocessor(Preprocessor):
    """Remove cells by tag, and cells whose options say `include: false` (code is hidden anyway)."""

    remove_cell_tags = Set(
        Unicode(),
        default_value={"parameters", "injected-parameters", "remove-cell"},
        help="Cells tagged with any of these are removed.",
    ).tag(config=True)

    def preprocess(self, nb, resources):
        def shown(cell) -> bool:
            if self.remove_cell_tags.intersection(cell.metadata.get("tags", [])):
                return False
            return cell.metadata.get("report", {}).get("options", {}).get("include", True) is not False

        nb.cells = [c for c in nb.cells if shown(c)]
        return nb, resources
