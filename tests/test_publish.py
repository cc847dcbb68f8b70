"""Publishing on a shared machine: readable folders whatever the umask, leftovers of dead builds removed."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from rare_earth_trade.build.publish import new_staging, publish, release_staging, remove_leftovers


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def strict_umask():
    old = os.umask(0o077)
    yield
    os.umask(old)


def test_published_folders_and_files_are_readable_by_others_whatever_the_umask(tmp_path, strict_umask):
    reports = tmp_path / "reports"
    staged = new_staging(reports)
    (staged / "figures").mkdir()
    (staged / "brief.html").write_text("<p>brief</p>", encoding="utf-8")
    (staged / "figures" / "fig01.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    target = publish(staged, reports, "2026-11-29", "2026-03", {"files": ["brief.html", "figures/fig01.csv"]})
    assert mode(target) == 0o755 and mode(target / "figures") == 0o755
    for f in ("brief.html", "figures/fig01.csv", "manifest.json"):
        assert mode(target / f) == 0o644, f
    assert mode(reports / "index.html") == 0o644


def _holder(reports: Path) -> subprocess.Popen:
    """A process that opens a staging folder like a build does, says where, and waits."""
    code = textwrap.dedent(f"""
        import sys, time
        from rare_earth_trade.build.publish import new_staging
        print(new_staging({str(reports)!r}), flush=True)
        time.sleep(120)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    proc.folder = Path(proc.stdout.readline().strip())
    assert proc.folder.is_dir()
    return proc


def test_the_staging_folder_of_a_killed_build_is_removed_by_the_next_build(tmp_path):
    reports = tmp_path / "reports"
    dead = _holder(reports)
    dead.send_signal(signal.SIGKILL)
    dead.wait()
    mine = new_staging(reports)
    assert not dead.folder.exists()
    assert not any(p.name.startswith(dead.folder.name) for p in (reports / ".staging").iterdir())
    assert mine.is_dir()
    release_staging(mine)


def test_the_staging_folder_of_a_running_build_is_left_alone(tmp_path):
    reports = tmp_path / "reports"
    alive = _holder(reports)
    try:
        mine = new_staging(reports)
        assert remove_leftovers(reports) == []
        assert alive.folder.is_dir() and mine.is_dir()
    finally:
        alive.kill()
        alive.wait()
    release_staging(mine)
    assert remove_leftovers(reports) == [alive.folder]
    assert not any((reports / ".staging").glob("build-*"))
