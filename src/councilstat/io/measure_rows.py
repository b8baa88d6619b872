"""Read the measures table: each measure with its priority, outcome and rating attributes."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import TypeVar

from councilstat.core.periods import Period
from councilstat.core.plan import (
    MAX_DECIMAL_PLACES,
    Aggregation,
    Frequency,
    Measure,
    Outcome,
    Polarity,
    Priority,
    Tolerance,
    ToleranceKind,
    Unit,
)
from councilstat.core.validation import InvalidFigure, check_tolerance
from councilstat.io.cells import (
    CellError,
    bounded_text,
    choose_reading,
    parse_choice,
    parse_number,
    parse_period_cell,
    text,
    two_readings,
)
from councilstat.io.problems import Problem
from councilstat.io.sheets import Sheet, is_complete, parsed, resolve
from councilstat.io.tables import Cell, Table

__all__ = ["MeasureReader", "breaks_of"]

_Choice = TypeVar("_Choice", Unit, Frequency)
_TEXT_COLUMNS = ("directorate", "owner", "definition", "source")


def _tolerance(cell: Cell) -> Tolerance:
    raw = text(cell)
    if not raw:
        return Tolerance()
    kind = ToleranceKind.PERCENT_OF_TARGET if raw.endswith("%") else ToleranceKind.ABSOLUTE
    amount = parse_number(raw.removesuffix("%"))
    if amount < 0:
        raise CellError(f"a tolerance cannot be negative ('{raw}')")
    try:
        check_tolerance(amount)
    except InvalidFigure as error:
        raise CellError(str(error)) from None
    return Tolerance(kind, amount)


def breaks_of(cell: Cell, frequency: Frequency | None) -> tuple[Period, ...]:
    """Series breaks: periods separated by semicolons (``2020/21 Q1; 2022/23 Q1``), in time
    order, none repeated. A label that reads two ways (``2011-12``) is read by the measure's
    frequency, as in the observations."""
    found: list[Period] = []
    for label in (part.strip() for part in text(cell).split(";")):
        if not label:
            continue
        both = two_readings(label)
        if both is not None:
            kind = frequency.period_kind if frequency is not None else None
            fits = [reading for reading in both if reading.kind is kind]
            why = f"neither is a period of a measure collected {frequency}" if not fits else ""
            period = choose_reading(label, both, fits, why)
        else:
            period = parse_period_cell(label)
        if found and period.start <= found[-1].start:
            raise CellError(
                f"write the series breaks in time order, each once: {period} comes after "
                f"{found[-1]}"
            )
        found.append(period)
    return tuple(found)


_POLARITY_ALIASES = {"target band": Polarity.BAND, "targetband": Polarity.BAND}


def _polarity(cell: Cell) -> Polarity:
    """A polarity; ``target band`` is read as ``band``."""
    alias = _POLARITY_ALIASES.get(" ".join(text(cell).lower().replace("_", " ").split()))
    return alias or parse_choice(cell, Polarity, "polarity")


_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0", ""}


def _yes_no(cell: Cell) -> bool:
    answer = text(cell).lower()
    if answer not in _YES | _NO:
        raise CellError(f"'{text(cell)}' is not yes or no")
    return answer in _YES


def _decimal_places(cell: Cell) -> int | None:
    """Blank for the unit's default, else a whole number from 0 to 6."""
    raw = text(cell)
    if not raw:
        return None
    try:
        places = parse_number(raw)
    except CellError:
        places = None
    whole = places is not None and places == places.to_integral_value()
    if places is None or not whole or not 0 <= places <= MAX_DECIMAL_PLACES:
        raise CellError(
            f"'{raw}' is not a number of decimal places: give a whole number from 0 to "
            f"{MAX_DECIMAL_PLACES}, or leave it blank for the unit's default"
        )
    return int(places)


def _aggregation(cell: Cell) -> Aggregation:
    return parse_choice(cell, Aggregation, "aggregation") if text(cell) else Aggregation.LAST


@dataclass
class MeasureReader:
    """Reads measures, keeping what the targets and observations are checked against."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    measures: dict[str, Measure] = field(default_factory=dict)
    codes_seen: dict[str, str] = field(default_factory=dict)
    priorities: dict[str, Priority] = field(default_factory=dict)
    outcomes: dict[str, Outcome] = field(default_factory=dict)

    def read(self, table: Table) -> None:
        sheet = resolve(table, "measures", self.problems, self.warnings)
        if not is_complete(sheet, "measures"):
            return
        extra = {
            index: name
            for index, name in enumerate(table.header)
            if name and index not in sheet.columns.values()
        }
        for row, values in table.rows:
            self._measure_row(sheet, row, values, extra)

    def _measure_row(
        self, sheet: Sheet, row: int, values: tuple[Cell, ...], extra: dict[int, str]
    ) -> None:
        code = parsed(sheet, row, values, "code", partial(bounded_text, field="code"))
        if code is None:
            return
        if not code:
            sheet.report(row, "code", "the measure code is blank")
            return
        if code.lower() in self.codes_seen:
            sheet.report(row, "code", f"measure {code} is listed more than once")
            return
        self.codes_seen[code.lower()] = code

        def choice(column: str, choices: type[_Choice]) -> _Choice | None:
            return parsed(sheet, row, values, column, lambda c: parse_choice(c, choices, column))

        title = parsed(sheet, row, values, "title", partial(bounded_text, field="title"))
        if title == "":
            sheet.report(row, "title", f"measure {code} has no title")
        unit = choice("unit", Unit)
        polarity = parsed(sheet, row, values, "polarity", _polarity)
        frequency = choice("frequency", Frequency)
        tolerance = parsed(sheet, row, values, "tolerance", _tolerance)
        aggregation = parsed(sheet, row, values, "aggregation", _aggregation)
        cumulative = parsed(sheet, row, values, "cumulative", _yes_no)
        breaks = parsed(sheet, row, values, "breaks", lambda c: breaks_of(c, frequency))
        places = parsed(sheet, row, values, "decimal_places", lambda c: (_decimal_places(c),))
        exceeds = parsed(sheet, row, values, "can_exceed_100", _yes_no)
        priority = self._priority(sheet, row, values)
        outcome = self._outcome(sheet, row, values, priority)
        texts = {
            column: parsed(sheet, row, values, column, partial(bounded_text, field=column))
            for column in _TEXT_COLUMNS
        }
        if not (title and unit and polarity and frequency and tolerance and aggregation):
            return
        if priority is None or outcome is None or cumulative is None or breaks is None:
            return
        if exceeds is None or places is None:
            return
        if any(value is None for value in texts.values()):
            return
        self.measures[code.lower()] = Measure(
            code=code,
            title=title,
            priority=priority,
            outcome=outcome,
            unit=unit,
            polarity=polarity,
            frequency=frequency,
            tolerance=tolerance,
            aggregation=aggregation,
            cumulative=cumulative,
            decimal_places=places[0],
            can_exceed_100=exceeds,
            directorate=texts["directorate"] or "",
            owner=texts["owner"] or "",
            definition=texts["definition"] or "",
            source=texts["source"] or "",
            breaks=breaks,
            attributes={
                name: text(values[i])
                for i, name in extra.items()
                if i < len(values) and text(values[i])
            },
        )

    def _priority(self, sheet: Sheet, row: int, values: tuple[Cell, ...]) -> Priority | None:
        code = parsed(sheet, row, values, "priority", partial(bounded_text, field="priority"))
        if code == "":
            sheet.report(row, "priority", "the priority is blank")
        title = parsed(
            sheet, row, values, "priority_title", partial(bounded_text, field="priority_title")
        )
        if not code or title is None:
            return None
        known = self.priorities.get(code)
        if known is None:
            known = self.priorities[code] = Priority(code, title or f"Priority {code}")
        elif title and title != known.title:
            sheet.report(
                row,
                "priority_title",
                f"priority {code} is titled '{known.title}' on an earlier row",
            )
            return None
        return known

    def _outcome(
        self, sheet: Sheet, row: int, values: tuple[Cell, ...], priority: Priority | None
    ) -> Outcome | None:
        code = parsed(sheet, row, values, "outcome", partial(bounded_text, field="outcome"))
        if code == "":
            sheet.report(row, "outcome", "the outcome is blank")
        title = parsed(
            sheet, row, values, "outcome_title", partial(bounded_text, field="outcome_title")
        )
        if not code or priority is None or title is None:
            return None
        known = self.outcomes.get(code)
        if known is None:
            known = self.outcomes[code] = Outcome(code, title or code, priority.code)
        elif known.priority != priority.code:
            sheet.report(
                row,
                "outcome",
                f"outcome {code} is under priority {known.priority} on an earlier row",
            )
            return None
        elif title and title != known.title:
            sheet.report(
                row, "outcome_title", f"outcome {code} is titled '{known.title}' on an earlier row"
            )
            return None
        return known
