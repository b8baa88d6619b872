"""Read a large observations file for a known plan as one columnar frame (polars), fast.

The rules are ``observation_reader``'s, message for message: this module only decides which
rows are plainly valid in bulk and hands every other row to the row-by-row reader
(``RecordReader``), which reports each problem as ``FILE:ROW:COLUMN``. A row is read in bulk
when it is *simple*:

* its code is one of the plan's, spelt exactly; its period is written in its canonical form
  (``2019-07``, ``2019/20 Q2``, ``2019/20``), is not a label that could also be read as a
  financial year (``2010-11``), and is of the measure's frequency (any kind, for a row with no
  figures yet);
* its value is a plain decimal (``-12.5``: at most 12 digits before the point and 6 after, so
  within the core's bounds), within 0 to 100 for a percentage, with no numerator or
  denominator; its note within its length once trimmed;
* no other row has the same measure and period (however written).

Any other row (a numerator and denominator, ``52%``, ``1,234``, a lower-case code, a problem)
goes through ``RecordReader`` with its own row number, so the bulk path never accepts what the
row reader refuses. A CSV file whose blank lines would shift the row numbers, or that polars
cannot split into rows, is read entirely by the row reader; so is a workbook. Nothing here
builds a Python object per row for simple rows: one million rows read in a few seconds and a few
hundred megabytes.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path, PurePosixPath

import polars as pl

from councilstat.core.errors import PeriodError
from councilstat.core.periods import Period, parse_period
from councilstat.core.plan import Observation, Plan, Unit
from councilstat.core.validation import MAX_LENGTH
from councilstat.io.measure_rows import MeasureReader
from councilstat.io.observation_reader import LABEL_COLUMNS, read_observations_upload
from councilstat.io.problems import DataFileError, Problem
from councilstat.io.record_rows import RecordReader
from councilstat.io.sheets import column_key, is_complete, resolve
from councilstat.io.tables import MAX_CSV_BYTES, Cell, Table

__all__ = ["COLUMNS", "BulkObservations", "read_bulk_observations"]

COLUMNS = ("code", "period", "period_end", "value", "numerator", "denominator", "note", "row")
"""The frame's columns: figures as their decimal text (``None`` when not given), the period's
canonical label and last day, and the row of the file each value came from."""

_SCHEMA = {
    "code": pl.String,
    "period": pl.String,
    "period_end": pl.Date,
    "value": pl.String,
    "numerator": pl.String,
    "denominator": pl.String,
    "note": pl.String,
    "row": pl.Int64,
}
_SIMPLE_NUMBER = r"^-?\d{1,12}(\.\d{1,6})?$"
_FIGURES = ("value", "numerator", "denominator")
_BLANK_LINE = re.compile(rb"\n[ \t]*\r?\n")
_AMBIGUOUS = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class BulkObservations:
    """The file's valid observations as a frame (``COLUMNS``), its warnings, and how many rows
    were left blank (no figures yet: skipped, as the collection template's are)."""

    frame: pl.DataFrame
    warnings: tuple[Problem, ...] = ()
    blank_rows: int = 0
    sheet: str | None = None

    def __len__(self) -> int:
        return self.frame.height


def read_bulk_observations(
    source: Path | bytes, plan: Plan, *, name: str | None = None, max_bytes: int = MAX_CSV_BYTES
) -> BulkObservations:
    """Read and validate ``plan``'s observations from a .csv (in bulk) or .xlsx file.

    ``source`` is a file or its bytes (``name`` names it, by its suffix and in problems).
    Raises ``DataFileError`` listing every problem, as ``observation_reader`` does; nothing is
    returned unless every row is valid.
    """
    shown = name or (source.name if isinstance(source, Path) else "upload.csv")
    if isinstance(source, Path):
        try:
            if source.stat().st_size > max_bytes:
                raise _file_error(shown, f"the file is over {max_bytes} bytes")
            content = source.read_bytes()
        except OSError as error:
            raise _file_error(shown, error.strerror or str(error)) from None
    else:
        content = source
    if PurePosixPath(shown).suffix.lower() != ".csv":
        return _from_rows(content, plan, shown)
    if len(content) > max_bytes:
        raise _file_error(shown, f"the file is over {max_bytes} bytes")
    text = _utf8(content)
    if text is None or _BLANK_LINE.search(text.rstrip(b"\r\n")):
        return _from_rows(content, plan, shown)
    header = _header(text)
    if not any(header):
        return _from_rows(content, plan, shown)
    table = Table(shown, None, header, ())
    problems: list[Problem] = []
    warnings: list[Problem] = []
    sheet = resolve(_without_labels(table), "observations", problems, warnings)
    if problems or not is_complete(sheet, "observations"):
        raise DataFileError(problems)
    try:
        raw = pl.read_csv(
            text,
            has_header=False,
            skip_rows=1,
            infer_schema=False,
            new_columns=[f"c{i}" for i in range(len(header))],
            row_index_name="row",
            row_index_offset=2,
            quote_char='"',
        )
    except pl.exceptions.PolarsError:
        return _from_rows(content, plan, shown)
    if raw.width != len(header) + 1:
        return _from_rows(content, plan, shown)
    return _split(raw, header, sheet.columns, plan, shown, tuple(warnings))


def _file_error(name: str, message: str) -> DataFileError:
    return DataFileError([Problem(name, None, None, None, message)])


def _utf8(content: bytes) -> bytes | None:
    """The content as UTF-8 without a byte-order mark, or ``None`` if it is not UTF-8 (the
    row reader then reads it as Windows-1252)."""
    body = content.removeprefix(b"\xef\xbb\xbf")
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return body


def _header(text: bytes) -> tuple[str, ...]:
    first = next(csv.reader(io.StringIO(text[: 64 * 1024].decode("utf-8", "replace"))), [])
    return tuple(name.strip() for name in first)


def _without_labels(table: Table) -> Table:
    """The header with label-only columns blanked, so ``resolve`` neither warns of them nor
    counts them (their cells are never read)."""
    header = tuple("" if column_key(h) in LABEL_COLUMNS else h for h in table.header)
    return Table(table.file, table.sheet, header, ())


def _periods(labels: list[str | None]) -> pl.DataFrame:
    """Each distinct period as written: its canonical label, kind, last day, and whether it is
    written canonically and unambiguously (``simple_period``)."""
    rows = []
    for label in labels:
        period: Period | None = None
        if label is not None:
            try:
                period = parse_period(label)
            except PeriodError:
                period = None
        canonical = str(period) if period is not None else None
        ambiguous = bool(label and (found := _AMBIGUOUS.match(label)) and _could_be_year(found))
        rows.append(
            (
                label,
                canonical,
                period.kind.value if period is not None else None,
                period.end if period is not None else None,
                canonical is not None and canonical == label and not ambiguous,
            )
        )
    return pl.DataFrame(
        rows,
        schema={
            "p_raw": pl.String,
            "period": pl.String,
            "kind": pl.String,
            "period_end": pl.Date,
            "simple_period": pl.Boolean,
        },
        orient="row",
    )


def _could_be_year(found: re.Match[str]) -> bool:
    return int(found[2]) == (int(found[1]) + 1) % 100


def _measures(plan: Plan) -> pl.DataFrame:
    return pl.DataFrame(
        [
            (m.code.lower(), m.code, m.frequency.period_kind.value, m.unit is Unit.PERCENT)
            for m in plan.measures
        ],
        schema={
            "code_key": pl.String,
            "code": pl.String,
            "frequency_kind": pl.String,
            "percent": pl.Boolean,
        },
        orient="row",
    )


def _blank(column: pl.Expr) -> pl.Expr:
    return column.is_null() | (column.str.strip_chars() == "")


def _split(
    raw: pl.DataFrame,
    header: tuple[str, ...],
    columns: dict[str, int],
    plan: Plan,
    name: str,
    warnings: tuple[Problem, ...],
) -> BulkObservations:
    def col(field: str) -> pl.Expr:
        index = columns.get(field)
        return pl.col(f"c{index}") if index is not None else pl.lit(None, dtype=pl.String)

    data = [f"c{i}" for i in range(len(header))]
    raw = raw.filter(~pl.all_horizontal(_blank(pl.col(c)) for c in data))
    periods = _periods(raw.get_column(f"c{columns['period']}").unique().to_list())
    number = col("value").str.contains(_SIMPLE_NUMBER).fill_null(False)
    value = col("value").cast(pl.Float64, strict=False)
    in_range = ~pl.col("percent") | ((value >= 0) & (value <= 100))
    blank = pl.all_horizontal(_blank(col(f)) for f in _FIGURES)
    figures_ok = blank | (
        number
        & in_range.fill_null(False)
        & _blank(col("numerator"))
        & _blank(col("denominator"))
        & (pl.col("kind") == pl.col("frequency_kind")).fill_null(False)
    )
    note = col("note").str.strip_chars().fill_null("")
    keyed = pl.col("code").is_not_null() & pl.col("period").is_not_null()
    simple = (
        (col("code") == pl.col("code")).fill_null(False)
        & pl.col("simple_period").fill_null(False)
        & figures_ok
        & (note.str.len_chars() <= MAX_LENGTH["note"])
        & ~(keyed & (pl.len().over("code", "period") > 1))
    )
    # One lazy query, collected once, keeping only the columns the result needs.
    frame = (
        raw.lazy()
        .with_columns(
            code_key=col("code").str.strip_chars().str.to_lowercase(), p_raw=col("period")
        )
        .join(_measures(plan).lazy(), on="code_key", how="left")
        .join(periods.lazy(), on="p_raw", how="left")
        .select(
            "code",
            "period",
            "period_end",
            col("value").alias("value"),
            note.alias("note"),
            pl.col("row").cast(pl.Int64),
            simple.alias("simple"),
            blank.alias("blank"),
        )
        .collect()
    )
    blank_rows = frame.filter(pl.col("simple") & pl.col("blank")).height
    fast = frame.filter(pl.col("simple") & ~pl.col("blank")).select(
        "code",
        "period",
        "period_end",
        "value",
        pl.lit(None, dtype=pl.String).alias("numerator"),
        pl.lit(None, dtype=pl.String).alias("denominator"),
        "note",
        "row",
    )
    slow_numbers = frame.filter(~pl.col("simple")).get_column("row")
    del frame
    rest = raw.filter(pl.col("row").is_in(slow_numbers.implode())).sort("row")
    rest = rest.select(["row", *data])
    if rest.height == 0:
        return BulkObservations(fast, warnings, blank_rows)
    slow_rows = tuple(
        (row, tuple[Cell, ...](values)) for row, *values in rest.iter_rows(named=False)
    )
    slow = _read_rows(Table(name, None, header, slow_rows), plan)
    combined = pl.concat([fast, _frame(slow.observations, slow.rows)]).sort("row")
    return BulkObservations(combined, warnings, blank_rows + slow.blank_rows)


@dataclass(frozen=True)
class _Read:
    observations: list[Observation]
    rows: dict[tuple[str, str], int]
    blank_rows: int


def _read_rows(table: Table, plan: Plan) -> _Read:
    """The row reader over the rows that are not simple; raises with every problem."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    measures = MeasureReader(
        problems=problems,
        warnings=warnings,
        measures={m.code.lower(): m for m in plan.measures},
        codes_seen={m.code.lower(): m.code for m in plan.measures},
    )
    header = tuple("" if column_key(h) in LABEL_COLUMNS else h for h in table.header)
    records = RecordReader(measures, warn_blank=False)
    observations = records.read_observations(Table(table.file, None, header, table.rows))
    if problems:
        raise DataFileError(problems)
    return _Read(observations, dict(records.rows), records.blank_rows)


def _text(number: Decimal | None) -> str | None:
    return None if number is None else f"{number:f}"


def _frame(observations: list[Observation], rows: dict[tuple[str, str], int]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            (
                o.code,
                str(o.period),
                o.period.end,
                _text(o.value),
                _text(o.numerator),
                _text(o.denominator),
                o.note,
                rows[(o.code, str(o.period))],
            )
            for o in observations
        ],
        schema=_SCHEMA,
        orient="row",
    )


def _from_rows(content: bytes, plan: Plan, name: str) -> BulkObservations:
    """The whole file through the row reader (a workbook, or a CSV file the bulk path cannot
    number as a spreadsheet would)."""
    loaded = read_observations_upload(content, plan, name=name)
    frame = _frame(list(loaded.observations), dict(loaded.rows))
    return BulkObservations(frame, loaded.warnings, loaded.blank_rows, loaded.sheet)
