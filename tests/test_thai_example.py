"""The Thai example: the English example's briefing in Thai, carrying the English as its translation."""

from __future__ import annotations

import re
from functools import reduce
from pathlib import Path
from typing import Any

import pytest

import tipreports as tr

ROOT = Path(__file__).resolve().parent.parent
THAI = ROOT / "examples" / "thailand_2025_th.yaml"
ENGLISH = ROOT / "examples" / "thailand_2025.yaml"

#: The lists of statements, as attribute paths from the briefing.
LISTS = [
    "key_messages",
    "considerations",
    "panel.strengths",
    "panel.challenges",
    "assessment.progress",
    "assessment.concerns",
]

_THAI_CHARACTER = re.compile("[\u0e00-\u0e7f]")


def at(obj: Any, path: str) -> Any:
    return reduce(getattr, path.split("."), obj)


def is_thai(text: str) -> bool:
    return _THAI_CHARACTER.search(text) is not None


@pytest.fixture(scope="module")
def thai() -> tr.Briefing:
    return tr.load(THAI)


@pytest.fixture(scope="module")
def english() -> tr.Briefing:
    return tr.load(ENGLISH)


def test_loads_as_thai_with_an_english_translation(thai: tr.Briefing) -> None:
    """The file loads strictly; it is Thai, and carries the English as its translation."""
    assert thai.language == "th"
    assert thai.translation is not None
    assert thai.translation.language == "en"


@pytest.mark.parametrize("path", [*LISTS, "sources", "panel.co_presenters", "event.collaborators", "event.supporters"])
def test_same_number_of_items_as_the_english_example(thai: tr.Briefing, english: tr.Briefing, path: str) -> None:
    assert len(at(thai, path)) == len(at(english, path)) > 0


@pytest.mark.parametrize("path", LISTS)
def test_english_side_equals_the_english_example(thai: tr.Briefing, english: tr.Briefing, path: str) -> None:
    """Text, theme, source and marking of every item, in the same order."""
    assert thai.translation is not None
    assert at(thai.translation, path) == at(english, path)


@pytest.mark.parametrize("path", LISTS)
def test_thai_items_keep_the_english_items_sources_themes_and_markings(
    thai: tr.Briefing, english: tr.Briefing, path: str
) -> None:
    ours = [(f.source, f.theme, f.marking) for f in at(thai, path)]
    assert ours == [(f.source, f.theme, f.marking) for f in at(english, path)]


def test_english_side_is_the_english_example_as_a_whole(thai: tr.Briefing, english: tr.Briefing) -> None:
    """Beyond the lists: title, event, panel, assessment and sources, in English, are the English example's."""
    assert thai.translation == english


def test_tier_history_equals_the_english_example(thai: tr.Briefing, english: tr.Briefing) -> None:
    assert thai.assessment is not None and english.assessment is not None
    assert thai.translation is not None and thai.translation.assessment is not None
    assert thai.assessment.tier_history == english.assessment.tier_history
    assert thai.translation.assessment.tier_history == english.assessment.tier_history


def test_same_dates_marking_and_source_ids(thai: tr.Briefing, english: tr.Briefing) -> None:
    assert (thai.date, thai.marking, thai.purpose) == (english.date, english.marking, english.purpose)
    assert [(s.id, s.date, s.marking) for s in thai.sources] == [(s.id, s.date, s.marking) for s in english.sources]


@pytest.mark.parametrize("path", LISTS)
def test_every_thai_statement_is_in_thai(thai: tr.Briefing, path: str) -> None:
    untranslated = [f.text for f in at(thai, path) if not is_thai(f.text)]
    assert untranslated == []


def test_other_thai_texts_are_in_thai(thai: tr.Briefing) -> None:
    assert thai.event is not None and thai.panel is not None and thai.assessment is not None
    texts = [
        thai.title,
        thai.subtitle,
        thai.to,
        thai.event.description,
        thai.event.focus,
        thai.panel.title,
        thai.panel.summary,
        thai.assessment.summary,
        thai.assessment.country.name,
        *(s.title for s in thai.sources),
    ]
    assert [t for t in texts if t is None or not is_thai(t)] == []


def test_thai_statements_end_without_a_full_stop(thai: tr.Briefing) -> None:
    """Thai sentences end without a full stop."""
    assert [f.text for path in LISTS for f in at(thai, path) if f.text.endswith(".")] == []


def test_tier_sentence_in_thai(thai: tr.Briefing) -> None:
    assert thai.assessment is not None
    assert thai.assessment.sentence("th") == "ประเทศไทยยังคงอยู่ในกลุ่มที่ 2 เป็นปีที่ 4 ติดต่อกัน"
