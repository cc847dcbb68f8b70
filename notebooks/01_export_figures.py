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
from rare_earth_trade.report import charts, narrative, tables
from rare_earth_trade.report.display import heading, md, table
from rare_earth_trade.report.notebook import start

data = start(globals())  # parameters checked, the data as of the month loaded, the house style set
series = data.series  # one resolved figure per series, destination, month and measure

heading(narrative.ledger_title(data.ledger, data.as_of))
md(narrative.as_of_line(data.params), role="as-of")
md(narrative.ledger_summary(series))

# %% [markdown]
# ## Coverage
#
# Which months each series and destination has. *Reported*: at least one source gives the
# month's tonnage. *Derived*: computed from other reported figures (a neighbouring month and a
# reported % change, or the difference of two cumulative totals), labelled with its inputs.
# *Only in a cumulative total*: the month is inside a reported year-to-date figure but not known
# alone (China customs releases January and February together).

# %%
#| label: fig-coverage
first = "2024-01" if data.as_of >= "2024-01" else data.status.period.min()
charts.coverage(data.status, first, data.as_of)

# %% [markdown]
# ## World totals, month by month
#
# The preferred source's value for each month, how many sources report it, and whether any source
# disagrees beyond rounding.

# %%
#| label: tbl-world
#| tbl-cap: "World magnet exports by month: value, status and sources"
#| tbl-source: the ledger (data/raw/observations)
world = series.query("series == 'magnet_exports' and partner == 'WLD' and measure == 'tonnes'")
table(tables.world_figures(world.sort_values("period")), links={"preferred source": "url"})

# %% [markdown]
# ## Conflicts
#
# Figures that sources report differently, beyond the rounding of the less precise value. The
# preferred source wins by the rule below; every value stays in the ledger. Several conflicts are
# misattributions: a figure of one series printed as another (see each row).

# %%
#| label: tbl-conflicts
#| tbl-cap: Conflicting reports and how they were resolved
#| tbl-source: the ledger
md(narrative.resolution_rule())
table(tables.conflicts(series[series.conflict]), links={"preferred source": "url"})

# %% [markdown]
# ## Reconciliation
#
# Do the numbers agree with each other? Reported % changes against the levels they connect, and
# monthly levels summed against reported year-to-date totals. Rounded levels make a computed %
# change a range; a check agrees when the reported figure falls inside it.

# %%
#| label: tbl-reconciliation
#| tbl-cap: Reconciliation checks (disagreements first)
#| tbl-source: the ledger
md(narrative.reconciliation_summary(data.reconciliation))
table(tables.reconciliation(data.reconciliation.sort_values(["agrees", "series", "period"])))

# %% [markdown]
# ## Derived values
#
# Every value no source reported directly but the reported figures imply, with its inputs.

# %%
#| label: tbl-derived
#| tbl-cap: Derived magnet-export values and their inputs
#| tbl-source: the ledger
derived = series.query("status == 'derived' and series == 'magnet_exports'")
table(tables.derived(derived.sort_values(["partner", "period"])))

# %% [markdown]
# ## Sources
#
# Publishers by tier (1 official statistics, 2 wire agencies reading the customs release, 3
# established outlets, 4 others), with how many figures each supplied.

# %%
#| label: tbl-sources
#| tbl-cap: Publishers in the ledger
table(tables.sources(data.ledger), links={"publisher": "url"})
