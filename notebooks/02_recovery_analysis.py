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

NOTEBOOK = "02_recovery_analysis"
ctx, page = start(NOTEBOOK, globals())
page.heading(narrative.title(ctx), 1)
page.paragraph(narrative.as_of_line(ctx), css="as-of")
page.bullets(narrative.key_findings(ctx))

# %% [markdown]
# ## Monthly exports and policy events
#
# China customs' monthly exports of rare-earth permanent magnets (HS 8505.11), the world total,
# with the pre-controls average and the main policy events. Each month's value is the preferred
# source's figure; hollow points are derived values (see the *Raw export figures* notebook).

# %%
page.figure(charts.world_exports(ctx))
page.table(
    ctx.events[["date", "title", "category", "publisher", "source_url"]].rename(columns={"publisher": "source"}),
    "Policy events on the timeline", links={"source": "source_url"},
    note="Where sources give different dates for one event, each date has its own row.",
)

# %% [markdown]
# ## Collapse and rebound
#
# The trough is the lowest month from the controls to the as-of month. Its depth is measured
# against two baselines: the same month a year earlier, and the average of the months in the
# baseline window before the controls. Rebounds are month-on-month multiples (this month's tonnes
# divided by last month's).

# %%
page.paragraph(narrative.collapse(ctx))
page.paragraph(narrative.rebound(ctx))
page.table(report_tables.multiples_table(ctx), "Largest month-on-month multiples after the controls",
           source=charts.CUSTOMS, note="World and focus destinations; only months with both levels known.")

# %% [markdown]
# ## Recovery
#
# The recovery index puts each month against the pre-controls average (100 = back to it). A
# destination's index uses its own average over the same window, where enough months are known.

# %%
page.paragraph(narrative.recovery_sentence(ctx))
page.figure(charts.recovery_index(ctx))
page.paragraph(narrative.destinations(ctx))
page.table(report_tables.destination_table(ctx), "Recovery by destination", source=charts.CUSTOMS,
           note="Baseline months known out of the window's 12; the index is the latest month against that average.")

# %% [markdown]
# ## By destination

# %%
page.figure(charts.destination_multiples(ctx))
page.paragraph(report_tables.shares_sentence(ctx))

# %% [markdown]
# ## Cumulative shortfall
#
# Counterfactual 1: every month from the controls at the pre-controls average. Counterfactual 2:
# every month at its level a year earlier. The window runs from the controls to the month before
# exports first returned to the average (or to the as-of month). Months with no data are left out
# and listed, so the totals are lower bounds when months are missing.

# %%
page.paragraph(narrative.shortfall(ctx))
page.paragraph("Method: " + ctx.shortfall_flat.method + "; and " + ctx.shortfall_last_year.method + ".", css="method")

# %% [markdown]
# ## Year-to-date pace
#
# The source article's "19% below last year's pace" is one point on this line: the
# January-to-June 2025 total against January-to-June 2024.

# %%
page.paragraph(narrative.ytd_pace(ctx))
page.figure(charts.ytd_pace(ctx))

# %% [markdown]
# ## Contrast: the rare-earth group
#
# China customs also reports exports of "rare earths", compounds and metals of the 17 elements. It
# is a different series from magnets and did not collapse in the same way.

# %%
page.figure(charts.magnets_vs_group(ctx))

# %% [markdown]
# ## Claims check
#
# Every quantitative claim of the source article (The USA Leaders, 21 July 2025) against our
# data. *Supported*: our value rounds to the claim; *approximately*: within 5%, or sources span the
# claim; *not supported*: further off; *outside our data*: nothing to test it against as of this month.

# %%
page.paragraph(narrative.claims_summary(ctx))
page.table(report_tables.claims_table(ctx), "The source article's claims checked", links={"evidence": "url"},
           row_class="verdict", source="our ledger and sources; the article's sentences are quoted")
