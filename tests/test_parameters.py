"""Parameters are validated before anything runs; errors name the parameter and what is allowed."""

from __future__ import annotations

import pytest

from rare_earth_trade.build.params import Parameters, coerce, load_parameters, validate_against_data
from rare_earth_trade.errors import ParameterError

MONTHS = ["2024-04", "2025-01", "2025-06", "2026-03"]


def test_unknown_parameter_lists_the_allowed_ones():
    with pytest.raises(ParameterError) as err:
        load_parameters(None, ["asof=2025-06"])
    assert str(err.value) == (
        "unknown parameter 'asof'; allowed: as_of, report_date, baseline_start, baseline_end, focus, "
        "scenario_months, scenario_depth_pct, data_dir, reports_dir, timeout"
    )


def test_malformed_month_is_refused():
    with pytest.raises(ParameterError) as err:
        coerce("as_of", "2025-6")
    assert str(err.value) == "parameter as_of='2025-6' is not a month; expected YYYY-MM, e.g. 2025-06"


def test_as_of_outside_the_data_lists_the_months_that_exist():
    with pytest.raises(ParameterError) as err:
        validate_against_data(Parameters(as_of="2025-02"), MONTHS, {"USA"})
    assert str(err.value) == (
        "parameter as_of=2025-02 is outside the data; months with world magnet exports run from 2024-04 "
        "to 2026-03 (that year: 2025-01, 2025-06)"
    )


def test_defaults_come_from_the_data_and_today():
    p = validate_against_data(Parameters(focus=["USA"]), MONTHS, {"USA"}, today="2026-11-29")
    assert (p.as_of, p.report_date) == ("2026-03", "2026-11-29")


def test_unknown_focus_destination_is_refused():
    with pytest.raises(ParameterError) as err:
        validate_against_data(Parameters(focus=["USA", "ATL"]), MONTHS, {"USA", "DEU"})
    assert str(err.value) == "parameter focus has unknown partner code(s) ATL; allowed: DEU, USA"


def test_yaml_file_and_command_line_combine_with_the_command_line_winning(tmp_path):
    f = tmp_path / "p.yml"
    f.write_text("as_of: 2025-06\nfocus: [usa, deu]\nscenario_months: 2\n", encoding="utf-8")
    p = load_parameters(str(f), ["scenario_months=4"])
    assert (p.as_of, p.focus, p.scenario_months) == ("2025-06", ["USA", "DEU"], 4)


def test_values_are_literals_never_code():
    p = load_parameters(None, ['focus=USA"]; import os; os.system("x")  #'])
    assert all(isinstance(c, str) for c in p.focus)
    with pytest.raises(ParameterError):
        load_parameters(None, ["scenario_months=__import__('os')"])


def test_scenario_depth_must_be_a_fall():
    with pytest.raises(ParameterError) as err:
        coerce("scenario_depth_pct", "20")
    assert str(err.value) == "parameter scenario_depth_pct=20.0 must lie between -100 and 0 (a fall)"
