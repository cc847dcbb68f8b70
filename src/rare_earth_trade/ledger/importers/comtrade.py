"""UN Comtrade API JSON: China's (reporterCode 156) monthly exports by partner, net weight in kg.

Comtrade's commodity is the 6-digit HS 8505.11 (permanent magnets of metal, all kinds), wider than
China's 8-digit 85051110 (rare-earth magnets), so it feeds its own series and never mixes with
`magnet_exports`.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pandas as pd

from ...errors import DataError, OfflineError, Problem
from ...paths import OFFICIAL_DIR, display_path
from .. import parsing, vocab
from .common import download_date, observations

ORIGIN = "UN Comtrade"
OUTLET = "UN Comtrade API"
API = "https://comtradeapi.un.org/public/v1/preview/C/M/HS"
COMMODITIES = {"850511": {"X": "permanent_magnet_exports_hs6"}}
WORLD = {"W00", "WLD"}
QUOTE_FIELDS = ["reporterCode", "period", "flowCode", "cmdCode", "partnerISO", "netWgt", "primaryValue"]


def read_comtrade(path: Path) -> pd.DataFrame:
    name = display_path(path)
    source_date = download_date(path)
    try:
        payload = json.loads(Path(path).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise DataError([Problem(name, getattr(e, "lineno", None), None, None, f"is not valid JSON: {e}")]) from None
    records = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(records, list):
        raise DataError([Problem(name, None, None, None, "has no 'data' list of records (not a Comtrade API response)")])
    source_url = payload.get("source_url") or API
    out, problems = [], []
    for i, rec in enumerate(records, start=1):
        where = f"record {i}"

        def bad(field, message, rec=rec, where=where):
            problems.append(Problem(name, None, f"{where}.{field}", rec.get(field) if isinstance(rec, dict) else rec, message))

        if not isinstance(rec, dict):
            bad("", "is not an object")
            continue
        missing = [f for f in ("reporterCode", "period", "flowCode", "cmdCode", "partnerISO", "netWgt") if f not in rec]
        if missing:
            bad(missing[0], f"is missing (required: {', '.join(missing)})")
            continue
        if rec["reporterCode"] not in (156, "156"):
            bad("reporterCode", "reporter is not China (156)")
        series = COMMODITIES.get(str(rec["cmdCode"]), {}).get(str(rec["flowCode"]))
        if series is None:
            bad("cmdCode", "commodity/flow is not one this report knows (known: 850511 with flowCode X)")
        period = str(rec["period"])
        if not (len(period) == 6 and period.isdigit() and 1 <= int(period[4:]) <= 12):
            bad("period", "is not a month (expected YYYYMM; annual records are not monthly data)")
        iso = str(rec["partnerISO"])
        partner = "WLD" if iso in WORLD else iso
        if partner not in vocab.partners():
            bad("partnerISO", "unknown partner code; see data/reference/partners.csv")
        weight = rec["netWgt"]
        if not isinstance(weight, (int, float)) or isinstance(weight, bool) or weight < 0:
            bad("netWgt", "net weight must be a number of kg, not negative")
            continue
        quote = json.dumps({k: rec.get(k) for k in QUOTE_FIELDS}, ensure_ascii=False)
        out.append(
            dict(series=series, period=f"{period[:4]}-{period[4:]}", partner=partner, measure="tonnes",
                 value=float(weight), unit="kg", source_url=source_url, source_date=source_date,
                 origin=ORIGIN, outlet=OUTLET, quote=quote, note="UN Comtrade, HS 850511 (all metal permanent magnets)",
                 decimals=parsing.decimals(str(weight)), reported_value=str(weight), file=name, line=i)
        )  # fmt: skip
    if problems:
        raise DataError(problems)
    return observations(out)


def refresh(periods: list[str], target_dir: Path = OFFICIAL_DIR / "comtrade", today: str | None = None,
            timeout: float = 20.0) -> Path:
    """Download China's monthly HS 850511 exports from the Comtrade public API into target_dir.

    Offline, or on any API error, raises OfflineError and writes nothing.
    """  # fmt: skip
    from datetime import date

    query = f"?reporterCode=156&cmdCode=850511&flowCode=X&period={','.join(p.replace('-', '') for p in periods)}"
    url = API + query
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            payload = json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, TimeoutError, OSError, json.JSONDecodeError) as e:
        raise OfflineError(f"cannot fetch {url}: {e}. Nothing was changed; the shipped data stays as it is.") from None
    if not isinstance(payload, dict) or payload.get("error"):
        raise OfflineError(f"Comtrade answered with an error: {payload.get('error') if isinstance(payload, dict) else payload!r}. Nothing was changed.")
    payload["source_url"] = url
    stamp = today or date.today().isoformat()
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"comtrade_850511_{periods[0]}_{periods[-1]}_{stamp}.json"
    tmp = target.with_suffix(".part")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    try:
        read_comtrade(tmp)  # refuse to keep a download the importer cannot read
    except DataError:
        tmp.unlink()
        raise
    tmp.replace(target)
    return target
