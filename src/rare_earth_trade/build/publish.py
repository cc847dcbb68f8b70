"""Publishing: staging folders, the lock, the atomic swap into reports/<date>/, manifests, index.

A report folder holds the reports of one report date, for one or more as-of months (file names
carry the as-of month). Publishing builds the complete new folder beside the old one, under an
exclusive lock, and swaps them with renames: a failed or interrupted build never touches it, and
two builds at once take turns at the swap without losing each other's files.

Published folders are 0755 and files 0644 whatever the builder's umask, so a web server or a
colleague can read them. Beside each staging folder lies a lock file its build keeps locked while
it runs; the kernel drops the lock when the process dies (even on SIGKILL), so the next build can tell
a leftover from a build still running and removes only the leftovers.
"""

from __future__ import annotations

import fcntl
import html
import json
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

MANIFEST = "manifest.json"
STAGING = ".staging"
TRASH = ".trash"


DIR_MODE, FILE_MODE = 0o755, 0o644
_held: dict[Path, object] = {}  # staging folder -> its open, locked lock file (kept for the build's life)


def new_staging(reports_dir: Path) -> Path:
    """A private folder for one build, locked for as long as this process lives."""
    root = Path(reports_dir) / STAGING
    root.mkdir(parents=True, exist_ok=True)
    remove_leftovers(reports_dir)
    # The lock exists and is held before the folder does, so no other build can take the folder
    # for a leftover.
    fd, lock = tempfile.mkstemp(prefix=f"build-{os.getpid()}-", suffix=".lock", dir=root)
    handle = os.fdopen(fd, "w")
    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    folder = Path(lock).with_suffix("")
    folder.mkdir()
    _held[folder] = handle
    return folder


def _lock_of(folder: Path) -> Path:
    return folder.parent / f"{folder.name}.lock"


def release_staging(folder: Path) -> None:
    """Remove a build's staging folder and drop its lock."""
    shutil.rmtree(folder, ignore_errors=True)
    handle = _held.pop(Path(folder), None)
    if handle is not None:
        _lock_of(Path(folder)).unlink(missing_ok=True)
        handle.close()


def remove_leftovers(reports_dir: Path) -> list[Path]:
    """Delete staging folders of builds that died (their lock is free); leave running builds alone."""
    removed = []
    root = Path(reports_dir) / STAGING
    names = {p.name.removesuffix(".lock") for p in root.glob("build-*")} if root.is_dir() else set()
    for folder in sorted(root / n for n in names):
        if folder in _held:
            continue
        lock = _lock_of(folder)
        try:
            with open(lock, "a") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                shutil.rmtree(folder, ignore_errors=True)
                lock.unlink(missing_ok=True)
        except BlockingIOError:
            continue  # a live build holds it
        removed.append(folder)
    return removed


def make_readable(folder: Path) -> None:
    """Folders 0755, files 0644: published reports are readable by others whatever the umask."""
    os.chmod(folder, DIR_MODE)
    for path in Path(folder).rglob("*"):
        os.chmod(path, DIR_MODE if path.is_dir() else FILE_MODE)


@contextmanager
def publish_lock(reports_dir: Path, timeout: float = 600.0):
    """Exclusive lock on reports/ for the swap (waits for another build to finish its swap)."""
    Path(reports_dir).mkdir(parents=True, exist_ok=True)
    with open(Path(reports_dir) / ".lock", "w") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"another build holds {reports_dir}/.lock") from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read_manifest(folder: Path) -> dict:
    path = Path(folder) / MANIFEST
    if not path.is_file():
        return {"reports": {}}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, OSError):
        return {"reports": {}}
    return data if isinstance(data.get("reports"), dict) else {"reports": {}}


def recover(reports_dir: Path) -> None:
    """Finish a swap an interruption cut short: a folder in .trash with no published twin goes back."""
    for merge in (Path(reports_dir) / STAGING).glob("merge-*"):
        shutil.rmtree(merge, ignore_errors=True)  # only a killed publish leaves one: we hold the lock
    trash = Path(reports_dir) / TRASH
    if not trash.is_dir():
        return
    for old in sorted(trash.iterdir()):
        date = old.name.split("~")[0]
        target = Path(reports_dir) / date
        if target.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.rename(target)


def publish(staged: Path, reports_dir: Path, report_date: str, as_of: str, entry: dict) -> Path:
    """Merge the staged files for (report_date, as_of) into reports/<report_date>/ atomically."""
    reports_dir = Path(reports_dir)
    target = reports_dir / report_date
    with publish_lock(reports_dir):
        recover(reports_dir)
        merged = Path(tempfile.mkdtemp(prefix=f"merge-{report_date}-", dir=reports_dir / STAGING))
        manifest = read_manifest(target)
        keep = {f for a, e in manifest["reports"].items() if a != as_of for f in e.get("files", [])}
        for rel in sorted(keep):
            src = target / rel
            if src.is_file():
                dst = merged / rel
                dst.parent.mkdir(parents=True, exist_ok=True)
                os.link(src, dst)
        for src in sorted(p for p in staged.rglob("*") if p.is_file()):
            rel = src.relative_to(staged)
            dst = merged / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(src), dst)
        manifest["reports"] = {a: e for a, e in manifest["reports"].items() if a != as_of}
        manifest["reports"][as_of] = entry
        manifest["report_date"] = report_date
        (merged / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        make_readable(merged)
        if target.exists():
            trash = reports_dir / TRASH
            trash.mkdir(exist_ok=True)
            old = trash / f"{report_date}~{os.getpid()}~{time.time_ns()}"
            target.rename(old)
            merged.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            merged.rename(target)
        write_index(reports_dir)
    release_staging(staged)
    return target


def _change_lines(reports_dir: Path) -> dict[tuple[str, str], str]:
    """(report date, as-of month) -> the index's "what changed" line, each report against the one
    published before it (from the summaries the reports keep)."""
    from . import changes

    out = {}
    reports = changes.published(reports_dir)
    for prev, report in zip([None, *reports], reports):
        try:
            result = changes.compare(changes.load(prev), changes.load(report)) if prev else None
            out[(report.date, report.as_of)] = changes.one_line(result)
        except changes.ComparisonError as e:
            out[(report.date, report.as_of)] = f"Cannot compare with the previous report: {e}"
    return out


def write_index(reports_dir: Path) -> Path:
    """reports/index.html: every published report, newest first, with links, what changed since the
    report before it, how fresh its data were, and its destination briefs."""
    reports_dir = Path(reports_dir)
    changed = _change_lines(reports_dir)
    rows = []
    for folder in sorted((p for p in reports_dir.iterdir() if p.is_dir() and not p.name.startswith(".")), reverse=True):
        manifest = read_manifest(folder)
        for as_of, entry in sorted(manifest["reports"].items(), reverse=True):
            def a(label: str, f: str, folder: Path = folder) -> str:
                return f'<a href="{html.escape(folder.name)}/{html.escape(f)}">{html.escape(label)}</a>'

            links = " ".join(a(label, f) for label, f in entry.get("links", []))
            briefs = [f"{a(d['code'], d['html'])} ({a('PDF', d['pdf'])})" for d in entry.get("destinations", [])]
            if briefs:
                links += '<p class="destinations">Destination briefs: ' + " · ".join(briefs) + "</p>"
            notes = ""
            if (folder.name, as_of) in changed:
                notes += f'<p class="changes">{html.escape(changed[(folder.name, as_of)])}</p>'
            if entry.get("freshness"):
                notes += f'<p class="freshness">{html.escape(entry["freshness"])}</p>'
            rows.append(
                f"<tr><td>{html.escape(folder.name)}</td><td>{html.escape(as_of)}</td>"
                f"<td>{html.escape(entry.get('title', ''))}{notes}</td><td>{links}</td></tr>"
            )
    body = "\n".join(rows) or '<tr><td colspan="4">No reports published yet.</td></tr>'
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>China rare-earth trade: published reports</title>
<style>body{{font-family:"DejaVu Sans",Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}}
table{{border-collapse:collapse;width:100%;font-size:.9rem}}th,td{{text-align:left;border-bottom:1px solid #d9d9de;padding:.35rem .4rem;vertical-align:top}}
th{{border-bottom:2px solid #1d1d1f}}a{{color:#0173b2;margin-right:.5rem}}
p.changes,p.freshness,p.destinations{{margin:.3rem 0 0;font-size:.85rem;color:#3a3a3f}}p.changes{{font-weight:bold}}</style></head>
<body><h1>China rare-earth trade: published reports</h1>
<p>Newest first. Under each title: what changed since the report before it, and how fresh its data were on
its report date. Each report folder also holds the executed notebooks, the figure data (CSV), manifest.json and
summary_&lt;as-of&gt;.json (compare two reports with <code>python -m rare_earth_trade diff reports/A reports/B</code>).</p>
<table><thead><tr><th>report date</th><th>data as of</th><th>brief</th><th>files</th></tr></thead>
<tbody>
{body}
</tbody></table></body></html>
"""
    tmp = reports_dir / ".index.html.tmp"
    tmp.write_text(page, encoding="utf-8")
    os.chmod(tmp, FILE_MODE)
    tmp.replace(reports_dir / "index.html")
    return reports_dir / "index.html"
