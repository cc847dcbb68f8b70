"""The summary a published report keeps (`summary_<as-of>.json`) and the brief's "What changed" section.

`report_summary(data)` computes the summary from the data as of the month (an `AsOf`) with the
same metrics the notebooks use: every resolved figure of the (misattribution-aware) series with
its range, status and source, the conflicts, the headline numbers against the pre-controls average
(`analysis.metrics.recovery_metrics`, and `analysis.accounting` for the share of the shortfall
made up), the source
article's claims and their verdicts (`analysis.claims.check_claims`) and the freshness of the
data on the report date. The build writes it beside the manifest at publish time; the brief
computes it again in its kernel and compares it with the summary of the report published before
it in the reports folder (`what_changed`). The comparison itself is `build.changes`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..analysis import accounting, claims
from ..analysis.metrics import MAGNETS, WORLD, RecoveryMetrics
from ..build import changes
from ..paths import REPORTS_DIR
from . import fmt
from .asof import AsOf, metrics

NOT_IN_SUMMARY = ("data_dir", "reports_dir")  # where things are, not what the report says
FIGURE_FIELDS = ["series", "partner", "period", "measure", "value", "value_low", "value_high", "status", "source"]


def _number(x) -> float | None:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return round(float(x), 3)


def figures(series: pd.DataFrame) -> list[dict]:
    """Every resolved figure (reported or derived), sorted, as plain JSON values."""
    rows = series.sort_values(["series", "partner", "period", "measure"])
    out = []
    for r in rows.itertuples():
        source = "derived" if r.status == "derived" else str(r.publisher)
        out.append({
            "series": r.series, "partner": r.partner, "period": r.period, "measure": r.measure,
            "value": _number(r.value), "value_low": _number(r.value_low), "value_high": _number(r.value_high),
            "status": r.status, "source": source,
        })  # fmt: skip
    return out


def conflicts(series: pd.DataFrame) -> list[dict]:
    sel = series[series["conflict"].astype(bool)].sort_values(["series", "partner", "period", "measure"])
    return [{"figure": changes.describe_key(f"{r.series}/{r.partner}/{r.period}/{r.measure}")} for r in sel.itertuples()]


def _entry(label: str, text: str) -> dict:
    """A headline number: its label, its text, and the text's number alone (`short`, for the brief)."""
    return {"label": label, "text": text, "short": text.split(" (")[0]}


def headline(m: RecoveryMetrics, recouped: accounting.Recouped | None = None) -> dict:
    """The numbers a reader compares from one report to the next, as short display text."""
    out = {}
    if len(m.world):
        period = m.world.index[-1]
        derived = ", derived" if m.world_status.get(period) == "derived" else ""
        out["latest"] = _entry("latest month", f"{fmt.tonnes(m.world.iloc[-1])} ({fmt.month(period)}{derived})")
        if m.baseline.mean:
            index = m.world.iloc[-1] / m.baseline.mean * 100
            out["recovery_index"] = _entry("recovery index", f"{index:.0f}% ({fmt.month(period)})")
    f = m.shortfall_flat
    if f.months_counted and not math.isnan(f.tonnes):
        missing = f", {len(f.months_missing)} month(s) unknown" if f.months_missing else ""
        out["shortfall"] = _entry("shortfall", f"{fmt.tonnes(f.tonnes)} ({fmt.month_span(f.start, f.end, long=False)}{missing})")
    if not m.ytd_pace.empty:
        last = m.ytd_pace.iloc[-1]
        out["ytd_pace"] = _entry("year-to-date pace", f"{fmt.pct(last.ytd_yoy_pct)} ({fmt.month_span(last.period[:4] + '-01', last.period, long=False)})")
    t = m.trough
    if t is not None:
        out["trough"] = _entry("trough", f"{fmt.tonnes(t.value)} ({fmt.month(t.period)})")
    if recouped is not None and recouped.available and recouped.shortfall > 0:
        of = accounting.approx_tonnes(recouped.shortfall)
        if recouped.closed:
            text = f"all of {of} by {fmt.month(recouped.closed)}"
        else:
            share = recouped.share_pct or 0.0
            text = f"{share:.0f}%"
            if recouped.share_low is not None and recouped.share_high is not None:
                lo, hi = f"{recouped.share_low:.0f}", f"{recouped.share_high:.0f}"
                if (lo, hi) != (f"{share:.0f}",) * 2:
                    text += f" ({lo}–{hi}%)"
            text += f" of {of}"
        out["made_up"] = _entry("shortfall made up", text)
    return out





def recouped(data: AsOf) -> accounting.Recouped | None:
    """The share of the trough-period shortfall made up since, against the pre-controls average."""
    p = data.params
    actual = accounting.monthly_frame(data.series, MAGNETS, WORLD)
    if actual.empty:
        return None
    results = accounting.recovery_accounts(actual, p.as_of, controls=data.controls_month,
                                           baseline_start=p.baseline_start, baseline_end=p.baseline_end)  # fmt: skip
    return results["flat"]


def freshness(data: AsOf) -> dict:
    """What customs should have released by the report date against where the ledger ends (and,
    when the report stops earlier, where its data end)."""
    from ..series.dataset import Dataset

    full = Dataset(data.data_dir)
    f = full.freshness(data.params.report_date)
    expected = fmt.month(f.latest_expected, long=True)
    if f.last_in_ledger is None:
        text = f"Customs should have released {expected}; the ledger has no monthly world figure."
    else:
        state = "up to date" if f.up_to_date else f"{f.lacking_releases} release{'s' if f.lacking_releases != 1 else ''} missing"
        text = f"Customs should have released {expected}; the ledger ends {fmt.month(f.last_in_ledger, long=True)} ({state})"
        if data.as_of < f.last_in_ledger:
            text += f"; this report uses data to {fmt.month(data.as_of, long=True)}"
        text += "."
    return {"latest_expected": f.latest_expected, "last_in_ledger": f.last_in_ledger,
            "lacking_releases": f.lacking_releases, "text": text}  # fmt: skip


def report_summary(data: AsOf, m: RecoveryMetrics | None = None, checked: pd.DataFrame | None = None) -> dict:
    """The summary of the report of `data` (schema: `build.changes`). `m` and `checked` may be
    passed when already computed (the brief's), else they are computed the same way."""
    p = data.params
    m = m if m is not None else metrics(data)
    if checked is None:
        checked = claims.check_claims(data.tables["article_claims"], data.series, data.tables)
    return {
        "schema": changes.SCHEMA,
        "report_date": p.report_date,
        "as_of": p.as_of,
        "parameters": {k: v for k, v in p.notebook_parameters().items() if k not in NOT_IN_SUMMARY},
        "figures": figures(data.series),
        "conflicts": conflicts(data.series),
        "headline": headline(m, recouped(data)),
        "claims": {r.claim_id: {"claim": r.claim, "verdict": r.verdict} for r in checked.itertuples()},
        "freshness": freshness(data),
    }


# --- the brief's section ------------------------------------------------------------------------
@dataclass(frozen=True)
class WhatChanged:
    """The brief's section: its heading, a lead sentence and one sentence per change."""

    previous: changes.Report | None
    result: changes.Changes | None
    title: str
    lead: str
    lines: list[str]


def what_changed(summary: dict, reports_dir: Path | str | None = None) -> WhatChanged:
    """Compare `summary` with the report published before it in `reports_dir` (default: the
    project's reports/): "What changed since <date>", or that there is nothing to compare with."""
    folder = Path(reports_dir or REPORTS_DIR)
    prev = changes.previous(folder, summary["report_date"], summary["as_of"])
    if prev is None:
        return WhatChanged(None, None, "What changed since the last report", changes.lines(None)[0], [])
    title = f"What changed since {prev.date}"
    try:
        result = changes.compare(changes.load(prev), summary)
    except changes.ComparisonError as e:
        return WhatChanged(prev, None, title, f"The report of {prev.label()} cannot be compared with: {e}.", [])
    if result.empty:
        return WhatChanged(prev, result, title, changes.lines(result)[0], [])
    return WhatChanged(prev, result, title, "", brief_lines(result))


def brief_lines(ch: changes.Changes) -> list[str]:
    """The comparison in two or three short sentences for the brief (the diff command lists every change)."""
    new = []
    if ch.months_added:
        n = len(ch.months_added)
        new.append(f"{changes.month_span(ch.months_added)} {'is' if n == 1 else 'are'} new (world magnet exports)")
    others = ch.figures_added - len(ch.months_added)
    if others > 0:
        new.append(f"{others} other figure(s) are new")
    if ch.months_removed:
        new.append(f"{changes.month_span(ch.months_removed)} no longer in the data")
    if ch.revised:
        months = ", ".join(fmt.month(m) for m in sorted({r["period"] for r in ch.revised}))
        new.append(f"{len(ch.revised)} earlier figure(s) revised ({months})")
    if ch.conflicts_new:
        new.append(f"new conflict(s) between sources: {', '.join(ch.conflicts_new)}")
    if ch.conflicts_resolved:
        new.append(f"conflict(s) no longer present: {', '.join(ch.conflicts_resolved)}")
    out = [f"Against the report of {ch.old}: " + ("; ".join(new) if new else "no figure changed") + "."]
    if ch.headline:
        moves = "; ".join(f"{h['name']} {h.get('old_short', h['old'])} → {h.get('new_short', h['new'])}" for h in ch.headline)
        out.append(f"Headline numbers (against the pre-controls average): {moves}.")
    if ch.claims:
        out.append("Claims whose verdict changed: " + "; ".join(f"“{c['claim']}” {c['old']} → {c['new']}" for c in ch.claims) + ".")
    params = [p for p in ch.parameters if p["name"] != "as_of"]  # the as-of month is in the first line
    if params:
        out.append("Parameters that differ: " + "; ".join(f"{p['name']} {p['old']} → {p['new']}" for p in params) + ".")
    return out
