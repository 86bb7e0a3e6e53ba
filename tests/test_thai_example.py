"""The Thai example: the English example's briefing in Thai, carrying the English as its translation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import tipreports as tr
from tipreports.model.briefing import iter_items, iter_text

ROOT = Path(__file__).resolve().parent.parent
THAI = ROOT / "examples" / "thailand_2025_th.yaml"
ENGLISH = ROOT / "examples" / "thailand_2025.yaml"

_THAI_CHARACTER = re.compile("[\u0e00-\u0e7f]")


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


def statements(briefing: tr.Briefing) -> list[tuple[str, tr.Finding | tr.Recommendation]]:
    """Every finding and recommendation, with its path."""
    return [(path, item) for path, item in iter_items(briefing) if isinstance(item, (tr.Finding, tr.Recommendation))]


def test_same_texts_in_the_same_places_as_the_english_example(thai: tr.Briefing, english: tr.Briefing) -> None:
    """Every text field the English example fills, the Thai one fills: same lists, same lengths."""
    ours = [path for path, _text in iter_text(thai) if not path.endswith(" (en)")]
    assert ours == [path for path, _text in iter_text(english)]
    assert len(statements(thai)) >= 15


def test_english_side_equals_the_english_example(thai: tr.Briefing, english: tr.Briefing) -> None:
    """Text, theme, source and marking of every item, in the same order."""
    assert thai.translation is not None
    assert list(iter_items(thai.translation)) == list(iter_items(english))


def test_thai_items_keep_the_english_items_sources_themes_and_markings(thai: tr.Briefing, english: tr.Briefing) -> None:
    def kept(briefing: tr.Briefing) -> list[tuple[str, object, object, object]]:
        return [(path, getattr(item, "source", None), getattr(item, "theme", None), item.marking) for path, item in iter_items(briefing)]

    assert kept(thai) == kept(english)


def test_english_side_is_the_english_example_as_a_whole(thai: tr.Briefing, english: tr.Briefing) -> None:
    """Beyond the lists: title, event, panel, assessment and sources, in English, are the English example's."""
    assert thai.translation == english


def test_tier_history_equals_the_english_example(thai: tr.Briefing, english: tr.Briefing) -> None:
    """The same placements (years, tiers, waivers); the notes are in each language, in the same years."""
    assert thai.assessment is not None and english.assessment is not None
    assert thai.translation is not None and thai.translation.assessment is not None

    def facts(history: tr.TierHistory) -> list[tuple[object, ...]]:
        return [(p.year, p.tier, p.waiver, p.designations, p.first, p.note is None) for p in history.placements]

    assert facts(thai.assessment.tier_history) == facts(english.assessment.tier_history)
    assert thai.translation.assessment.tier_history == english.assessment.tier_history
    assert all(is_thai(p.note) for p in thai.assessment.tier_history.placements if p.note)


def test_same_dates_marking_and_source_ids(thai: tr.Briefing, english: tr.Briefing) -> None:
    assert (thai.date, thai.marking, thai.purpose) == (english.date, english.marking, english.purpose)
    assert [(s.id, s.date, s.marking) for s in thai.sources] == [(s.id, s.date, s.marking) for s in english.sources]


def test_every_thai_statement_is_in_thai(thai: tr.Briefing) -> None:
    assert [path for path, item in statements(thai) if not is_thai(item.text)] == []


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
        tr.phrasebook("th").country(thai.assessment.country),
        *(s.title for s in thai.sources),
    ]
    assert [t for t in texts if t is None or not is_thai(t)] == []


def test_thai_statements_end_without_a_full_stop(thai: tr.Briefing) -> None:
    """Thai sentences end without a full stop."""
    assert [path for path, item in statements(thai) if item.text.endswith(".")] == []


def test_tier_sentence_in_thai(thai: tr.Briefing) -> None:
    """The Thai phrasebook says the tier sentence in Thai, without a full stop."""
    assert thai.assessment is not None
    assert tr.phrasebook("th").tier_sentence(thai.assessment) == "ประเทศไทยยังคงอยู่ในกลุ่มที่ 2 เป็นปีที่ 4 ติดต่อกัน"
