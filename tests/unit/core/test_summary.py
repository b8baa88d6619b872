from dataclasses import replace
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from councilstat.core.periods import Quarter
from councilstat.core.plan import Frequency, Outcome, Polarity, Priority
from councilstat.core.rating import Rag
from councilstat.core.summary import percent, summarise
from tests.factories import measure, observation, plan, target

Q2 = Quarter(2019, 2)
P1, P2 = Priority("1", "Children"), Priority("2", "Adults")
O1, O2 = Outcome("1.A", "Safe", "1"), Outcome("2.A", "Healthy", "2")


def _plan():
    """Three measures in priority 1 (green, red, unrated) and one in priority 2 (amber)."""
    measures = [
        measure("1A1", priority=P1, outcome=O1),
        measure("1A2", priority=P1, outcome=O1, polarity=Polarity.LOWER),
        measure("1A3", priority=P1, outcome=O1, frequency=Frequency.ANNUAL),
        measure("2A1", priority=P2, outcome=O2),
    ]
    targets = [target(c, "2019/20", 50) for c in ("1A1", "1A2", "1A3", "2A1")]
    observations = [
        observation("1A1", "2019/20 Q1", 40),
        observation("1A1", "2019/20 Q2", 55),  # green, improving
        observation("1A2", "2019/20 Q1", 60),
        observation("1A2", "2019/20 Q2", 70),  # red, worsening
        observation("2A1", "2019/20 Q1", 49),
        observation("2A1", "2019/20 Q2", 49),  # amber, no change
    ]
    return plan(measures, targets, observations)


def test_headline_counts_for_the_quarter_and_the_one_before():
    summary = summarise(_plan(), Q2)
    c = summary.current
    assert (c.measures, c.assessed, c.green, c.amber, c.red) == (4, 3, 1, 1, 1)
    assert (c.improving, c.no_change, c.worsening, c.direction_assessed) == (1, 1, 1, 3)
    assert (c.met_pct, c.improving_pct) == (33, 33)
    p = summary.previous
    assert (p.assessed, p.green, p.amber, p.red) == (3, 0, 1, 2)
    assert summary.previous_quarter == Quarter(2019, 1)


def test_counts_by_priority_and_outcome():
    summary = summarise(_plan(), Q2)
    by_priority = {g.code: g.current for g in summary.priorities}
    assert (by_priority["1"].measures, by_priority["1"].green, by_priority["1"].red) == (3, 1, 1)
    assert (by_priority["2"].measures, by_priority["2"].amber) == (1, 1)
    assert [g.code for g in summary.outcomes] == ["1.A", "2.A"]
    assert summary.outcome_count == 2


def test_exception_list_holds_red_measures_grouped_by_priority():
    summary = summarise(_plan(), Q2)
    assert [
        (e.priority.code, [a.measure.code for a in e.assessments]) for e in summary.exceptions
    ] == [("1", ["1A2"])]


def test_empty_quarter_has_no_percentages():
    summary = summarise(_plan(), Quarter(2015, 1))
    assert summary.current.assessed == 0
    assert summary.current.met_pct is None
    assert summary.exceptions == ()


def test_percent_rounds_half_up():
    assert percent(28, 54) == 52
    assert percent(29, 53) == 55
    assert percent(30, 54) == 56
    assert percent(1, 8) == 13  # 12.5 rounds up, not to even
    assert percent(1, 40) == 3  # 2.5
    assert percent(0, 5) == 0
    assert percent(5, 5) == 100


@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_percentages_follow_the_rounding_rule(count, denominator):
    exact = Fraction(100 * count, denominator)
    result = percent(count, denominator)
    assert exact - Fraction(1, 2) < result <= exact + Fraction(1, 2)
    # Half up: exactly half a percent always goes up.
    if exact.denominator == 2:
        assert result == exact + Fraction(1, 2)


rag_choices = st.sampled_from([None, "10", "48", "60"])


@given(st.lists(st.tuples(rag_choices, rag_choices), min_size=0, max_size=25))
def test_summary_counts_add_up(values):
    measures = [measure(f"M{i}") for i in range(len(values))]
    observations = []
    for i, (previous, current) in enumerate(values):
        if previous is not None:
            observations.append(observation(f"M{i}", "2019/20 Q1", previous))
        if current is not None:
            observations.append(observation(f"M{i}", "2019/20 Q2", current))
    summary = summarise(
        plan(measures, [target(m.code, "2019/20", 50) for m in measures], observations), Q2
    )
    c = summary.current
    assert c.green + c.amber + c.red == c.assessed <= c.measures == len(values)
    assert c.improving + c.no_change + c.worsening == c.direction_assessed <= c.assessed
    assert c.assessed == sum(1 for _, current in values if current is not None)
    assert sum(len(e.assessments) for e in summary.exceptions) == c.red
    assert sum(g.current.assessed for g in summary.priorities) == c.assessed
    assert all(a.rag is Rag.RED for e in summary.exceptions for a in e.assessments)


def test_a_quarter_with_every_measure_due_reported_and_published_is_not_provisional():
    coverage = summarise(_plan(), Q2).coverage
    # 1A3 is annual: not due in the second quarter.
    assert (coverage.due, coverage.reported, coverage.published) == (3, 3, True)
    assert not coverage.provisional
    assert coverage.note == ""


def test_a_quarter_is_provisional_until_published_and_every_measure_due_has_reported():
    partial = replace(
        _plan(), observations=tuple(o for o in _plan().observations if o.code != "1A2")
    )
    coverage = summarise(partial, Q2).coverage
    assert (coverage.due, coverage.reported, coverage.missing) == (3, 2, 1)
    assert coverage.note == "Provisional: 2 of 3 measures due have reported."
    unpublished = summarise(_plan(), Q2, published=False).coverage
    assert unpublished.provisional
    assert unpublished.note == (
        "Provisional: 3 of 3 measures due have reported; the figures are not yet published."
    )
    # In the fourth quarter the annual measure is due too.
    assert summarise(_plan(), Quarter(2019, 4)).coverage.due == 4
