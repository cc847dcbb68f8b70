"""What figure and table numbering share: a count per notebook, labels that must be unique, and
each output's data written as CSV beside the report (`figures/<notebook>-figNN[-label].csv`)."""

from __future__ import annotations

import re

from nbconvert.preprocessors import Preprocessor
from traitlets import Unicode

from ...errors import BuildError


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class NumberingPreprocessor(Preprocessor):
    """Base of FigurePreprocessor and TablePreprocessor; `kind` names the outputs in messages and
    `short` in data file names."""

    kind = "output"
    short = "out"
    label_prefix = Unicode("", help="Prefix of the labels of these outputs (Quarto's convention).").tag(config=True)
    data_dir = Unicode("figures", help="Folder, beside the report, for each output's data (CSV).").tag(config=True)

    def preprocess(self, nb, resources):
        self.count = 0
        self.labels: set[str] = set()
        resources.setdefault("outputs", {})
        return super().preprocess(nb, resources)

    def claim(self, label: str, resources) -> None:
        """Record `label`; a second output with the same label stops the build."""
        if label in self.labels:
            name = resources.get("metadata", {}).get("name", "?")
            raise BuildError(f"notebook {name}: the label {label!r} is used by two {self.kind}s; labels must be unique")
        self.labels.add(label)

    def write_data(self, text: str, label: str | None, resources) -> str:
        """Write the current output's data beside the report; its path."""
        stem = resources.get("metadata", {}).get("name", "notebook")
        tail = "-" + slug(label.removeprefix(self.label_prefix)) if label else ""
        path = f"{self.data_dir}/{stem}-{self.short}{self.count:02d}{tail}.csv"
        resources["outputs"][path] = text.encode("utf-8")
        return path
