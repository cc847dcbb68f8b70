"""`make report`: validate, execute the notebooks side by side, render, publish atomically.

Order of work:
1. a build key from the inputs, notebooks, code and parameters; if the published folder already
   holds a report with that key, stop (a no-op rebuild imports no data library);
2. validate the data and the parameters before any notebook runs;
3. execute and render each notebook in a worker process (two at a time), into a staging folder;
4. on any failure keep the failed executed notebook under build/logs/ and publish nothing;
5. otherwise write the manifest and swap the staged files into reports/<report-date>/.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import replace
from datetime import date, datetime
from importlib import metadata
from pathlib import Path

from .. import __version__
from ..errors import BuildError
from ..paths import DATA_DIR, NOTEBOOKS_DIR, PROJECT_ROOT, REPORTS_DIR, display_path
from ..report import fmt
from .params import Parameters
from .provenance import digest, input_hashes, sha256
from .publish import new_staging, publish, read_manifest, release_staging

NOTEBOOK_PATTERN = "[0-9][0-9]_*.ipynb"  # every notebook so named is part of the report
WORKERS = 2
PACKAGES = "pandas numpy matplotlib seaborn pandera papermill nbclient nbconvert ipykernel weasyprint jupytext pyyaml".split()


def discover(notebooks_dir: Path = NOTEBOOKS_DIR) -> list[Path]:
    found = sorted(Path(notebooks_dir).glob(NOTEBOOK_PATTERN))
    if not found:
        raise BuildError(f"no report notebooks ({NOTEBOOK_PATTERN}) in {display_path(notebooks_dir)}")
    return found


def _code_files() -> list[Path]:
    pkg = Path(__file__).parents[1]  # the whole package: any code change invalidates the build key
    return sorted(p for p in pkg.rglob("*") if p.is_file() and p.suffix in {".py", ".j2", ".css", ".json"})


def build_key(params: Parameters, notebooks: list[Path], data_dir: Path) -> str:
    """Fingerprint of everything a report depends on; equal keys give byte-identical HTML."""
    h = hashlib.sha256()
    h.update(json.dumps(params.notebook_parameters(), sort_keys=True, default=str).encode())
    h.update(digest(input_hashes(data_dir)).encode())
    for p in [*notebooks, *_code_files()]:
        h.update(f"{p.name}:{sha256(p)}".encode())
    h.update(__version__.encode())
    return h.hexdigest()[:24]


def _versions() -> dict[str, str]:
    out = {"python": sys.version.split()[0], "rare-earth-trade": __version__}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def _git_revision(root: Path = PROJECT_ROOT) -> str:
    try:
        rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=5)
        if rev.returncode != 0:
            return "unknown (not a git checkout)"
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True, timeout=5)
        return rev.stdout.strip() + ("+uncommitted-changes" if dirty.stdout.strip() else "")
    except (OSError, subprocess.TimeoutExpired):
        return "unknown (git not available)"


def _up_to_date(folder: Path, key: str) -> dict | None:
    for entry in read_manifest(folder)["reports"].values():
        if entry.get("build_key") == key and all((folder / f).is_file() for f in entry.get("files", [])):
            return entry
    return None


def _on_sigterm(signum, frame):
    raise KeyboardInterrupt


def build_report(params: Parameters, force: bool = False, say=print, notebooks_dir: Path = NOTEBOOKS_DIR) -> Path:
    started = time.perf_counter()
    data_dir = Path(params.data_dir or DATA_DIR).resolve()
    reports_dir = Path(params.reports_dir or REPORTS_DIR).resolve()
    params = replace(params, data_dir=str(data_dir), report_date=params.report_date or date.today().isoformat())
    notebooks = discover(notebooks_dir)
    key = build_key(params, notebooks, data_dir)
    folder = reports_dir / params.report_date
    if not force and (entry := _up_to_date(folder, key)):
        as_of = entry["parameters"]["as_of"]
        say(f"Up to date: {display_path(folder)} already holds this report (as of {as_of}); nothing rebuilt. Use FORCE=1 to rebuild.")
        return folder

    # Validate before any notebook runs: data problems and parameter problems stop here.
    from ..ledger import vocab
    from ..series.dataset import Dataset
    from .execute import ensure_kernel
    from .params import validate_against_data

    say(f"Validating data in {display_path(data_dir)} ...")
    data = Dataset(data_dir)
    data.validate_all()
    params = validate_against_data(params, data.months(), set(vocab.partners()))
    data.truncated(params.as_of).prime()  # dataset cache: kernels load it (Dataset, series/cache.py)
    ensure_kernel()
    as_of = params.as_of
    say(f"Building the report as of {as_of} for {params.report_date}: {len(notebooks)} notebooks, {WORKERS} at a time.")

    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    staging = new_staging(reports_dir)
    try:
        results = _run_all(notebooks, staging, params, as_of, say)
        entry = _manifest_entry(params, key, results, staging, data_dir, started)
        target = publish(staging, reports_dir, params.report_date, as_of, entry)
    except BaseException:
        release_staging(staging)
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)
    say(f"Published {display_path(target)} in {time.perf_counter() - started:.1f} s; index: {display_path(reports_dir / 'index.html')}")
    return target


def _run_all(notebooks: list[Path], staging: Path, params: Parameters, as_of: str, say) -> list:
    from .execute import run_notebook

    (staging / "notebooks").mkdir(parents=True)
    header = f"China's rare-earth trade, data as of {fmt.month(as_of)}"
    colophon = (
        f"Built {params.report_date} from the project's ledger of China customs figures; "
        "parameters and input hashes in manifest.json."
    )
    base = params.notebook_parameters()
    jobs = {}
    results = []
    pool = ProcessPoolExecutor(max_workers=WORKERS)
    try:
        for nb in notebooks:
            stem = f"{nb.stem}_{as_of}"
            executed = staging / "notebooks" / f"{stem}.ipynb"
            args = (nb, executed, staging / f"{stem}.html", staging / f"{stem}.pdf", base, params.timeout, header, colophon)
            jobs[pool.submit(run_notebook, *args)] = nb
        for done in as_completed(jobs):
            r = done.result()
            results.append(r)
            if r.error:
                say(f"  FAILED {r.name}")
            else:
                say(f"  done   {r.name}: executed in {r.seconds_execute:.1f} s, rendered in {r.seconds_render:.1f} s")
                for w in r.warnings or []:
                    say(f"  warning in {r.name}, {w}")
    except BaseException:
        _stop_children()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    failed = [r for r in results if r.error]
    if failed:
        logs = _keep_logs(failed, staging)
        raise BuildError(
            "\n".join(r.error for r in failed)
            + f"\nThe executed notebook(s) are kept for inspection in {display_path(logs)}; nothing was published."
        )
    return sorted(results, key=lambda r: r.name)


def _stop_children(grace: float = 3.0) -> None:
    """Stop the workers and the kernels they started (kernels run in sessions of their own, so
    they would otherwise outlive an interrupted build)."""
    import psutil

    children = psutil.Process().children(recursive=True)
    for child in children:
        try:
            child.terminate()
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(children, timeout=grace)
    for child in alive:
        try:
            child.kill()
        except psutil.NoSuchProcess:
            pass


def _keep_logs(failed: list, staging: Path) -> Path:
    logs = staging.parent.parent.parent / "build" / "logs" / f"{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}"
    logs.mkdir(parents=True, exist_ok=True)
    for r in failed:
        if r.executed.is_file():
            shutil.copy2(r.executed, logs / r.executed.name)
    return logs


def _manifest_entry(params: Parameters, key: str, results: list, staging: Path, data_dir: Path, started: float) -> dict:
    from bs4 import BeautifulSoup

    files = sorted(str(p.relative_to(staging)) for p in staging.rglob("*") if p.is_file())
    brief = next((r for r in results if r.name.endswith("brief")), results[0])
    title = BeautifulSoup(brief.html.read_text(encoding="utf-8"), "html.parser").title.get_text()
    links = []
    for r in results:
        label = r.name.split("_", 1)[1].replace("_", " ")
        links += [(label, r.html.name), (f"{label} (PDF)", r.pdf.name)]
    return {
        "title": title,
        "build_key": key,
        "parameters": params.notebook_parameters() | {"data_dir": display_path(params.data_dir)},
        "inputs": input_hashes(data_dir),
        "notebooks": {
            r.name: {"execute_seconds": round(r.seconds_execute, 2), "render_seconds": round(r.seconds_render, 2)}
            for r in results
        },
        "total_seconds": round(time.perf_counter() - started, 2),
        "versions": _versions(),
        "git_revision": _git_revision(),
        "files": files,
        "links": links,
    }
