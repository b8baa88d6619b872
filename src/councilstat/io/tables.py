"""Read raw tables from CSV files and .xlsx workbooks, with size guards.

A table is its header and its data rows, each row keeping the number a spreadsheet shows
(the header is row 1). Fully blank rows are dropped, so a trailing blank row is not an error.

CSV is read as UTF-8 (with or without a byte-order mark) and, failing that, as Windows-1252,
which is what Excel writes when it saves "CSV" on a UK Windows machine.

A workbook cell holding a formula with no saved result (a file written by a program that does
not calculate, never opened and saved in Excel) is read as the formula's text, ``=B2*100``, so
that the readers name its file, sheet, row and column as not a number, period or code, rather
than taking the row for one left blank.

A workbook is a zip file: before openpyxl opens one, its entry count and uncompressed size are
checked, so a zip bomb is refused without being unpacked. A zip of CSV files (a plan's folder,
uploaded as one file) is guarded the same way before any member is read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from councilstat.io.problems import DataFileError, Problem

__all__ = [
    "Cell",
    "Table",
    "read_csv_bytes",
    "read_csv_table",
    "read_workbook_tables",
    "read_zip_files",
]

Cell = str | int | float | dt.datetime | dt.date | None

MAX_CSV_BYTES = 50 * 1024 * 1024
MAX_XLSX_BYTES = 20 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_XLSX_ENTRIES = 1_000
MAX_ZIP_UNPACKED_BYTES = 50 * 1024 * 1024
"""How much a .zip of CSV files may unpack to, all its files together."""


@dataclass(frozen=True)
class Table:
    """A header and numbered rows from one CSV file or one worksheet."""

    file: str
    sheet: str | None
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Cell, ...]], ...]

    def problem(self, row: int | None, column: str | None, message: str) -> Problem:
        return Problem(self.file, self.sheet, row, column, message)


def _file_problem(name: str, message: str) -> DataFileError:
    return DataFileError([Problem(name, None, None, None, message)])


def _is_blank(values: tuple[Cell, ...]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        message = f"cannot read the text at byte {error.start}: save the file as CSV UTF-8"
        raise _file_problem(name, message) from None


def _make_table(name: str, sheet: str | None, rows: list[tuple[Cell, ...]]) -> Table:
    if not rows or _is_blank(rows[0]):
        raise DataFileError([Problem(name, sheet, 1, None, "the header row is missing")])
    header = tuple("" if h is None else str(h).strip() for h in rows[0])
    numbered = tuple(
        (number, values) for number, values in enumerate(rows[1:], start=2) if not _is_blank(values)
    )
    return Table(name, sheet, header, numbered)


def read_csv_table(path: Path) -> Table:
    """Read one CSV file. Raises ``DataFileError`` when it cannot be read at all."""
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise _file_problem(name, f"the file is over {MAX_CSV_BYTES} bytes")
        content = path.read_bytes()
    except OSError as error:
        raise _file_problem(name, error.strerror or str(error)) from None
    return read_csv_bytes(content, name=name)


def read_csv_bytes(content: bytes, *, name: str) -> Table:
    """Read one CSV file's bytes (``name`` names it in problems); nothing touches the disk.
    Raises ``DataFileError`` when it cannot be read at all."""
    if len(content) > MAX_CSV_BYTES:
        raise _file_problem(name, f"the file is over {MAX_CSV_BYTES} bytes")
    text = _decode(content, name)
    try:
        rows = [tuple[Cell, ...](row) for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as error:
        raise _file_problem(name, f"not valid CSV: {error}") from None
    return _make_table(name, None, rows)


def _check_zip(name: str, source: Path | io.BytesIO, size: int) -> None:
    if size > MAX_XLSX_BYTES:
        raise _file_problem(name, f"the workbook is over {MAX_XLSX_BYTES} bytes")
    try:
        with zipfile.ZipFile(source) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile:
        raise _file_problem(name, "not an .xlsx workbook (it is not a zip file)") from None
    unpacked = sum(e.file_size for e in entries)
    if len(entries) > MAX_XLSX_ENTRIES or unpacked > MAX_XLSX_UNCOMPRESSED_BYTES:
        raise _file_problem(name, "the workbook unpacks to more than is allowed")


def read_workbook_tables(
    source: Path | bytes, sheets: tuple[str, ...], *, name: str = "workbook.xlsx"
) -> dict[str, Table]:
    """Read the named worksheets (matched ignoring case), keyed by the name asked for.

    ``source`` is a file, or a workbook's bytes (then ``name`` names it in problems). A sheet
    asked for but absent is left out of the result; the caller reports it.
    """
    from openpyxl import load_workbook  # deferred: only workbook users pay for the import

    opened = source if isinstance(source, Path) else io.BytesIO(source)
    name = source.name if isinstance(source, Path) else name
    try:
        size = source.stat().st_size if isinstance(source, Path) else len(source)
        _check_zip(name, opened, size)
        workbook = load_workbook(opened, read_only=True, data_only=True)
    except DataFileError:
        raise
    except OSError as error:
        raise _file_problem(name, error.strerror or str(error)) from None
    except Exception as error:  # noqa: BLE001  openpyxl raises many kinds for a damaged file
        raise _file_problem(name, f"cannot open the workbook: {error}") from None
    try:
        by_name = {ws.title.strip().lower(): ws for ws in workbook.worksheets}
        tables = {}
        for wanted in sheets:
            if wanted not in by_name:
                continue
            sheet = by_name[wanted]
            rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
            if _has_formulas(opened, sheet) and any(None in row for row in rows):
                rows = _with_uncalculated_formulas(opened, sheet.title, rows)
            tables[wanted] = _make_table(name, sheet.title, rows)
        return tables
    finally:
        workbook.close()


def _formula_text(row: tuple[Cell, ...], written: tuple[object, ...]) -> tuple[Cell, ...]:
    texts = (*written, *([None] * (len(row) - len(written))))
    return tuple(
        text if value is None and isinstance(text, str) and text.startswith("=") else value
        for value, text in zip(row, texts, strict=False)
    )


def _has_formulas(opened: Path | io.BytesIO, sheet: object) -> bool:
    """Whether the sheet's XML holds a formula (``<f>``), read a megabyte at a time."""
    member = str(getattr(sheet, "_worksheet_path", "")).lstrip("/")
    tail = b""
    with zipfile.ZipFile(opened) as archive:
        if member not in archive.namelist():
            return True  # cannot tell: look at the formulas
        with archive.open(member) as stream:
            while chunk := stream.read(1024 * 1024):
                window = tail + chunk
                if b"<f>" in window or b"<f " in window or b":f>" in window or b":f " in window:
                    return True
                tail = window[-3:]
    return False


def _with_uncalculated_formulas(
    opened: Path | io.BytesIO, title: str, rows: list[tuple[Cell, ...]]
) -> list[tuple[Cell, ...]]:
    """``rows`` with each empty cell that holds a formula (no saved result) given the
    formula's text, read from a second opening of the workbook with its formulas."""
    from openpyxl import load_workbook

    workbook = load_workbook(opened, read_only=True, data_only=False)
    try:
        formulas = workbook[title].iter_rows(values_only=True)
        return [_formula_text(row, next(formulas, ())) for row in rows]
    finally:
        workbook.close()


def read_zip_files(content: bytes, *, name: str) -> dict[str, bytes]:
    """The files in a zip archive's bytes, each by its own name (any folder dropped).

    The archive is refused, unread, if it has too many entries or unpacks to too much, if a
    file in it is encrypted or over the CSV size limit, or if two files share a name. Folders,
    and the hidden files some systems add (``__MACOSX/``, ``.DS_Store``), are left out.
    """
    source = io.BytesIO(content)
    try:
        with zipfile.ZipFile(source) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile:
        raise _file_problem(name, "not a .zip file") from None
    unpacked = sum(e.file_size for e in entries)
    if len(entries) > MAX_XLSX_ENTRIES or unpacked > MAX_ZIP_UNPACKED_BYTES:
        raise _file_problem(name, "the .zip file unpacks to more than is allowed")
    wanted: dict[str, zipfile.ZipInfo] = {}
    problems: list[Problem] = []
    for entry in entries:
        parts = entry.filename.replace("\\", "/").split("/")
        base = parts[-1]
        if entry.is_dir() or not base or any(p.startswith((".", "__MACOSX")) for p in parts):
            continue
        if entry.flag_bits & 0x1:
            problems.append(Problem(name, None, None, None, f"{base} is encrypted"))
        elif base.lower() in {n.lower() for n in wanted}:
            problems.append(Problem(name, None, None, None, f"{base} appears more than once"))
        else:
            wanted[base] = entry
    if problems:
        raise DataFileError(problems)
    try:
        with zipfile.ZipFile(source) as archive:
            return {base: archive.read(entry) for base, entry in wanted.items()}
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, ValueError) as error:
        raise _file_problem(name, f"cannot unpack the .zip file: {error}") from None
