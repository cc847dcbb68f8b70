"""The text summary `make data` prints: sources, coverage, conflicts, misattributions, reconciliation, freshness."""

from __future__ import annotations

from datetime import date

from ..ledger.sources import cite_parts
from .coverage import coverage_grid, format_grid


def data_summary(ds, today: str | None = None) -> str:
    """`today` (YYYY-MM-DD, default: today) dates the freshness line."""
    led, series, rec = ds.ledger, ds.series, ds.reconciliation
    out = [
        f"Ledger: {len(led)} observations from {led['file'].nunique()} files, "
        f"{led['source_url'].nunique()} source pages, {led['origin'].nunique()} origins read at {led['outlet'].nunique()} outlets.",
        f"Resolved: {int((series.status == 'reported').sum())} reported figures, "
        f"{int((series.status == 'derived').sum())} derived (labelled).",
        "",
        "Coverage of monthly tonnes:",
    ]
    status = ds.status
    if not status.empty:
        first, last = max("2024-01", status["period"].min()), status["period"].max()
        grid = coverage_grid(status, first, last, drop_empty=True)
        out.append(format_grid(grid))
        empty = len(status[["series", "partner"]].drop_duplicates()) - len(grid)
        if empty:
            pairs = "pair" if empty == 1 else "pairs"
            out.append(f"({empty} series/destination {pairs} with no monthly tonnage from {first} to {last} not shown.)")
    conflicts = series[series["conflict"]]
    out += ["", f"Conflicts ({len(conflicts)}): sources disagree beyond rounding; the preferred source wins."]
    for r in conflicts.itertuples():
        who = cite_parts(r.origin, r.outlet, r.source_date)
        out.append(f"  {r.series} {r.partner} {r.period} {r.measure}: {r.value:,g} ({who}) vs {r.conflict_detail}")
    mis = ds.misattributions
    out += ["", f"Misattributed ({len(mis)}): printed under the wrong series or measure; kept in the ledger, "
                "counted only where they belong."]
    for r in mis.itertuples():
        where = f"belongs to {r.belongs_to}" if r.belongs_to else "belongs to an unclear figure (not used)"
        out.append(f"  {r.file}:{r.line}: {r.partner} {r.period} {r.value:,g} printed as {r.printed_as}, {where} ({r.source})")
    bad = rec[~rec["agrees"]]
    out += ["", f"Reconciliation: {len(rec)} checks, {int(rec['agrees'].sum())} agree, {len(bad)} do not."]
    for r in bad.itertuples():
        out.append(
            f"  {r.check}: {r.series} {r.partner} {r.period}: reported {r.reported:,.1f}, "
            f"implied {r.implied:,.1f} (difference {r.difference:+,.1f}; from {r.inputs})"
        )
    out += ["", "Freshness: " + ds.freshness(today or date.today().isoformat()).summary()]
    return "\n".join(out)

