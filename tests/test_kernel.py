"""The notebooks behave like notebooks: run as JupyterLab runs them (nbclient, the project kernel,
defaults only, no papermill), charts show as images; importing the package changes nothing global."""

from __future__ import annotations

import json
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from rare_earth_trade.build.execute import KERNEL_NAME, ensure_kernel
from rare_earth_trade.build.pipeline import discover
from rare_earth_trade.paths import NOTEBOOKS_DIR

IMAGES = ("image/svg+xml", "image/png")
EVERY_MODULE = """
import importlib, pathlib
import rare_earth_trade
root = pathlib.Path(rare_earth_trade.__file__).parent
files = sorted(p.relative_to(root.parent).with_suffix("") for p in root.rglob("*.py") if p.name != "__main__.py")
modules = [".".join(f.parts).removesuffix(".__init__") for f in files]
for name in modules:
    importlib.import_module(name)
"""


def run(nb, tmp_path):
    ensure_kernel()
    NotebookClient(nb, kernel_name=KERNEL_NAME, timeout=600, resources={"metadata": {"path": str(tmp_path)}}).execute()
    return nb


def images(cell) -> list[dict]:
    return [o for o in cell.get("outputs", []) if any(t in o.get("data", {}) for t in IMAGES)]


@pytest.mark.parametrize("path", discover(NOTEBOOKS_DIR), ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom_and_shows_its_charts(path, tmp_path):
    nb = run(nbformat.read(path, as_version=4), tmp_path)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    chart_cells = [c for c in nb.cells if c.cell_type == "code" and "#| label: fig-" in c.source]
    assert chart_cells, f"{path.name} draws no chart"
    for cell in chart_cells:
        shown = images(cell)
        assert len(shown) == 1, f"{path.name}: no image for the cell\n{cell.source}"
        facts = shown[0]["metadata"]["report"]["figure"]
        assert facts["data"] and facts["panels"]
    assert not list(tmp_path.iterdir()), "running a notebook wrote files"


def test_plots_show_after_importing_every_module_of_the_package(tmp_path):
    cells = [
        EVERY_MODULE,
        "import matplotlib.pyplot as plt\nplt.plot([1, 3, 2])\nplt.show()",
        "import seaborn as sns\nsns.lineplot(x=[1, 2, 3], y=[3, 1, 2])",
        "from rare_earth_trade.report.notebook import start\ndata = start(globals())\nplt.plot([1, 3, 2])",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": KERNEL_NAME, "language": "python"}
    run(nb, tmp_path)
    assert [len(images(c)) for c in nb.cells] == [0, 1, 1, 1]
    after_start = images(nb.cells[3])[0]
    assert "image/svg+xml" in after_start["data"]  # the report's formatter: SVG with the figure's facts
    assert after_start["metadata"]["report"]["figure"]["kind"] == "line chart"


def test_importing_the_package_changes_no_matplotlib_setting():
    script = f"""
import json, matplotlib
before = {{k: repr(v) for k, v in matplotlib.rcParams.items() if k != "backend"}}
backend = matplotlib.rcParams._get("backend")
{EVERY_MODULE}
after = {{k: repr(v) for k, v in matplotlib.rcParams.items() if k != "backend"}}
print(json.dumps({{"changed": sorted(k for k in before if before[k] != after[k]),
                  "backend": [repr(backend), repr(matplotlib.rcParams._get("backend"))],
                  "modules": len(modules)}}))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["modules"] > 30
    assert out["changed"] == []
    assert out["backend"][0] == out["backend"][1]
