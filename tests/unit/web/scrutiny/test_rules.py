"""The action state machine (``web/scrutiny/rules.py``): overdue on a date, the status shown,
and which changes are allowed. No database."""

from __future__ import annotations

import datetime as dt

import pytest

from councilstat.web.scrutiny import rules
from councilstat.web.scrutiny.rules import ActionStatus

DUE = dt.date(2020, 1, 31)


def test_overdue_is_the_day_after_the_due_date_and_only_while_open():
    assert not rules.is_overdue("on_track", DUE, DUE)
    assert rules.is_overdue("on_track", DUE, DUE + dt.timedelta(days=1))
    assert rules.is_overdue("not_started", DUE, dt.date(2020, 6, 1))
    assert not rules.is_overdue("complete", DUE, dt.date(2020, 6, 1))
    assert not rules.is_overdue("will_not_be_done", DUE, dt.date(2020, 6, 1))
    assert not rules.is_overdue("on_track", None, dt.date(2030, 1, 1))


def test_effective_status_shows_overdue_and_drops_it_when_the_date_moves():
    assert rules.effective_status("on_track", DUE, dt.date(2020, 2, 1)) is ActionStatus.OVERDUE
    assert rules.effective_status("overdue", dt.date(2020, 3, 1), dt.date(2020, 2, 1)) is (
        ActionStatus.ON_TRACK
    )
    assert rules.effective_status("complete", DUE, dt.date(2020, 2, 1)) is ActionStatus.COMPLETE


def test_transitions():
    rules.check_transition("not_started", "on_track", reason="", may_reopen=False)
    with pytest.raises(rules.TransitionRefused, match="Explain why"):
        rules.check_transition("on_track", "will_not_be_done", reason=" ", may_reopen=False)
    with pytest.raises(rules.TransitionRefused, match="Overdue follows"):
        rules.check_transition("on_track", "overdue", reason="", may_reopen=True)
    with pytest.raises(rules.TransitionRefused, match="performance team to reopen"):
        rules.check_transition("complete", "on_track", reason="", may_reopen=False)
    rules.check_transition("complete", "on_track", reason="", may_reopen=True)
