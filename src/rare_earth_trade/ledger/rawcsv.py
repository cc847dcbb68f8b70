"""Read a raw CSV file into columns of text, refusing what cannot be read safely.

Everything is read as text; typing happens in the validators so that every bad cell can be
reported with its line and column instead of failing on the first one.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..errors import DataError, Problem
from ..paths import display_path


@dataclass
class Table:
    path: Path
    header: list[str]
    columns: dict[str, tuple[str, ...]]  # the cells of each column, row by row
    lines: list[int]  # file line of each row (header is line 1)

    @cached_property
    def name(self) -> str:
        return display_path(self.path)

    @cached_property
    def rows(self) -> list[dict[str, str]]:
        return [dict(zip(self.header, cells)) for cells in zip(*self.columns.values())]


def decode(raw: bytes, name: str, encoding: str = "utf-8") -> str:
    """Decode bytes; on failure say where, and guess the encoding the file really has."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw, encoding = raw[3:], "utf-8"  # a UTF-8 byte-order mark is harmless: drop it
    if encoding.lower() == "gbk":
        # A GBK file re-saved as UTF-8 (e.g. by a spreadsheet) is read as UTF-8: Chinese text in
        # GBK is practically never valid UTF-8, so the two cannot be confused.
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        hint = _encoding_hint(raw, encoding)
        raise DataError(
            [Problem(name, line, None, None, f"cannot be decoded as {encoding}{hint}")]
        ) from None


def _encoding_hint(raw: bytes, tried: str) -> str:
    for other in ("utf-8", "gbk"):
        if other.replace("-", "") == tried.lower().replace("-", ""):
            continue
        try:
            raw.decode(other)
            return f"; it looks like {other.upper()}"
        except UnicodeDecodeError:
            continue
    return ""


def read_table(
    path: Path, expected: list[str], optional: frozenset[str] = frozenset(), encoding: str = "utf-8"
) -> Table:
    """Read a CSV whose header must hold exactly `expected` (plus any of `optional`)."""
    name = display_path(path)
    if not Path(path).is_file():
        raise DataError([Problem(name, None, None, None, "does not exist")])
    raw = Path(path).read_bytes()
    if not raw.strip():
        raise DataError([Problem(name, None, None, None, "is empty (no header, no rows)")])
    text = decode(raw, name, encoding)
    records = _records(text, name)
    header = [unicodedata.normalize("NFKC", h).strip() for h in records[0][1]]
    _check_header(name, header, expected, optional)

    kept = [(line, rec) for line, rec in records[1:] if any(cell.strip() for cell in rec)]  # blank lines dropped
    problems = [
        Problem(name, line, None, None, f"has {len(rec)} fields, the header has {len(header)}")
        for line, rec in kept
        if len(rec) != len(header)
    ]
    if problems:
        raise DataError(problems)
    # Columns, not records: validators work on whole columns, and a list per record would
    # outweigh the cells at 100,000 rows.
    cells = list(zip(*(rec for _, rec in kept))) if kept else [()] * len(header)
    return Table(Path(path), header, dict(zip(header, cells)), [line for line, _ in kept])


def _records(text: str, name: str) -> list[tuple[int, list[str]]]:
    """Every record with the file line it starts on; a CSV error names the line it is on."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        cells = list(reader)
        # One physical line per record (no quoted cell spans lines): record i is on line i + 1.
        if len(cells) == sum(1 for _ in io.StringIO(text, newline="")):
            return list(zip(range(1, len(cells) + 1), cells))
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        records, previous_end = [], 0
        for rec in reader:
            records.append((previous_end + 1, rec))
            previous_end = reader.line_num
        return records
    except csv.Error as e:
        raise DataError([Problem(name, reader.line_num, None, None, f"is not valid CSV: {e}")]) from None


def _check_header(name: str, header: list[str], expected: list[str], optional: frozenset[str]) -> None:
    if len(header) == 1 and any(d in header[0] for d in (";", "\t", "|")):
        delim = next(d for d in (";", "\t", "|") if d in header[0])
        raise DataError(
            [Problem(name, 1, None, None, f"uses {delim!r} as delimiter; raw files must be comma-separated")]
        )
    problems = []
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected and c not in optional]
    dupes = sorted({c for c in header if header.count(c) > 1})
    if missing:
        problems.append(Problem(name, 1, None, None, f"missing column(s): {', '.join(missing)}"))
    if extra:
        problems.append(
            Problem(name, 1, None, None, f"unexpected column(s): {', '.join(extra)}; allowed: {', '.join(expected)}"
                    + (f" (optional: {', '.join(sorted(optional))})" if optional else ""))
        )
    if dupes:
        problems.append(Problem(name, 1, None, None, f"duplicate column(s): {', '.join(dupes)}"))
    if problems:
        raise DataError(problems)
