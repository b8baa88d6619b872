"""The ``councilstat`` command: check plan files, print a quarter's summary, write a report.

Exit status: 0 when all went well, 1 when the input had problems (each printed to stderr as
``FILE:ROW:COLUMN: message``), 2 when the command itself was mistyped.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from councilstat.core.errors import CouncilStatError, PeriodError
from councilstat.core.narrative import headline
from councilstat.core.periods import Quarter, parse_period, quarter_of
from councilstat.core.spc import Improvement, Profile, spc_chart
from councilstat.core.summary import summarise
from councilstat.demo import DEMO_PERIOD, demo_data_path
from councilstat.io.plan_reader import LoadedPlan, read_plan
from councilstat.io.problems import DataFileError
from councilstat.io.series_reader import read_series
from councilstat.reports.html import render_html
from councilstat.reports.model import build_report
from councilstat.reports.serialise import describe_spc, summary_to_dict

app = typer.Typer(
    name="councilstat",
    help="Performance reporting for a council plan: check the plan's data files, "
    "see a quarter's headline figures, and write the quarterly report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

PLAN_HELP = (
    "The plan: a folder holding measures.csv, targets.csv and observations.csv, "
    "or one .xlsx workbook with sheets of those names."
)


def _quarter(text: str) -> Quarter:
    try:
        return quarter_of(parse_period(text))
    except PeriodError as error:
        raise typer.BadParameter(str(error)) from None


PlanPath = Annotated[Path, typer.Argument(help=PLAN_HELP, metavar="PLAN", show_default=False)]
PeriodOption = Annotated[
    Quarter,
    typer.Option(
        "--period",
        "-p",
        parser=_quarter,
        metavar="QUARTER",
        help='The quarter to report, e.g. "2019/20 Q2". A month or year means the quarter it '
        "ends in.",
        show_default=False,
    ),
]


def _fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(1)


def _load(path: Path) -> LoadedPlan:
    try:
        loaded = read_plan(path)
    except DataFileError as error:
        for problem in error.problems:
            typer.echo(str(problem), err=True)
        _fail(f"{path}: {error}")
    except CouncilStatError as error:
        _fail(f"{path}: {error}")
    for warning in loaded.warnings:
        typer.echo(f"{warning.location}: warning: {warning.message}", err=True)
    return loaded


@app.command()
def validate(path: PlanPath) -> None:
    """Check a plan's files and report every problem found, or that all is well."""
    loaded = _load(path)
    plan = loaded.plan
    typer.echo(
        f"{path}: OK: {len(plan.measures)} measures, {len(plan.targets)} targets, "
        f"{len(plan.observations)} observations"
    )


@app.command()
def summary(
    path: PlanPath,
    period: PeriodOption,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the figures as one JSON object.")
    ] = False,
) -> None:
    """Print a quarter's headline: how many measures met their target, and the direction of
    travel, each compared with the quarter before."""
    loaded = _load(path)
    result = summarise(loaded.plan, period)
    if as_json:
        data = summary_to_dict(result, loaded.plan, organisation=loaded.organisation)
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        typer.echo("\n".join(headline(result)))


class ReportFormat(StrEnum):
    HTML = "html"


def _write_report(loaded: LoadedPlan, period: Quarter, output: Path) -> None:
    report = build_report(loaded.plan, period, organisation=loaded.organisation)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(render_html(report), encoding="utf-8")
    except OSError as error:
        _fail(f"{output}: cannot write the report: {error.strerror or error}")


@app.command()
def report(
    path: PlanPath,
    period: PeriodOption,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The file to write.", show_default=False)
    ],
    output_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="The report's file format.")
    ] = ReportFormat.HTML,
) -> None:
    """Write the quarterly performance report: headline, exceptions, and every measure by
    priority and outcome."""
    _write_report(_load(path), period, output)
    typer.echo(f"Wrote the {output_format.value.upper()} report to {output}")


@app.command()
def demo(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the demonstration report.")
    ] = Path("var/demo-report-2019-20-Q2.html"),
) -> None:
    """Write the demonstration council's Quarter 2 2019/20 report and print its headline."""
    loaded = _load(demo_data_path())
    period = _quarter(DEMO_PERIOD)
    _write_report(loaded, period, output)
    typer.echo(f"{loaded.organisation}: {loaded.plan.title}, {period}\n")
    typer.echo("\n".join(headline(summarise(loaded.plan, period))))
    typer.echo(f"\nReport written to {output.resolve()}")


@app.command()
def spc(
    path: Annotated[
        Path,
        typer.Argument(
            help="A CSV file with columns date,value in time order.",
            metavar="FILE",
            show_default=False,
        ),
    ],
    improvement: Annotated[
        Improvement,
        typer.Option(
            help="Which way is better: increase, decrease, or neutral.", show_default=False
        ),
    ],
    target: Annotated[
        float | None, typer.Option(help="The target, for the assurance icon.")
    ] = None,
    rebase: Annotated[
        list[str] | None,
        typer.Option(help="Start new limits at this date (as written in the file). Repeatable."),
    ] = None,
    fix_after: Annotated[
        int | None,
        typer.Option("--fix-after", help="Fix the limits on the first N points (at least 12)."),
    ] = None,
    no_screen: Annotated[
        bool, typer.Option("--no-screen", help="Do not screen out outlying moving ranges.")
    ] = False,
    profile: Annotated[
        Profile,
        typer.Option(
            help="Rule set: ptd (NHSRplotthedots, the default) or mdc (the MDC Excel tool)."
        ),
    ] = Profile.PTD,
    as_json: Annotated[bool, typer.Option("--json", help="Print the chart as JSON.")] = False,
) -> None:
    """Statistical process control (an XmR chart, NHS Making Data Count): the mean, the process
    limits, each point's special-cause rules, and the variation and assurance icons."""
    try:
        series = read_series(path)
    except DataFileError as error:
        for problem in error.problems:
            typer.echo(str(problem), err=True)
        _fail(f"{path}: {error}")
    unknown = sorted(set(rebase or ()) - set(series.labels))
    if unknown:
        raise typer.BadParameter(
            f"not a date in the file: {', '.join(unknown)}", param_hint="--rebase"
        )
    try:
        result = spc_chart(
            series.values,
            improvement=improvement,
            target=target,
            labels=series.labels,
            rebase_at=tuple(rebase or ()),
            fix_after=fix_after,
            screen=False if no_screen else None,
            profile=profile,
        )
    except CouncilStatError as error:
        _fail(f"{path}: {error}")
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2))
        return
    typer.echo("\n".join(describe_spc(result)))


def main() -> None:
    """Entry point of the ``councilstat`` command."""
    app()


if __name__ == "__main__":
    main()
