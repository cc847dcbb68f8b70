"""Turn a pandera schema's failures into the Problems users see (file, line, column, value)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from ..errors import Problem


def schema_problems(schema: pa.DataFrameSchema, frame: pd.DataFrame, name: str, lines: list[int],
                    known: dict[tuple[int, str], Problem], check_columns: dict[str, str] | None = None) -> None:
    """Validate `frame` (row i is file line lines[i]) and add one Problem per failing cell to `known`.

    A cell that already has a problem (e.g. it did not parse) is not reported twice. Frame-level
    checks name no column; `check_columns` maps a check message prefix to the column to blame.
    """  # fmt: skip
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        for fc in err.failure_cases.itertuples():
            if pd.isna(fc.index):
                continue
            line = lines[int(fc.index)]
            column = next((c for p, c in (check_columns or {}).items() if str(fc.check).startswith(p)), fc.column)
            if (line, column) in known:
                continue
            message = str(fc.check)
            if message.startswith(("not_nullable", "field_uniqueness")):
                message = "is empty"
            value = frame.loc[fc.index, column] if column in frame.columns else fc.failure_case
            known[(line, column)] = Problem(name, line, column, value, message)
