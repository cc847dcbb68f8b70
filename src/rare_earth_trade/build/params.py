"""Report parameters: the one table that defines them, parsing, and validation against the data.

`PARAMETERS` is the single definition of each parameter (name, kind, default, help). Everything
else is derived from it: the `Parameters` dataclass, the parsing of command-line and YAML values,
the CLI help, and, through `python -m rare_earth_trade params --write` (`make params`), the
notebooks' parameters cells, the Makefile's variables and the README table. Tests fail if any of
those drifts from the table.

Parameters are validated before any notebook runs; every error names the parameter and what is
allowed. `Parameters` is frozen: validation returns a new, completed instance.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, make_dataclass, replace
from datetime import date
from pathlib import Path

from ..errors import ParameterError

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Param:
    """One report parameter."""

    name: str
    kind: str  # month | date | code | codes | int | number | path
    default: object  # None: decided from the data or the machine, as `default_text` says
    help: str
    default_text: str = ""  # how help texts state a default that is not a literal
    bounds: tuple[float, float] | None = None
    bounds_note: str = ""
    notebook: bool = True  # passed to the notebooks; False: used by the build only

    @property
    def make_var(self) -> str:
        return self.name.upper()

    @property
    def nullable(self) -> bool:
        return self.default is None

    def describe_default(self) -> str:
        if self.default_text:
            return self.default_text
        if isinstance(self.default, list):
            return ", ".join(map(str, self.default))
        return str(self.default)


KIND_FORMS = {
    "month": "YYYY-MM",
    "date": "YYYY-MM-DD",
    "code": "ISO code",
    "codes": "ISO codes",
    "int": "whole number",
    "number": "number",
    "path": "folder",
}
KIND_TYPES = {"month": str, "date": str, "code": str, "codes": list, "int": int, "number": float, "path": str}

PARAMETERS: tuple[Param, ...] = (
    Param("as_of", "month", None, "nothing after this month is used", "latest month of world magnet exports"),
    Param("report_date", "date", None, "the report's folder name under reports/", "today"),
    Param("baseline_start", "month", "2024-04", "first month of the pre-controls baseline window"),
    Param("baseline_end", "month", "2025-03", "last month of the pre-controls baseline window"),
    Param("focus", "codes", ["USA", "DEU", "KOR", "JPN", "IND", "VNM", "MEX", "THA"], "destinations shown"),
    Param(
        "destinations",
        "codes",
        [],
        "one more brief per destination, published under destinations/",
        "none",
        notebook=False,
    ),
    Param("scenario_months", "int", 3, "months of reimposed controls in the scenario", bounds=(1, 24)),
    Param(
        "scenario_depth_pct",
        "number",
        None,
        "% below the baseline each month in the scenario",
        "the observed trough",
        bounds=(-100, 0),
        bounds_note="a fall",
    ),
    Param("data_dir", "path", None, "where the raw and reference data are read", "the project's data/"),
    Param("reports_dir", "path", None, "where reports are published (and the brief finds the previous one)", "the project's reports/"),
    Param("timeout", "int", 600, "seconds one notebook cell may run", bounds=(1, 7200), notebook=False),
)
# The destination brief's own parameter (notebooks/destination/): set by the build, once per code of
# `destinations`; not a report parameter (no --set, no Make variable).
DESTINATION = Param("destination", "code", None, "the destination of this brief",
                    "the build sets it, once per code of `destinations`")
BY_NAME = {p.name: p for p in PARAMETERS}
ALLOWED = [p.name for p in PARAMETERS]
NOTEBOOK_PARAMETERS = [p.name for p in PARAMETERS if p.notebook]
DEFAULT_FOCUS = list(BY_NAME["focus"].default)


def _field(p: Param):
    if isinstance(p.default, list):
        return field(default_factory=lambda d=p.default: list(d))
    return field(default=p.default)


def _notebook_parameters(self) -> dict:
    """What papermill injects into the notebooks: literals only (papermill writes them with repr)."""
    return {k: v for k, v in asdict(self).items() if BY_NAME[k].notebook}


Parameters = make_dataclass(
    "Parameters",
    [(p.name, KIND_TYPES[p.kind] | None if p.nullable else KIND_TYPES[p.kind], _field(p)) for p in PARAMETERS],
    frozen=True,
    namespace={
        "__doc__": "The parameters of one report build; fields and defaults come from `PARAMETERS`.",
        "__module__": __name__,
        "notebook_parameters": _notebook_parameters,
    },
)


# --- parsing ------------------------------------------------------------------------------------
def coerce(name: str, value):
    """Turn a command-line string (or YAML value) into the parameter's type, or explain."""
    p = BY_NAME.get(name)
    if p is None:
        raise ParameterError(f"unknown parameter {name!r}; allowed: {', '.join(ALLOWED)}")
    if value is None or value == "":
        if p.nullable:
            return None
        if p.default == []:
            return []
        raise ParameterError(f"parameter {name} cannot be empty")
    if p.kind == "month":
        if not MONTH.match(str(value)):
            raise ParameterError(f"parameter {name}={value!r} is not a month; expected YYYY-MM, e.g. 2025-06")
        return str(value)
    if p.kind == "date":
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise ParameterError(f"parameter {name}={value!r} is not a date; expected YYYY-MM-DD") from None
    if p.kind == "code":
        return str(value).strip().upper()
    if p.kind == "codes":
        items = value if isinstance(value, list) else str(value).split(",")
        return [str(i).strip().upper() for i in items if str(i).strip()]
    if p.kind in ("int", "number"):
        convert, what = (int, "a whole number") if p.kind == "int" else (float, "a number")
        try:
            x = convert(str(value))
        except ValueError:
            raise ParameterError(f"parameter {name}={value!r} is not {what}") from None
        if p.bounds and not p.bounds[0] <= x <= p.bounds[1]:
            note = f" ({p.bounds_note})" if p.bounds_note else ""
            raise ParameterError(f"parameter {name}={x} must lie between {p.bounds[0]:g} and {p.bounds[1]:g}{note}")
        return x
    return str(value)


def parameters_from(values: dict) -> Parameters:
    """Parameters from NAME: value pairs (strings or YAML values); names not given keep their defaults."""
    return Parameters(**{str(name): coerce(str(name), value) for name, value in values.items()})


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
    return parameters_from(values)


def validate_against_data(
    params: Parameters, months: list[str], partners: set[str], today: str | None = None
) -> Parameters:
    """Check every month lies inside the data; return the parameters with data-dependent defaults filled."""
    if not months:
        raise ParameterError("the data hold no monthly world magnet exports; nothing to report")
    first, last = months[0], months[-1]
    allowed = f"months with world magnet exports run from {first} to {last}"
    as_of = params.as_of or last
    if as_of not in months:
        near = ", ".join(m for m in months if m[:4] == as_of[:4]) or "none that year"
        raise ParameterError(f"parameter as_of={as_of} is outside the data; {allowed} (that year: {near})")
    for name in ("baseline_start", "baseline_end"):
        value = getattr(params, name)
        if value < first or value > as_of:
            raise ParameterError(f"parameter {name}={value} is outside the data as of {as_of}; {allowed}")
    if params.baseline_start > params.baseline_end:
        raise ParameterError(
            f"parameter baseline_start={params.baseline_start} is after baseline_end={params.baseline_end}"
        )
    unknown = [c for c in params.focus if c not in partners]
    if unknown:
        raise ParameterError(
            f"parameter focus has unknown partner code(s) {', '.join(unknown)}; allowed: {', '.join(sorted(partners))}"
        )
    return replace(params, as_of=as_of, report_date=params.report_date or today or date.today().isoformat())


def check_destinations(codes: list[str], available: list[str], partners: set[str], as_of: str,
                       name: str = "destinations") -> None:
    """Refuse a destination code that is unknown or has no data as of the month; name what is available.

    `available`: the destinations with at least one magnet-export figure as of `as_of`
    (`analysis.destination.with_data`)."""  # fmt: skip
    allowed = f"destinations with data as of {as_of}: {', '.join(available) or 'none'}"
    unknown = [c for c in codes if c not in partners or c == "WLD"]
    if unknown:
        raise ParameterError(f"parameter {name} has unknown destination code(s) {', '.join(unknown)}; {allowed}")
    empty = [c for c in codes if c not in available]
    if empty:
        raise ParameterError(f"parameter {name}: no magnet-export figures for {', '.join(empty)}; {allowed}")
    doubled = sorted({c for c in codes if codes.count(c) > 1})
    if doubled:
        raise ParameterError(f"parameter {name} names {', '.join(doubled)} more than once")


# --- what is generated from the table -----------------------------------------------------------
def _literal(value) -> str:
    return "None" if value is None else json.dumps(value)


def notebook_cell(destination: bool = False) -> str:
    """The source of every notebook's `parameters` cell (a destination brief's has `destination` too)."""
    lines = [
        "# Parameters (defaults; a build injects its values after this cell). Generated from",
        "# rare_earth_trade/build/params.py by `make params`: change them there.",
    ]
    for p in [*PARAMETERS, *([DESTINATION] if destination else [])]:
        if p.notebook:
            default = f"; None: {p.default_text}" if p.nullable else ""
            lines.append(f"{p.name} = {_literal(p.default)}  # {KIND_FORMS[p.kind]}: {p.help}{default}")
    return "\n".join(lines)


def cli_help() -> str:
    """The parameter list printed by `python -m rare_earth_trade report --help`."""
    width = max(len(p.name) for p in PARAMETERS)
    rows = [
        f"  {p.name:<{width}}  {p.help} ({KIND_FORMS[p.kind]}; default: {p.describe_default()})" for p in PARAMETERS
    ]
    head = "parameters (--set NAME=VALUE, e.g. --set focus=USA,DEU; or NAME: VALUE in a --params file):"
    return head + "\n" + "\n".join(rows)


def make_line() -> str:
    """The Makefile assignment that maps each Make variable to its parameter (VARIABLE:name pairs)."""
    pairs = [f"{p.make_var}:{p.name}" for p in PARAMETERS]
    lines = [" ".join(pairs[i : i + 4]) for i in range(0, len(pairs), 4)]
    return "REPORT_PARAMETERS := " + " \\\n\t".join(lines)


def readme_table() -> str:
    """The README's parameter table."""
    rows = ["| parameter | make | default | meaning |", "|-----------|------|---------|---------|"]
    for p in PARAMETERS:
        default = p.describe_default() if p.default_text else f"`{p.describe_default()}`"
        rows.append(f"| `{p.name}` | `{p.make_var}=` | {default} | {p.help} ({KIND_FORMS[p.kind]}) |")
    return "\n".join(rows)
