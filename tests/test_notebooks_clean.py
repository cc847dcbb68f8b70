"""Committed notebooks diff cleanly: no outputs, no execution counts, one parameters cell, and each
.ipynb in step with its paired .py (jupytext percent) file."""

from __future__ import annotations

import jupytext
import nbformat
import pytest

from rare_earth_trade.build.params import notebook_cell
from rare_earth_trade.build.pipeline import discover
from rare_earth_trade.paths import NOTEBOOKS_DIR

NOTEBOOKS = [*discover(NOTEBOOKS_DIR), *sorted(NOTEBOOKS_DIR.glob("destination/*.ipynb"))]


def test_the_destination_brief_is_among_the_notebooks_checked():
    assert NOTEBOOKS_DIR / "destination" / "destination_brief.ipynb" in NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_no_outputs_or_execution_counts(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: strip outputs (nbstripout)"
        assert "execution" not in cell.metadata


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_one_parameters_cell_generated_from_the_table(path):
    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assert tagged[0].source == notebook_cell(destination=path.parent.name == "destination"), f"{path.name}: run `make params`"
    assert nb.cells.index(tagged[0]) == 0


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_and_its_text_pair_hold_the_same_cells(path):
    pair = path.with_suffix(".py")
    assert pair.is_file(), f"{path.name} has no paired {pair.name}: run `jupytext --sync {path}`"
    a = jupytext.read(path)
    b = jupytext.read(pair)
    assert [(c.cell_type, c.source) for c in a.cells] == [(c.cell_type, c.source) for c in b.cells], (
        f"{path.name} and {pair.name} differ: run `jupytext --sync notebooks/*.ipynb`"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_starts_from_its_parameters_and_shows_native_outputs(path):
    """One start call reads the parameters cell; no hand-built HTML anywhere in the notebook."""
    source = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
    assert source.count("start(globals())") == 1
    assert "HTML(" not in source and "<div" not in source and "<p>" not in source
