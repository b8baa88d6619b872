from councilstat.core.narrative import headline, plural
from councilstat.core.periods import Quarter
from councilstat.core.summary import Counts, PlanSummary

Q2 = Quarter(2019, 2)


def _summary(current: Counts, previous: Counts, quarter=Q2, outcomes=13, term="outcome"):
    return PlanSummary(
        "Council Plan", quarter, current, previous, outcomes, (), (), (), (), outcome_term=term
    )


def _counts(measures, green, amber, red, improving, no_change, worsening):
    return Counts(measures, green, amber, red, improving, no_change, worsening)


def test_the_boards_headline_in_its_own_words():
    sentences = headline(
        _summary(
            _counts(69, 28, 8, 18, 30, 5, 19),
            _counts(69, 29, 8, 16, 28, 5, 20),
            term="key delivery outcome",
        )
    )
    assert sentences == (
        "This report covers performance against 13 key delivery outcomes and 69 measures "
        "for Quarter 2 of 2019/20.",
        "Of the 54 measures with data and a target this quarter, 28 (52%) met or exceeded their "
        "target, compared with 55% in Quarter 1.",
        "28 measures were on target (green), 8 within tolerance (amber) and 18 off target (red).",
        "The direction of travel was positive for 30 (56%) of the 54 measures with a comparable "
        "previous value, compared with 53% in Quarter 1.",
    )


def test_grammar_for_one_measure():
    sentences = headline(
        _summary(_counts(1, 1, 0, 0, 1, 0, 0), _counts(1, 0, 0, 1, 0, 0, 1), outcomes=1)
    )
    assert "1 outcome and 1 measure for" in sentences[0]
    assert sentences[1].startswith("Of the 1 measure with data and a target this quarter, 1 (100%)")
    assert "exceeded its target, compared with 0% in Quarter 1." in sentences[1]
    assert sentences[2].startswith("1 measure was on target")
    assert "of the 1 measure with a comparable previous value" in sentences[3]
    assert not any("1 measures" in s for s in sentences)


def test_nothing_rated_in_either_quarter():
    sentences = headline(
        _summary(_counts(0, 0, 0, 0, 0, 0, 0), _counts(0, 0, 0, 0, 0, 0, 0), outcomes=0)
    )
    assert sentences == (
        "This report covers performance against 0 outcomes and 0 measures "
        "for Quarter 2 of 2019/20.",
        "No measure had both data and a target this quarter, so none was rated.",
        "No measure had a comparable previous value, so no direction of travel could be calculated.",
    )


def test_no_previous_figures_and_a_previous_quarter_in_another_year():
    sentences = headline(
        _summary(
            _counts(5, 2, 0, 0, 1, 1, 0), _counts(5, 0, 0, 0, 0, 0, 0), quarter=Quarter(2019, 1)
        )
    )
    assert sentences[1].endswith("; no measure was rated in Quarter 4 of 2018/19.")
    assert sentences[3].endswith("; none had one in Quarter 4 of 2018/19.")


def test_the_plans_own_term_for_its_outcomes_with_its_own_plural():
    summary = PlanSummary(
        "Plan",
        Q2,
        _counts(3, 0, 0, 0, 0, 0, 0),
        _counts(3, 0, 0, 0, 0, 0, 0),
        2,
        (),
        (),
        (),
        (),
        outcome_term="priority outcome",
    )
    assert "against 2 priority outcomes and 3 measures" in headline(summary)[0]
    one = PlanSummary(
        "Plan",
        Q2,
        _counts(3, 0, 0, 0, 0, 0, 0),
        _counts(3, 0, 0, 0, 0, 0, 0),
        1,
        (),
        (),
        (),
        (),
        outcome_term="objective",
        outcome_term_plural="objectives",
    )
    assert "against 1 objective and 3 measures" in headline(one)[0]


def test_plural():
    assert [plural(n, "measure") for n in (0, 1, 2)] == ["0 measures", "1 measure", "2 measures"]
    assert plural(2, "priority", "priorities") == "2 priorities"


def test_spc_readings_in_plain_english():
    from councilstat.core.narrative import spc_reading
    from councilstat.core.spc import spc_chart

    rising = [10, 11, 10, 12, 11, 10, 11, 12, 10, 11, 11, 10, 20, 21, 20, 22, 21, 20, 21]
    result = spc_chart(rising, improvement="increase", target=30)
    assert spc_reading(result, "month") == (
        "Special cause: improving for 7 months",
        "Target consistently missed at current performance",
    )
    flat = spc_chart([5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 6], improvement="decrease", target=5.5)
    assert spc_reading(flat) == (
        "Common cause variation: no sign of a real change",
        "Target met in some periods and missed in others at current performance",
    )
    short = spc_chart([5, 6, 5], improvement="increase")
    assert "Limits are provisional: fewer than 13 points so far" in spc_reading(short)


def test_a_provisional_quarter_opens_the_headline_with_its_count():
    from dataclasses import replace

    from councilstat.core.summary import Coverage

    summary = replace(
        _summary(_counts(55, 6, 4, 8, 5, 2, 3), _counts(55, 28, 8, 18, 30, 5, 19)),
        coverage=Coverage(due=55, reported=18, published=False),
    )
    sentences = headline(summary)
    assert sentences[0] == (
        "Provisional: 18 of 55 measures due have reported; the figures are not yet published."
    )
    assert sentences[1].startswith("This report covers performance against")
