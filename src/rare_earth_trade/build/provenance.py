"""Hashes of the inputs a report depends on: for the manifest, the methods section and the cache."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..paths import PROJECT_ROOT


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def input_files(data_dir: Path) -> list[Path]:
    """Every raw and reference file the ledger and tables are built from."""
    data_dir = Path(data_dir)
    files = [p for sub in ("raw", "reference") for p in (data_dir / sub).rglob("*") if p.is_file()]
    return sorted(p for p in files if p.suffix in {".csv", ".json", ".md"})


def input_hashes(data_dir: Path) -> dict[str, str]:
    out = {}
    for p in input_files(data_dir):
        try:
            key = str(p.resolve().relative_to(PROJECT_ROOT))
        except ValueError:
            key = str(p)
        out[key] = sha256(p)
    return out


def digest(hashes: dict[str, str]) -> str:
    """One short fingerprint of a set of file hashes."""
    h = hashlib.sha256()
    for k in sorted(hashes):
        h.update(f"{k}\0{hashes[k]}\n".encode())
    return h.hexdigest()[:16]
