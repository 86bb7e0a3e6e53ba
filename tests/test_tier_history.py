"""Tier histories: movement, consecutive years and the sentences templates place, on Thailand's real record."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tipreports.model import Movement, Tier, TierHistory, TierPlacement, TIPAssessment
from tipreports.model.tier import ordinal

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def thailand() -> TierHistory:
    """Thailand's placements 2001–2025 as tests/data/thailand_tier_history.csv records them."""
    with (DATA / "thailand_tier_history.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return TierHistory(
        placements=tuple(
            TierPlacement(year=int(r["report_year"]), tier=r["tier"], note=r["note"] or None) for r in rows
        )
    )


def test_thailand_history_is_complete(thailand: TierHistory) -> None:
    """Every report from 2001 to 2025 has a placement."""
    assert thailand.years == tuple(range(2001, 2026))
    assert thailand.latest == TierPlacement(
        year=2025, tier=Tier.TIER_2, note="fourth consecutive year on Tier 2; report released 29 September 2025"
    )


@pytest.mark.parametrize(
    ("year", "sentence"),
    [
        (2001, "was placed on Tier 2"),
        (2004, "was downgraded from Tier 2 to Tier 2 Watch List"),
        (2005, "was upgraded from Tier 2 Watch List to Tier 2"),
        (2013, "remained on the Tier 2 Watch List for the fourth consecutive year"),
        (2014, "was downgraded from Tier 2 Watch List to Tier 3 after four consecutive years on the Watch List"),
        (2015, "remained on Tier 3 for the second consecutive year"),
        (2016, "was upgraded from Tier 3 to Tier 2 Watch List"),
        (2018, "was upgraded from Tier 2 Watch List to Tier 2"),
        (2021, "was downgraded from Tier 2 to Tier 2 Watch List"),
        (2022, "was upgraded from Tier 2 Watch List to Tier 2"),
        (2025, "remained on Tier 2 for the fourth consecutive year"),
    ],
)
def test_thailand_sentences(thailand: TierHistory, year: int, sentence: str) -> None:
    """The movement sentence for each notable year of Thailand's record."""
    assert thailand.describe(year) == sentence


def test_latest_year_is_the_default(thailand: TierHistory) -> None:
    """Without a year, the latest placement is described."""
    assert thailand.describe() == "remained on Tier 2 for the fourth consecutive year"
    assert thailand.badge() == "remained, 4th consecutive year"


@pytest.mark.parametrize(
    ("year", "movement", "consecutive", "watch_list"),
    [
        (2001, Movement.FIRST_RANKED, 1, 0),
        (2009, Movement.REMAINED, 5, 0),
        (2013, Movement.REMAINED, 4, 4),
        (2014, Movement.DOWNGRADED, 1, 0),
        (2017, Movement.REMAINED, 2, 2),
        (2021, Movement.DOWNGRADED, 1, 1),
        (2022, Movement.UPGRADED, 1, 0),
        (2025, Movement.REMAINED, 4, 0),
    ],
)
def test_thailand_movement_and_counts(
    thailand: TierHistory, year: int, movement: Movement, consecutive: int, watch_list: int
) -> None:
    """Movement from the previous edition, years in a row on the tier, years in a row on the Watch List."""
    assert thailand.movement(year) is movement
    assert thailand.consecutive_years(year) == consecutive
    assert thailand.consecutive_watch_list_years(year) == watch_list


def test_thailand_badges(thailand: TierHistory) -> None:
    """Badges are the short form of the movement."""
    assert thailand.badge(2022) == "upgraded from Tier 2 Watch List"
    assert thailand.badge(2014) == "downgraded from Tier 2 Watch List"
    assert thailand.badge(2001) == "first ranked"


def test_thailand_csv_history_contradicts_the_downgrade_rule_without_waivers(thailand: TierHistory) -> None:
    """With no waivers recorded, a third and fourth Watch List year are flagged."""
    assert thailand.warnings == (
        "2012: on the Tier 2 Watch List for the third consecutive year with no waiver recorded; "
        "the automatic-downgrade rule would place it on Tier 3",
        "2013: on the Tier 2 Watch List for the fourth consecutive year with no waiver recorded; "
        "the automatic-downgrade rule would place it on Tier 3",
    )


def test_recorded_waivers_silence_the_warnings(thailand: TierHistory) -> None:
    """Waivers for the third and fourth Watch List years explain the record."""
    waived = TierHistory(
        placements=tuple(
            TierPlacement(year=p.year, tier=p.tier, waiver=p.year in (2012, 2013)) for p in thailand.placements
        )
    )
    assert waived.warnings == ()


def test_more_than_two_waivers_flagged() -> None:
    """Waivers are limited to two years: a third is flagged."""
    history = TierHistory(
        placements=tuple(
            TierPlacement(year=y, tier=Tier.TIER_2_WATCH_LIST, waiver=y >= 2012) for y in range(2010, 2015)
        )
    )
    assert history.warnings == (
        "2014: a waiver for a fifth consecutive Watch List year; waivers are limited to two years",
    )


def test_watch_list_years_before_the_rule_are_not_flagged() -> None:
    """The automatic-downgrade rule counts from the 2009 report only."""
    history = TierHistory.from_pairs({y: "Tier 2 Watch List" for y in range(2004, 2010)})
    assert history.warnings == ()
    assert history.consecutive_watch_list_years(2009) == 6


def test_gap_in_the_record_is_described() -> None:
    """A placement after a missing edition is described against the last one on record."""
    history = TierHistory.from_pairs({2010: "Tier 2 Watch List", 2012: "Tier 2"})
    assert history.movement(2012) is Movement.RETURNED
    assert history.describe(2012) == "was placed on Tier 2; the previous placement on record is Tier 2 Watch List in 2010"
    assert history.badge(2012) == "ranked again"


def test_special_case_is_not_ranked() -> None:
    """A Special Case is not a movement, and ranking after it is a return."""
    history = TierHistory.from_pairs({2014: "Special Case", 2015: "Special Case", 2016: "Tier 3"})
    assert history.describe(2014) == "was assessed as a Special Case and not ranked"
    assert history.describe(2015) == "remained a Special Case for the second consecutive year"
    assert history.describe(2016) == "was placed on Tier 3 after being a Special Case in 2015"
    assert history.movement(2016) is Movement.RETURNED


def test_placements_are_sorted_and_unique() -> None:
    """Placements are kept in year order; a year given twice is refused by index."""
    history = TierHistory.from_pairs([(2025, "Tier 2"), (2024, "Tier 2")])
    assert history.years == (2024, 2025)
    with pytest.raises(ValueError, match=r"^placements\[1\]: duplicate year 2024 \(first at \[0\]\)$"):
        TierHistory.from_pairs([(2024, "Tier 2"), (2024, "Tier 3")])


def test_unknown_year_is_an_error(thailand: TierHistory) -> None:
    """Asking about a year without a placement says so."""
    with pytest.raises(ValueError, match=r"^the tier history has no placement for 2030$"):
        thailand.describe(2030)


def test_assessment_sentence_adds_the_report_year() -> None:
    """An assessment with a history lacking nothing reads as one sentence; without one, the tier alone."""
    history = TierHistory.from_pairs({2021: "Tier 2 Watch List", 2022: "Tier 2"})
    assessment = TIPAssessment(country="Thailand", report_year=2022, tier="Tier 2", tier_history=history)
    assert assessment.tier_sentence == "Thailand was upgraded from Tier 2 Watch List to Tier 2."
    assert assessment.movement_badge == "upgraded from Tier 2 Watch List"
    alone = TIPAssessment(country="Thailand", report_year=2025, tier="Tier 2")
    assert alone.tier_sentence == "Thailand was placed on Tier 2."


@pytest.mark.parametrize(("n", "words", "digits"), [(1, "first", "1st"), (4, "fourth", "4th"), (22, "22nd", "22nd")])
def test_ordinals(n: int, words: str, digits: str) -> None:
    """Ordinals are words up to twenty, digits after."""
    assert (ordinal(n), ordinal(n, words=False)) == (words, digits)


def test_thai_sentences_follow_the_english_cases() -> None:
    """Thai says 'after being a Special Case' and counts consecutive Special Case years, as English does."""
    h = TierHistory.from_pairs({2009: "Special Case", 2010: "Special Case", 2011: "Tier 2"})
    assert h.describe(2010, "th") == "ยังคงเป็นกรณีพิเศษ เป็นปีที่ 2 ติดต่อกัน"
    assert h.describe(2011, "th") == "ได้รับการจัดอยู่ในกลุ่มที่ 2 หลังจากเป็นกรณีพิเศษในปี 2553"
    assert h.describe(2011) == "was placed on Tier 2 after being a Special Case in 2010"
