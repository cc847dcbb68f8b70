"""Property-based tests (hypothesis) of the resolution and reconciliation rules."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from rare_earth_trade.series.reconcile import reconcile
from rare_earth_trade.series.resolve import RESOLVED_COLUMNS, agree, agree_many, resolve

PUBLISHERS = ["Reuters", "Bloomberg", "Trading Economics", "Some Blog", "General Administration of Customs of China"]
TIERS = {"Reuters": 2, "Bloomberg": 2, "Trading Economics": 3, "Some Blog": 4, "General Administration of Customs of China": 1}

observation = st.fixed_dictionaries({
    "value": st.floats(min_value=0, max_value=20000, allow_nan=False).map(lambda v: round(v, 1)),
    "decimals": st.integers(0, 2),
    "publisher": st.sampled_from(PUBLISHERS),
    "source_date": st.dates().map(lambda d: d.isoformat()),
    "url_id": st.integers(0, 10_000),
})  # fmt: skip


def ledger_of(observations) -> pd.DataFrame:
    rows = []
    for i, o in enumerate(observations):
        rows.append({
            "series": "magnet_exports", "period": "2025-06", "partner": "WLD", "measure": "tonnes",
            "value": round(o["value"], o["decimals"]), "unit": "t", "decimals": o["decimals"],
            "source_url": f"https://example.org/{o['url_id']}-{i}", "source_date": o["source_date"],
            "publisher": o["publisher"], "quote": "q", "tier": TIERS[o["publisher"]],
        })  # fmt: skip
    return pd.DataFrame(rows)


@settings(max_examples=60, deadline=None)
@given(st.lists(observation, min_size=1, max_size=6), st.randoms())
def test_the_winner_does_not_depend_on_row_order(observations, rnd):
    ledger = ledger_of(observations)
    shuffled = ledger.sample(frac=1, random_state=rnd.randint(0, 10_000)).reset_index(drop=True)
    a, b = resolve(ledger).iloc[0], resolve(shuffled).iloc[0]
    assert (a.value, a.source_url, a.conflict) == (b.value, b.source_url, b.conflict)


@settings(max_examples=60, deadline=None)
@given(st.lists(observation, min_size=1, max_size=6))
def test_the_winner_is_a_reported_value_from_the_best_tier(observations):
    ledger = ledger_of(observations)
    w = resolve(ledger).iloc[0]
    assert w.value in set(ledger.value)
    assert w.tier == ledger.tier.min()
    assert w.n_sources == len(ledger)
    assert list(resolve(ledger).columns) == RESOLVED_COLUMNS


@settings(max_examples=100, deadline=None)
@given(st.floats(0, 1e5), st.integers(0, 3), st.floats(0, 1e5), st.integers(0, 3),
       st.sampled_from(["tonnes", "mom_pct"]))  # fmt: skip
def test_agreement_is_symmetric(a, da, b, db, measure):
    assert agree(a, da, b, db, measure) == agree(b, db, a, da, measure)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1e5), st.integers(0, 3), st.floats(0, 1e5), st.integers(0, 3),
                          st.sampled_from(["tonnes", "mom_pct"])), min_size=1, max_size=20))  # fmt: skip
def test_vectorised_agreement_is_the_pairwise_rule(pairs):
    a, da, b, db, m = (list(x) for x in zip(*pairs))
    together = agree_many(a, da, b, db, [x == "tonnes" for x in m])
    assert together.tolist() == [agree(*p) for p in pairs]


@settings(max_examples=100, deadline=None)
@given(st.floats(1, 1e4), st.integers(0, 2))
def test_a_value_agrees_with_its_own_rounding(value, decimals):
    assert agree(value, 3, round(value, decimals), decimals, "tonnes")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(10, 10_000), min_size=2, max_size=12), st.integers(0, 1))
def test_consistent_figures_always_reconcile(months, decimals):
    """Levels, % changes and totals computed from one set of monthly values, then rounded as the
    press rounds them, must all reconcile."""
    rows = []

    def add(period, measure, value, dec):
        rows.append({"series": "magnet_exports", "period": period, "partner": "WLD", "measure": measure,
                     "value": round(value, dec), "decimals": dec, "status": "reported"})  # fmt: skip

    total = 0.0
    for i, v in enumerate(months):
        period = f"2025-{i + 1:02d}"
        total += v
        add(period, "tonnes", v, decimals)
        add(period, "ytd_tonnes", total, decimals)
        if i:
            add(period, "mom_pct", (v / months[i - 1] - 1) * 100, 1)
    rec = reconcile(pd.DataFrame(rows))
    assert len(rec) > 0
    assert rec.agrees.all(), rec[~rec.agrees]
