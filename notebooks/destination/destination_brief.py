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
destination = None  # ISO code: the destination of this brief; None: the build sets it, once per code of `destinations`

# %%
from rare_earth_trade.analysis import destination as dest
from rare_earth_trade.report import destination as brief
from rare_earth_trade.report import narrative
from rare_earth_trade.report.display import bullets, heading, md, table
from rare_earth_trade.report.notebook import start

data = start(globals())  # parameters checked, the data as of the month loaded, the house style set
p = data.params
code = brief.destination_code(destination, data.series, p.as_of)  # a known code with data, or an error naming them
figures = dest.monthly_figures(data.series, code)  # its monthly tonnes: value, range, status, source
cov = dest.coverage(figures, p.baseline_start, p.as_of)
rec, account = dest.recovery(data.series, code, p.as_of, data.controls_month, p.baseline_start, p.baseline_end)
share, rank = dest.shares(data.series, code), dest.ranks(data.series, code)
events = dest.events_concerning(data.events, code)

# %%
heading(brief.title(code, rec, p.as_of))
md(narrative.as_of_line(p), role="as-of")

# %% [markdown]
# ## In brief

# %%
bullets([
    brief.recovery_sentence(code, rec, account),
    brief.share_sentence(code, share, rank),
    brief.coverage_sentence(code, cov),
    brief.events_sentence(code, events),
], role="findings")

# %% [markdown]
# ## Monthly exports
#
# Each month's value is the preferred source's figure; derived values are implied by other reported
# figures (a % change, a cumulative total) and carry the range of their inputs.

# %%
#| label: fig-monthly
brief.monthly_chart(code, figures, rec.baseline.mean, events, p.baseline_start, p.as_of)

# %%
#| label: tbl-months
#| tbl-cap: Monthly magnet exports, the months a figure is known
table(brief.months_table(figures[figures.period >= p.baseline_start]), links={"source": "url"})

# %% [markdown]
# ## Share of China's exports and rank
#
# The share needs both this destination's figure and China's world total for the same month. The
# rank is its place in a top-destinations list a source reported for that month.

# %%
#| label: tbl-share
#| tbl-cap: Share of China's magnet exports and reported rank
table(brief.share_table(share, rank), links={"rank source": "url"})

# %% [markdown]
# ## Events that concern it
#
# Policy events whose row names this destination, and China-wide controls and suspensions, which
# concern every destination (data/raw/policy_events.csv, column `partners`).

# %%
#| label: tbl-events
#| tbl-cap: Policy events concerning this destination
table(brief.events_table(events), links={"source": "url"})

# %% [markdown]
# ## Gaps

# %%
bullets(brief.gaps(code, cov, share, rank, rec))
