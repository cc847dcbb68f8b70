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

from rare_earth_trade.analysis import sectors
from rare_earth_trade.analysis.metrics import recovery_metrics
from rare_earth_trade.report import charts, narrative, tables
from rare_earth_trade.report.display import heading, md, table
from rare_earth_trade.report.notebook import start

data = start(globals())  # parameters checked, the data as of the month loaded, the house style set
p = data.params
m = recovery_metrics(
    data.series,
    as_of=p.as_of,
    controls_month=data.controls_month,
    baseline_start=p.baseline_start,
    baseline_end=p.baseline_end,
    focus=p.focus,
)
sector_params = data.tables["sector_parameters"]  # sourced magnet content per unit, demand shares...
equivalents = sectors.equivalents(m.shortfall_flat.tonnes, sector_params)

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
