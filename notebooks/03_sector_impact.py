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
from IPython.display import display

from rare_earth_trade.analysis import allocation, sector_impact, sectors
from rare_earth_trade.analysis import disruptions as disruption_stats
from rare_earth_trade.analysis import prices as price_stats
from rare_earth_trade.report import charts, narrative, tables
from rare_earth_trade.report import sector_impact as sector_report
from rare_earth_trade.report.asof import metrics
from rare_earth_trade.report.display import heading, md, table
from rare_earth_trade.report.notebook import start

data = start(globals())  # parameters checked, the data as of the month loaded, the house style set
p = data.params
m = metrics(data)  # recovery metrics for these parameters (analysis.metrics.recovery_metrics)
sector_params = data.tables["sector_parameters"]  # sourced magnet content per unit, demand shares...
equivalents = sectors.equivalents(m.shortfall_flat.tonnes, sector_params)
# What the press reported in the sectors, and Pr-Nd prices (data/raw/sector_disruptions.csv, prices.csv)
events = data.disruptions
baseline = price_stats.baseline_period(p.baseline_start, p.baseline_end)
moves = price_stats.price_moves(data.prices, baseline, price_stats.periods_as_of(p.as_of))
sector_claims = sector_impact.check_sector_claims(data.tables["article_sectors"], events, moves)

heading(narrative.sector_title(m.shortfall_flat, equivalents, data.as_of))
md(narrative.as_of_line(p), role="as-of")

# %% [markdown]
# ## The sectors that run on magnets
#
# The source article's sector table, with the evidence our data hold for each sector. The
# article's columns are its words; the last column lists sourced parameters, their basis and
# whether they are contested.

# %%
#| label: tbl-sectors
#| tbl-cap: Sectors, their reliance on rare-earth magnets, and our evidence
#| tbl-source: The USA Leaders, 21 July 2025 (first three columns); data/raw/sector_parameters*.csv
table(tables.sectors_evidence(data.tables["article_sectors"], sector_params))

# %% [markdown]
# ## What happened in the sectors
#
# Production halts, slowdowns, warnings and export licences granted or refused, as the stored press
# reported them, one row per event with its source. Weak reports (unsourced, or not corroborated
# in the pages we read) are kept and shown apart, not dropped.

# %%
#| label: fig-disruptions
md(disruption_stats.disruption_sentence(events))
sector_report.disruption_timeline(m, events, data.events, start="2025-01")

# %% [markdown]
# ## Prices of the magnets' main input
#
# Praseodymium-neodymium (Pr-Nd) oxide is the main input of NdFeB magnets. Prices in China are in
# yuan per tonne, prices outside it in dollars per kilogram; each is its own series, and a
# period's level is the mean of its monthly means, compared with the pre-controls baseline.

# %%
#| label: fig-prices
md(price_stats.price_sentence(moves))
md(price_stats.coverage_sentence(data.prices))
sector_report.price_chart(data.prices, data.events, p.as_of)

# %% [markdown]
# ## Sector by sector
#
# The article's sectors with the events we hold for each (the most severe one linked to its
# source), the move of the Pr-Nd oxide price in China, and what the whole shortfall would equal
# in the sector's units.

# %%
#| label: tbl-sector-impact
#| tbl-cap: The article's sectors, the events we hold, prices and unit equivalents
#| tbl-source: The USA Leaders, 21 July 2025 (reliance and risks); data/raw/sector_disruptions.csv, prices.csv, sector_parameters*.csv
impact = sector_impact.sector_table(data.tables["article_sectors"], events, moves, sector_params, m.shortfall_flat.tonnes)
table(sector_report.sector_impact_table(impact), links={"most severe": "url"})

# %% [markdown]
# ## The article's sector claims checked
#
# Each risk the article names for a sector, checked against the events and prices we hold: what
# would support it, what we found, and a verdict (supported, partly supported, no evidence in our
# data, outside our data). A rise of the Pr-Nd oxide price supports a cost claim only in part: it is
# the magnets' input cost, not the sector's own.

# %%
#| label: tbl-sector-claims
#| tbl-cap: The source article's sector claims checked
md(sector_impact.claims_sentence(sector_claims))
table(sector_report.sector_claims_table(sector_claims), links={"evidence": "url"}, classes={"verdict": "v-"})

# %% [markdown]
# ## The shortfall in sector terms
#
# How many units of each product the magnets not exported would have equipped. Only parameters
# measured as magnet mass are used; rare-earth content per unit is a different quantity (a
# magnet is roughly one third rare earths by mass, but we have no sourced ratio in the data, so
# we do not convert). Each row is an alternative use of the same tonnes, not a share of them.

# %%
md(narrative.shortfall(m))
md(narrative.sector_equivalents(m.shortfall_flat, equivalents))

# %%
#| label: fig-sector-equivalents
if not equivalents.empty:
    display(charts.sector_ranges(equivalents, m.shortfall_flat.tonnes))

# %%
#| label: tbl-equivalents
#| tbl-cap: Assumptions behind the sector equivalents
#| tbl-source: data/raw/sector_parameters*.csv
if not equivalents.empty:
    display(table(tables.equivalents(equivalents)))

# %% [markdown]
# ## Scenario: the shortfall shared over end uses
#
# An illustration, not an estimate of who lost what: the missing tonnes shared over end uses in
# proportion to their sourced shares of magnet demand, on one basis (magnet mass, as the shortfall
# is). Beside each use, what the whole shortfall would equal if all of it went to that one use.

# %%
#| label: tbl-allocation
#| tbl-cap: "Scenario: the shortfall shared over end uses by demand shares"
#| tbl-source: data/raw/sector_parameters*.csv (demand shares and magnet content per unit)
shared = allocation.allocate(m.shortfall_flat.tonnes, sector_params)
md(allocation.allocation_sentence(shared))
unused = allocation.unused_shares(sector_params)
table(sector_report.allocation_table(shared), links={"source": "url"},
      note=sector_report.unused_shares_note(unused))  # fmt: skip

# %% [markdown]
# ## Demand by end use
#
# Shares of demand on different bases (magnet mass, magnet rare-earth content, all rare-earth
# demand) are not comparable with each other; each row says its basis.

# %%
#| label: tbl-demand
#| tbl-cap: Shares of demand by end use
table(tables.parameters(sectors.demand_shares(sector_params)), links={"source": "url"})

# %% [markdown]
# ## Defence and medical: criticality, not tonnage
#
# Defence platforms use little magnet mass against EVs or wind, but have few substitutes. The
# widely repeated per-platform figures trace to one 2012-2013 origin and are disputed; we show
# them with the dispute rather than as a single number.

# %%
#| label: tbl-defence
#| tbl-cap: Rare-earth content of defence platforms (contested)
defence = sectors.defence_evidence(sector_params)
md(narrative.defence(defence))
table(tables.parameters(defence), links={"source": "url"})

# %% [markdown]
# ## China's share by stage

# %%
#| label: fig-china-shares
shares = data.tables["china_supply_shares"]
md(narrative.china_shares(shares))
charts.china_shares(shares)

# %% [markdown]
# ## Scenario: controls reimposed
#
# Controls like those of April-May 2025 return for a number of months (the *scenario_months*
# parameter); exports fall the observed trough depth below the pre-controls average each month
# (or the *scenario_depth_pct* parameter).

# %%
#| label: fig-scenario
scenario = sectors.scenario(p.scenario_months, m.baseline.mean, m.trough, p.scenario_depth_pct)
md(narrative.scenario(scenario))
if scenario is not None:
    display(charts.scenario_bars(scenario))
    md(narrative.scenario_equivalents(scenario, sectors.equivalents(scenario.lost_t, sector_params)))

# %% [markdown]
# ## All reported events
#
# Every event the stored press documents up to the as-of month, with its evidence grade and source.

# %%
#| label: tbl-events
#| tbl-source: data/raw/sector_disruptions.csv
table(sector_report.events_list(events), links={"source": "url"},
      cap=sector_report.events_caption(events))  # fmt: skip
