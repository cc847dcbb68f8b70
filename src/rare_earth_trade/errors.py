"""Errors users see. Each names the place (file, line, column or parameter) and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass

MAX_LISTED = 20


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (or row, or file) of an input file."""

    path: str
    line: int | None  # 1-based line in the file; the header is line 1
    column: str | None
    value: object
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        col = f" column '{self.column}':" if self.column else ""
        val = "" if self.value is None else f" (value: {_show(self.value)})"
        return f"{where}:{col} {self.message}{val}"


def _show(value: object) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 80 else text[:77] + "..."


class ReportError(Exception):
    """Base class: the CLI prints these without a traceback and exits non-zero."""

    exit_code = 1


class DataError(ReportError):
    """One or more problems in the input data."""

    exit_code = 2

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = [str(p) for p in self.problems[:MAX_LISTED]]
        more = len(self.problems) - MAX_LISTED
        if more > 0:
            lines.append(f"... and {more} more problem(s)")
        head = f"{len(self.problems)} problem(s) in the input data:"
        super().__init__("\n".join([head, *("  " + line for line in lines)]))


class ParameterError(ReportError):
    """A report parameter is unknown, malformed or outside the data."""

    exit_code = 2


class BuildError(ReportError):
    """A notebook failed or the build could not complete; nothing was published."""

    exit_code = 1


class OfflineError(ReportError):
    """A network refresh was asked for but the network cannot be reached."""

    exit_code = 3
