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
from rare_earth_trade.analysis import accounting, claims, sectors
from rare_earth_trade.build.provenance import input_hashes
from rare_earth_trade.report import charts, narrative, tables
from rare_earth_trade.report.asof import metrics
from rare_earth_trade.report.display import bullets, heading, md, table
from rare_earth_trade.report.notebook import start
from rare_earth_trade.report.summary import report_summary, what_changed
from rare_earth_trade.series.freshness import freshness_sentence

data = start(globals())  # parameters checked, the data as of the month loaded, the house style set
p = data.params
m = metrics(data)  # recovery metrics for these parameters (analysis.metrics.recovery_metrics)
checked = claims.check_claims(data.tables["article_claims"], data.series, data.tables)
equivalents = sectors.equivalents(m.shortfall_flat.tonnes, data.tables["sector_parameters"])

# %%
heading(narrative.title(m))
md(narrative.as_of_line(p), role="as-of")
md(freshness_sentence(data.freshness()), role="as-of")

# %% [markdown]
# ## Key findings

# %%
findings = narrative.key_findings(m, checked) + [narrative.sector_equivalents(m.shortfall_flat, equivalents)]
bullets(findings, role="findings")

# %%
summary = report_summary(data, m, checked)  # what this report keeps: summary_<as-of>.json
changed = what_changed(summary, p.reports_dir)  # against the report published before it there
heading(changed.title, level=2)
if changed.lines:
    bullets(changed.lines, role="changes")
else:
    md(changed.lead)  # the first report, or nothing changed

# %% [markdown]
# ## Collapse and recovery

# %%
#| label: fig-world-exports
charts.world_exports(m, data.events, start="2024-01")

# %%
acc = accounting.recovery_accounting(
    data.series,
    as_of=p.as_of,
    controls_month=data.controls_month,
    baseline_start=p.baseline_start,
    baseline_end=p.baseline_end,
)
md(accounting.recovery_sentence(acc.results))

# %%
#| label: fig-cumulative-gap
charts.cumulative_gap(acc.results, data.events)

# %% [markdown]
# ## Destinations

# %%
md(narrative.rebound(m))
md(narrative.destinations(m))  # the chart by destination is in the Recovery analysis report

# %% [markdown]
# ## Sector impact

# %%
#| label: fig-sector-impact
from rare_earth_trade.analysis import prices as price_stats
from rare_earth_trade.analysis import sector_impact
from rare_earth_trade.report import sector_impact as sector_report

price_moves = price_stats.price_moves(data.prices, price_stats.baseline_period(p.baseline_start, p.baseline_end),
                                      price_stats.periods_as_of(p.as_of))  # fmt: skip
md(" ".join(sector_impact.brief_sentences(price_moves, data.disruptions)))
sector_report.prices_and_disruptions(data.prices, data.disruptions, data.events, p.as_of, start="2024-01")

# %% [markdown]
# ## The source article checked

# %%
#| label: tbl-claims
#| tbl-cap: The source article's claims checked
#| tbl-note: Supported means the figures in our data agree with the claim within the rounding; many of the article's customs figures and ours come from the same wire reports, so this checks the reporting, not customs. Each claim's evidence (source, date, derivation) is listed in the Recovery analysis report.
md(narrative.claims_summary(checked))
table(tables.claims(checked).drop(columns=["how", "evidence", "url"]), classes={"verdict": "v-"})

# %% [markdown]
# ## Data and methods

# %%
md(narrative.methods(data.ledger, input_hashes(data.data_dir)), role="method")
md(narrative.ranges_and_quality(m, data.series, data.misattributions), role="method")
md(narrative.sources_line(data.ledger), role="method")  # the full resolution rule is in the export figures report
