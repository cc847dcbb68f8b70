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
charts.coverage(data.status, first, data.as_of, drop_empty=True)

# %% [markdown]
# ## World totals, month by month
#
# The preferred source's value for each month, its range (where wider than the rounding shown: the
# hull of its sources' printed figures, or for a derived month what its inputs allow), how many
# sources report it, and whether any source disagrees beyond rounding.

# %%
#| label: tbl-world
#| tbl-cap: "World magnet exports by month: value, range, status and sources"
#| tbl-source: the ledger (data/raw/observations)
world = series.query("series == 'magnet_exports' and partner == 'WLD' and measure == 'tonnes'")
table(tables.world_figures(world.sort_values("period")), links={"preferred source": "url"})

# %% [markdown]
# ## Conflicts
#
# Figures that sources report differently, beyond the rounding of the less precise value. The
# preferred source wins by the rule below; every value stays in the ledger, and the figure's range
# spans the disagreement.

# %%
#| label: tbl-conflicts
#| tbl-cap: Conflicting reports and how they were resolved
#| tbl-source: the ledger
conflicts = series[series.conflict]
md(narrative.conflicts_summary(series))
md(narrative.resolution_rule())
table(tables.conflicts(conflicts), links={"preferred source": "url"})

# %% [markdown]
# ## Misattributions
#
# Pages that print a figure under the wrong series or measure: a magnet figure called "rare
# earths", Bloomberg's rare-earth-products aggregate called the customs rare-earth line, a
# month-on-month change called year-on-year. Each stays in the ledger with the status
# *misattributed*; where the figure it really is can be identified, it counts as a source of that
# figure (and agrees or conflicts there like any source).

# %%
#| label: tbl-misattributions
#| tbl-cap: Figures printed under the wrong series or measure
#| tbl-source: the ledger (file and line of each row)
md(narrative.misattributions_summary(data.misattributions))
table(tables.misattributions(data.misattributions), links={"source": "url"})

# %% [markdown]
# ## Reconciliation
#
# Do the numbers agree with each other? Reported % changes against the levels they connect, and
# monthly levels summed against reported year-to-date totals. Rounded levels make a computed %
# change a range; a check agrees when the reported figure falls inside it.

# %%
#| label: tbl-reconciliation
#| tbl-cap: Reconciliation checks by kind and series
#| tbl-source: the ledger
checks = data.reconciliation
md(narrative.reconciliation_summary(checks))
table(tables.reconciliation_counts(checks), data=tables.reconciliation(checks.sort_values(["agrees", "series", "period"])))

# %%
#| label: tbl-disagreements
#| tbl-cap: Reconciliation checks that disagree
#| tbl-source: the ledger
disagree = checks[~checks.agrees]
if len(disagree):
    display(table(tables.reconciliation(disagree.sort_values(["series", "period"]))))

# %% [markdown]
# ## Derived values
#
# Values no source reported directly but the reported figures imply, with their range, their inputs
# and the sources of those inputs.

# %%
#| label: tbl-derived
#| tbl-cap: Derived magnet-export values, their ranges and inputs
#| tbl-source: the ledger
derived = series[series.status == "derived"].sort_values(["series", "partner", "period"])
shown = derived[(derived.series == "magnet_exports") & (derived.period >= first)]
md(narrative.derived_summary(shown, derived, first))
table(tables.derived(shown, data.ledger), data=tables.derived(derived, data.ledger).assign(series=derived.series.to_numpy()))

# %% [markdown]
# ## Sources
#
# Who produced the figures, by tier (1 official statistics, 2 wire agencies reading the customs
# release, 3 established outlets, 4 others), with how many figures and pages each supplied and
# where they were read.

# %%
#| label: tbl-sources
#| tbl-cap: Origins of the figures in the ledger
table(tables.sources(data.ledger), links={"origin": "url"})
