"""Warm kernels: a notebook run in a kernel that already ran others renders exactly as in a fresh kernel."""

from __future__ import annotations

import nbformat
import pytest

from rare_earth_trade.build import execute
from rare_earth_trade.build.params import Parameters
from rare_earth_trade.paths import NOTEBOOKS_DIR

BRIEF = NOTEBOOKS_DIR / "destination" / "destination_brief.ipynb"


@pytest.fixture
def warm_kernels(monkeypatch):
    monkeypatch.setattr(execute, "_warm_enabled", True)
    yield
    execute._retire_kernel()


def run(tmp_path, code: str, tag: str):
    params = Parameters(as_of="2026-03", report_date="2026-04-25", reports_dir=str(tmp_path / "reports"))
    out = tmp_path / tag
    r = execute.run_notebook(BRIEF, out / f"{code}.ipynb", out / f"{code}_brief.html", out / f"{code}_brief.pdf",
                             params.notebook_parameters() | {"destination": code}, 120, "header", "colophon")  # fmt: skip
    assert r.error is None, r.error
    return r


def test_a_reused_kernel_renders_the_same_html_and_counts_cells_from_one(tmp_path, warm_kernels):
    execute._warm_enabled = False
    fresh = run(tmp_path, "USA", "fresh")
    execute._warm_enabled = True
    run(tmp_path, "JPN", "warm")
    kernel = execute._warm
    again = run(tmp_path, "USA", "warm")
    assert execute._warm is kernel  # the same kernel ran both
    assert again.html.read_bytes() == fresh.html.read_bytes()
    counts = [c.execution_count for c in nbformat.read(again.executed, as_version=4).cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))


def test_a_failing_notebook_retires_its_kernel(tmp_path, warm_kernels):
    run(tmp_path, "USA", "first")
    kernel = execute._warm
    params = Parameters(as_of="2026-03", report_date="2026-04-25").notebook_parameters()
    r = execute.run_notebook(BRIEF, tmp_path / "x.ipynb", tmp_path / "x.html", tmp_path / "x.pdf",
                             params | {"destination": "FRA"}, 120, "h", "c")  # fmt: skip
    assert "ParameterError: parameter destination: no magnet-export figures for FRA" in r.error
    assert execute._warm is None and not kernel.alive()
    run(tmp_path, "USA", "after")  # a new kernel
