"""Publishing: staging folders, the lock, the atomic swap into reports/<date>/, manifests, index.

A report folder holds the reports of one report date, for one or more as-of months (file names
carry the as-of month). Publishing builds the complete new folder beside the old one, under an
exclusive lock, and swaps them with renames: a failed or interrupted build never touches it, and
two builds at once take turns at the swap without losing each other's files.
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


def new_staging(reports_dir: Path) -> Path:
    root = Path(reports_dir) / STAGING
    root.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"build-{os.getpid()}-", dir=root))


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
    shutil.rmtree(staged, ignore_errors=True)
    return target


def write_index(reports_dir: Path) -> Path:
    """reports/index.html: every published report, newest first, with links."""
    reports_dir = Path(reports_dir)
    rows = []
    for folder in sorted((p for p in reports_dir.iterdir() if p.is_dir() and not p.name.startswith(".")), reverse=True):
        manifest = read_manifest(folder)
        for as_of, entry in sorted(manifest["reports"].items(), reverse=True):
            links = " ".join(
                f'<a href="{html.escape(folder.name)}/{html.escape(f)}">{html.escape(label)}</a>'
                for label, f in entry.get("links", [])
            )
            rows.append(
                f"<tr><td>{html.escape(folder.name)}</td><td>{html.escape(as_of)}</td>"
                f"<td>{html.escape(entry.get('title', ''))}</td><td>{links}</td></tr>"
            )
    body = "\n".join(rows) or '<tr><td colspan="4">No reports published yet.</td></tr>'
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>China rare-earth trade: published reports</title>
<style>body{{font-family:"DejaVu Sans",Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}}
table{{border-collapse:collapse;width:100%;font-size:.9rem}}th,td{{text-align:left;border-bottom:1px solid #d9d9de;padding:.35rem .4rem;vertical-align:top}}
th{{border-bottom:2px solid #1d1d1f}}a{{color:#0173b2;margin-right:.5rem}}</style></head>
<body><h1>China rare-earth trade: published reports</h1>
<p>Newest first. Each report folder also holds the executed notebooks, the figure data (CSV) and manifest.json.</p>
<table><thead><tr><th>report date</th><th>data as of</th><th>brief</th><th>files</th></tr></thead>
<tbody>
{body}
</tbody></table></body></html>
"""
    tmp = reports_dir / ".index.html.tmp"
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(reports_dir / "index.html")
    return reports_dir / "index.html"
