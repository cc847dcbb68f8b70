"""Load and validate the observation files into the ledger: every reported value with its source.

Validation has three layers, all reported together with file, line, column and value:
1. reading (encoding, delimiter, header) in `rawcsv`;
2. cell parsing (numbers, months, dates) here;
3. declared rules (pandera schema) and rules across rows (one source, one value per figure;
   kg/t mix-ups).

A row names who produced the figure (`origin`) and where it was read (`outlet`), see `sources`.
Optional columns: `note`; `attribution` (empty, or `misattributed`: the page prints the figure
under the wrong series or measure) and `belongs_to` (`<series>/<measure>` the figure really is,
empty when that is unclear). The loaded ledger adds `status` (`reported` or `misattributed`),
`publisher` (`source_name(origin, outlet)`), `tier` (the origin's), `standing` (the outlet's),
`decimals`, `reported_value`, `file` and `line`. A misattributed row stays in the ledger; resolution
leaves it out of the figure it was printed as and, when `belongs_to` is set, counts it as a source
of the figure it belongs to (`ledger.attribution`).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from .. import collector
from ..errors import DataError, Problem
from ..paths import OBSERVATIONS_DIR, REFERENCE_DIR
from . import parsing, sources, vocab
from .checks import schema_problems
from .rawcsv import Table, read_table

COLUMNS = [
    "series", "period", "partner", "measure", "value", "unit",
    "source_url", "source_date", "origin", "outlet", "quote",
]  # fmt: skip
OPTIONAL_COLUMNS = ["note", "attribution", "belongs_to"]
OPTIONAL = frozenset(OPTIONAL_COLUMNS)
ALL_COLUMNS = COLUMNS + OPTIONAL_COLUMNS
KEY = ["series", "period", "partner", "measure"]
MAX_QUOTE = 600
UNITS = ["t", "kg", "%", "rank"]
ATTRIBUTIONS = ["", "misattributed"]


def _split_belongs_to(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """`<series>/<measure>` into its two parts ("" where absent); each distinct text split once."""
    text = text.fillna("").astype(str)
    parts = {t: (t.split("/", 1) + [""])[:2] for t in text.unique()}
    return (text.map({t: p[0] for t, p in parts.items()}).astype(object),
            text.map({t: p[1] for t, p in parts.items()}).astype(object))


_URL = re.compile(r"^https?://\S+$")


def _each_distinct(column: pd.Series, test) -> pd.Series:
    """`test` of each cell as booleans, evaluated once per distinct cell."""
    code, values = pd.factorize(column.fillna(""))
    return pd.Series(np.array([bool(test(v)) for v in values], dtype=bool)[code] if len(column) else [], index=column.index, dtype=bool)


def _per_pair(a: pd.Series, b: pd.Series, test) -> np.ndarray:
    """`test(a, b)` for each row, evaluated once per distinct pair (a ledger repeats few pairs)."""
    a_code, a_values = pd.factorize(a.fillna(""))
    b_code, b_values = pd.factorize(b.fillna(""))
    table = np.array([[bool(test(x, y)) for y in b_values] for x in a_values], dtype=bool)
    return table[a_code, b_code] if len(a) else np.ones(0, dtype=bool)


def observation_schema(reference_dir: Path = REFERENCE_DIR) -> pa.DataFrameSchema:
    partners = sorted(vocab.partners(Path(reference_dir)))
    text = {"nullable": False}
    unit_pairs = [f"{m}|{u}" for m, (units, _) in vocab.MEASURES.items() for u in units]

    def unit_fits(measure: pd.Series, unit: pd.Series) -> np.ndarray:
        # An unknown measure is reported on its own; do not also blame its unit.
        return _per_pair(measure, unit, lambda m, u: m not in vocab.MEASURES or f"{m}|{u}" in unit_pairs)

    def level_with_unit(df: pd.DataFrame) -> pd.Series:
        return pd.Series(unit_fits(df["measure"], df["unit"]), index=df.index)

    def belongs_to_known(col: pd.Series) -> pd.Series:
        series, measure = _split_belongs_to(col)
        return (col.fillna("") == "") | (series.isin(list(vocab.SERIES)) & measure.isin(list(vocab.MEASURES)))

    def belongs_to_fits(df: pd.DataFrame) -> pd.Series:
        fits = np.ones(len(df), dtype=bool)
        set_ = (df["belongs_to"].fillna("") != "").to_numpy() if "belongs_to" in df.columns else fits & False
        if set_.any():  # only the few rows that name another figure
            d = df[set_]
            series, measure = _split_belongs_to(d["belongs_to"])
            misattributed = d.get("attribution", pd.Series("", index=d.index)).fillna("") == "misattributed"
            same = (series == d["series"]) & (measure == d["measure"])
            fits[set_] = (misattributed & ~same).to_numpy() & unit_fits(measure, d["unit"])
        return pd.Series(fits, index=df.index)

    # Row checks see no missing cells (a cell that did not parse is already a problem), so they
    # skip pandera's masking of missing values, a pass over the whole frame per check.
    rows = {"ignore_na": False}
    named = {"origin": "who produced the figure", "outlet": "where it was read"}
    name_columns = {
        c: pa.Column(str, [pa.Check.str_length(min_value=1, error=f"{c} is empty: every row needs {why}"),
                           pa.Check(lambda s: ~_each_distinct(s, sources.has_ip_address), error=sources.IP_MESSAGE)], **text)
        for c, why in named.items()
    }  # fmt: skip
    return pa.DataFrameSchema(
        {
            "series": pa.Column(str, pa.Check.isin(list(vocab.SERIES), error=f"unknown series; allowed: {', '.join(vocab.SERIES)}"), **text),
            "period": pa.Column(str, **text),
            "partner": pa.Column(str, pa.Check.isin(partners, error="unknown partner code; see data/reference/partners.csv"), **text),
            "measure": pa.Column(str, pa.Check.isin(list(vocab.MEASURES), error=f"unknown measure; allowed: {', '.join(vocab.MEASURES)}"), **text),
            "value": pa.Column(float, nullable=False),
            "unit": pa.Column(str, pa.Check.isin(UNITS, error=f"unknown unit; allowed: {', '.join(UNITS)}"), **text),
            "source_url": pa.Column(str, pa.Check(lambda s: _each_distinct(s, _URL.match), error="source_url must be an http(s) address"), **text),
            "source_date": pa.Column(str, **text),
            **name_columns,
            "quote": pa.Column(str, pa.Check.str_length(1, MAX_QUOTE, error=f"quote must hold 1 to {MAX_QUOTE} characters"), **text),
            "note": pa.Column(str, nullable=True, required=False),
            "attribution": pa.Column(str, pa.Check.isin(ATTRIBUTIONS, error="unknown attribution; allowed: empty or misattributed"),
                                     nullable=True, required=False),
            "belongs_to": pa.Column(str, pa.Check(belongs_to_known, error="belongs_to must be <series>/<measure> with a known series and measure, or empty when unclear"),
                                    nullable=True, required=False),
        },
        checks=[
            pa.Check(level_with_unit, error="unit does not fit the measure (tonnage measures take t or kg, % changes take %, ranks take rank)", **rows),
            pa.Check(
                lambda df: ~(df["measure"].isin(vocab.LEVEL_MEASURES) & (df["value"] < 0)),
                error="a tonnage cannot be negative", **rows,
            ),
            pa.Check(
                lambda df: ~(df["measure"].isin(vocab.PCT_MEASURES) & ((df["value"] < -100) | (df["value"] > vocab.PCT_MAX))),
                error="a % change must lie between -100 and 100000", **rows,
            ),
            pa.Check(
                lambda df: ~((df["measure"] == "rank") & ((df["value"] < 1) | (df["value"] != np.floor(df["value"])))),
                error="a rank must be a whole number from 1", **rows,
            ),
            pa.Check(belongs_to_fits, error="belongs_to needs attribution 'misattributed', another figure than the one printed, and a measure the unit fits", **rows),
        ],
        strict=True,
        coerce=False,
    )  # fmt: skip


# Which column a frame-level check should point at.
_FRAME_CHECK_COLUMN = {"unit does not fit": "unit", "a tonnage cannot": "value", "a % change must": "value",
                       "a rank must": "value", "belongs_to needs": "belongs_to"}  # fmt: skip


def _parse_table(table: Table) -> tuple[pd.DataFrame, dict[tuple[int, str], Problem]]:
    """Cells to typed columns, column by column; a cell that does not parse becomes a Problem."""
    name = table.name
    problems: dict[tuple[int, str], Problem] = {}
    raw = table.columns
    parsers = {"period": parsing.parse_month, "source_date": parsing.parse_date, "value": parsing.parse_number}
    columns: dict[str, list] = {h: list(map(str.strip, v)) if h == "quote" else parsing.clean_all(v)
                                for h, v in raw.items() if h not in parsers}  # fmt: skip
    bad_value: set[int] = set()
    for column, parser in parsers.items():
        parsed, errors = parsing.parse_all(raw[column], parser)
        if column == "value":
            bad_value = {i for i, _ in errors}
        for i, message in errors:
            line = table.lines[i]
            problems[(line, column)] = Problem(name, line, column, raw[column][i], message)
            parsed[i] = float("nan") if column == "value" else raw[column][i]
        columns[column] = parsed
    decimals, _ = parsing.parse_all(raw["value"], parsing.decimals)
    columns["decimals"] = [0 if i in bad_value else d for i, d in enumerate(decimals)]
    columns["reported_value"] = list(map(str.strip, raw["value"]))
    columns["file"] = [name] * len(table.lines)
    columns["line"] = list(table.lines)
    order = [*raw, *(c for c in columns if c not in raw)]  # the file's columns first, as read
    return pd.DataFrame({c: columns[c] for c in order}), problems


def _cross_row_problems(frame: pd.DataFrame) -> list[Problem]:
    """Rules that need several rows: duplicates, one source giving two values, kg/t mix-ups.

    Vectorised: each rule is one pass over the whole ledger (a duplicated-key mask, a ceiling
    per series, a self-join of the level rows of each figure); Python only formats the problems.
    """
    frame = frame.reset_index(drop=True)
    problems = []
    # 1. One source, one value: later rows of a (figure, source) repeat or contradict the first.
    same = frame.groupby([*KEY, "source_url"], sort=False).ngroup().to_numpy()
    first_row = pd.Series(np.arange(len(frame))).groupby(same).transform("first").to_numpy()
    for i in np.flatnonzero(first_row != np.arange(len(frame))):
        r, first = frame.iloc[i], frame.iloc[first_row[i]]
        if first.value == r.value:
            msg = f"duplicates {first.file}:{first.line} (same figure, same source)"
        else:
            msg = (f"the same source already gives {first.value:g} for this figure at "
                   f"{first.file}:{first.line}; one source, one value")  # fmt: skip
        problems.append(Problem(r.file, int(r.line), "value", r.reported_value, msg))
    # 2. A tonnage in t above the series' plausible ceiling is almost surely in kg.
    is_level = frame["measure"].isin(vocab.LEVEL_MEASURES).to_numpy()
    monthly = frame["series"].map({k: s.monthly_ceiling_t for k, s in vocab.SERIES.items()}).to_numpy(dtype=float)
    ceiling = monthly * np.where(frame["measure"].to_numpy() == "ytd_tonnes", 12, 1)
    over = is_level & (frame["reported_unit"].to_numpy() == "t") & (frame["value"].to_numpy(dtype=float) > ceiling)
    for i in np.flatnonzero(over):
        r = frame.iloc[i]
        problems.append(
            Problem(r.file, int(r.line), "value", r.reported_value,
                    f"{_big(r.value)} t is above the plausible ceiling of {ceiling[i]:,.0f} t for {r.series}; is it in kg?")
        )  # fmt: skip
    # 3. Two sources of one figure about 1000 times apart: kg given as t.
    levels = frame[is_level].reset_index(drop=True)
    if len(levels) > 1:
        levels["_fig"] = levels.groupby(KEY, sort=True).ngroup()
        levels["_pos"] = np.arange(len(levels))
        multi = levels[levels.groupby("_fig")["_fig"].transform("size") > 1]
        pairs = multi[["_fig", "_pos", "value_t"]].merge(multi[["_fig", "_pos", "value_t"]], on="_fig", suffixes=("", "_o"))
        b = pairs["value_t_o"].to_numpy()
        ratio = np.divide(pairs["value_t"].to_numpy(), b, out=np.zeros(len(b)), where=b > 0)
        hit = pairs[(pairs["_pos"] != pairs["_pos_o"]) & (b > 0) & (ratio >= 950) & (ratio <= 1050)]
        hit = hit.sort_values(["_fig", "_pos", "_pos_o"], kind="mergesort")
        for i, j in zip(hit["_pos"], hit["_pos_o"]):
            r, o = levels.iloc[i], levels.iloc[j]
            problems.append(
                Problem(r.file, int(r.line), "unit", r.unit,
                        f"value is about 1000 times {o.file}:{o.line} for the same figure; kg given as t?")
            )  # fmt: skip
    return problems


def _big(value: float) -> str:
    return f"{value:,.0f}" if value < 1e15 else f"{value:.3g}"


def read_observation_file(path: Path, reference_dir: Path = REFERENCE_DIR) -> pd.DataFrame:
    """One raw observation file, parsed and checked on its own (cross-file rules come later)."""
    table = read_table(path, COLUMNS, OPTIONAL)
    frame, problems = _parse_table(table)
    if frame.empty:
        raise DataError([Problem(table.name, None, None, None, "has a header but no rows")])
    for column in OPTIONAL_COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    columns = [c for c in ALL_COLUMNS if c in frame.columns]
    schema_problems(observation_schema(reference_dir), frame[columns], table.name, table.lines, problems, _FRAME_CHECK_COLUMN)
    if problems:
        order = {c: i for i, c in enumerate(ALL_COLUMNS)}
        raise DataError(sorted(problems.values(), key=lambda p: (p.line or 0, order.get(p.column, 99))))
    return frame


def _normalise_units(frame: pd.DataFrame) -> pd.DataFrame:
    """China customs counts kilograms, the press tonnes: convert once, here."""
    frame = frame.copy()
    frame["reported_unit"] = frame["unit"]
    is_kg = frame["unit"] == "kg"
    frame["value_t"] = frame["value"].where(~is_kg, frame["value"] / 1000.0)
    frame.loc[is_kg, "decimals"] = (frame.loc[is_kg, "decimals"] + 3).astype(int)
    frame["unit"] = frame["unit"].replace({"kg": "t"})
    return frame


def effective_key(frame: pd.DataFrame) -> pd.DataFrame:
    """The figure each row is a source of: its own key, or for a misattributed row with
    `belongs_to`, the series and measure it belongs to (same period and partner)."""
    out = frame[KEY].copy()
    moved = (frame["attribution"] == "misattributed") & (frame["belongs_to"] != "")
    if moved.any():
        series, measure = _split_belongs_to(frame.loc[moved, "belongs_to"])
        out.loc[moved, "series"] = series
        out.loc[moved, "measure"] = measure
    return out


def load_ledger(directory: Path = OBSERVATIONS_DIR, extra: list[pd.DataFrame] | None = None,
                reference_dir: Path = REFERENCE_DIR) -> pd.DataFrame:
    """Every observation file under `directory` (and importer output in `extra`), validated.

    Partner codes, origin tiers and outlet standing come from `reference_dir`.
    Raises DataError listing every problem found across all files.
    """  # fmt: skip
    with collector.paused():
        return _load_ledger(directory, extra, reference_dir)


def _load_ledger(directory: Path, extra: list[pd.DataFrame] | None, reference_dir: Path) -> pd.DataFrame:
    files = sorted(Path(directory).glob("*.csv"))
    frames, problems = [], []
    if not files and not extra:
        raise DataError([Problem(str(directory), None, None, None, "holds no observation files (*.csv)")])
    for path in files:
        try:
            frames.append(read_observation_file(path, reference_dir))
        except DataError as e:
            problems.extend(e.problems)
    if problems:
        raise DataError(problems)
    frames.extend(extra or [])
    ledger = pd.concat(frames, ignore_index=True)
    for column in OPTIONAL_COLUMNS:
        ledger[column] = ledger[column].fillna("") if column in ledger.columns else ""
    ledger = _normalise_units(ledger)
    is_level = ledger["measure"].isin(vocab.LEVEL_MEASURES)
    ledger.loc[~is_level, "value_t"] = float("nan")
    cross = _cross_row_problems(ledger.assign(**effective_key(ledger)))
    if cross:
        raise DataError(cross)
    ledger["value"] = ledger["value_t"].where(is_level, ledger["value"])
    ledger["status"] = np.where(ledger["attribution"] == "misattributed", "misattributed", "reported")
    pairs = ledger[["origin", "outlet"]].drop_duplicates()
    names = {(o, u): sources.source_name(o, u) for o, u in zip(pairs["origin"], pairs["outlet"])}
    ledger["publisher"] = [names[pair] for pair in zip(ledger["origin"].tolist(), ledger["outlet"].tolist())]
    ledger["tier"] = ledger["origin"].map({o: sources.tier_of(o, reference_dir) for o in ledger["origin"].unique()}).astype(int)
    ledger["standing"] = ledger["outlet"].map({o: sources.standing_of(o, reference_dir) for o in ledger["outlet"].unique()}).astype(int)
    ledger["derived"] = False
    return ledger.drop(columns=["value_t", "reported_unit"]).sort_values(KEY + ["tier", "source_date", "source_url"], ignore_index=True)
