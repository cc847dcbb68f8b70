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

NOTEBOOK = "00_brief"
ctx, page = start(NOTEBOOK, globals())
page.heading(narrative.title(ctx), 1)
page.paragraph(narrative.as_of_line(ctx), css="as-of")

# %% [markdown]
# ## Key findings

# %%
page.bullets(narrative.key_findings(ctx) + [narrative.sector_equivalents(ctx)])

# %% [markdown]
# ## Collapse and recovery

# %%
page.figure(charts.world_exports(ctx))
page.figure(charts.ytd_pace(ctx))

# %% [markdown]
# ## Destinations

# %%
page.paragraph(narrative.rebound(ctx))
page.figure(charts.destination_multiples(ctx))

# %% [markdown]
# ## The source article checked

# %%
page.paragraph(narrative.claims_summary(ctx))
page.table(report_tables.claims_table(ctx).drop(columns=["how"]), "The source article's claims checked",
           links={"evidence": "url"}, row_class="verdict")

# %% [markdown]
# ## Data and methods

# %%
page.paragraph(narrative.methods(ctx))
page.paragraph(narrative.resolution_rule())
page.paragraph("Sources: " + narrative.sources_line(ctx))
