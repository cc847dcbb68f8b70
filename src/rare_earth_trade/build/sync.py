"""Keep the copies of the parameter table in step with `build/params.py` (`make params`).

The notebooks' `parameters` cells, the Makefile's `REPORT_PARAMETERS` line and the README's
parameter table are generated text. `check()` lists what has drifted (the tests call it);
`write()` regenerates it.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..paths import NOTEBOOKS_DIR, PROJECT_ROOT
from .params import make_line, notebook_cell, readme_table

README_START = "<!-- parameters: generated from src/rare_earth_trade/build/params.py by `make params` -->"
README_END = "<!-- end of parameters -->"
MAKE_BLOCK = re.compile(r"^REPORT_PARAMETERS :=.*?(?<!\\)\n", re.MULTILINE | re.DOTALL)
NOTEBOOK_PATTERN = "[0-9][0-9]_*.ipynb"
DESTINATION_PATTERN = "destination/*.ipynb"  # destination briefs: their cell adds `destination`


def _notebooks(notebooks_dir: Path) -> list[tuple[Path, str]]:
    """Every notebook with a generated parameters cell, and that cell's source."""
    found = [(p, notebook_cell()) for p in sorted(Path(notebooks_dir).glob(NOTEBOOK_PATTERN))]
    return found + [(p, notebook_cell(destination=True)) for p in sorted(Path(notebooks_dir).glob(DESTINATION_PATTERN))]


def _parameters_cells(nb) -> list:
    return [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]


def _readme_block(text: str) -> str | None:
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        return None
    return text[start + len(README_START) : end].strip()


def check(root: Path = PROJECT_ROOT, notebooks_dir: Path = NOTEBOOKS_DIR) -> list[str]:
    """What differs from build/params.py, one line each (empty: all in step)."""
    import jupytext

    drift = []
    for path, cell in _notebooks(notebooks_dir):
        for form in (path, path.with_suffix(".py")):
            if not form.is_file():
                continue
            cells = _parameters_cells(jupytext.read(form))
            if len(cells) != 1:
                drift.append(f"{form.name}: {len(cells)} cells tagged 'parameters' (expected 1)")
            elif cells[0].source.strip() != cell:
                drift.append(f"{form.name}: the parameters cell differs from build/params.py")
    makefile = (root / "Makefile").read_text(encoding="utf-8")
    m = MAKE_BLOCK.search(makefile)
    if m is None or m.group(0).strip() != make_line():
        drift.append("Makefile: the REPORT_PARAMETERS line differs from build/params.py")
    if _readme_block((root / "README.md").read_text(encoding="utf-8")) != readme_table():
        drift.append("README.md: the parameter table differs from build/params.py")
    return drift


def write(root: Path = PROJECT_ROOT, notebooks_dir: Path = NOTEBOOKS_DIR) -> list[Path]:
    """Regenerate every copy; the changed files."""
    import nbformat
    from jupytext.cli import jupytext as jupytext_cli

    changed = []
    for path, cell in _notebooks(notebooks_dir):
        nb = nbformat.read(path, as_version=4)
        cells = _parameters_cells(nb)
        if len(cells) == 1 and cells[0].source != cell:
            cells[0].source = cell
            nbformat.write(nb, path)
            changed.append(path)
            if path.with_suffix(".py").is_file():
                jupytext_cli(["--quiet", "--sync", str(path)])
                changed.append(path.with_suffix(".py"))
    makefile = root / "Makefile"
    text = makefile.read_text(encoding="utf-8")
    new = MAKE_BLOCK.sub(lambda _: make_line() + "\n", text, count=1)
    if new != text:
        makefile.write_text(new, encoding="utf-8")
        changed.append(makefile)
    readme = root / "README.md"
    text = readme.read_text(encoding="utf-8")
    block = _readme_block(text)
    if block is not None and block != readme_table():
        start, end = text.find(README_START) + len(README_START), text.find(README_END)
        readme.write_text(text[:start] + "\n" + readme_table() + "\n" + text[end:], encoding="utf-8")
        changed.append(readme)
    return changed
