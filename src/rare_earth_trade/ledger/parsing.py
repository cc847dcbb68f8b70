"""Parse the text cells of raw files: numbers, months and dates as people and outlets write them."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def clean(text: str) -> str:
    """NFKC-normalise (full-width digits and signs become ASCII) and strip."""
    return unicodedata.normalize("NFKC", text).replace("\u2212", "-").strip()


def clean_all(texts) -> list[str]:
    """`clean` for a column, each distinct cell once: plain ASCII cells only need stripping."""
    cleaned = {t: t.strip() if t.isascii() else clean(t) for t in dict.fromkeys(texts)}
    return list(map(cleaned.__getitem__, texts))


def parse_all(texts, parser) -> tuple[list, list[tuple[int, str]]]:
    """`parser` over a column, each distinct cell parsed once: values (None where a cell fails),
    and (row, reason) of the failures."""
    parsed: dict[str, object] = {}
    failed: dict[str, str] = {}
    for t in dict.fromkeys(texts):
        try:
            parsed[t] = parser(t)
        except ValueError as e:
            failed[t] = str(e)
    values = list(map(parsed.get, texts))
    errors = [(i, failed[t]) for i, t in enumerate(texts) if t in failed] if failed else []
    return values, errors


def parse_number(text: str) -> float:
    """'1,238.47' -> 1238.47; '３１８８' -> 3188.0. Raises ValueError with a reason."""
    s = clean(text)
    if not s:
        raise ValueError("is empty")
    if _THOUSANDS.match(s):
        s = s.replace(",", "")
    if re.match(r"^[+-]?\d+,\d+$", s):
        raise ValueError("is not a number (decimal comma? write decimals with a point)")
    if not _PLAIN.match(s):
        raise ValueError("is not a number")
    value = float(s)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("is not a finite number")
    return value


def decimals(text: str) -> int:
    """Digits after the decimal point as printed: the precision a source reported."""
    s = clean(text).replace(",", "")
    return len(s.split(".", 1)[1]) if "." in s else 0


def parse_month(text: str) -> str:
    """'2025-06', '2025-6', '2025/6' -> '2025-06'. Raises ValueError with a reason."""
    m = _MONTH.match(clean(text))
    if not m:
        raise ValueError("is not a month (expected YYYY-MM)")
    year, month = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12:
        raise ValueError("has no such month")
    return f"{year:04d}-{month:02d}"


def parse_date(text: str) -> str:
    """Strict ISO date 'YYYY-MM-DD' that exists in the calendar.

    'YYYY-MM' is accepted for pages whose address or dateline gives only the month: a publication
    date known to the month, never a guessed day.
    """
    m = _DATE.match(clean(text))
    if not m:
        raise ValueError("is not a date (expected YYYY-MM-DD)")
    try:
        date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        raise ValueError("is not a calendar date") from None
    return m.group(0)


def month_add(period: str, months: int) -> str:
    year, month = int(period[:4]), int(period[5:7])
    index = year * 12 + (month - 1) + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_range(start: str, end: str) -> list[str]:
    out, p = [], start
    while p <= end:
        out.append(p)
        p = month_add(p, 1)
    return out
