"""The dataset cache: the validated, resolved dataset built once and reused by every notebook kernel.

A cache entry is one pickle file, `<cache dir>/dataset-<key>.pkl`, holding a dataset's computed
frames (ledger, resolved, series, reconciliation, status, misattributions, the raw tables and the
release calendar). The key is a SHA-256 of
- the code version: the package version, the Python and pandas versions, and the source of the
  modules that build the dataset (ledger/, series/, errors.py, paths.py);
- every input file: each file under the data folder's raw/ and reference/ (and the project's
  reference/), by relative path and content hash, and where the raw folder is (the ledger
  names each row's file by its path);
- the as-of month (a dataset as of a month is its own entry).
Changed inputs or code give a new key; an entry that cannot be read, or holds another key, is
rebuilt silently. Writes are atomic (a temporary file renamed into place), so kernels running at
the same time never see half an entry. The newest KEEP entries are kept.

Where: `build/cache/` of the project, or the folder named by the environment variable
RARE_EARTH_CACHE_DIR; RARE_EARTH_CACHE=0 turns the cache off (every Dataset computes afresh).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import platform
import sys
from functools import cache
from pathlib import Path

from ..paths import BUILD_DIR, REFERENCE_DIR

KEEP = 24
FORMAT = 1  # bump when the content of an entry changes shape
_PACKAGE = Path(__file__).resolve().parents[1]


def enabled() -> bool:
    return os.environ.get("RARE_EARTH_CACHE", "1").strip().lower() not in {"0", "no", "off", "false"}


def cache_dir() -> Path:
    return Path(os.environ.get("RARE_EARTH_CACHE_DIR") or BUILD_DIR / "cache")


@cache
def code_version() -> str:
    import pandas

    from .. import __version__

    h = hashlib.sha256(f"{FORMAT}|{__version__}|{platform.python_version()}|{pandas.__version__}".encode())
    files = sorted([*(_PACKAGE / "ledger").rglob("*.py"), *(_PACKAGE / "series").rglob("*.py"),
                    _PACKAGE / "errors.py", _PACKAGE / "paths.py"])  # fmt: skip
    for path in files:
        h.update(str(path.relative_to(_PACKAGE)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _hash_tree(h, root: Path, label: str) -> None:
    if not root.is_dir():
        return
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(f"{label}/{path.relative_to(root)}".encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())


def dataset_key(raw_dir: Path, reference_dir: Path, as_of: str | None) -> str:
    h = hashlib.sha256(code_version().encode())
    # Where the files are counts too: the ledger names each row's file by its path.
    h.update(f"raw_dir={Path(raw_dir).resolve()}".encode())
    _hash_tree(h, Path(raw_dir), "raw")
    _hash_tree(h, Path(reference_dir), "reference")
    if Path(reference_dir).resolve() != REFERENCE_DIR.resolve():
        _hash_tree(h, REFERENCE_DIR, "project-reference")
    h.update(f"as_of={as_of}".encode())
    return h.hexdigest()[:32]


def _path(key: str) -> Path:
    return cache_dir() / f"dataset-{key}.pkl"


def load(key: str) -> dict | None:
    """The entry for `key`, or None when there is none or it cannot be used (then it is rebuilt)."""
    path = _path(key)
    try:
        with open(path, "rb") as f:
            entry = pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception:  # corrupt, truncated or written by other code: rebuild silently
        return None
    if not isinstance(entry, dict) or entry.get("key") != key or entry.get("format") != FORMAT:
        return None
    return entry


def store(key: str, entry: dict) -> None:
    """Write an entry atomically; a cache that cannot be written is skipped, never an error."""
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".dataset-{key}.{os.getpid()}.tmp"
        with open(tmp, "wb") as f:
            pickle.dump({**entry, "key": key, "format": FORMAT}, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, _path(key))
        _prune(folder)
    except OSError as e:  # read-only checkout, full disk: work without the cache
        print(f"note: dataset cache not written ({e})", file=sys.stderr)


def _prune(folder: Path) -> None:
    def mtime(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0

    for old in sorted(folder.glob("dataset-*.pkl"), key=mtime, reverse=True)[KEEP:]:
        old.unlink(missing_ok=True)
