"""Quarto cell options: `#| key: value` lines at the top of a code cell, read as YAML.

    #| label: fig-recovery
    #| fig-cap: "Monthly exports against the pre-controls average"
    #| fig-alt: "Bars rise from 25% in May 2025 to 110% in July 2025."

The options land in `cell.metadata["report"]["options"]`, where the other preprocessors read them.
An unknown key, a value of the wrong type or invalid YAML stops the build with the notebook, the
cell and the allowed keys named.
"""

from __future__ import annotations

import re

import yaml
from nbconvert.preprocessors import Preprocessor
from traitlets import Set, Unicode

from ...errors import BuildError

OPTION_LINE = re.compile(r"^#\|\s?(.*)$")
TEXT_KEYS = {"label", "fig-cap", "fig-alt", "fig-unit", "fig-source", "fig-note", "tbl-cap", "tbl-source", "tbl-note"}
FLAG_KEYS = {"include"}


def read_options(source: str) -> tuple[dict, str]:
    """The options block at the top of a cell's source, and the rest of the source."""
    lines = source.splitlines()
    block = []
    for line in lines:
        m = OPTION_LINE.match(line)
        if not m:
            break
        block.append(m.group(1))
    if not block:
        return {}, source
    options = yaml.safe_load("\n".join(block)) or {}
    if not isinstance(options, dict):
        raise ValueError("the #| lines must be `key: value` pairs")
    return options, "\n".join(lines[len(block) :])


class CellOptionsPreprocessor(Preprocessor):
    """Parse each code cell's `#|` options into its metadata."""

    text_keys = Set(
        Unicode(), default_value=TEXT_KEYS, help="Options whose value is text (or a list of texts, one per figure)."
    ).tag(config=True)
    flag_keys = Set(Unicode(), default_value=FLAG_KEYS, help="Options whose value is true or false.").tag(config=True)
    ignored_keys = Set(
        Unicode(),
        default_value={
            "echo",
            "code-fold",
            "code-summary",
            "warning",
            "message",
            "fig-width",
            "fig-height",
            "fig-align",
        },
        help="Quarto options accepted and ignored (code is never shown; figures keep their size).",
    ).tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        where = f"notebook {resources.get('metadata', {}).get('name', '?')}, cell {index}"
        try:
            options, _ = read_options(cell.source)
        except (yaml.YAMLError, ValueError) as e:
            raise BuildError(f"{where}: the cell options (#| lines) are not valid YAML: {e}") from None
        allowed = self.text_keys | self.flag_keys | self.ignored_keys
        for key, value in options.items():
            if key not in allowed:
                raise BuildError(f"{where}: unknown cell option {key!r}; allowed: {', '.join(sorted(allowed))}")
            if key in self.flag_keys and not isinstance(value, bool):
                raise BuildError(f"{where}: cell option {key} must be true or false, not {value!r}")
            if key in self.text_keys and not (
                isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))
            ):
                raise BuildError(f"{where}: cell option {key} must be text or a list of texts, not {value!r}")
        kept = {k: v for k, v in options.items() if k not in self.ignored_keys}
        if kept:
            cell.metadata.setdefault("report", {})["options"] = kept
        return cell, resources


def option_for(options: dict, key: str, index: int):
    """The value of `key` for the index-th figure (or table) of a cell: list items by position."""
    value = options.get(key)
    if isinstance(value, list):
        return value[index] if index < len(value) else None
    return value
