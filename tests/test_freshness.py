"""Freshness: from a report date and China customs' release calendar, the latest month that should
be out and the monthly releases the ledger lacks."""

from __future__ import annotations

import pandas as pd
import pytest

from rare_earth_trade.errors import DataError
from rare_earth_trade.series.dataset import Dataset
from rare_earth_trade.series.freshness import Calendar, freshness, latest_expected_month, load_calendar


@pytest.mark.parametrize("report_date, latest", [
    ("2026-11-29", "2026-10"), ("2026-11-20", "2026-10"), ("2026-11-19", "2026-09"),
    ("2026-03-20", "2026-02"),  # January and February come out together, in March
    ("2026-03-10", "2025-12"), ("2026-02-25", "2025-12"), ("2026-01-20", "2025-12"), ("2026-01-05", "2025-11"),
])  # fmt: skip
def test_the_latest_month_that_should_be_out(report_date, latest):
    assert latest_expected_month(report_date, Calendar(release_day=20, combined=(1, 2))) == latest


def test_the_calendar_is_a_sourced_reference_table():
    calendar = load_calendar()
    assert (calendar.release_day, calendar.combined) == (20, (1, 2))
    assert "Reuters, 7 Mar 2021 (read at MarketScreener)" in calendar.sources


def test_a_report_dated_29_november_2026_lacks_april_to_october_2026():
    f = Dataset().freshness("2026-11-29")
    assert (f.latest_expected, f.last_in_ledger, f.lacking_releases) == ("2026-10", "2026-03", 7)
    assert f.lacking_months == [f"2026-{m:02d}" for m in range(4, 11)]
    assert "should have published monthly data through October 2026" in f.summary()
    assert "it lacks 7 monthly releases (April 2026 to October 2026, 7 months)" in f.summary()


def test_january_and_february_count_as_one_release():
    series = pd.DataFrame({"series": "magnet_exports", "partner": "WLD", "measure": "tonnes", "period": ["2025-11", "2025-12"]})
    f = freshness(series, "2026-04-25", Calendar())
    assert (f.latest_expected, f.lacking_months, f.lacking_releases) == ("2026-03", ["2026-01", "2026-02", "2026-03"], 2)
    assert freshness(series, "2026-01-21", Calendar()).up_to_date


def test_a_bad_calendar_row_is_refused_with_file_line_and_column(data_copy):
    path = data_copy / "reference" / "release_calendar.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("release_day,20", "release_week,20")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        Dataset(data_copy).validate_all()
    problem = err.value.problems[0]
    assert (problem.path.endswith("release_calendar.csv"), problem.line, problem.column) == (True, 2, "rule")


def _series(*periods: str) -> pd.DataFrame:
    return pd.DataFrame({"series": "magnet_exports", "partner": "WLD", "measure": "tonnes", "period": list(periods)})


def test_the_report_sentence_names_the_latest_month_the_releases_lacking_and_the_update_path():
    from rare_earth_trade.series.freshness import freshness_sentence

    f = freshness(_series("2026-02", "2026-03"), "2026-11-29", Calendar())
    assert freshness_sentence(f) == (
        "By 29 November 2026 China customs would have released its monthly figures through October 2026; the "
        "ledger ends in March 2026 and lacks 7 monthly releases (April 2026 to October 2026). To add them, drop "
        "China customs' query-platform export into data/raw/official/gacc/ (or add sourced press rows under "
        "data/raw/observations/), then run make data (the monthly update, README)."
    )
    assert freshness_sentence(f, short=True) == "Customs figures through October 2026 are due; the ledger lacks 7 monthly releases."
    one = freshness(_series("2026-09"), "2026-11-29", Calendar())
    assert "lacks 1 monthly release (October 2026)." in freshness_sentence(one)
    ahead = freshness(_series("2026-03"), "2025-07-21", Calendar())
    assert freshness_sentence(ahead).endswith("through June 2025; the ledger holds every month through June 2025.")
    assert freshness_sentence(ahead, short=True).endswith("the ledger holds them all.")


def test_a_report_as_of_an_earlier_month_asks_the_whole_ledger():
    f = Dataset().truncated("2025-06").freshness("2026-11-29")
    assert (f.latest_expected, f.last_in_ledger, f.lacking_releases) == ("2026-10", "2026-03", 7)
