"""The ``councilstat`` command: check plan files, print a quarter's summary, write a report.

Exit status: 0 when all went well, 1 when the input had problems (each printed to stderr as
``FILE:ROW:COLUMN: message``), 2 when the command itself was mistyped.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from councilstat.core.errors import CouncilStatError, PeriodError
from councilstat.core.narrative import headline, plural
from councilstat.core.periods import FinancialYear, Quarter, parse_period, quarter_of
from councilstat.core.spc import Improvement, Profile, spc_chart
from councilstat.core.summary import summarise
from councilstat.demo import DEMO_PERIOD, demo_data_path
from councilstat.io.plan_reader import LoadedPlan, read_plan
from councilstat.io.problems import DataFileError
from councilstat.io.series_reader import read_series
from councilstat.reports.model import build_report, plan_as_at
from councilstat.reports.render import ReportFormat, render
from councilstat.reports.serialise import describe_spc, summary_to_dict

app = typer.Typer(
    name="councilstat",
    help="Performance reporting for a council plan: check the plan's data files, "
    "see a quarter's headline figures, and write the quarterly report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
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


def _quarter_or_year(text: str) -> Quarter | FinancialYear:
    try:
        period = parse_period(text)
    except PeriodError as error:
        raise typer.BadParameter(str(error), param_hint="'--period' / '-p'") from None
    return period if isinstance(period, FinancialYear) else quarter_of(period)


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


SummaryPeriodOption = Annotated[
    str | None,
    typer.Option(
        "--period",
        "-p",
        metavar="PERIOD",
        help='The quarter to summarise, e.g. "2019/20 Q2" (a month means the quarter it ends '
        'in), compared with the quarter before; or a financial year, e.g. "2019/20", each '
        "measure's value for the year compared with the year before. Default: the latest "
        "quarter with data.",
        show_default=False,
    ),
]


def _examples(*lines: tuple[str, str]) -> str:
    """A command's Examples section (Markdown, as the help is written): each command line
    with what it does."""
    items = "\n".join(f"* `{command}`: {what}" for command, what in lines)
    return f"**Examples**\n\n{items}"


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


@app.command(
    epilog=_examples(
        ("councilstat validate plan/", "check the CSV files in the folder plan"),
        ("councilstat validate plan.xlsx", "check a workbook"),
    )
)
def validate(path: PlanPath) -> None:
    """Check a plan's files and report every problem found, or that all is well."""
    loaded = _load(path)
    plan = loaded.plan
    counts = (
        plural(len(plan.measures), "measure"),
        plural(len(plan.targets), "target"),
        plural(len(plan.observations), "observation"),
    )
    typer.echo(f"{path}: OK: {', '.join(counts)}")


def _latest_quarter(loaded: LoadedPlan) -> Quarter:
    """The latest quarter any observation falls in (a year's is its fourth quarter)."""
    periods = [observation.period for observation in loaded.plan.observations]
    if not periods:
        _fail(f"{loaded.plan.title}: no values yet, so there is no quarter to summarise")
    return max(quarter_of(period) for period in periods)


@app.command(
    epilog=_examples(
        ("councilstat summary plan/", "the latest quarter with data"),
        ('councilstat summary plan/ --period "2019/20 Q2"', "a chosen quarter"),
        ("councilstat summary plan/ --period 2019/20 --json", "a year, as JSON"),
    )
)
def summary(
    path: PlanPath,
    period: SummaryPeriodOption = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the figures as one JSON object.")
    ] = False,
) -> None:
    """Print a quarter's or a year's headline: how many measures met their target, and the
    direction of travel, each compared with the quarter (or the year) before."""
    chosen = _quarter_or_year(period) if period is not None else None
    loaded = _load(path)
    if chosen is None:
        chosen = _latest_quarter(loaded)
        typer.echo(
            f"No --period given: summarising {chosen}, the latest quarter with data", err=True
        )
    result = summarise(loaded.plan, chosen)
    if as_json:
        data = summary_to_dict(result, loaded.plan, organisation=loaded.organisation)
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        typer.echo("\n".join(headline(result)))


AS_AT_NOTE = (
    "Taken from plan files, which keep no history: values for periods ending after this date "
    "are left out, but a correction made since to an earlier value cannot be undone."
)


def _as_at(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise typer.BadParameter(f"'{text}' is not a date: write it as YYYY-MM-DD") from None


def _place_for(output: Path) -> Path:
    """An empty temporary file beside ``output``, made before any work, so a report that
    cannot be written fails at once rather than after it has been drawn."""
    if output.is_dir():
        raise IsADirectoryError(errno.EISDIR, "it is a folder")
    output.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{output.name}.", suffix=".part", dir=output.parent
    )
    os.close(descriptor)
    return Path(temporary)


def _move_into_place(temporary: Path, output: Path, data: bytes) -> None:
    """Write ``data`` to the temporary file, then rename it over ``output``: a reader never
    sees half a report, and a failure leaves any earlier file as it was."""
    mode = output.stat().st_mode & 0o777 if output.is_file() else None
    temporary.write_bytes(data)
    if mode is None:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    temporary.chmod(mode)
    os.replace(temporary, output)


def _format_for(
    output: Path, asked: ReportFormat | None, formats: tuple[ReportFormat, ...]
) -> ReportFormat:
    """The format to write to ``output``: the one its extension names, which must be one of
    ``formats`` and agree with ``--format`` when that is given."""
    if output.is_dir():
        _fail(f"{output}: cannot write the report: it is a folder")
    implied = ReportFormat.from_suffix(output.suffix)
    if implied is None or implied not in formats:
        written = ", ".join(f.suffix for f in formats)
        named = f"an extension, {output.suffix}," if output.suffix else "no extension, which"
        raise typer.BadParameter(
            f"{output.name} has {named} that this command does not write: name the file "
            f"with one of {written}",
            param_hint="'--output' / '-o'",
        )
    if asked is not None and asked is not implied:
        raise typer.BadParameter(
            f"{output.name} is named for {implied.value.upper()}, but --format asks for "
            f"{asked.value.upper()}: name the file with {asked.suffix}, or leave out --format",
            param_hint="'--output' / '-o'",
        )
    return implied


def _write_report(
    loaded: LoadedPlan,
    period: Quarter,
    output: Path,
    *,
    output_format: ReportFormat = ReportFormat.HTML,
    exceptions_only: bool = False,
    as_at: dt.date | None = None,
    with_chart_data: bool = False,
) -> None:
    plan = loaded.plan if as_at is None else plan_as_at(loaded.plan, as_at)
    if as_at is not None and as_at < period.end:
        typer.echo(
            f"warning: --as-at {as_at} is before {period} ended ({period.end}), so the "
            "quarter's own figures may be incomplete",
            err=True,
        )
    try:
        temporary = _place_for(output)
    except OSError as error:
        _fail(f"{output}: cannot write the report: {error.strerror or error}")
    try:
        status = Console(stderr=True).status(f"Building the {output_format.value.upper()} report")
        with status:
            report = build_report(
                plan,
                period,
                organisation=loaded.organisation,
                as_at=as_at,
                exceptions_only=exceptions_only,
                as_at_note=AS_AT_NOTE if as_at else "",
                with_chart_data=with_chart_data,
            )
            data = render(report, output_format, progress=lambda text: status.update(text))
        try:
            _move_into_place(temporary, output, data)
        except OSError as error:
            _fail(f"{output}: cannot write the report: {error.strerror or error}")
    except CouncilStatError as error:
        _fail(f"{loaded.plan.title}: {error}")
    finally:
        temporary.unlink(missing_ok=True)


@app.command(
    epilog=_examples(
        ('councilstat report plan/ -p "2019/20 Q2" -o report.pdf', "the PDF report"),
        ('councilstat report plan/ -p "2019/20 Q2" -o report.docx', "the Word document"),
        (
            'councilstat report plan/ -p "2019/20 Q2" -o exceptions.html --exceptions-only',
            "the exception report only, as a web page",
        ),
    )
)
def report(
    path: PlanPath,
    period: PeriodOption,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The file to write: .html (or .htm), .pdf, .docx or .xlsx, which sets the "
            "format. It is replaced only once the whole report is ready.",
            show_default=False,
        ),
    ],
    output_format: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="html, pdf, docx (Word) or xlsx (Excel). Default: from the output file's "
            "extension, which must agree with it.",
            show_default=False,
        ),
    ] = None,
    exceptions_only: Annotated[
        bool,
        typer.Option(
            "--exceptions-only",
            help="Only the summary, the exception report (red measures) and the annexes, "
            "without the sections for every priority.",
        ),
    ] = False,
    as_at: Annotated[
        dt.date | None,
        typer.Option(
            "--as-at",
            parser=_as_at,
            metavar="YYYY-MM-DD",
            help="Report the figures as they stood on this date, printed on the cover: values "
            "for periods ending after it are left out. Plan files keep no history, so a "
            "correction made since to an earlier value cannot be undone; the web "
            "application's stored history re-creates a report exactly as it stood.",
            show_default=False,
        ),
    ] = None,
    with_chart_data: Annotated[
        bool,
        typer.Option(
            "--with-chart-data",
            help="Add an annex of the figures behind the charts (HTML, PDF and Word). The "
            "Excel workbook always has them.",
        ),
    ] = False,
) -> None:
    """Write the quarterly performance report: headline, exception report, every measure by
    priority and outcome, and annexes, as a web page, PDF, Word document or Excel workbook."""
    chosen = _format_for(output, output_format, tuple(ReportFormat))
    started = time.perf_counter()
    _write_report(
        _load(path),
        period,
        output,
        output_format=chosen,
        exceptions_only=exceptions_only,
        as_at=as_at,
        with_chart_data=with_chart_data,
    )
    seconds = time.perf_counter() - started
    typer.echo(f"Wrote the {chosen.value.upper()} report to {output} in {seconds:.1f} s")


@app.command(
    epilog=_examples(
        ("councilstat demo", "write var/demo-report-2019-20-Q2.html"),
        ("councilstat demo -o demo.html", "write it elsewhere"),
    )
)
def demo(
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="Where to write the demonstration report (.html)."),
    ] = Path("var/demo-report-2019-20-Q2.html"),
) -> None:
    """Write the demonstration council's Quarter 2 2019/20 report and print its headline."""
    _format_for(output, None, (ReportFormat.HTML,))
    loaded = _load(demo_data_path())
    period = _quarter(DEMO_PERIOD)
    _write_report(loaded, period, output)
    typer.echo(f"{loaded.organisation}: {loaded.plan.title}, {period}\n")
    typer.echo("\n".join(headline(summarise(loaded.plan, period))))
    typer.echo(f"\nReport written to {output.resolve()}")


_IMPROVEMENT = {
    "higher": Improvement.INCREASE,
    "lower": Improvement.DECREASE,
    "none": Improvement.NEUTRAL,
    # The spellings of earlier versions, still accepted.
    "increase": Improvement.INCREASE,
    "decrease": Improvement.DECREASE,
    "neutral": Improvement.NEUTRAL,
}


def _improvement(text: str) -> Improvement:
    try:
        return _IMPROVEMENT[text.strip().lower()]
    except KeyError:
        raise typer.BadParameter(
            f"'{text}' is not a direction: use higher, lower or none"
        ) from None


@app.command(
    epilog=_examples(
        ("councilstat spc waits.csv --improvement lower", "a chart where lower is better"),
        (
            "councilstat spc visits.csv --improvement higher --target 80 --rebase 2020-04",
            "with a target, and new limits from April 2020",
        ),
        ("councilstat spc visits.csv --improvement higher --json", "the chart as JSON"),
    )
)
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
            parser=_improvement,
            metavar="DIRECTION",
            help="Which way is better: higher, lower or none, as in a plan's polarity column.",
            show_default=False,
        ),
    ],
    target: Annotated[
        float | None,
        typer.Option(metavar="NUMBER", help="The target, for the assurance icon."),
    ] = None,
    rebase: Annotated[
        list[str] | None,
        typer.Option(
            metavar="DATE",
            help="Start new limits at this date (as written in the file), e.g. where the "
            "measure's definition changed. Repeatable.",
        ),
    ] = None,
    fix_after: Annotated[
        int | None,
        typer.Option(
            "--fix-after", metavar="N", help="Fix the limits on the first N points (at least 12)."
        ),
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
