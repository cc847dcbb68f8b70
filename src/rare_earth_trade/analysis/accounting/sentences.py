"""What the reports say about the accounting: sentences and formatted tables, plain text (no markup).

Numbers and months are formatted by :mod:`rare_earth_trade.report.fmt`, like every other sentence
of the report. Nothing here states a figure the accounting did not compute, and nothing claims a
recovery where none was made up (as of June 2025, every counterfactual says "none").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from ...ledger.vocab import partner_name
from ...report import fmt
from .gaps import DestinationAccount, Recouped
from .monthly import CONTROLS
from .years import YearComparison

approx_tonnes = fmt.approx_tonnes  # 7,964 -> '~8,000 t'
months_text = fmt.month_list  # ['2025-04', '2025-05', '2025-06'] -> 'April–June 2025'


def month_name(period: str) -> str:
    """'2026-03' -> 'March 2026'."""
    return fmt.month(period, long=True)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# ── the recovery sentence (the brief and the recovery report) ────────────────────────────────────


def _share(r: Recouped) -> str:
    return fmt.pct_range(r.share_pct, r.share_low, r.share_high)


def _missing_note(r: Recouped) -> str:
    if not r.months_missing:
        return ""
    return f" (partial: no figure to compare for {months_text(r.months_missing)})"


def _unavailable(r: Recouped) -> str:
    cf = r.counterfactual
    if cf.frame["value"].isna().all():
        return f"not computed ({cf.method})"
    return f"not computed (no figure to compare for {months_text(r.months_missing)})"


def _clause(r: Recouped, lead: Recouped | None) -> str:
    """What happened against one counterfactual, after its label."""
    label = r.counterfactual.label
    cf = r.counterfactual
    if cf.name == "trend" and cf.annual_growth_pct is not None:
        # The verdict turns on the growth assumed: give the fit's uncertainty with it.
        band = (f"; {cf.annual_growth_2se[0]:+.0f}% to {cf.annual_growth_2se[1]:+.0f}% within two standard errors"
                if cf.annual_growth_2se else "")  # fmt: skip
        label += f" ({cf.annual_growth_pct:+.0f}% a year{band})"
    if not r.available:
        return f"against {label}, {_unavailable(r)}"
    if r.no_shortfall:
        return f"against {label}, exports were not below it{_missing_note(r)}"
    same = lead is not None and (lead.trough_start, lead.trough_end) == (r.trough_start, r.trough_end)
    of = f"of {approx_tonnes(r.shortfall)}" + ("" if same else f" in {fmt.month_span(r.trough_start, r.trough_end)}")
    if r.closed:
        what = f"all {of} by {month_name(r.closed)}"
    elif r.nothing_made_up:
        what = f"none {of}"
    else:
        what = f"about {_share(r)} {of}"
    return f"against {label}, {what}{_missing_note(r)}"


def recovery_sentence(results: Mapping[str, Recouped], lead: str = "flat") -> str:
    """The brief's sentence on how much of the shortfall was made up, naming each counterfactual.

    Leads with ``lead`` (default the pre-controls average), then the others. Claims no recovery
    where nothing has been made up (e.g. as of June 2025).
    """
    first = results[lead]
    others = [r for name, r in results.items() if name != lead]
    as_of = month_name(first.as_of)
    tail = "; ".join(_clause(r, first) for r in others)
    tail = f"; {tail}." if tail else "."
    cf = first.counterfactual.label
    if not first.available:
        return f"As of {as_of}, the shortfall against {cf} is {_unavailable(first)}" + tail
    if first.no_shortfall:
        return f"As of {as_of}, exports had not fallen below {cf} since the controls{_missing_note(first)}" + tail
    lost = f"{approx_tonnes(first.shortfall)} not shipped in {fmt.month_span(first.trough_start, first.trough_end)}"
    if first.nothing_made_up:
        still = ("exports were still below that level" if first.back_at is None
                 else "later months had not, on balance, been above that level")  # fmt: skip
        head = f"Of the {lost} against {cf}, none had been made up by {as_of}: {still}{_missing_note(first)}"
    elif first.closed:
        head = (f"The {lost} against {cf} had been made up in full by {month_name(first.closed)}"
                f"{_missing_note(first)}")  # fmt: skip
    else:
        head = f"Of the {lost}, about {_share(first)} had been made up by {as_of} against {cf}{_missing_note(first)}"
    return head + tail


# ── the table of counterfactuals and their methods ────────────────────────────────────────────────


def _missing_by_kind(r: Recouped) -> str:
    kinds = r.account.frame.loc[r.months_missing, "missing"]
    parts = [f"{months_text(list(kinds.index[kinds == kind]))} ({kind})" for kind in dict.fromkeys(kinds)]
    return "; ".join(parts) or "none"


def _closed(r: Recouped) -> str:
    """'November 2025', with the months the ranges allow where they differ, or 'not closed by <as-of>'."""
    if r.closed is None:
        text = f"not closed by {month_name(r.as_of)}"
        if r.closed_earliest:
            text += f" (closed by {month_name(r.closed_earliest)} at the favourable end of the ranges)"
        return text
    if r.closed_earliest == r.closed_latest == r.closed:
        return month_name(r.closed)
    earliest = month_name(r.closed_earliest or r.closed)
    if r.closed_latest:
        return f"{month_name(r.closed)} (within the ranges: {earliest} to {month_name(r.closed_latest)})"
    return f"{month_name(r.closed)} (within the ranges: from {earliest}, or not by {month_name(r.as_of)})"


def summary_table(results: Mapping[str, Recouped]) -> pd.DataFrame:
    """Counterfactuals side by side, formatted for a report table (ranges in brackets)."""
    rows = []
    for r in results.values():
        ok = r.available
        period = (fmt.month_span(r.trough_start, r.trough_end) if r.trough_end else "none") if ok else "not computed"
        rows.append({
            "Counterfactual": r.counterfactual.label,
            "Shortfall period": period,
            "Shortfall (t)": fmt.with_range(r.shortfall, r.shortfall_low, r.shortfall_high) if ok else "n/a",
            "Made up since (t)": fmt.with_range(r.made_up, r.made_up_low, r.made_up_high) if ok else "n/a",
            "Share made up (%)": fmt.with_range(r.share_pct, r.share_low, r.share_high, ".0f"),
            "Gap closed": _closed(r) if ok else "n/a",
            "Months missing": (f"no counterfactual: {r.counterfactual.method}" if r.counterfactual.frame["value"].isna().all()
                               else _missing_by_kind(r)),
        })  # fmt: skip
    return pd.DataFrame(rows)


def method_lines(results: Mapping[str, Recouped]) -> list[str]:
    """One sentence per counterfactual: how it is built, what it rests on, and its level or growth."""
    lines = []
    for r in results.values():
        cf = r.counterfactual
        head = _cap(cf.label)
        if cf.frame["value"].isna().all():
            lines.append(f"{head}: not computed ({cf.method}).")
        elif cf.name == "flat":
            level = cf.frame.iloc[0]
            lines.append(f"{head}: {cf.method}, {fmt.with_range(level['value'], level['low'], level['high'])} t a month.")
        elif cf.name == "trend" and cf.annual_growth_pct is not None:
            text = (f"{head}: {cf.method}; its band is the same line drawn through the figures' lows and highs "
                    f"({cf.annual_growth_low:+.1f}% to {cf.annual_growth_high:+.1f}% a year)")  # fmt: skip
            if cf.annual_growth_2se:
                lo, hi = cf.annual_growth_2se
                text += f", and two standard errors of the estimated growth span {lo:+.1f}% to {hi:+.1f}% a year"
            lines.append(text + ".")
        else:
            lines.append(f"{head}: {cf.method}.")
    return lines


# ── calendar year and year to date ────────────────────────────────────────────────────────────────


def _compared(c: YearComparison, whole_year: bool) -> str:
    year, prior = c.current.end[:4], c.prior.end[:4]
    when = f"in {year} as a whole" if whole_year else f"in {c.span}"
    against = f"in {prior}" if whole_year else f"in the same months of {prior}"
    if not c.available:
        return f"{when} exports cannot yet be compared with {prior}: {c.basis}"
    total = f"{fmt.tonnes(c.current.value)}, " if c.current.value is not None else ""
    change = "the same as" if round(c.change_pct, 1) == 0 else fmt.change_words(c.change_pct, 1) + " than"
    if c.source != "reported change":
        lo, hi = f"{c.change_low:+.1f}", f"{c.change_high:+.1f}"
        if lo != hi:
            change += f" (range {lo}% to {hi}%)"
    return f"{when} exports were {total}{change} {against} (basis: {c.basis})"


def year_sentence(years: Mapping[str, YearComparison | None], controls: str = CONTROLS) -> str:
    """The calendar-year and year-to-date comparison since the controls, each with its basis.

    Years before the controls' year are left out; a December as-of month states its year once.
    """
    parts = []
    year, partial, ytd = years.get("year"), years.get("year_partial"), years.get("year_to_date")
    if year is not None and year.current.end[:4] >= controls[:4]:
        parts.append(_compared(year, whole_year=True))
        if partial is not None:
            parts.append(_compared(partial, whole_year=False))
    if ytd is not None and (year is None or ytd.current.end != year.current.end):
        parts.append(_compared(ytd, whole_year=False))
    return ". ".join(_cap(p) for p in parts) + "." if parts else ""


# ── by destination ────────────────────────────────────────────────────────────────────────────────


def destination_table(accounts: Sequence[DestinationAccount]) -> pd.DataFrame:
    """One row per destination and counterfactual where computed; one row 'not computed: too few
    months' for the others."""
    rows = []
    for d in accounts:
        known = (f"{d.baseline_months_known} of {d.baseline_months_in_window} before, "
                 f"{d.months_after_known} of {d.months_after} since")  # fmt: skip
        name = partner_name(d.partner)
        if not d.computed:
            rows.append({"Destination": name, "Months known": known,
                         "Counterfactual": f"not computed: too few months (at least {d.min_months} of each needed)"})
            continue
        table = summary_table(d.results)
        for row in table.to_dict("records"):
            rows.append({"Destination": name, "Months known": known, **{k: row[k] for k in (
                "Counterfactual", "Shortfall period", "Shortfall (t)", "Share made up (%)", "Gap closed",
                "Months missing")}})  # fmt: skip
    columns = ["Destination", "Months known", "Counterfactual", "Shortfall period", "Shortfall (t)",
               "Share made up (%)", "Gap closed", "Months missing"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns).fillna("")


def destinations_sentence(accounts: Sequence[DestinationAccount]) -> str:
    """Which destinations the accounting covers, and which have too few months."""
    done = [d for d in accounts if d.computed]
    thin = [d for d in accounts if not d.computed]
    parts = []
    if done:
        parts.append("Computed against each destination's own baseline for "
                     + "; ".join(f"{partner_name(d.partner)} ({d.coverage})" for d in done))  # fmt: skip
    if thin:
        need = thin[0].min_months
        parts.append(f"too few months (fewer than {need} known before or since the controls) for "
                     + ", ".join(partner_name(d.partner) for d in thin) + ": not computed")  # fmt: skip
    return _cap("; ".join(parts)) + "." if parts else ""
