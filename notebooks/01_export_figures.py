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
# Report parameters (papermill replaces this cell). None = the default in rare_earth_trade.build.params.
as_of = None  # latest month used, YYYY-MM; default: latest month of world magnet exports
report_date = None  # YYYY-MM-DD; default: today
baseline_start = None  # pre-controls baseline window, YYYY-MM; default 2024-04
baseline_end = None  # default 2025-03
focus = None  # destination codes, e.g. ["USA", "DEU"]; default: the eight main destinations
scenario_months = None  # months of reimposed controls; default 3
scenario_depth_pct = None  # % below baseline each month; default: the observed trough
data_dir = None  # default: the project's data/
figure_dir = None  # where figure CSVs go; default: build/interactive/figures

# %%
from rare_earth_trade.report import charts, narrative
from rare_earth_trade.report import tables as report_tables
from rare_earth_trade.report.notebook import start

NOTEBOOK = "01_export_figures"
ctx, page = start(NOTEBOOK, globals())
page.heading(narrative.ledger_title(ctx), 1)
page.paragraph(narrative.as_of_line(ctx), css="as-of")
page.paragraph(narrative.ledger_summary(ctx))

# %% [markdown]
# ## Coverage
#
# Which months each series and destination has. *Reported*: at least one source gives the
# month's tonnage. *Derived*: computed from other reported figures (a neighbouring month and a
# reported % change, or the difference of two cumulative totals), labelled with its inputs.
# *Only in a cumulative total*: the month is inside a reported year-to-date figure but not known
# alone (China customs releases January and February together).

# %%
page.figure(charts.coverage(ctx.data.status, narrative.coverage_start(ctx), ctx.as_of))

# %% [markdown]
# ## World totals, month by month
#
# The preferred source's value for each month, how many sources report it, and whether any source
# disagrees beyond rounding.

# %%
page.table(report_tables.world_figures_table(ctx), "World magnet exports by month: value, status and sources",
           links={"preferred source": "url"}, source="the ledger (data/raw/observations)")

# %% [markdown]
# ## Conflicts
#
# Figures that sources report differently, beyond the rounding of the less precise value. The
# preferred source wins by the rule below; every value stays in the ledger. Several conflicts are
# misattributions: a figure of one series printed as another (see each row).

# %%
page.paragraph(narrative.resolution_rule())
page.table(report_tables.conflicts_table(ctx), "Conflicting reports and how they were resolved",
           links={"preferred source": "url"}, source="the ledger")

# %% [markdown]
# ## Reconciliation
#
# Do the numbers agree with each other? Reported % changes against the levels they connect, and
# monthly levels summed against reported year-to-date totals. Rounded levels make a computed %
# change a range; a check agrees when the reported figure falls inside it.

# %%
page.paragraph(narrative.reconciliation_summary(ctx))
page.table(report_tables.reconciliation_table(ctx), "Reconciliation checks (disagreements first)", source="the ledger")

# %% [markdown]
# ## Derived values
#
# Every value no source reported directly but the reported figures imply, with its inputs.

# %%
page.table(report_tables.derived_table(ctx), "Derived magnet-export values and their inputs", source="the ledger")

# %% [markdown]
# ## Sources
#
# Publishers by tier (1 official statistics, 2 wire agencies reading the customs release, 3
# established outlets, 4 others), with how many figures each supplied.

# %%
page.table(report_tables.sources_table(ctx), "Publishers in the ledger", links={"publisher": "url"})
