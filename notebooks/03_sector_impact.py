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
from rare_earth_trade.analysis import sectors
from rare_earth_trade.report import charts, narrative
from rare_earth_trade.report import tables as report_tables
from rare_earth_trade.report.notebook import start

NOTEBOOK = "03_sector_impact"
ctx, page = start(NOTEBOOK, globals())
params = ctx.tables["sector_parameters"]
equivalents = sectors.equivalents(ctx.shortfall_flat.tonnes, params)
page.heading(narrative.sector_title(ctx, equivalents), 1)
page.paragraph(narrative.as_of_line(ctx), css="as-of")

# %% [markdown]
# ## The sectors that run on magnets
#
# The source article's sector table, with the evidence our data hold for each sector. The
# article's columns are its words; the last column lists sourced parameters, their basis and
# whether they are contested.

# %%
page.table(report_tables.sector_table(ctx), "Sectors, their reliance on rare-earth magnets, and our evidence",
           source="The USA Leaders, 21 July 2025 (first three columns); data/raw/sector_parameters*.csv")

# %% [markdown]
# ## The shortfall in sector terms
#
# How many units of each product the magnets not exported would have equipped. Only parameters
# measured as magnet mass are used; rare-earth content per unit is a different quantity (a
# magnet is roughly one third rare earths by mass, but we have no sourced ratio in the data, so
# we do not convert). Each row is an alternative use of the same tonnes, not a share of them.

# %%
page.paragraph(narrative.shortfall(ctx))
page.paragraph(narrative.sector_equivalents(ctx))
if not equivalents.empty:
    page.figure(charts.sector_ranges(equivalents, ctx.shortfall_flat.tonnes))
    page.table(report_tables.equivalents_table(equivalents), "Assumptions behind the sector equivalents",
               source="data/raw/sector_parameters*.csv")

# %% [markdown]
# ## Demand by end use
#
# Shares of demand on different bases (magnet mass, magnet rare-earth content, all rare-earth
# demand) are not comparable with each other; each row says its basis.

# %%
page.table(report_tables.parameters_table(sectors.demand_shares(params)), "Shares of demand by end use",
           links={"source": "url"})

# %% [markdown]
# ## Defence and medical: criticality, not tonnage
#
# Defence platforms use little magnet mass against EVs or wind, but have few substitutes. The
# widely repeated per-platform figures trace to one 2012-2013 origin and are disputed; we show
# them with the dispute rather than as a single number.

# %%
page.paragraph(narrative.defence(ctx))
page.table(report_tables.parameters_table(sectors.defence_evidence(params)),
           "Rare-earth content of defence platforms (contested)", links={"source": "url"})

# %% [markdown]
# ## China's share by stage

# %%
page.paragraph(narrative.china_shares(ctx))
page.figure(charts.china_shares(ctx.tables["china_supply_shares"]))

# %% [markdown]
# ## Scenario: controls reimposed
#
# Controls like those of April-May 2025 return for a number of months (the *scenario_months*
# parameter); exports fall the observed trough depth below the pre-controls average each month
# (or the *scenario_depth_pct* parameter).

# %%
page.paragraph(narrative.scenario(ctx))
if ctx.scenario is not None:
    page.figure(charts.scenario_bars(ctx))
    page.paragraph(narrative.scenario_equivalents(ctx))
