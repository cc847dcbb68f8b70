"""Parameters are validated before anything runs; errors name the parameter and what is allowed."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import FrozenInstanceError, fields

import pytest

from rare_earth_trade.build import sync
from rare_earth_trade.build.params import (
    PARAMETERS,
    Parameters,
    check_destinations,
    coerce,
    load_parameters,
    validate_against_data,
)
from rare_earth_trade.cli import parser
from rare_earth_trade.errors import ParameterError
from rare_earth_trade.paths import NOTEBOOKS_DIR, PROJECT_ROOT

MONTHS = ["2024-04", "2025-01", "2025-06", "2026-03"]


def test_unknown_parameter_lists_the_allowed_ones():
    with pytest.raises(ParameterError) as err:
        load_parameters(None, ["asof=2025-06"])
    assert str(err.value) == (
        "unknown parameter 'asof'; allowed: as_of, report_date, baseline_start, baseline_end, focus, destinations, "
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


def test_destinations_are_codes_and_may_be_none():
    assert coerce("destinations", "usa, deu") == ["USA", "DEU"]
    assert coerce("destinations", "") == [] and Parameters().destinations == []


def test_a_destination_unknown_or_without_data_is_refused_naming_those_with_data():
    partners = {"WLD", "USA", "DEU", "THA"}
    with pytest.raises(ParameterError) as err:
        check_destinations(["USA", "ATL", "WLD"], ["DEU", "USA"], partners, "2026-03")
    assert str(err.value) == (
        "parameter destinations has unknown destination code(s) ATL, WLD; destinations with data as of 2026-03: DEU, USA"
    )
    with pytest.raises(ParameterError) as err:
        check_destinations(["THA"], ["DEU", "USA"], partners, "2026-03")
    assert str(err.value) == (
        "parameter destinations: no magnet-export figures for THA; destinations with data as of 2026-03: DEU, USA"
    )
    with pytest.raises(ParameterError, match="names USA more than once"):
        check_destinations(["USA", "USA"], ["USA"], partners, "2026-03")
    check_destinations(["DEU", "USA"], ["DEU", "USA"], partners, "2026-03")


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
    with pytest.raises(ParameterError) as err:
        coerce("scenario_months", "30")
    assert str(err.value) == "parameter scenario_months=30 must lie between 1 and 24"


def test_parameters_are_frozen_and_validation_returns_a_completed_copy():
    given = Parameters(focus=["USA"])
    with pytest.raises(FrozenInstanceError):
        given.as_of = "2025-06"
    done = validate_against_data(given, MONTHS, {"USA"}, today="2026-11-29")
    assert given.as_of is None and done.as_of == "2026-03"


# --- one definition: everything else is generated from PARAMETERS or checked against it ---------
def test_the_dataclass_cli_and_notebook_injection_follow_the_table():
    assert [f.name for f in fields(Parameters)] == [p.name for p in PARAMETERS]
    for p in PARAMETERS:
        assert getattr(Parameters(), p.name) == p.default
    assert set(Parameters().notebook_parameters()) == {p.name for p in PARAMETERS if p.notebook}
    report_help = " ".join(_report_help().split())
    for p in PARAMETERS:
        assert f"{p.name} {p.help}" in report_help, p.name


def _report_help() -> str:
    sub = next(a for a in parser()._actions if a.dest == "command")
    return sub.choices["report"].format_help()


def test_notebooks_makefile_and_readme_are_in_step_with_the_table():
    assert sync.check() == [], "run `make params` to regenerate them from build/params.py"


def test_drift_is_detected_and_repaired(tmp_path):
    nbs = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS_DIR, nbs, ignore=shutil.ignore_patterns("parameters", ".ipynb_checkpoints"))
    for name in ("Makefile", "README.md"):
        shutil.copy(PROJECT_ROOT / name, tmp_path / name)
    brief = nbs / "00_brief.ipynb"
    brief.write_text(
        brief.read_text(encoding="utf-8").replace('baseline_end = \\"2025-03\\"', 'baseline_end = \\"2025-04\\"'),
        encoding="utf-8",
    )
    readme = tmp_path / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("| `timeout` |", "| `time_out` |"), encoding="utf-8")
    make = tmp_path / "Makefile"
    make.write_text(make.read_text(encoding="utf-8").replace("FOCUS:focus ", ""), encoding="utf-8")
    assert sync.check(tmp_path, nbs) == [
        "00_brief.ipynb: the parameters cell differs from build/params.py",
        "Makefile: the REPORT_PARAMETERS line differs from build/params.py",
        "README.md: the parameter table differs from build/params.py",
    ]
    changed = sync.write(tmp_path, nbs)
    assert {p.name for p in changed} == {"00_brief.ipynb", "00_brief.py", "Makefile", "README.md"}
    assert sync.check(tmp_path, nbs) == []


def test_make_passes_each_parameter_variable_to_the_command_line():
    done = subprocess.run(
        ["make", "-n", "report", "AS_OF=2025-06", "FOCUS=USA,DEU", "SCENARIO_MONTHS=4", "FORCE=1"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "TIMEOUT": "5"},  # from the environment: not a parameter
    )
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if "rare_earth_trade report" in x)
    assert line.endswith("report --set 'as_of=2025-06' --set 'focus=USA,DEU' --set 'scenario_months=4' --force")
