"""Reading the Kelley–Heiss tier dataset, and one-pagers made from it."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

import tipreports as tr
from tipreports.datasets import briefings_from_placements, last_year, read_tier_placements
from tipreports.errors import InputError
from tipreports.model import Country, Movement, Tier, TierHistory, TIPAssessment
from tipreports.wording import phrasebook

DATA = Path(__file__).parent / "data"
DATASET = DATA / "tier_placements_2001_2015.csv"
HEADER = "countryname,iso,year,ccode,tier\n"
EN = phrasebook("en")
TH = phrasebook("th")


def sentence(country: Country, history: TierHistory, year: int) -> str:
    return EN.placement_sentence(history, year, country)


@pytest.fixture(scope="module")
def placements() -> dict[str, tuple[Country, TierHistory]]:
    return read_tier_placements(DATASET)


def test_every_country_loads_and_every_year_is_described(placements: dict[str, tuple[Country, TierHistory]]) -> None:
    """All 193 countries load, and every placement has a sentence in English and Thai, and no error."""
    assert len(placements) == 193
    described = 0
    for code, (country, history) in placements.items():
        assert country.iso3 == code
        for placement in history.placements:
            assert EN.placement_sentence(history, placement.year, country)
            assert TH.placement_sentence(history, placement.year, country)
            described += 1
        assert isinstance(history.warnings, tuple)
    assert described == 2251


def test_thailand_spot_checks(placements: dict[str, tuple[Country, TierHistory]]) -> None:
    """Thailand: Tier 3 in 2014 after four Watch List years; 2001–2015 all placed."""
    country, history = placements["THA"]
    assert country == Country(iso3="THA")
    assert history.years == tuple(range(2001, 2016))
    assert history.get(2014) is not None and history.get(2014).tier is Tier.TIER_3  # type: ignore[union-attr]
    assert sentence(country, history, 2014) == (
        "Thailand was downgraded from Tier 2 Watch List to Tier 3 after four consecutive years on the Watch List."
    )
    assert sentence(country, history, 2015) == "Thailand remained on Tier 3 for the second consecutive year."


def test_thailand_agrees_with_the_narrative_record(placements: dict[str, tuple[Country, TierHistory]]) -> None:
    """For 2001–2015 the dataset and the narrative-sourced Thailand history agree year by year."""
    with (DATA / "thailand_tier_history.csv").open(encoding="utf-8", newline="") as fh:
        narrative = {int(r["report_year"]): Tier.parse(r["tier"]) for r in csv.DictReader(fh)}
    _, history = placements["THA"]
    assert {p.year: p.tier for p in history.placements} == {y: t for y, t in narrative.items() if y <= 2015}


def test_codes_of_three_capitals_are_kept(placements: dict[str, tuple[Country, TierHistory]]) -> None:
    """Kosovo's 'KOS' is not ISO 3166 but is kept as the dataset's key."""
    country, history = placements["KOS"]
    assert EN.country(country) == "Kosovo"
    assert history.years[0] == 2009


def test_na_gives_no_placement(placements: dict[str, tuple[Country, TierHistory]]) -> None:
    """NA (not ranked or not assessed) leaves the year out; a country never ranked has an empty history."""
    _, afghanistan = placements["AFG"]
    assert afghanistan.get(2001) is None
    assert afghanistan.get(2002) is not None and afghanistan.get(2002).tier is Tier.TIER_3  # type: ignore[union-attr]
    assert sum(1 for _, h in placements.values() if not h) == 7


def test_tier_codes(tmp_path: Path) -> None:
    """Codes 1–4 are Tier 1, Tier 2, Tier 2 Watch List and Tier 3."""
    path = tmp_path / "t.csv"
    path.write_text(HEADER + "X,XXX,2004,1,1\nX,XXX,2005,1,2\nX,XXX,2006,1,3\nX,XXX,2007,1,4\n", encoding="utf-8")
    _, history = read_tier_placements(path)["XXX"]
    assert [p.tier for p in history.placements] == [Tier.TIER_1, Tier.TIER_2, Tier.TIER_2_WATCH_LIST, Tier.TIER_3]


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """A CSV saved by a spreadsheet with a byte-order mark reads the same."""
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + "Thailand,THA,2014,800,4\n").encode())
    assert read_tier_placements(path)["THA"][1].years == (2014,)


def test_malformed_rows_are_all_reported_with_lines(tmp_path: Path) -> None:
    """Every malformed row is reported with its line, column and what was wrong."""
    path = tmp_path / "bad.csv"
    path.write_text(
        HEADER
        + "Thailand,THA,2014,800,4\n"
        + "Thailand,THA,2015,800,5\n"
        + "Thailand,THA,twenty,800,4\n"
        + "Thailand,Th,2013,800,3\n"
        + "Thailand,THA,2003,800,3\n"
        + "Thailand,THA,2014,800,4\n"
        + "Thailand,THA,2016\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        read_tier_placements(path)
    assert [(p.line, p.path, p.message) for p in info.value.problems] == [
        (3, "tier", "unknown tier code '5'; expected 1, 2, 3 (Watch List), 4 or NA"),
        (4, "year", "expected a year such as 2014, got 'twenty'"),
        (5, "iso", "'Th' is not a three-letter upper-case code such as 'THA'"),
        (6, "tier", "the Watch List was first used in 2004, not in 2003"),
        (7, "year", "THA 2014 appears twice (first on line 2)"),
        (8, "", "expected 5 columns, got a row of a different length"),
    ]
    assert {p.source for p in info.value.problems} == {"bad.csv"}


def test_missing_columns_named(tmp_path: Path) -> None:
    """A file without the expected header names the missing columns."""
    path = tmp_path / "other.csv"
    path.write_text("country,year,tier\nThailand,2014,4\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_tier_placements(path)
    assert str(info.value) == (
        "missing column(s) countryname, iso, ccode; expected a header with countryname, iso, year, ccode, tier "
        "(other.csv, line 1)"
    )


def test_default_year_is_the_last_in_the_table(placements: dict[str, tuple[Country, TierHistory]]) -> None:
    """The table's last report year is 2015."""
    assert last_year(placements) == 2015


def test_country_briefing_holds_only_the_table(placements: dict[str, tuple[Country, TierHistory]]) -> None:
    """A country's briefing has its tier history and tier sentence, cited to the dataset, and nothing invented."""
    briefings, skipped = briefings_from_placements(placements, countries=["THA", "DMA"], date=dt.date(2016, 1, 1))
    assert list(briefings) == ["thailand-2015"]
    brief = briefings["thailand-2015"]
    assessment = brief.assessment
    assert assessment is not None
    assert assessment.tier is tr.Tier.TIER_3
    assert EN.tier_sentence(assessment) == "Thailand remained on Tier 3 for the second consecutive year."
    assert assessment.history.years == tuple(range(2001, 2016))
    assert (assessment.progress, assessment.concerns, assessment.recommendations, assessment.statistics) == ((), (), (), ())
    assert (brief.key_messages, brief.event, brief.panel, brief.considerations) == ((), None, None, ())
    assert [source.publisher for source in brief.sources] == ["Judith G. Kelley and Andrew Heiss, 2017"]
    assert [str(left_out) for left_out in skipped] == ["DMA: Dominica has no placement in 2015"]


def test_country_one_pager_leaves_empty_sections_out(placements: dict[str, tuple[Country, TierHistory]]) -> None:
    """The one-pager shows the badge, sentence, chart and source; no headings for sections without data."""
    briefings, _ = briefings_from_placements(placements, year=2014, countries=["KHM"], date=dt.date(2015, 1, 1))
    text = tr.render(briefings["cambodia-2014"], "one-pager", "md", fragment=True)
    assert isinstance(text, str)
    assert "Cambodia" in text and "chart:tier-history" in text and "Scorecard Diplomacy" in text
    for heading in ("Progress", "Concerns", "recommendations", "perspective"):
        assert heading not in text


def test_a_table_that_is_not_utf8_is_an_input_error(tmp_path: Path) -> None:
    """A CSV saved in another encoding is refused with its line, not a traceback."""
    table = tmp_path / "latin1.csv"
    table.write_bytes("countryname,iso,year,ccode,tier\nC\xf4te d'Ivoire,CIV,2010,437,2\n".encode("latin-1"))
    with pytest.raises(InputError) as caught:
        read_tier_placements(table)
    (problem,) = caught.value.problems
    assert (problem.line, problem.source) == (2, "latin1.csv")
    assert problem.message.startswith("not valid UTF-8")


def test_a_table_without_placements_has_no_last_year(tmp_path: Path) -> None:
    """A table whose countries are all unranked has no last year: an error, not max() of nothing."""
    table = tmp_path / "unranked.csv"
    table.write_text(HEADER + "Thailand,THA,2015,800,NA\n", encoding="utf-8")
    with pytest.raises(tr.TipReportsError, match="no placements"):
        last_year(read_tier_placements(table))


def test_names_come_from_the_report_not_the_registry(placements: dict[str, tuple[Country, TierHistory]]) -> None:
    """Inverted registry names of the dataset become the report's running-text names, with their articles."""
    said = {code: EN.placement_sentence(h, h.years[-1], c) for code, (c, h) in placements.items() if h}
    assert said["PRK"].startswith("The Democratic People's Republic of Korea remained on Tier 3")
    assert said["COD"].startswith("The Democratic Republic of the Congo ")
    assert said["PHL"].startswith("The Philippines ")
    assert said["GMB"].startswith("The Gambia ")
    assert said["MMR"].startswith("Burma ")
    assert not any(", " in s.split(" was ")[0].split(" remained ")[0] for s in said.values())
    assert EN.possessive(placements["PHL"][0]) == "the Philippines'"


def test_a_history_that_starts_late_claims_no_first_ranking(placements: dict[str, tuple[Country, TierHistory]]) -> None:
    """Curaçao's first row in the dataset is 2015, yet the report ranked it on Tier 2 in 2013 and 2014: not 'first ranked'."""
    country, history = placements["CUW"]
    assert history.years[0] == 2015
    assert history.movement(2015) is Movement.PREVIOUS_MISSING
    text = sentence(country, history, 2015)
    assert "first" not in text
    assert text.endswith("(no placement for 2014 in the input).")
    assessment = TIPAssessment(country=country, report_year=2015, tier=history.get(2015).tier, tier_history=history)  # type: ignore[union-attr]
    assert EN.badge(assessment) == EN.tier(assessment.tier)


def test_no_country_of_the_dataset_is_first_ranked_after_2001(placements: dict[str, tuple[Country, TierHistory]]) -> None:
    """Only the 2001 report is a first placement in a dataset that says nothing of earlier years."""
    for _code, (_country, history) in placements.items():
        for placement in history.placements:
            if history.movement(placement.year) is Movement.FIRST_RANKED:
                assert placement.year == 2001


def test_batch_of_the_dataset_never_says_first_ranked(placements: dict[str, tuple[Country, TierHistory]]) -> None:
    """The 2015 batch: Curaçao, South Sudan and Sint Maarten start in 2015 and are said as such."""
    briefings, _ = briefings_from_placements(placements, year=2015, countries=["CUW", "SSD", "SXM"], date=dt.date(2016, 1, 1))
    for brief in briefings.values():
        text = tr.render(brief, "one-pager", "md")
        assert isinstance(text, str)
        assert "first ranked" not in text and "first placement" not in text
        assert "no placement for 2014 in the input" in text
    assert [b.title for b in briefings.values()] == [
        "Curaçao: the 2015 TIP Report tier placement",
        "South Sudan: the 2015 TIP Report tier placement",
        "Sint Maarten: the 2015 TIP Report tier placement",
    ]


def test_streak_reaching_the_first_year_given_is_at_least(placements: dict[str, tuple[Country, TierHistory]]) -> None:
    """Only 2014 and 2015 given: 'at least the second consecutive year', not 'the second'."""
    country, history = placements["THA"]
    late = TierHistory(placements=tuple(p for p in history.placements if p.year >= 2014))
    assert sentence(country, late, 2015) == "Thailand remained on Tier 3 for at least the second consecutive year."
