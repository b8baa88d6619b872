"""The demonstration council's comparators: copies of real published files (see README.md).

The neighbour list is read as it is. The adult social care outcomes file is reshaped into the
long comparator format (``area_code, area_name, metric, period, value, numerator,
denominator``), keeping each row's number in the original file so that a problem is reported
where it is. Numerators and denominators come from ``illustrative_denominators.csv``: invented,
and said to be so wherever they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from councilstat.core.plan import Polarity, Unit
from councilstat.io.cells import text
from councilstat.io.problems import DataFileError, Problem
from councilstat.io.sheets import column_key
from councilstat.io.tables import Cell, Table, read_csv_table

__all__ = [
    "DEMO_METRICS",
    "GROUP_NAME",
    "GROUP_SOURCE",
    "DemoMetric",
    "benchmarks_path",
    "neighbours_table",
    "values_table",
]

NEIGHBOURS_FILE = "rotherham_nearest_neighbours_oflog.csv"
OUTCOMES_FILE = "oflog_asc_outcomes_rotherham_neighbours.csv"
DENOMINATORS_FILE = "illustrative_denominators.csv"
GROUP_NAME = "Rotherham's nearest neighbours"
GROUP_SOURCE = (
    "Rotherham's 15 nearest neighbours as published by the Office for Local Government (Oflog) "
    "with its automated-text prototype; Oflog's own neighbour model, which may differ from "
    "CIPFA's."
)
VALUES_SOURCE = (
    "Adult Social Care Outcomes Framework values as published by the Office for Local "
    "Government (Oflog) with its automated-text prototype."
)
ILLUSTRATIVE = (
    " The source publishes percentages only: the numerators and denominators on the funnel plot "
    "are invented for this demonstration, so its limits, and which councils fall outside them, "
    "say nothing about the real councils."
)
_LONG_HEADER = (
    "area_code",
    "area_name",
    "metric",
    "period",
    "value",
    "numerator",
    "denominator",
)


@dataclass(frozen=True)
class DemoMetric:
    """A demonstration measure's national metric, and how the two differ."""

    measure_code: str
    metric: str
    title: str
    unit: Unit
    polarity: Polarity
    note: str
    source: str = VALUES_SOURCE


DEMO_METRICS = (
    DemoMetric(
        "2B6",
        "ASC5",
        "Outcome of short-term services: sequel to service",
        Unit.PERCENT,
        Polarity.HIGHER,
        "ASC5 is the share of people completing short-term support, such as reablement, who "
        "needed no further support or support at a lower level. It is close to 2B6, not the "
        "same: 2B6 counts people aged 65 and over still at home 91 days after discharge from "
        "hospital into reablement." + ILLUSTRATIVE,
    ),
    DemoMetric(
        "2B2",
        "ASC3",
        "Ease of finding information about services: service users",
        Unit.PERCENT,
        Polarity.HIGHER,
        "ASC3 is the share of people using services who told the national Adult Social Care "
        "Survey that information was easy to find. 2B2 counts new contacts resolved with "
        "information and advice; both are about information and advice, measured "
        "differently." + ILLUSTRATIVE,
    ),
    DemoMetric(
        "2B4",
        "ASC1",
        "Carer-reported quality of life",
        Unit.NUMBER,
        Polarity.HIGHER,
        "ASC1 is carers' quality of life, a score out of 12 from the biennial Survey of Adult "
        "Carers in England, the survey behind 2B4's satisfaction figure.",
    ),
)


def benchmarks_path() -> Path:
    """The folder of the comparator files, shipped with the package."""
    return Path(__file__).parent


def neighbours_table() -> Table:
    """The neighbour list as published (its ``neighbour_code``, ``neighbour_name`` and
    ``is_subject`` columns are a comparator group's areas)."""
    return read_csv_table(benchmarks_path() / NEIGHBOURS_FILE)


def _columns(table: Table) -> dict[str, int]:
    return {column_key(name): index for index, name in enumerate(table.header)}


def _denominators() -> dict[tuple[str, str], Decimal]:
    table = read_csv_table(benchmarks_path() / DENOMINATORS_FILE)
    at = _columns(table)
    return {
        (text(values[at["metric"]]), text(values[at["areacode"]])): Decimal(
            text(values[at["denominator"]])
        )
        for _, values in table.rows
    }


def _period(cell: Cell) -> str:
    """``2018-19`` as the financial year ``2018/19``; anything else as it is."""
    raw = text(cell)
    if len(raw) == 7 and raw[4] == "-" and raw[:4].isdigit() and raw[5:].isdigit():
        return f"{raw[:4]}/{raw[5:]}"
    return raw


DEMO_METRIC_IDS = tuple(demo.metric for demo in DEMO_METRICS)


def values_table(metrics: tuple[str, ...] = DEMO_METRIC_IDS) -> Table:
    """The outcome values of ``metrics`` in the long comparator format."""
    source = read_csv_table(benchmarks_path() / OUTCOMES_FILE)
    at = _columns(source)
    wanted = ("financialyear", "lacode", "laname", "measurecode", "value")
    missing = [name for name in wanted if name not in at]
    if missing:
        raise DataFileError(
            [Problem(source.file, None, 1, name, "required column is missing") for name in missing]
        )
    denominators = _denominators()
    rows: list[tuple[int, tuple[Cell, ...]]] = []
    for number, values in source.rows:
        metric = text(values[at["measurecode"]])
        if metric not in metrics:
            continue
        code, value = text(values[at["lacode"]]), text(values[at["value"]])
        denominator = denominators.get((metric, code))
        numerator = _numerator(value, denominator)
        rows.append(
            (
                number,
                (
                    code,
                    text(values[at["laname"]]),
                    metric,
                    _period(values[at["financialyear"]]),
                    value,
                    "" if numerator is None else str(numerator),
                    "" if numerator is None else str(denominator),
                ),
            )
        )
    return Table(source.file, None, _LONG_HEADER, tuple(rows))


def _numerator(value: str, denominator: Decimal | None) -> Decimal | None:
    """The published percentage of the illustrative denominator, to the nearest whole one."""
    if denominator is None or not value:
        return None
    try:
        share = Decimal(value) * denominator / 100
    except ArithmeticError:
        return None  # the reader reports the value itself
    return share.quantize(Decimal(1), rounding=ROUND_HALF_UP)
