"""Problems found in a data file, each located by file, sheet, row and column."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from councilstat.core.errors import CouncilStatError

__all__ = ["DataFileError", "Problem"]


@dataclass(frozen=True, order=True)
class Problem:
    """One problem, printed as ``FILE:ROW:COLUMN: message`` (``FILE:SHEET:ROW:COLUMN`` for a
    workbook). Rows are numbered as a spreadsheet shows them: the header is row 1."""

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"

    @property
    def location(self) -> str:
        """``FILE:ROW:COLUMN``, or as much of it as is known."""
        parts = [self.file]
        if self.sheet is not None:
            parts.append(self.sheet)
        if self.row is not None:
            parts.append(str(self.row))
        if self.column is not None:
            parts.append(self.column)
        return ":".join(parts)


class DataFileError(CouncilStatError):
    """A data file had problems; nothing from it was loaded."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun} found; nothing was loaded")
