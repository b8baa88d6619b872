"""The variation and assurance icons: accessible SVG, words as well as colour."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from councilstat.core.spc import Assurance, Improvement, Variation, spc_chart
from councilstat.reports.charts.icons import (
    ASSURANCE_LABELS,
    BLUE,
    GREY,
    ORANGE,
    PURPLE,
    VARIATION_LABELS,
    assurance_icon_svg,
    variation_icon_svg,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    """Parse our own output (trusted, so the standard library parser is fine)."""
    return ET.fromstring(svg)  # noqa: S314


# The improvement direction that can give each variation icon.
DIRECTION = {
    Variation.COMMON_CAUSE: Improvement.INCREASE,
    Variation.IMPROVEMENT_HIGH: Improvement.INCREASE,
    Variation.CONCERN_LOW: Improvement.INCREASE,
    Variation.IMPROVEMENT_LOW: Improvement.DECREASE,
    Variation.CONCERN_HIGH: Improvement.DECREASE,
    Variation.NEITHER_HIGH: Improvement.NEUTRAL,
    Variation.NEITHER_LOW: Improvement.NEUTRAL,
}


def variation_svg(variation):
    return variation_icon_svg(variation, DIRECTION[variation])


def glyph(svg):
    """The drawing without its colours and words: what is left for someone who sees no
    colour and does not read the label."""
    body = re.sub(r"<title>.*?</title>", "", svg)
    body = re.sub(r'aria-label="[^"]*"|class="[^"]*"', "", body)
    return re.sub(r"#[0-9A-Fa-f]{6}", "COLOUR", body)


def check_accessible(svg, label):
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == label.name
    title = root.find(f"{SVG}title")
    assert title is not None
    assert title.text == f"{label.name}. {label.explanation}"
    assert root.get("viewBox") == "0 0 100 100"


@pytest.mark.parametrize("variation", list(Variation))
def test_every_variation_icon_is_a_labelled_image(variation):
    check_accessible(variation_svg(variation), VARIATION_LABELS[variation])


@pytest.mark.parametrize("assurance", list(Assurance))
def test_every_assurance_icon_is_a_labelled_image(assurance):
    check_accessible(assurance_icon_svg(assurance), ASSURANCE_LABELS[assurance])


def test_every_member_has_a_label_and_no_two_share_one():
    assert set(VARIATION_LABELS) == set(Variation)
    assert set(ASSURANCE_LABELS) == set(Assurance)
    for labels in (VARIATION_LABELS, ASSURANCE_LABELS):
        names = [label.name for label in labels.values()]
        assert len(set(names)) == len(names)
    svgs = [variation_svg(v) for v in Variation]
    assert len({parse(svg).get("aria-label") for svg in svgs}) == len(Variation)


@pytest.mark.parametrize(
    "label", [*VARIATION_LABELS.values(), *ASSURANCE_LABELS.values()], ids=lambda x: x.name
)
def test_each_explanation_is_one_plain_sentence(label):
    assert label.explanation.endswith(".")
    assert ". " not in label.explanation
    assert label.explanation[0].isupper()


def test_the_names_say_what_the_icons_mean():
    assert VARIATION_LABELS[Variation.COMMON_CAUSE].name == "Common cause variation"
    assert VARIATION_LABELS[Variation.IMPROVEMENT_HIGH].name == "Special cause improvement (high)"
    assert VARIATION_LABELS[Variation.CONCERN_LOW].name == "Special cause concern (low)"
    assert ASSURANCE_LABELS[Assurance.CONSISTENT_PASS].name == "Target consistently met"
    assert ASSURANCE_LABELS[Assurance.CONSISTENT_FAIL].name == "Target consistently missed"
    assert "higher is better" in VARIATION_LABELS[Variation.IMPROVEMENT_HIGH].explanation
    assert "lower is better" in VARIATION_LABELS[Variation.CONCERN_HIGH].explanation
    assert "between the current process limits" in (
        ASSURANCE_LABELS[Assurance.INCONSISTENT].explanation
    )


def letters(svg):
    return [text.text for text in parse(svg).iter(f"{SVG}text")]


def test_special_cause_icons_carry_an_arrow_and_a_letter():
    for variation in Variation:
        svg = variation_svg(variation)
        if variation is Variation.COMMON_CAUSE:
            assert letters(svg) == []
            assert svg.count("<circle") == 6  # the ring and a flat row of five dots
        else:
            assert letters(svg) == ["H" if variation.value.endswith("high") else "L"]


def test_assurance_icons_carry_p_f_or_a_question_mark():
    assert [letters(assurance_icon_svg(a))[0] for a in Assurance] == ["P", "F", "?"]


@pytest.mark.parametrize("improvement", list(Improvement))
def test_without_colour_the_icons_a_measure_can_show_still_differ(improvement):
    possible = [v for v in Variation if DIRECTION[v] is improvement or v is Variation.COMMON_CAUSE]
    glyphs = {glyph(variation_icon_svg(v, improvement)) for v in possible}
    assert len(glyphs) == len(possible) == 3
    assert len({glyph(assurance_icon_svg(a)) for a in Assurance}) == 3


def test_the_colours_follow_making_data_count():
    assert BLUE in variation_svg(Variation.IMPROVEMENT_LOW)
    assert ORANGE in variation_svg(Variation.CONCERN_HIGH)
    assert PURPLE in variation_svg(Variation.NEITHER_HIGH)
    assert GREY in variation_svg(Variation.COMMON_CAUSE)
    assert BLUE in assurance_icon_svg(Assurance.CONSISTENT_PASS)
    assert ORANGE in assurance_icon_svg(Assurance.CONSISTENT_FAIL)
    assert GREY in assurance_icon_svg(Assurance.INCONSISTENT)


def test_no_icon_gives_an_empty_string():
    assert variation_icon_svg(None, Improvement.INCREASE) == ""
    assert assurance_icon_svg(None) == ""


def test_a_variation_the_direction_cannot_give_is_refused():
    with pytest.raises(ValueError, match="decrease measure cannot have"):
        variation_icon_svg(Variation.IMPROVEMENT_HIGH, Improvement.DECREASE)


def test_icons_take_the_values_of_a_real_chart_and_a_size():
    result = spc_chart([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], improvement="increase", target=7)
    svg = variation_icon_svg(result.variation, result.improvement, size=24)
    assert parse(svg).get("width") == "24"
    assert 'aria-label="Special cause improvement (high)"' in svg
    assert variation_icon_svg(result.variation, "increase") == variation_icon_svg(
        result.variation, Improvement.INCREASE
    )
    assert 'aria-label="Target sometimes met and sometimes missed"' in assurance_icon_svg(
        result.assurance
    )
