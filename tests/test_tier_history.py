"""Tier histories: movement, consecutive years (facts, in the model) and their sentences (the phrasebook), on Thailand's real record."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pytest

import tipreports as tr
from tipreports.datasets import briefings_from_placements, read_tier_placements
from tipreports.model import (
    Country,
    Designation,
    HistoryWarning,
    Movement,
    Streak,
    Tier,
    TierHistory,
    TierMove,
    TierPlacement,
    TIPAssessment,
    WarningKind,
)
from tipreports.wording import phrasebook
from tipreports.wording.en import ordinal

DATA = Path(__file__).parent / "data"
EXAMPLE = Path(__file__).parent.parent / "examples" / "thailand_2025.yaml"
EN = phrasebook("en")
TH = phrasebook("th")
THAILAND = Country(name="Thailand")


def describe(history: TierHistory, year: int | None = None) -> str:
    """The English tier sentence of ``year`` (default: the latest) for Thailand."""
    return EN.placement_sentence(history, year if year is not None else history.years[-1], THAILAND)


def badge(history: TierHistory, year: int) -> str:
    tier = history.get(year)
    assert tier is not None
    return EN.badge(TIPAssessment(country=THAILAND, report_year=year, tier=tier.tier, tier_history=TierHistory(placements=tuple(p for p in history.placements if p.year <= year))))


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
        (2001, "was placed on Tier 2 in the first TIP Report"),
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
    assert describe(thailand, year) == f"Thailand {sentence}."


def test_latest_year_is_the_default(thailand: TierHistory) -> None:
    """Without a year, the latest placement is the one asked about."""
    assert thailand.movement() is Movement.REMAINED
    assert thailand.streak() == Streak(years=4, at_least=False)
    assert badge(thailand, 2025) == "Tier 2 — remained, 4th consecutive year"


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
    assert badge(thailand, 2022) == "Tier 2 — upgraded from Tier 2 Watch List"
    assert badge(thailand, 2014) == "Tier 3 — downgraded from Tier 2 Watch List"
    assert badge(thailand, 2001) == "Tier 2 — first ranked"


def test_thailand_csv_history_contradicts_the_downgrade_rule_without_waivers(thailand: TierHistory) -> None:
    """With no waivers recorded, a third and fourth Watch List year are flagged: facts, said by the phrasebook."""
    assert thailand.warnings == (
        HistoryWarning(year=2012, kind=WarningKind.NO_WAIVER, streak=3),
        HistoryWarning(year=2013, kind=WarningKind.NO_WAIVER, streak=4),
    )
    assert [EN.history_warning(w) for w in thailand.warnings] == [
        "2012: on the Tier 2 Watch List for the third consecutive year with no waiver recorded; "
        "the automatic-downgrade rule would place it on Tier 3",
        "2013: on the Tier 2 Watch List for the fourth consecutive year with no waiver recorded; "
        "the automatic-downgrade rule would place it on Tier 3",
    ]


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
    (warning,) = history.warnings
    assert EN.history_warning(warning) == "2014: a waiver for a fifth consecutive Watch List year; waivers are limited to two years"


def test_watch_list_years_before_the_rule_are_not_flagged() -> None:
    """The automatic-downgrade rule counts from the 2009 report only."""
    history = TierHistory.from_pairs({y: "Tier 2 Watch List" for y in range(2004, 2010)})
    assert history.warnings == ()
    assert history.consecutive_watch_list_years(2009) == 6


def test_gap_in_the_record_is_said_as_missing() -> None:
    """A placement after a missing edition claims no movement: the missing year is named, and the last one given."""
    history = TierHistory.from_pairs({2010: "Tier 2 Watch List", 2012: "Tier 2"})
    assert history.movement(2012) is Movement.PREVIOUS_MISSING
    assert describe(history, 2012) == "Thailand was placed on Tier 2 (no placement for 2011 in the input; Tier 2 Watch List in 2010)."
    assert badge(history, 2012) == "Tier 2"


def test_special_case_is_a_placement() -> None:
    """A Special Case is said as assessed, counts its own streak, and ranking after it is a return."""
    history = TierHistory.from_pairs({2014: "Special Case", 2015: "Special Case", 2016: "Tier 3"})
    assert describe(history, 2014) == "Thailand was assessed as a Special Case."
    assert describe(history, 2015) == "Thailand remained a Special Case for at least the second consecutive year."
    assert describe(history, 2016) == "Thailand was placed on Tier 3 after being assessed as a Special Case in 2015."
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
        thailand.movement(2030)


def test_assessment_sentence_adds_the_report_year() -> None:
    """An assessment with a history reads as one sentence; without one, the tier and the missing year, no movement."""
    history = TierHistory.from_pairs({2021: "Tier 2 Watch List", 2022: "Tier 2"})
    assessment = TIPAssessment(country="Thailand", report_year=2022, tier="Tier 2", tier_history=history)
    assert EN.tier_sentence(assessment) == "Thailand was upgraded from Tier 2 Watch List to Tier 2."
    assert EN.badge(assessment) == "Tier 2 — upgraded from Tier 2 Watch List"
    alone = TIPAssessment(country="Thailand", report_year=2025, tier="Tier 2")
    assert EN.tier_sentence(alone) == "Thailand was placed on Tier 2 (no placement for 2024 in the input)."
    assert EN.badge(alone) == "Tier 2"


@pytest.mark.parametrize(("n", "words", "digits"), [(1, "first", "1st"), (4, "fourth", "4th"), (22, "22nd", "22nd")])
def test_ordinals(n: int, words: str, digits: str) -> None:
    """Ordinals are words up to twenty, digits after."""
    assert (ordinal(n), ordinal(n, words=False)) == (words, digits)


def test_thai_sentences_follow_the_english_cases() -> None:
    """Thai says 'after being a Special Case' and counts consecutive Special Case years, as English does."""
    h = TierHistory.from_pairs({2009: "Special Case", 2010: "Special Case", 2011: "Tier 2"})
    thailand = Country(name="ประเทศไทย")
    assert TH.placement_sentence(h, 2010, thailand) == "ประเทศไทยยังคงเป็นกรณีพิเศษ เป็นปีที่ 2 ติดต่อกันเป็นอย่างน้อย"
    assert TH.placement_sentence(h, 2011, thailand) == "ประเทศไทยได้รับการจัดอยู่ในกลุ่มที่ 2 หลังจากได้รับการประเมินเป็นกรณีพิเศษในปี 2553"
    assert describe(h, 2011) == "Thailand was placed on Tier 2 after being assessed as a Special Case in 2010."


# --------------------------------------------------------------------------- the story's moves


def told(moves: tuple[TierMove, ...]) -> list[tuple[int, str, str]]:
    return [(m.year, m.before.code, m.after.code) for m in moves]


def test_thailand_story_moves(thailand: TierHistory) -> None:
    """Thailand 2001–2025: up to today's Tier 2 in 2022 first, then down to Tier 3 in 2014, off it in 2016, up to Tier 2 in 2018."""
    assert told(thailand.story_moves()) == [(2022, "2WL", "2"), (2014, "2WL", "3"), (2016, "3", "2WL"), (2018, "2WL", "2")]
    assert told(thailand.story_moves(3)) == [(2022, "2WL", "2"), (2014, "2WL", "3"), (2016, "3", "2WL")]
    assert told(thailand.story_moves(1)) == [(2022, "2WL", "2")]
    assert thailand.story_moves(0) == ()


def test_thailand_moves_are_every_change(thailand: TierHistory) -> None:
    """Every year-on-year change of tier, oldest first, each up or down."""
    assert [m.year for m in thailand.moves()] == [2004, 2005, 2010, 2014, 2016, 2018, 2021, 2022]
    assert [m.movement for m in thailand.moves()][:2] == [Movement.DOWNGRADED, Movement.UPGRADED]


def test_the_example_file_tells_the_same_story() -> None:
    """The bundled example (tier history with notes and a waiver) gives the CSV's story moves."""
    history = tr.load(EXAMPLE).assessment.history
    assert [m.year for m in history.story_moves()] == [2022, 2014, 2016, 2018]


def test_the_move_onto_todays_tier_is_always_told() -> None:
    """Qatar 2015 (Watch List): the fall from Tier 2 in 2014 is told, first, though four Tier 3 moves outrank it."""
    table = read_tier_placements(DATA / "tier_placements_2001_2015.csv")
    qatar = table["QAT"][1]
    assert told(qatar.story_moves()) == [(2014, "2", "2WL"), (2003, "3", "2"), (2007, "2WL", "3"), (2005, "2WL", "3")]
    assert told(qatar.story_moves(1)) == [(2014, "2", "2WL")]
    # The briefing built from the table labels it on the chart too (its moves are the story's).
    briefings, _skipped = briefings_from_placements(table, year=2015, countries=["QAT"])
    assert told(briefings["qatar-2015"].assessment.history.story_moves())[0] == (2014, "2", "2WL")


def test_no_move_onto_todays_tier_when_the_input_does_not_show_it() -> None:
    """A gap or a Special Case before today's run: the ranking alone chooses (the last move explains nothing)."""
    gap = TierHistory.from_pairs({2010: "Tier 2", 2011: "Tier 3", 2012: "Tier 2 Watch List", 2015: "Tier 1"})
    assert told(gap.story_moves()) == [(2011, "2", "3")]
    special = TierHistory.from_pairs({2010: "Tier 2", 2011: "Tier 2 Watch List", 2012: "Special Case", 2013: "Tier 2"})
    assert told(special.story_moves()) == [(2011, "2", "2WL")]
    # Today's run started by a move the ranking puts last: it still comes first, and its neighbour a year off gives way.
    late = TierHistory.from_pairs({2019: "Tier 2", 2020: "Tier 3", 2021: "Tier 2 Watch List", 2022: "Tier 2 Watch List"})
    assert told(late.story_moves()) == [(2021, "3", "2WL")]


def test_a_flat_history_has_no_story() -> None:
    """Ten years on Tier 2, or one year: no moves, no story."""
    assert TierHistory.from_pairs({y: "Tier 2" for y in range(2010, 2020)}).story_moves() == ()
    assert TierHistory.from_pairs({2025: "Tier 3"}).story_moves() == ()
    assert TierHistory().story_moves() == ()


def test_no_move_across_a_gap_or_a_special_case() -> None:
    """A change across a missing year, to or from a Special Case, or into the first year given is not a move."""
    history = TierHistory.from_pairs(
        {2005: "Tier 3", 2007: "Tier 1", 2010: "Tier 2", 2011: "Special Case", 2012: "Tier 3", 2013: "Tier 2"}
    )
    assert told(history.moves()) == [(2013, "3", "2")]
    assert told(history.story_moves()) == [(2013, "3", "2")]


def test_tier_3_first_then_the_bigger_jump_then_the_more_recent() -> None:
    """After the move onto today's tier, onto or off Tier 3 ranks first; among the rest a two-tier jump beats a one-tier move; then recency."""
    history = TierHistory.from_pairs(
        {
            2005: "Tier 2", 2006: "Tier 1",  # up to Tier 1 (one step)
            2008: "Tier 1", 2009: "Tier 2 Watch List",  # down two steps
            2011: "Tier 2 Watch List", 2012: "Tier 2",  # up one step
            2015: "Tier 2", 2016: "Tier 3",  # down two steps onto Tier 3
            2019: "Tier 3", 2020: "Tier 2 Watch List",  # off Tier 3
        }
    )  # fmt: skip
    assert [m.year for m in history.story_moves(5)] == [2020, 2016, 2009, 2012, 2006]


def test_many_moves_give_at_most_the_limit_never_two_in_adjacent_years() -> None:
    """A history that changes every year: four moves at most, none a year from another, the blips told once."""
    history = TierHistory.from_pairs({y: ("Tier 2" if y % 2 else "Tier 2 Watch List") for y in range(2004, 2026)})
    moves = history.story_moves()
    years = sorted(m.year for m in moves)
    assert len(moves) == 4
    assert all(b - a > 1 for a, b in itertools.pairwise(years))
    assert years == [2019, 2021, 2023, 2025]  # the most recent, every other year
    assert len(history.story_moves(3)) == 3


def test_a_blip_is_told_by_its_more_important_move() -> None:
    """Down to the Watch List in 2021 and back up in 2022: one move is told, the more recent."""
    history = TierHistory.from_pairs({2020: "Tier 2", 2021: "Tier 2 Watch List", 2022: "Tier 2"})
    assert told(history.story_moves()) == [(2022, "2WL", "2")]


def test_the_first_year_given_is_not_a_move() -> None:
    """A history starting on Tier 3 in 2001 has no move into 2001, only its change after."""
    history = TierHistory.from_pairs({2001: "Tier 3", 2002: "Tier 2"})
    assert told(history.story_moves()) == [(2002, "3", "2")]
    assert history.moves()[0].steps == 2


def test_story_moves_said_in_both_languages(thailand: TierHistory) -> None:
    """The chart labels and heading in English and Thai; the alt text names the moves in order, a repeated move once."""
    labels = [(EN.chart_move(m), TH.chart_move(m)) for m in thailand.story_moves()]
    assert labels == [
        ("Up to Tier 2", "ยกระดับเป็นกลุ่ม 2"),
        ("Down to Tier 3", "ลดระดับเป็นกลุ่ม 3"),
        ("Up to Watch List", "ยกระดับเป็นบัญชีจับตามอง"),
        ("Up to Tier 2", "ยกระดับเป็นกลุ่ม 2"),
    ]
    assessment = TIPAssessment(country=THAILAND, report_year=2025, tier="Tier 2", tier_history=thailand)
    assert EN.chart_heading(assessment) == "Tier placement, 2001–2025"
    assert TH.chart_heading(assessment) == "การจัดระดับ พ.ศ. 2544–2568"
    assert (
        "Main moves: down to Tier 3 in 2014; up to the Tier 2 Watch List in 2016; up to Tier 2 in 2018 and 2022."
        in EN.chart_alt(assessment)
    )
    assert (
        "ความเปลี่ยนแปลงสำคัญ: ลดระดับเป็นกลุ่มที่ 3 ในปี 2557 ยกระดับเป็นกลุ่มที่ 2 บัญชีรายชื่อประเทศที่ต้องจับตามอง"
        " ในปี 2559 ยกระดับเป็นกลุ่มที่ 2 ในปี 2561 และ 2565" in TH.chart_alt(assessment)
    )


def test_a_flat_history_says_no_moves() -> None:
    """Without story moves the alt text claims none."""
    history = TierHistory.from_pairs({2024: "Tier 2", 2025: "Tier 2"})
    assessment = TIPAssessment(country=THAILAND, report_year=2025, tier="Tier 2", tier_history=history)
    assert "moves" not in EN.chart_alt(assessment)
    assert "ความเปลี่ยนแปลงสำคัญ" not in TH.chart_alt(assessment)


def test_periods_are_runs_and_missing_stretches_latest_first() -> None:
    """periods(): runs on one tier with their waivers and listings, and the stretch the input does not give, latest first."""
    history = TierHistory(placements=(
        TierPlacement(year=2019, tier=Tier.TIER_2),
        TierPlacement(year=2020, tier=Tier.TIER_2),
        TierPlacement(year=2023, tier=Tier.TIER_2_WATCH_LIST),
        TierPlacement(year=2024, tier=Tier.TIER_2_WATCH_LIST, waiver=True),
        TierPlacement(year=2025, tier=Tier.TIER_3, designations=(Designation.STATE_SPONSORED_TRAFFICKING,)),
    ))  # fmt: skip
    periods = history.periods()
    assert [(p.first, p.last, p.tier, p.reports) for p in periods] == [
        (2025, 2025, Tier.TIER_3, 1),
        (2023, 2024, Tier.TIER_2_WATCH_LIST, 2),
        (2021, 2022, None, 0),
        (2019, 2020, Tier.TIER_2, 2),
    ]
    assert periods[0].listed == ((Designation.STATE_SPONSORED_TRAFFICKING, (2025,)),) and periods[0].waivers == ()
    assert periods[1].waivers == (2024,) and periods[1].listed == ()
    assert TierHistory().periods() == ()
