"""China customs (GACC) online query platform export: GBK-encoded CSV with Chinese headers.

Quantities are in the 第一计量单位 (first unit of quantity), kilograms (千克) for magnets.
One row = one month, one commodity code, one partner. Each becomes a `tonnes` observation whose
quote is the original CSV line, so the ledger keeps exactly what customs published.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...errors import DataError, Problem
from .. import parsing, vocab
from ..rawcsv import decode, read_table
from .common import download_date, observations

SOURCE_URL = "http://stats.customs.gov.cn/"
ORIGIN = "China customs (GACC)"
OUTLET = "China customs query platform"
REQUIRED = ["数据年月", "商品编码", "贸易伙伴名称", "第一数量", "第一计量单位"]
OPTIONAL = frozenset(
    {"商品名称", "贸易伙伴编码", "第二数量", "第二计量单位", "人民币", "美元", "进出口", "贸易方式",
     "贸易方式编码", "注册地编码", "注册地名称"}
)  # fmt: skip
# China's 8-digit commodity codes this report knows, and the series each feeds (by flow).
COMMODITIES = {"85051110": {"出口": "magnet_exports"}}
UNITS = {"千克": "kg", "公斤": "kg", "吨": "t"}
WORLD_NAMES = {"总值", "合计", "全球", "世界"}


def read_gacc_csv(path: Path, flow: str = "出口") -> pd.DataFrame:
    """Observations from one query-platform CSV (GBK). `flow` applies when there is no 进出口 column."""
    table = read_table(path, REQUIRED, OPTIONAL, encoding="gbk")
    source_date = download_date(path)
    by_zh = {p.name_zh: p.code for p in vocab.partners().values()}
    raw_lines = decode(Path(path).read_bytes(), table.name, "gbk").splitlines()
    records, problems = [], []
    for row, line in zip(table.rows, table.lines):
        def bad(column, message, row=row, line=line):
            problems.append(Problem(table.name, line, column, row[column], message))

        period = parsing.clean(row["数据年月"]).replace("-", "").replace("/", "")
        if not (len(period) == 6 and period.isdigit() and 1 <= int(period[4:]) <= 12):
            bad("数据年月", "is not a month (expected YYYYMM, e.g. 202506)")
        code = parsing.clean(row["商品编码"])
        row_flow = parsing.clean(row.get("进出口", "") or flow)
        series = COMMODITIES.get(code, {}).get(row_flow)
        if code not in COMMODITIES:
            bad("商品编码", f"commodity code is not one this report knows (known: {', '.join(COMMODITIES)})")
        elif series is None:
            bad("进出口" if "进出口" in row else "商品编码", f"flow {row_flow!r} is not a series this report knows")
        name = parsing.clean(row["贸易伙伴名称"])
        partner = "WLD" if name in WORLD_NAMES else by_zh.get(name)
        if partner is None:
            bad("贸易伙伴名称", "unknown partner name; add it to data/reference/partners.csv (name_zh)")
        unit = UNITS.get(parsing.clean(row["第一计量单位"]))
        if unit is None:
            bad("第一计量单位", f"unknown unit; known: {', '.join(UNITS)}")
        try:
            value = parsing.parse_number(row["第一数量"])
            if value < 0:
                bad("第一数量", "a quantity cannot be negative")
        except ValueError as e:
            bad("第一数量", str(e))
            value = float("nan")
        records.append(
            dict(series=series, period=f"{period[:4]}-{period[4:]}", partner=partner, measure="tonnes",
                 value=value, unit=unit, source_url=SOURCE_URL, source_date=source_date,
                 origin=ORIGIN, outlet=OUTLET, quote=raw_lines[line - 1].strip()[:600],
                 note=f"China customs query platform, code {code}", decimals=parsing.decimals(row["第一数量"]),
                 reported_value=row["第一数量"], file=table.name, line=line)
        )  # fmt: skip
    if problems:
        raise DataError(problems)
    return observations(records)
