"""Messages a person who does not program can act on: one problem per mistake, a guess at what was meant, warnings."""

from __future__ import annotations

import warnings
from typing import Any

import pytest

import tipreports as tr
from tipreports.errors import InputError, InputWarning, Problem

#: The required fields and the marking, on lines 1–4; each test adds its lines from line 5.
BASE = "title: T\ndate: 2025-10-15\nprepared_by: FC\nmarking: TLP:CLEAR\n"


def problems(text: str, **kwargs: Any) -> list[Problem]:
    with pytest.raises(InputError) as info:
        tr.loads(text, format="yaml", name="brief.yaml", **kwargs)
    return list(info.value.problems)


def test_misspelt_required_key_is_one_problem_with_its_suggestion() -> None:
    """'titel' is reported once, as an unknown key with 'did you mean', not also as 'title' missing."""
    found = problems(BASE.replace("title:", "titel:"))
    assert [(p.path, p.line) for p in found] == [("titel", 1)]
    assert found[0].message.startswith("unknown key 'titel'; did you mean 'title'?")


def test_misspelt_nested_required_key_is_one_problem() -> None:
    """The same inside a list item: 'txt' for 'text' in a key message."""
    found = problems(BASE + "key_messages:\n  - {txt: hello}\n")
    assert [(p.path, p.line) for p in found] == [("key_messages[0].txt", 6)]
    assert "did you mean 'text'?" in found[0].message


def test_missing_field_without_a_lookalike_is_still_reported() -> None:
    """A required field that is simply absent is named, even next to an unrelated unknown key."""
    found = problems(BASE.replace("title: T\n", "") + "colour: red\n")
    assert sorted(p.path for p in found) == ["colour", "title"]
    assert {p.path: p.message for p in found}["title"] == "required field missing"


@pytest.mark.parametrize(
    ("written", "meant"),
    [("Teir 2", "Tier 2"), ("Tier 2 Watch Lst", "Tier 2 Watch List"), ("Specal Case", "Special Case"), ("tier 3x", "Tier 3")],
)
def test_tier_typo_gets_did_you_mean(written: str, meant: str) -> None:
    """A misspelt tier names the tier it is closest to, then all of them."""
    (p,) = problems(BASE + f"assessment:\n  country: Thailand\n  report_year: 2025\n  tier: {written}\n")
    assert (p.path, p.line) == ("assessment.tier", 8)
    assert p.message == (
        f"unknown tier {written!r}; did you mean {meant!r}? "
        "expected one of 'Tier 1', 'Tier 2', 'Tier 2 Watch List', 'Tier 3', 'Special Case'"
    )


def test_tier_that_is_no_typo_gets_no_guess() -> None:
    """'Tier 4' is as close to Tier 1 as to Tier 3: no guess, only the list (the style guide's message)."""
    (p,) = problems(BASE + "assessment:\n  country: Thailand\n  report_year: 2025\n  tier: Tier 4\n")
    assert str(p) == (
        "assessment.tier: unknown tier 'Tier 4'; expected one of 'Tier 1', 'Tier 2', 'Tier 2 Watch List', "
        "'Tier 3', 'Special Case' (brief.yaml, line 8)"
    )


@pytest.mark.parametrize(("written", "meant"), [("TLP:AMBR", "TLP:AMBER"), ("TLP:GREN", "TLP:GREEN"), ("tlp:clera", "TLP:CLEAR"), ("TLP:AMBER+STRIC", "TLP:AMBER+STRICT")])
def test_marking_typo_gets_did_you_mean(written: str, meant: str) -> None:
    """A misspelt TLP label names the label it is closest to; it is quoted only when shaped like one (capitals)."""
    (p,) = problems(BASE.replace("TLP:CLEAR", f"'{written}'"))
    assert (p.path, p.line) == ("marking", 4)
    shown = f" {written!r}" if written.isupper() else ""
    assert p.message.startswith(f"unknown marking{shown}; did you mean {meant!r}? expected one of 'TLP:CLEAR'")


def test_marking_that_is_no_typo_gets_no_guess() -> None:
    """TLP:PURPLE is not close to any label."""
    (p,) = problems(BASE.replace("TLP:CLEAR", "TLP:PURPLE"))
    assert "did you mean" not in p.message


def test_history_entry_names_its_year() -> None:
    """A problem inside a tier-history entry says which year's entry it is, as well as its position."""
    found = problems(
        BASE + "assessment:\n  country: Thailand\n  report_year: 2025\n  tier: Tier 2\n  tier_history:\n"
        "    - {year: 2024, tier: Tier 2}\n    - {year: 2019, tier: Tier 2, waiver: true}\n"
        "    - {year: 2018, tier: Teir 2}\n    - {year: 2025, tier: Tier 2}\n"
    )
    assert [(p.path, p.line) for p in found] == [
        ("assessment.tier_history[1] (2019).waiver", 11),
        ("assessment.tier_history[2] (2018).tier", 12),
    ]
    assert str(found[1]).startswith("assessment.tier_history[2] (2018).tier: unknown tier 'Teir 2'; did you mean 'Tier 2'?")


def test_history_entry_without_a_readable_year_is_named_by_position() -> None:
    """An entry whose year is itself wrong is named by its position only."""
    found = problems(
        BASE + "assessment:\n  country: Thailand\n  report_year: 2025\n  tier: Tier 2\n  tier_history:\n"
        "    - {year: '2019', tier: Tier 2}\n"
    )
    assert [p.path for p in found] == ["assessment.tier_history[0].year"]


def test_tlp_white_is_read_as_clear_with_a_warning() -> None:
    """TLP:WHITE loads as TLP:CLEAR and gives one InputWarning naming the field, the line and the new name."""
    with pytest.warns(InputWarning) as caught:
        brief = tr.loads(BASE.replace("TLP:CLEAR", "TLP:WHITE") + "key_messages:\n  - {text: a, marking: white}\n", format="yaml", name="brief.yaml")
    assert brief.marking is tr.Marking.CLEAR and brief.key_messages[0].marking is tr.Marking.CLEAR
    got = [w.message.problem for w in caught if isinstance(w.message, InputWarning)]
    assert [(p.path, p.line, p.source) for p in got] == [("marking", 4, "brief.yaml"), ("key_messages[0].marking", 6, "brief.yaml")]
    assert str(got[0]) == (
        "marking: 'TLP:WHITE' is the TLP 1.0 name of 'TLP:CLEAR'; read as TLP:CLEAR "
        "(write TLP:CLEAR to silence this warning) (brief.yaml, line 4)"
    )
    assert issubclass(InputWarning, tr.TipReportsWarning) and issubclass(InputWarning, UserWarning)


def test_warning_points_at_the_callers_line() -> None:
    """The warning's location is the line that called tr.load, not a line inside tipreports."""
    with pytest.warns(InputWarning) as caught:
        tr.load({"title": "T", "date": "2025-10-15", "prepared_by": "FC", "marking": "TLP:WHITE"})
    assert caught[0].filename == __file__


def test_current_labels_give_no_warning() -> None:
    """TLP:CLEAR (and every other TLP 2.0 label) loads silently."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tr.loads(BASE + "key_messages: [{text: a, marking: TLP:AMBER+STRICT}]\n", format="yaml")
