"""`make report`: validate, execute the notebooks side by side, render, publish atomically.

Order of work:
1. a build key from the inputs, notebooks, code and parameters; if the published folder already
   holds a report with that key (compared with the same previous report), stop (a no-op rebuild
   imports no data library);
2. start the worker pool: each worker starts its kernel and imports the report's modules in it
   (build/execute.py, warm kernels) while this process validates the data and the parameters,
   destinations included, before any notebook runs;
3. execute and render each notebook (longest first), and each destination brief (the destination
   notebook once per code), in the workers, two at a time, into a staging folder; meanwhile this process writes
   the report's summary (`summary_<as-of>.json`, report/summary.py);
4. on any failure keep the failed executed notebooks under build/logs/ and publish nothing;
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
from ..errors import BuildError, ReportError
from ..paths import DATA_DIR, NOTEBOOKS_DIR, PROJECT_ROOT, REPORTS_DIR, display_path
from ..report import fmt
from .params import Parameters
from .provenance import digest, input_hashes, sha256
from .publish import new_staging, publish, read_manifest, release_staging

NOTEBOOK_PATTERN = "[0-9][0-9]_*.ipynb"  # every notebook so named is part of the report
DESTINATION_NOTEBOOK = "destination/destination_brief.ipynb"  # run once per code of `destinations`
DESTINATIONS = "destinations"  # their folder in a report
# Two workers, each with its warm kernel: a worker's kernel executes while the other worker renders,
# which keeps two cores busy; more workers only add kernels competing for the same cores.
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
    """Fingerprint of everything a report depends on; equal keys give byte-identical HTML (with the
    same previous report to compare with: `_up_to_date` checks that)."""
    h = hashlib.sha256()
    h.update(json.dumps(params.notebook_parameters(), sort_keys=True, default=str).encode())
    h.update(json.dumps(params.destinations).encode())
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


def _previous_of(reports_dir: Path, report_date: str, as_of: str) -> dict | None:
    """The published report this one compares itself with (its summary file and hash), or None."""
    from .changes import previous

    prev = previous(reports_dir, report_date, as_of)
    if prev is None:
        return None
    return {"report": f"{prev.date}/{prev.summary_path.name}", "sha256": sha256(prev.summary_path)}


def _up_to_date(folder: Path, key: str, reports_dir: Path) -> dict | None:
    for as_of, entry in read_manifest(folder)["reports"].items():
        if entry.get("build_key") != key or not all((folder / f).is_file() for f in entry.get("files", [])):
            continue
        # The brief says what changed since the previous report: a different previous report
        # (published since, or rebuilt) makes it stale.
        if entry.get("compared_with") != _previous_of(reports_dir, folder.name, as_of):
            continue
        return entry
    return None


def longest_first(notebooks: list[Path], reports_dir: Path) -> list[Path]:
    """The notebooks in the order that ends a two-worker build soonest: longest first, so that
    the last one to start is short and no worker idles while the other finishes a long one.
    Length is the notebook's execute + render seconds in the newest published manifest that
    times them all, else its file size (longer notebooks run longer: a proxy, right for ours)."""
    stems = [nb.stem for nb in notebooks]
    published = [p for p in reports_dir.iterdir() if p.is_dir() and p.name[:1].isdigit()] if reports_dir.is_dir() else []
    for folder in sorted(published, reverse=True):
        for entry in read_manifest(folder)["reports"].values():
            timed = entry.get("notebooks", {})
            if all(stem in timed for stem in stems):
                seconds = {stem: timed[stem]["execute_seconds"] + timed[stem]["render_seconds"] for stem in stems}
                return sorted(notebooks, key=lambda nb: -seconds[nb.stem])
    return sorted(notebooks, key=lambda nb: -nb.stat().st_size)


def _on_sigterm(signum, frame):
    raise KeyboardInterrupt


def destination_notebook(notebooks_dir: Path = NOTEBOOKS_DIR) -> Path:
    path = Path(notebooks_dir) / DESTINATION_NOTEBOOK
    if not path.is_file():
        raise BuildError(f"parameter destinations needs the destination brief notebook {display_path(path)}; it does not exist")
    return path


def build_report(params: Parameters, force: bool = False, say=print, notebooks_dir: Path = NOTEBOOKS_DIR) -> Path:
    started = time.perf_counter()
    data_dir = Path(params.data_dir or DATA_DIR).resolve()
    reports_dir = Path(params.reports_dir or REPORTS_DIR).resolve()
    params = replace(params, data_dir=str(data_dir), reports_dir=str(reports_dir),
                     report_date=params.report_date or date.today().isoformat())  # fmt: skip
    notebooks = discover(notebooks_dir)
    per_destination = destination_notebook(notebooks_dir) if params.destinations else None
    key = build_key(params, [*notebooks, *([per_destination] if per_destination else [])], data_dir)
    folder = reports_dir / params.report_date
    if not force and (entry := _up_to_date(folder, key, reports_dir)):
        as_of = entry["parameters"]["as_of"]
        say(f"Up to date: {display_path(folder)} already holds this report (as of {as_of}); nothing rebuilt. Use FORCE=1 to rebuild.")
        return folder

    from .execute import ensure_kernel

    ensure_kernel()
    previous_handler = signal.signal(signal.SIGTERM, _on_sigterm)
    n = len(notebooks) + len(params.destinations)
    pool = _start_pool(min(WORKERS, n))  # workers start their kernels while the data are validated
    jobs_done = False
    try:
        params = _validate(params, data_dir, say)
        as_of = params.as_of
        what = f"{len(notebooks)} notebooks" + (f" and {len(params.destinations)} destination briefs" if params.destinations else "")
        say(f"Building the report as of {as_of} for {params.report_date}: {what}, {min(WORKERS, n)} at a time.")
        staging = new_staging(reports_dir)
        try:
            jobs = _submit(pool, longest_first(notebooks, reports_dir), per_destination, staging, params)
            summary = _write_summary(params, staging)  # in this process, while the workers run
            compared_with = _previous_of(reports_dir, params.report_date, as_of)
            results = _collect(jobs, staging, say)
            jobs_done = True
            entry = _manifest_entry(params, key, results, staging, data_dir, started, compared_with, summary)
            target = publish(staging, reports_dir, params.report_date, as_of, entry)
        except BaseException:
            release_staging(staging)
            raise
    except BaseException as e:
        if isinstance(e, ReportError) and jobs_done:  # a failed notebook: the workers are idle
            pool.shutdown(wait=True)
        else:  # bad data or parameters (no notebook ran), or interrupted: stop the workers and kernels now
            _stop_children()
            pool.shutdown(wait=False, cancel_futures=True)
        raise
    else:
        pool.shutdown()  # each worker shuts its kernel down as it exits
    finally:
        signal.signal(signal.SIGTERM, previous_handler)
    say(f"Published {display_path(target)} in {time.perf_counter() - started:.1f} s; index: {display_path(reports_dir / 'index.html')}")
    return target


def _validate(params: Parameters, data_dir: Path, say) -> Parameters:
    """The data and the parameters, checked before any notebook runs; the parameters completed."""
    from ..analysis.destination import with_data
    from ..ledger import vocab
    from ..series.dataset import Dataset
    from .params import check_destinations, validate_against_data

    say(f"Validating data in {display_path(data_dir)} ...")
    data = Dataset(data_dir)
    data.validate_all()
    partners = set(vocab.partners())
    params = validate_against_data(params, data.months(), partners)
    as_of_data = data.truncated(params.as_of).prime()  # dataset cache: kernels load it (Dataset, series/cache.py)
    if params.destinations:
        check_destinations(params.destinations, with_data(as_of_data.series), partners, params.as_of)
    return params


def _start_pool(workers: int) -> ProcessPoolExecutor:
    from .execute import ping, warm_up

    pool = ProcessPoolExecutor(max_workers=workers, initializer=warm_up)
    pool.submit(ping)  # starts every worker now (and with it, its kernel)
    return pool


def _submit(pool: ProcessPoolExecutor, notebooks: list[Path], per_destination: Path | None, staging: Path,
            params: Parameters) -> dict:
    from ..ledger.vocab import partner_name
    from .execute import run_notebook

    (staging / "notebooks").mkdir(parents=True)
    as_of = params.as_of
    header = f"China's rare-earth trade, data as of {fmt.month(as_of)}"
    colophon = (
        f"Built {params.report_date} from the project's ledger of China customs figures; "
        "parameters and input hashes in manifest.json."
    )
    base = params.notebook_parameters()
    jobs = {}
    for nb in notebooks:
        stem = f"{nb.stem}_{as_of}"
        args = (nb, staging / "notebooks" / f"{stem}.ipynb", staging / f"{stem}.html", staging / f"{stem}.pdf", base,
                params.timeout, header, colophon)  # fmt: skip
        jobs[pool.submit(run_notebook, *args)] = nb.stem
    for code in params.destinations:
        stem = f"{code}_brief_{as_of}"
        name = f"{DESTINATIONS}/{code}_brief"
        args = (per_destination, staging / "notebooks" / DESTINATIONS / f"{stem}.ipynb",
                staging / DESTINATIONS / f"{stem}.html", staging / DESTINATIONS / f"{stem}.pdf",
                base | {"destination": code}, params.timeout,
                f"China's rare-earth trade: {partner_name(code)}, data as of {fmt.month(as_of)}", colophon, name)  # fmt: skip
        jobs[pool.submit(run_notebook, *args)] = name
    return jobs


def _write_summary(params: Parameters, staging: Path) -> dict:
    """summary_<as-of>.json: what `diff`, the index and the next report's brief compare."""
    from ..report.asof import load_as_of
    from ..report.summary import report_summary
    from .changes import write

    summary = report_summary(load_as_of(params))
    write(summary, staging)
    return summary


def _collect(jobs: dict, staging: Path, say) -> list:
    results = []
    for done in as_completed(jobs):
        r = done.result()
        results.append(r)
        if r.error:
            say(f"  FAILED {r.name}")
        else:
            say(f"  done   {r.name}: executed in {r.seconds_execute:.1f} s, rendered in {r.seconds_render:.1f} s")
            for w in r.warnings or []:
                say(f"  warning in {r.name}, {w}")
    failed = [r for r in results if r.error]
    if failed:
        logs = _keep_logs(failed, staging)
        raise BuildError(
            "\n".join(r.error for r in sorted(failed, key=lambda r: r.name))
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


def _manifest_entry(params: Parameters, key: str, results: list, staging: Path, data_dir: Path, started: float,
                    compared_with: dict | None, summary: dict) -> dict:
    from bs4 import BeautifulSoup

    from ..ledger.vocab import partner_name

    files = sorted(str(p.relative_to(staging)) for p in staging.rglob("*") if p.is_file())
    main = [r for r in results if not r.name.startswith(f"{DESTINATIONS}/")]
    brief = next((r for r in main if r.name.endswith("brief")), main[0])
    title = BeautifulSoup(brief.html.read_text(encoding="utf-8"), "html.parser").title.get_text()
    links = []
    for r in main:
        label = r.name.split("_", 1)[1].replace("_", " ")
        links += [(label, r.html.name), (f"{label} (PDF)", r.pdf.name)]
    destinations = [
        {"code": code, "name": partner_name(code),
         "html": f"{DESTINATIONS}/{code}_brief_{params.as_of}.html", "pdf": f"{DESTINATIONS}/{code}_brief_{params.as_of}.pdf"}
        for code in params.destinations
    ]  # fmt: skip
    shown = {"data_dir": display_path(params.data_dir), "reports_dir": display_path(params.reports_dir)}
    return {
        "title": title,
        "build_key": key,
        "parameters": params.notebook_parameters() | shown | {"destinations": list(params.destinations)},
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
        "destinations": destinations,
        "summary": f"summary_{params.as_of}.json",
        "compared_with": compared_with,
        "freshness": summary.get("freshness", {}).get("text", ""),
    }
