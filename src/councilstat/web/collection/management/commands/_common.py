"""What the import commands share: the importing user, problems on stderr, a progress bar."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

from django.core.management.base import CommandError, OutputWrapper
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from councilstat.io.problems import Problem
from councilstat.web.accounts.models import User
from councilstat.web.accounts.policy import Permission, can

__all__ = ["SHOWN_PROBLEMS", "importer", "progress_bar", "refuse"]

SHOWN_PROBLEMS = 200
"""Problems printed before the rest are counted (the file names every one by its row)."""


def importer(username: str | None) -> User:
    """The user recorded as entering the imported values (``--user``)."""
    if not username:
        raise CommandError("give --user USERNAME: the audit trail records who imported the values")
    user = User.objects.filter(username=username).select_related("organisation").first()
    if user is None:
        raise CommandError(f"there is no user called '{username}'")
    if not can(user, Permission.IMPORT_DATA) or user.organisation is None:
        raise CommandError(f"{username} may not import data (the performance team imports)")
    return user


def refuse(stderr: OutputWrapper, problems: Iterable[Problem | str], what: str) -> NoReturn:
    """Print the problems (FILE:SHEET:ROW:COLUMN: message), then refuse: nothing was stored."""
    listed = list(problems)
    for problem in listed[:SHOWN_PROBLEMS]:
        stderr.write(str(problem))
    if len(listed) > SHOWN_PROBLEMS:
        stderr.write(f"... and {len(listed) - SHOWN_PROBLEMS:,} more problems")
    count = f"{len(listed):,} problem{'s' if len(listed) != 1 else ''}"
    raise CommandError(f"{what} refused ({count}): nothing was stored")


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Any]:
    """A progress bar on stderr (hidden with ``--no-progress`` or when stderr is no terminal
    and not forced)."""
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        disable=not enabled,
        transient=False,
    )
    with progress:
        yield progress
