# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags
#     notebook_metadata_filter: kernelspec,jupytext
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (rare-earth-trade)
#     language: python
#     name: rare-earth-trade
# ---

# %% tags=["parameters"]
# Parameters (defaults; a build injects its values after this cell). Generated from
# rare_earth_trade/build/params.py by `make params`: change them there.
as_of = None  # YYYY-MM: nothing after this month is used; None: latest month of world magnet exports
report_date = None  # YYYY-MM-DD: the report's folder name under reports/; None: today
baseline_start = "2024-04"  # YYYY-MM: first month of the pre-controls baseline window
baseline_end = "2025-03"  # YYYY-MM: last month of the pre-controls baseline window
focus = ["USA", "DEU", "KOR", "JPN", "IND", "VNM", "MEX", "THA"]  # ISO codes: destinations shown
scenario_months = 3  # whole number: months of reimposed controls in the scenario
scenario_depth_pct = None  # number: % below the baseline each month in the scenario; None: the observed trough
data_dir = None  # folder: where the raw and reference data are read; None: the project's data/
reports_dir = None  # folder: where reports are published (and the brief finds the previous one); None: the project's reports/

# %%
from rare_earth_trade.analysis import accounting, claims
from rare_earth_trade.report import charts, narrative, tables
from rare_earth_trade.report.asof import metrics
from rare_earth_trade.report.display import bullets, heading, md, table
from rare_earth_trade.report.notebook import start

data = start(globals())  # parameters checked, the data as of the month loaded, the house style set
p = data.params
m = metrics(data)  # recovery metrics for these parameters (analysis.metrics.recovery_metrics)
checked = claims.check_claims(data.tables["article_claims"], data.series, data.tables)

# %%
heading(narrative.title(m))
md(narrative.as_of_line(p), role="as-of")
bullets(narrative.key_findings(m, checked), role="findings")

# %% [markdown]
# ## Monthly exports and policy events
#
# China customs' monthly exports of rare-earth permanent magnets (HS 8505.11), the world total,
# with the pre-controls average and the main policy events. Each month's value is the preferred
# source's figure; hollow points are derived values (see the *Export figures* report).

# %%
#| label: fig-world-exports
charts.world_exports(m, data.events, start="2024-01")

# %%
#| label: tbl-events
#| tbl-cap: Policy events on the timeline
#| tbl-note: Where sources give different dates for one event, each date has its own row.
events = data.events.sort_values("date", kind="mergesort")[["date", "title", "category", "publisher", "source_url"]]
table(events.rename(columns={"publisher": "source"}), links={"source": "source_url"})

# %% [markdown]
# ## Collapse and rebound
#
# The trough is the lowest month from the controls to the as-of month. Its depth is measured
# against two baselines: the same month a year earlier, and the average of the months in the
# baseline window before the controls. Rebounds are month-on-month multiples (this month's tonnes
# divided by last month's).

# %%
md(narrative.collapse(m))
md(narrative.rebound(m))

# %%
#| label: tbl-multiples
#| tbl-cap: Largest month-on-month multiples after the controls
#| tbl-note: World and focus destinations; only months with both levels known.
after = m.multiples[m.multiples.period >= m.controls_month]
largest = after.sort_values("multiple", ascending=False).head(8)
table(tables.multiples(largest), source=charts.CUSTOMS)

# %% [markdown]
# ## Recovery
#
# The recovery index puts each month against the pre-controls average (100 = back to it). A
# destination's index uses its own average over the same window, where enough months are known.

# %%
md(narrative.recovery_sentence(m))

# %%
#| label: fig-recovery-index
index = m.world.loc["2025-01":] / m.baseline.mean * 100  # each month as % of the pre-controls average
charts.recovery_index(index, m.baseline)

# %%
#| label: tbl-destinations
#| tbl-cap: Recovery by destination
md(narrative.destinations(m))
window = m.baseline.months_in_window
note = f"Baseline months known out of the window's {window}; the index is the latest month against that average."
table(tables.destinations(m.destination_recovery), source=charts.CUSTOMS, note=note)

# %% [markdown]
# ## By destination

# %%
#| label: fig-destinations
charts.destination_multiples(m, start="2025-01")

# %%
md(narrative.shares(m))

# %% [markdown]
# ## Cumulative shortfall
#
# Counterfactual 1: every month from the controls at the pre-controls average. Counterfactual 2:
# every month at its level a year earlier. The window runs from the controls to the month before
# exports first returned to the average (or to the as-of month). Months with no data are left out
# and listed, so the totals are lower bounds when months are missing.

# %%
md(narrative.shortfall(m))
md(narrative.shortfall_method(m), role="method")

# %% [markdown]
# ## How much of the lost supply came back
#
# The cumulative gap adds up, month by month from the controls, how far exports fell short of a
# counterfactual, what they would have been without the controls: the pre-controls average, the
# same month a year earlier, or the pre-controls trend. The shortfall is the gap of the trough
# period (from the controls to the month before exports were first back at the counterfactual);
# what later months exported above the counterfactual, net of months below it, is what was made
# up. Ranges in brackets and the bands come from the figures' value ranges (the rounding of
# reported figures, the inputs of derived ones). Months without a figure are listed, never counted.

# %%
acc = accounting.recovery_accounting(
    data.series,
    as_of=p.as_of,
    controls_month=data.controls_month,
    baseline_start=p.baseline_start,
    baseline_end=p.baseline_end,
    partners=["USA", *p.focus],  # the United States always, then the focus destinations
)
md(accounting.recovery_sentence(acc.results))

# %%
#| label: fig-cumulative-gap
charts.cumulative_gap(acc.results, data.events)

# %%
#| label: tbl-recouped
#| tbl-cap: The shortfall and how much of it was made up, by counterfactual
#| tbl-note: "Made up: exports above the counterfactual after the shortfall period, net of later months below it; the share is capped at 0-100%. Ranges in brackets: what the figures' value ranges allow."
bullets(accounting.method_lines(acc.results), role="method")
table(accounting.summary_table(acc.results), source=charts.CUSTOMS)

# %%
md(accounting.year_sentence(acc.years, acc.controls_month))

# %%
#| label: tbl-recouped-destinations
#| tbl-cap: The same accounting by destination, each against its own baseline
md(accounting.destinations_sentence(acc.destinations))
note = f"Computed only where at least {accounting.MIN_MONTHS} months are known both in the baseline window and since the controls."
table(accounting.destination_table(acc.destinations), source=charts.CUSTOMS, note=note)

# %% [markdown]
# ## Year-to-date pace
#
# The source article's "19% below last year's pace" is one point on this line: the
# January-to-June 2025 total against January-to-June 2024.

# %%
md(narrative.ytd_pace(m))

# %%
#| label: fig-ytd-pace
charts.ytd_pace(m.ytd_pace)

# %% [markdown]
# ## Contrast: the rare-earth group
#
# China customs also reports exports of "rare earths", compounds and metals of the 17 elements. It
# is a different series from magnets and did not collapse in the same way.

# %%
#| label: fig-magnets-vs-group
charts.magnets_vs_group(m, data.events, start="2024-01")

# %% [markdown]
# ## Claims check
#
# Every quantitative claim of the source article (The USA Leaders, 21 July 2025) against our
# data. *Supported*: our value rounds to the claim; *approximately*: within 5%, or sources span the
# claim; *not supported*: further off; *outside our data*: nothing to test it against as of this month.

# %%
#| label: tbl-claims
#| tbl-cap: The source article's claims checked
#| tbl-source: our ledger and sources; the article's sentences are quoted
md(narrative.claims_summary(checked))
table(tables.claims(checked), links={"evidence": "url"}, classes={"verdict": "v-"})
