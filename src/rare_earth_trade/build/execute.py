"""Run one report notebook with papermill, then render it: the unit of work of a build.

Runs in a worker process, so a build executes independent notebooks side by side.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from jupyter_client.manager import KernelManager

KERNEL_NAME = "rare-earth-trade"


class QuietKernelManager(KernelManager):
    """Kernels over local IPC sockets: no TCP ports, and no 'running over TCP' warning."""

    def __init__(self, **kwargs):
        import tempfile
        import uuid

        kwargs.setdefault("transport", "ipc")
        # IPC "addresses" are socket-file prefixes: unique per kernel, so kernels started side by
        # side never share a socket.
        kwargs.setdefault("ip", str(Path(tempfile.gettempdir()) / f"ret-kernel-{uuid.uuid4().hex[:12]}"))
        super().__init__(**kwargs)


@dataclass
class NotebookResult:
    name: str
    executed: Path
    html: Path | None = None
    pdf: Path | None = None
    seconds_execute: float = 0.0
    seconds_render: float = 0.0
    warnings: list[str] | None = None
    error: str | None = None  # message naming notebook and cell


def ensure_kernel() -> None:
    """Register the project's kernel in this environment if it is missing."""
    from jupyter_client.kernelspec import find_kernel_specs

    if KERNEL_NAME in find_kernel_specs():
        return
    import sys

    from ipykernel.kernelspec import install

    install(kernel_name=KERNEL_NAME, display_name="Python 3 (rare-earth-trade)", prefix=sys.prefix)


def _stderr_outputs(nb) -> list[str]:
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr" and out.get("text", "").strip():
                found.append(f"cell {i}: {out['text'].strip()[:300]}")
    return found


def run_notebook(
    source: Path,
    executed: Path,
    html: Path,
    pdf: Path,
    parameters: dict,
    timeout: int,
    running_header: str,
    colophon: str,
) -> NotebookResult:
    """Execute `source` into `executed`; on success render `html` and `pdf`, and write the files the
    report links (figure CSVs) beside `html`. Never raises for a failing cell: the result carries
    the error, and the failed notebook stays at `executed`."""
    import logging

    import nbformat
    import papermill as pm

    from .render import render_html, render_pdf

    logging.getLogger("papermill").setLevel(logging.WARNING)
    result = NotebookResult(source.stem, executed)
    t0 = time.perf_counter()
    try:
        pm.execute_notebook(
            str(source),
            str(executed),
            parameters=parameters,
            kernel_name=KERNEL_NAME,
            progress_bar=False,
            log_output=False,
            execution_timeout=timeout,
            start_timeout=120,
            cwd=str(executed.parent),
            kernel_manager_class="rare_earth_trade.build.execute.QuietKernelManager",
        )
    except pm.PapermillExecutionError as e:
        result.error = f"notebook {source.name} failed in cell {e.cell_index} (execution count {e.exec_count}): {e.ename}: {e.evalue}"
        return result
    except Exception as e:  # kernel died, timeout, bad notebook file...
        result.error = f"notebook {source.name} could not be executed: {type(e).__name__}: {e}"
        return result
    result.seconds_execute = time.perf_counter() - t0
    result.warnings = _stderr_outputs(nbformat.read(str(executed), as_version=4))
    t1 = time.perf_counter()
    try:
        text, files = render_html(executed, html.stem, running_header, colophon)
        for rel, content in sorted(files.items()):
            target = html.parent / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        html.write_text(text, encoding="utf-8")
        render_pdf(text, pdf)
    except Exception as e:
        result.error = f"notebook {source.name} ran but could not be rendered: {type(e).__name__}: {e}"
        return result
    result.html, result.pdf = html, pdf
    result.seconds_render = time.perf_counter() - t1
    return result
