"""The sector-impact charts and reader tables (report/sector_impact.py), the helpers they use, and the
data as of a month, on small hand-made frames."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd
import pytest

from rare_earth_trade.analysis import allocation as A
from rare_earth_trade.analysis import disruptions as D
from rare_earth_trade.analysis import prices as P
from rare_earth_trade.analysis import sector_impact as S
from rare_earth_trade.analysis import sectors
from rare_earth_trade.errors import DataError
from rare_earth_trade.report import sector_impact as R
from rare_earth_trade.report.display import _options


def event(date, company, sector="automotive", kind="halt", evidence="first-hand", origin="Reuters",
          outlet="TimesLIVE", source_date="2025-06-05", line=2):  # fmt: skip
    return {"date": date, "month": date[:7], "company": company, "sector": sector, "kind": kind, "evidence": evidence,
            "origin": origin, "outlet": outlet, "source_date": source_date, "source_url": f"https://example.org/{line}",
            "what": f"{company} {kind}", "line": line}  # fmt: skip


def events() -> pd.DataFrame:
    return pd.DataFrame([
        event("2025-05", "Ford", origin="The New York Times", outlet="Ford Authority", source_date="2025-05", line=2),
        event("2025-05-26", "Suzuki", evidence="second-hand", line=3),
        event("2025-05-02", "Honda", evidence="weak", line=4),
        event("2025-06-22", "ELCINA", sector="consumer_electronics", kind="warning", line=5),
        event("2025-06-04", "CLEPA", kind="licence_refused", line=6),
        event("2025-08-20", "Bajaj", kind="resumption", line=7),
    ])  # fmt: skip


def obs(date, low, high=None, market="china_domestic", product="prnd_oxide", unit="CNY/t", origin="SMM"):
    high = low if high is None else high
    return {"date": date, "month": date[:7], "market": market, "product": product, "unit": unit, "low": float(low),
            "high": float(high), "mid": (low + high) / 2, "origin": origin}  # fmt: skip


def prices() -> pd.DataFrame:
    return pd.DataFrame([
        obs("2024-05-10", 390_000, 410_000), obs("2024-09", 420_000, origin="SunSirs"),
        obs("2025-05-08", 412_000, 414_000), obs("2025-06-16", 442_000, 444_000),
        obs("2024-06-06", 51, 53, market="fob_china", unit="USD/kg", origin="Fastmarkets"),
        obs("2025-01-09", 55, market="fob_china", unit="USD/kg", origin="Fastmarkets"),
    ])  # fmt: skip


POLICY = pd.DataFrame([
    {"date": "2025-04-04", "event_id": "controls_2025_04", "title": "China controls 7 rare earths", "category": "control"},
    {"date": "2025-05-12", "event_id": "geneva", "title": "Geneva truce", "category": "truce"},
    {"date": "2025-06-07", "event_id": "green", "title": "Green channel", "category": "easing"},
])  # fmt: skip


def metrics(as_of="2025-06") -> SimpleNamespace:
    months = ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"]
    world = pd.Series([6000.0, 3500.0, 5300.0, 2600.0, 1238.0, 3188.0], index=months)
    status = pd.Series(["reported", "derived", "derived", "reported", "reported", "reported"], index=months)
    return SimpleNamespace(world=world, world_status=status, baseline=SimpleNamespace(mean=5000.0), as_of=as_of)


def options(fig) -> dict:
    return _options[fig]


def csv(fig) -> pd.DataFrame:
    from io import StringIO

    return pd.read_csv(StringIO(options(fig)["data"]))


# --- the disruptions timeline ---------------------------------------------------------------------
def test_timeline_frame_keeps_the_months_asked_and_splits_weak_reports():
    t = R.timeline_frame(events(), "2025-05", "2025-06")
    may = t[(t.month == "2025-05") & (t.kind == "halt")].iloc[0]
    assert (may.n, may.n_weak, may.n_firm) == (3, 1, 2)
    assert set(t.month) == {"2025-05", "2025-06"}  # the August resumption is after the end


def test_disruption_timeline_has_two_panels_on_one_axis_with_its_data_and_computed_caption():
    fig = R.disruption_timeline(metrics(), events(), POLICY, start="2025-01")
    assert len(fig.axes) == 2
    top, bottom = fig.axes
    assert top.get_shared_x_axes().joined(top, bottom)
    o = options(fig)
    assert o["fig-cap"] == "Reported disruptions by sector and kind against China's magnet exports, Jan–Jun 2025"
    assert "5 reported sector events" in o["fig-alt"] and "1 of them weak reports" in o["fig-alt"]
    assert "lowest in May 2025 (1,238 t)" in o["fig-alt"]
    assert "1 China controls 7 rare earths (2025-04-04)" in o["fig-note"] and "Green channel" not in o["fig-note"]
    d = csv(fig)
    assert d[d.panel == "exports"].tonnes.tolist() == [6000.0, 3500.0, 5300.0, 2600.0, 1238.0, 3188.0]
    halts = d[(d.panel == "events") & (d.kind == "halt")].iloc[0]
    assert (halts.period, halts.sector, halts.events, halts.weak) == ("2025-05", "automotive", 3, 1)
    # May halts: a dot for the two firm reports and a ring for all three; June: a warning and a refused licence
    assert len(bottom.collections) == 4


# --- prices ---------------------------------------------------------------------------------------
def test_price_chart_draws_one_panel_per_currency_and_never_mixes_them():
    fig = R.price_chart(prices(), POLICY, "2025-06")
    axes = fig.axes
    assert [ax.get_ylabel() for ax in axes] == ["CNY per tonne", "USD per kg"]

    def plotted(ax):  # the price lines, not the dotted policy marks (one x each)
        return [v for line in ax.get_lines() if len(set(line.get_xdata())) > 1 for v in line.get_ydata() if not math.isnan(v)]

    assert min(plotted(axes[0])) > 1000 and max(plotted(axes[1])) < 100
    o = options(fig)
    assert o["fig-cap"] == "Pr-Nd prices in China and outside it, May 2024–Jun 2025"
    assert o["fig-source"].startswith("price reports by SMM, Fastmarkets, SunSirs")
    assert "never converted" in o["fig-note"]
    d = csv(fig)
    assert set(d.unit) == {"CNY/t", "USD/kg"}
    may = d[(d.month == "2024-05") & (d.unit == "CNY/t")].iloc[0]
    assert (may["mean"], may.low, may.high, may.n, may.sources) == (400_000, 390_000, 410_000, 1, "SMM")


def test_price_chart_with_one_currency_has_one_panel_and_without_prices_says_so():
    fig = R.price_chart(prices()[lambda f: f.unit == "CNY/t"], POLICY, "2025-06")
    assert len(fig.axes) == 1
    empty = R.price_chart(prices().iloc[0:0], POLICY, "2025-06")
    assert "No price observations" in options(empty)["fig-alt"]


def test_charts_say_when_no_event_is_held():
    fig = R.disruption_timeline(metrics(), events().iloc[0:0], POLICY, start="2025-01")
    assert options(fig)["fig-alt"].endswith("Bottom: no reported sector event.")
    brief = R.prices_and_disruptions(prices(), events().iloc[0:0], POLICY, "2025-03", start="2024-05")
    assert options(brief)["fig-alt"].endswith("Right, from Jan 2025: no reported sector event.")


def test_brief_figure_puts_one_price_series_beside_the_events_per_month():
    fig = R.prices_and_disruptions(prices(), events(), POLICY, "2025-06", start="2024-05", events_start="2025-04")
    assert len(fig.axes) == 2
    o = options(fig)
    assert o["fig-cap"] == "Pr-Nd oxide price and sector disruptions, May 2024–Jun 2025"
    assert "China domestic Pr-Nd oxide went from 400,000 CNY/t in May 2024 to 443,000 CNY/t in Jun 2025" in o["fig-alt"]
    assert "5 reported sector events, most in May 2025 (3), 1 of them weak reports" in o["fig-alt"]
    d = csv(fig).set_index("month")
    assert d.loc["2025-05", "events_automotive"] == 2 and d.loc["2025-05", "events_weak"] == 1
    assert d.loc["2025-06", "events_consumer_electronics"] == 1 and d.loc["2025-06", "price_mean"] == 443_000
    assert "2025-03" not in d.index or d.loc["2025-03", "events_automotive"] == 0


def test_periods_as_of_leave_out_periods_not_begun_and_end_at_the_month():
    periods = P.periods_as_of("2025-08")
    assert [p.key for p in periods] == ["controls", "rebound"]
    assert periods[1].end == "2025-08" and P.periods_as_of("2026-02")[-1].end is None
    mv = P.price_moves(prices(), P.baseline_period("2024-04", "2025-03"), P.periods_as_of("2025-06"))
    assert set(mv.period) == {"baseline", "controls"}
    text = P.price_sentence(mv)
    assert "We hold no observation" not in text  # later periods are not missing, they have not begun


def test_brief_price_sentence_with_a_single_later_period():
    mv = P.price_moves(prices(), P.baseline_period("2024-04", "2025-03"), P.periods_as_of("2025-06"))
    assert P.price_brief_sentence(mv) == (
        "China domestic Pr-Nd oxide averaged 410,000 CNY/t before the controls (Apr 2024–Mar 2025); it was 4% higher "
        "during the April-June 2025 controls and collapse (428,000 CNY/t, Apr–Jun 2025).")  # fmt: skip


def test_coverage_sentence_names_the_other_series_in_their_own_units():
    text = P.coverage_sentence(prices())
    assert text == ("We also hold FOB China Pr-Nd oxide in USD/kg (Jun 2024–Jan 2025, 2 observations); dollar and yuan "
                    "prices are separate series, never converted into each other.")  # fmt: skip
    assert P.coverage_sentence(prices()[lambda f: f.market == "china_domestic"]) == ""


# --- sentences for the brief ------------------------------------------------------------------------
def test_brief_disruption_sentence_counts_and_names_the_first_stoppages_from_the_frame():
    text = D.disruption_brief_sentence(events())
    assert text == (
        "From May 2025 to Aug 2025 the stored press documents 5 first- or second-hand sector events, 4 of them in "
        "automotive and 2 of them halts (1 more weak report). The first documented stoppages: Ford (May 2025, "
        "reported by The New York Times) and Suzuki (26 May 2025, reported by Reuters).")  # fmt: skip
    assert D.disruption_brief_sentence(events().iloc[0:0]) == "We hold no reported disruption."
    weak_only = events()[lambda f: f.evidence == "weak"]
    assert D.disruption_brief_sentence(weak_only).startswith("We hold 1 weak report of sector disruptions")


# --- tables ---------------------------------------------------------------------------------------
ARTICLE = pd.DataFrame({
    "sector": ["Automotive (EVs)", "Renewable Energy", "Defense/Aerospace"],
    "reliance": ["Motors", "Wind turbines", "Guidance systems"],
    "risks": ["Production halts, cost increases", "Project delays, higher rollout costs", "Strategic vulnerability"],
})  # fmt: skip


def parameters() -> pd.DataFrame:
    def p(parameter, sector, low, high, unit, origin, line, year="2024"):
        return {"parameter": parameter, "sector": sector, "basis": "magnet mass", "low": float(low), "high": float(high),
                "unit": unit, "year": year, "contested": "no", "note": "", "origin": origin, "outlet": origin,
                "source_url": f"https://example.org/{line}", "source_date": "2024-12-01", "file": "p.csv", "line": line}  # fmt: skip

    return pd.DataFrame([
        p("ndfeb_per_ev_motor_kg", "EVs", 1, 2, "kg NdFeB per EV motor", "IEA", 2),
        p("magnet_per_mw_direct_drive", "Wind", 0.5, 1, "t per MW", "MDPI", 3),
        p("demand_share_nev_pct", "NEVs", 35, 35, "% of global NdFeB demand", "ACREI", 4),
    ])  # fmt: skip


def test_sector_impact_table_reads_one_row_per_article_sector():
    mv = P.price_moves(prices(), P.baseline_period("2024-04", "2025-03"), P.periods_as_of("2025-06"))
    t = R.sector_impact_table(S.sector_table(ARTICLE, events(), mv, parameters(), shortfall_t=100)).set_index("sector")
    auto = t.loc["Automotive (EVs)"]
    assert auto["exposure and risks (article)"] == "Motors. Risks: Production halts, cost increases"
    assert auto["events we hold"] == "5 (1 weak), May 2025 to 20 Aug 2025"
    assert auto["most severe"] == "halt: Ford, May 2025 (The New York Times, May 2025 (read at Ford Authority))"
    assert auto["url"] == "https://example.org/2"
    assert auto["Pr-Nd oxide price in China vs the pre-controls baseline"] == "+4% during the April-June 2025 controls and collapse"
    assert auto["if all of the shortfall went to this sector"] == "50,000-100,000 EV traction motors"
    wind = t.loc["Renewable Energy"]
    assert (wind["events we hold"], wind["most severe"]) == ("0", "none in our data")
    assert wind["if all of the shortfall went to this sector"] == "100-200 MW of direct-drive wind"


def test_sector_claims_table_has_the_claims_check_form():
    mv = P.price_moves(prices(), P.baseline_period("2024-04", "2025-03"), P.periods_as_of("2025-06"))
    t = R.sector_claims_table(S.check_sector_claims(ARTICLE, events(), mv))
    assert list(t.columns) == ["sector", "claim (article)", "we looked for", "our data", "verdict", "evidence", "url"]
    rows = t.set_index("claim (article)")
    assert rows.loc["Production halts", "verdict"] == "supported"
    assert rows.loc["Production halts", "evidence"].startswith("Ford, May 2025: Ford halt (The New York Times")
    assert rows.loc["cost increases", "verdict"] == "no evidence in our data"  # +4% is under the 10% rise threshold
    assert rows.loc["Strategic vulnerability", "verdict"] == "outside our data"
    assert rows.loc["Strategic vulnerability", "evidence"] == "none"
    assert rows.loc["Strategic vulnerability", "our data"] == "nothing to test it"


def test_allocation_table_puts_scenario_units_beside_all_to_one_use():
    t = R.allocation_table(A.allocate(1000, parameters())).set_index("end use")
    nev = t.loc["new-energy vehicles"]
    assert (nev.basis, nev["share of demand"], nev["scenario tonnes"]) == ("magnet mass", "35%", "350 t")
    assert nev["units in the scenario"] == "180,000-350,000 EV traction motors"
    assert nev["if all of it went to this use"] == "500,000-1,000,000 EV traction motors"
    assert nev.source == "ACREI, 2024"
    other = t.loc[A.OTHER]
    assert (other["share of demand"], other["units in the scenario"], other.source) == ("65%", "", "")


def test_unused_shares_note_and_events_helpers():
    unused = pd.DataFrame([{"sector": "EV motors", "low": 7.0, "high": 7.0, "year": "2023",
                            "why": "basis is rare-earth content, not magnet mass"}])  # fmt: skip
    assert R.unused_shares_note(unused) == "Shares left out: EV motors 7% (2023): basis is rare-earth content, not magnet mass."
    assert R.unused_shares_note(unused.iloc[0:0]) == ""
    assert R.events_span(events()) == "May 2025 to Aug 2025" and R.events_span(events().iloc[0:0]) == ""
    assert R.events_caption(events()) == "Reported sector events, May 2025 to Aug 2025"
    assert R.events_caption(events().iloc[0:0]) == "Reported sector events: none"
    listed = R.events_list(events())
    assert listed.source.iloc[0] == "The New York Times, May 2025 (read at Ford Authority)"


# --- sector parameters named by origin, cited by `cite` ---------------------------------------------
def test_equivalents_and_parameter_tables_work_without_a_publisher_column():
    params = parameters()
    assert "publisher" not in params.columns
    eq = sectors.equivalents(100, params).set_index("sector")
    assert eq.loc["EVs", "sources"] == "IEA, 1 Dec 2024"
    assert eq.loc["Wind", "units_low"] == 100 and eq.loc["Wind", "units_high"] == 200
    shares = sectors.demand_shares(params)
    assert shares.loc[0, ["origin", "source"]].tolist() == ["ACREI", "ACREI, 1 Dec 2024"]


def test_equivalents_cite_the_outlet_where_a_figure_was_read():
    params = parameters().assign(outlet=["Metalnomist", "MDPI", "ACREI"])
    assert sectors.equivalents(100, params).set_index("sector").loc["EVs", "sources"] == "IEA, 1 Dec 2024 (read at Metalnomist)"


# --- the data as of a month -------------------------------------------------------------------------
def test_as_of_data_drops_later_events_and_prices():
    from rare_earth_trade.build.params import Parameters
    from rare_earth_trade.report.asof import load_as_of

    data = load_as_of(Parameters(as_of="2025-06"))
    assert len(data.disruptions) and data.disruptions["month"].max() <= "2025-06"
    assert len(data.prices) and data.prices["month"].max() <= "2025-06"
    assert {"mid", "currency", "origin", "outlet"} <= set(data.prices.columns)


def test_validation_names_a_disruption_dated_against_its_precision(data_copy):
    from rare_earth_trade.series.dataset import Dataset

    path = data_copy / "raw" / "sector_disruptions.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[1].startswith("2025-04,month,")
    lines[1] = lines[1].replace("2025-04,month,", "2025-04-15,month,", 1)
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataError) as err:
        Dataset(data_copy, cache=False).validate_all()
    messages = [str(p) for p in err.value.problems]
    assert messages == [f"{path}:2: column 'date': does not match date_precision 'month' (expected YYYY-MM) (value: '2025-04-15')"]


def test_validation_lists_a_schema_problem_of_the_evidence_once(data_copy):
    from rare_earth_trade.series.dataset import Dataset

    path = data_copy / "raw" / "prices.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(",china_domestic,", ",china_mainland,", 1)
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataError) as err:
        Dataset(data_copy, cache=False).validate_all()
    messages = [str(p) for p in err.value.problems]
    assert len(messages) == 1 and messages[0].startswith(f"{path}:2: column 'market': unknown value")
