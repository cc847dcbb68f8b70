"""Report parameters: defaults, parsing from the command line or YAML, validation against the data.

Validated before any notebook runs; every error names the parameter and what is allowed.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from pathlib import Path

from ..errors import ParameterError

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
DEFAULT_FOCUS = ["USA", "DEU", "KOR", "JPN", "IND", "VNM", "MEX", "THA"]


@dataclass
class Parameters:
    as_of: str | None = None  # latest month used; default: latest month of world magnet exports
    report_date: str | None = None  # folder name under reports/; default: today
    baseline_start: str = "2024-04"  # pre-controls baseline window (monthly average)
    baseline_end: str = "2025-03"
    focus: list[str] = field(default_factory=lambda: list(DEFAULT_FOCUS))
    scenario_months: int = 3  # controls reimposed for this many months
    scenario_depth_pct: float | None = None  # % below baseline each month; default: observed trough
    data_dir: str | None = None  # default: the project's data/
    reports_dir: str | None = None  # default: the project's reports/
    timeout: int = 600  # seconds a notebook may run

    def notebook_parameters(self) -> dict:
        """What papermill injects: literals only (papermill writes them with repr)."""
        out = {k: v for k, v in asdict(self).items() if k not in {"reports_dir", "timeout"}}
        return out


ALLOWED = [f.name for f in fields(Parameters)]


def _month(name: str, value) -> str:
    if not isinstance(value, str) or not MONTH.match(value):
        raise ParameterError(f"parameter {name}={value!r} is not a month; expected YYYY-MM, e.g. 2025-06")
    return value


def coerce(name: str, value):
    """Turn a command-line string (or YAML value) into the parameter's type, or explain."""
    if name not in ALLOWED:
        raise ParameterError(f"unknown parameter {name!r}; allowed: {', '.join(ALLOWED)}")
    if value is None or value == "":
        return None if name in {"as_of", "report_date", "scenario_depth_pct", "data_dir", "reports_dir"} else _missing(name)
    if name in {"as_of", "baseline_start", "baseline_end"}:
        return _month(name, str(value))
    if name == "report_date":
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise ParameterError(f"parameter report_date={value!r} is not a date; expected YYYY-MM-DD") from None
    if name == "focus":
        items = value if isinstance(value, list) else str(value).split(",")
        return [str(i).strip().upper() for i in items if str(i).strip()]
    if name in {"scenario_months", "timeout"}:
        try:
            n = int(str(value))
        except ValueError:
            raise ParameterError(f"parameter {name}={value!r} is not a whole number") from None
        if not (1 <= n <= (24 if name == "scenario_months" else 7200)):
            raise ParameterError(f"parameter {name}={n} is out of range ({'1 to 24' if name == 'scenario_months' else '1 to 7200'})")
        return n
    if name == "scenario_depth_pct":
        try:
            x = float(str(value))
        except ValueError:
            raise ParameterError(f"parameter scenario_depth_pct={value!r} is not a number") from None
        if not -100 <= x <= 0:
            raise ParameterError(f"parameter scenario_depth_pct={x} must lie between -100 and 0 (a fall)")
        return x
    return str(value)


def _missing(name: str):
    raise ParameterError(f"parameter {name} cannot be empty")


def load_parameters(yaml_path: str | None = None, assignments: list[str] = ()) -> Parameters:
    """Defaults, then the YAML file, then NAME=VALUE assignments (later wins)."""
    values: dict = {}
    if yaml_path:
        import yaml

        path = Path(yaml_path)
        if not path.is_file():
            raise ParameterError(f"parameter file {yaml_path} does not exist")
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as e:
            raise ParameterError(f"parameter file {yaml_path} is not valid YAML: {e}") from None
        if not isinstance(loaded, dict):
            raise ParameterError(f"parameter file {yaml_path} must hold NAME: VALUE pairs")
        values.update(loaded)
    for item in assignments:
        name, sep, value = item.partition("=")
        if not sep:
            raise ParameterError(f"{item!r} is not NAME=VALUE")
        values[name.strip()] = value.strip()
    params = Parameters()
    for name, value in values.items():
        setattr(params, name, coerce(str(name), value))
    return params


def validate_against_data(params: Parameters, months: list[str], partners: set[str], today: str | None = None) -> Parameters:
    """Fill defaults that depend on the data and check every month lies inside it."""
    if not months:
        raise ParameterError("the data hold no monthly world magnet exports; nothing to report")
    first, last = months[0], months[-1]
    allowed = f"months with world magnet exports run from {first} to {last}"
    if params.as_of is None:
        params.as_of = last
    elif params.as_of not in months:
        near = ", ".join(m for m in months if m[:4] == params.as_of[:4]) or "none that year"
        raise ParameterError(f"parameter as_of={params.as_of} is outside the data; {allowed} (that year: {near})")
    for name in ("baseline_start", "baseline_end"):
        value = getattr(params, name)
        if value < first or value > params.as_of:
            raise ParameterError(f"parameter {name}={value} is outside the data as of {params.as_of}; {allowed}")
    if params.baseline_start > params.baseline_end:
        raise ParameterError(f"parameter baseline_start={params.baseline_start} is after baseline_end={params.baseline_end}")
    unknown = [c for c in params.focus if c not in partners]
    if unknown:
        raise ParameterError(f"parameter focus has unknown partner code(s) {', '.join(unknown)}; allowed: {', '.join(sorted(partners))}")
    if params.report_date is None:
        params.report_date = today or date.today().isoformat()
    return params
