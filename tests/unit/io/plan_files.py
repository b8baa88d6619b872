"""Write small plan files for io tests: a valid baseline that each test spoils in one way."""

from __future__ import annotations

from pathlib import Path

MEASURES = [
    "code,title,priority,priority_title,outcome,outcome_title,unit,polarity,frequency,tolerance,aggregation",
    "1A1,Families contacted in 3 days,1,Best start,1.A,Safe,percent,higher,monthly,5%,last",
    "1A2,Looked after children,1,Best start,1.A,Safe,number,lower,quarterly,2,",
    "2A1,Drug treatment completions,2,Adults,2.A,Healthy,percent,higher,quarterly,5%,",
    "2A2,Contacts logged,2,Adults,2.A,Healthy,number,none,quarterly,,",
]
TARGETS = ["code,period,target", "1A1,2019/20,80", "1A2,2019/20,400", "2A1,2019/20 Q2,20"]
OBSERVATIONS = [
    "code,period,value,numerator,denominator,note",
    "1A1,2019-07,78,,,",
    "1A1,2019-08,,39,50,",
    "1A2,2019/20 Q1,410,,,",
    "1A2,2019/20 Q2,395,,,",
    "2A1,2019/20 Q2,,5,30,small numbers",
    "2A2,2019/20 Q2,1200,,,",
]


def write_plan(
    folder: Path,
    *,
    measures: list[str] | None = None,
    targets: list[str] | None = None,
    observations: list[str] | None = None,
    encoding: str = "utf-8",
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, lines in (
        ("measures", measures or MEASURES),
        ("targets", targets or TARGETS),
        ("observations", observations or OBSERVATIONS),
    ):
        (folder / f"{name}.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return folder


def write_workbook(path: Path, **sheets: list[str]) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, default in (
        ("measures", MEASURES),
        ("targets", TARGETS),
        ("observations", OBSERVATIONS),
    ):
        sheet = workbook.create_sheet(name.capitalize())
        for line in sheets.get(name, default):
            sheet.append([_cell(v) for v in line.split(",")])
    workbook.save(path)
    return path


def _cell(text: str) -> str | float | None:
    if text == "":
        return None
    try:
        return float(text)
    except ValueError:
        return text
