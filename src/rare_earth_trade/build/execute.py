"""Run one report notebook with papermill, then render it: the unit of work of a build.

Runs in a worker process, so a build executes independent notebooks side by side.

Warm kernels: each worker of a build starts one kernel when the worker starts (`warm_up`, the
pool's initializer) and imports the report's modules in it while the worker imports nbconvert and
WeasyPrint; every notebook that worker runs then executes in that kernel, through papermill with
an engine that uses the worker's kernel instead of starting one (`WarmKernelEngine`). Before each
notebook the kernel is put back to the state a fresh kernel has after those imports: namespace
and history cleared, execution count 1, figures closed, matplotlib settings and warning filters
restored, working directory set (`RESET`). A notebook that fails, or a kernel that dies, retires
that kernel; the worker's next notebook gets a new one. Without `warm_up` (or with the environment
variable RARE_EARTH_FRESH_KERNELS=1) every notebook gets a fresh kernel, as papermill does by default.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from jupyter_client.manager import KernelManager

KERNEL_NAME = "rare-earth-trade"
ENGINE = "rare-earth-warm"

# What a warm kernel imports once: the modules every report notebook imports (pandas, matplotlib,
# seaborn, the data layer), then pyplot, as `start()` does; then the state to return to.
PRELOAD = """
import sys as _sys, warnings as _warnings
import matplotlib as _mpl
import rare_earth_trade.analysis.claims, rare_earth_trade.analysis.metrics, rare_earth_trade.analysis.sectors
import rare_earth_trade.analysis.accounting, rare_earth_trade.build.provenance
import rare_earth_trade.report.charts, rare_earth_trade.report.display, rare_earth_trade.report.narrative
import rare_earth_trade.report.notebook, rare_earth_trade.report.summary, rare_earth_trade.report.tables
import matplotlib.pyplot as _plt
_sys.modules["rare_earth_trade"]._warm_state = (dict(_mpl.rcParams.copy()), list(_warnings.filters))
del _sys, _warnings, _mpl, _plt
"""
RESET = """
import os as _os, sys as _sys, warnings as _warnings
import matplotlib as _mpl, matplotlib.pyplot as _plt
_plt.close("all")
_rc, _filters = _sys.modules["rare_earth_trade"]._warm_state
dict.update(_mpl.rcParams, _rc)
_warnings.filters[:] = _filters
_os.chdir({cwd!r})
get_ipython().reset(new_session=False)
get_ipython().execution_count = 1
__import__("gc").collect()
"""


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


class WarmKernel:
    """One kernel kept by a worker process for every notebook it runs."""

    def __init__(self, startup_timeout: float = 120):
        self.km = QuietKernelManager(kernel_name=KERNEL_NAME)
        self.km.start_kernel(cwd=os.getcwd())
        self.kc = self.km.client()
        self.kc.allow_stdin = False
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=startup_timeout)
        self.preload = self.kc.execute(PRELOAD, silent=True, store_history=False)  # runs while the worker imports
        self.ready = False

    def run(self, code: str, timeout: float = 300) -> None:
        """Execute code silently and wait for it; raise if it fails."""
        msg_id = self.kc.execute(code, silent=True, store_history=False)
        self._wait(msg_id, timeout)

    def _wait(self, msg_id: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            reply = self.kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        content = reply["content"]
        if content.get("status") != "ok":
            raise RuntimeError(f"{content.get('ename')}: {content.get('evalue')}")

    def reset(self, cwd: Path, timeout: float = 300) -> None:
        """Back to the state of a fresh kernel after the preload, working in `cwd`."""
        if not self.ready:
            self._wait(self.preload, timeout)
            self.ready = True
        self.run(RESET.format(cwd=str(cwd)), timeout)

    def alive(self) -> bool:
        return self.km.is_alive()

    def shutdown(self) -> None:
        try:
            self.kc.stop_channels()
            self.km.shutdown_kernel(now=True)
        except Exception:  # already gone
            pass


_warm: WarmKernel | None = None  # this worker's kernel (warm_up)
_warm_enabled = False


def without_slow_optional_imports() -> None:
    """jsonschema, which nbformat imports, imports the optional `rfc3987_syntax` when it is installed
    (JupyterLab's jupyter-events pulls it in), and that module compiles a grammar at import: about
    two seconds of CPU in every process. nbformat's schema checks no IRI format, so the build's
    workers go without it (jsonschema then skips that format check)."""
    import sys

    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


def warm_up() -> None:
    """Pool initializer: start this worker's kernel, and import the libraries the worker renders
    with while the kernel imports the report's modules."""
    global _warm_enabled
    import signal
    import sys
    from multiprocessing import util

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build's process handles ^C and stops the workers
    # Stopped by the build (SIGTERM): exit quietly, shutting this worker's kernel down on the way out.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    without_slow_optional_imports()
    if os.environ.get("RARE_EARTH_FRESH_KERNELS", "").strip() in ("1", "yes", "true"):
        return
    _warm_enabled = True
    util.Finalize(None, _retire_kernel, exitpriority=100)  # at worker exit, even when stopped
    try:
        _take_kernel()
    except Exception:  # no kernel now: the first notebook tries again, and reports what fails
        _retire_kernel()
    _import_renderers()


def _import_renderers() -> None:
    import nbformat  # noqa: F401
    import papermill  # noqa: F401
    import weasyprint  # noqa: F401

    from . import render  # noqa: F401  (nbconvert, BeautifulSoup)


def _take_kernel() -> WarmKernel:
    global _warm
    if _warm is None or not _warm.alive():
        _retire_kernel()
        _warm = WarmKernel()
    return _warm


def _retire_kernel() -> None:
    global _warm
    if _warm is not None:
        _warm.shutdown()
        _warm = None


def ping() -> int:
    """A no-op task: submitting it starts the pool's workers (and their kernels) at once."""
    return os.getpid()


def _engine():
    """papermill's nbclient engine, executing in the worker's warm kernel."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger

    class WarmKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None, **kwargs):
            warm = kwargs["warm"]
            client = PapermillNotebookClient(
                nb_man, km=warm.km, timeout=execution_timeout, startup_timeout=start_timeout,
                kernel_name=kernel_name, log=logger, log_output=log_output, stdout_file=stdout_file,
                stderr_file=stderr_file,
            )  # fmt: skip
            client.kc = warm.kc  # the kernel and its client stay up after the notebook
            return client.execute()

    if ENGINE not in papermill_engines._engines:
        papermill_engines.register(ENGINE, WarmKernelEngine)


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
    name: str | None = None,
) -> NotebookResult:
    """Execute `source` into `executed`; on success render `html` and `pdf`, and write the files the
    report links (figure CSVs) beside `html`. Never raises for a failing cell: the result carries
    the error, and the failed notebook stays at `executed`. `name` names the result (default: the
    notebook's stem; a destination brief's is e.g. `destinations/USA_brief`)."""
    import logging

    without_slow_optional_imports()
    import nbformat
    import papermill as pm

    from .render import render_html, render_pdf

    display = source.name if name is None else f"{source.name} ({name})"

    logging.getLogger("papermill").setLevel(logging.WARNING)
    result = NotebookResult(name or source.stem, executed)
    t0 = time.perf_counter()
    executed.parent.mkdir(parents=True, exist_ok=True)
    common = dict(parameters=parameters, kernel_name=KERNEL_NAME, progress_bar=False, log_output=False,
                  execution_timeout=timeout, start_timeout=120, cwd=str(executed.parent))  # fmt: skip
    try:
        if _warm_enabled:
            _engine()
            warm = _take_kernel()
            warm.reset(executed.parent)
            pm.execute_notebook(str(source), str(executed), engine_name=ENGINE, warm=warm, **common)
        else:
            pm.execute_notebook(str(source), str(executed),
                                kernel_manager_class="rare_earth_trade.build.execute.QuietKernelManager", **common)
    except pm.PapermillExecutionError as e:
        _retire_kernel()
        result.error = f"notebook {display} failed in cell {e.cell_index} (execution count {e.exec_count}): {e.ename}: {e.evalue}"
        return result
    except Exception as e:  # kernel died, timeout, bad notebook file...
        _retire_kernel()
        result.error = f"notebook {display} could not be executed: {type(e).__name__}: {e}"
        return result
    result.seconds_execute = time.perf_counter() - t0
    result.warnings = _stderr_outputs(nbformat.read(str(executed), as_version=4))
    t1 = time.perf_counter()
    try:
        text, files = render_html(executed, html.stem, running_header, colophon)
        html.parent.mkdir(parents=True, exist_ok=True)
        for rel, content in sorted(files.items()):
            target = html.parent / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        html.write_text(text, encoding="utf-8")
        render_pdf(text, pdf)
    except Exception as e:
        result.error = f"notebook {display} ran but could not be rendered: {type(e).__name__}: {e}"
        return result
    result.html, result.pdf = html, pdf
    result.seconds_render = time.perf_counter() - t1
    return result
