"""The wording layer: every phrasebook says everything, templates only place it, and the rules of the TIP Report's vocabulary."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

import tipreports as tr
from tipreports.model import (
    Comparison,
    Count,
    Country,
    Designation,
    Event,
    Organisation,
    Panel,
    Statistic,
    Tier,
    TierHistory,
    TierPlacement,
    TIPAssessment,
)
from tipreports.model.briefing import LANGUAGES
from tipreports.wording import LABELS, PHRASEBOOKS, phrasebook

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
DATA = Path(__file__).parent / "data"
EN = phrasebook("en")
TH = phrasebook("th")


# -- the layer ---------------------------------------------------------------------------------------


def test_a_phrasebook_for_every_language_the_model_accepts() -> None:
    """Each language a briefing may be written in has a phrasebook, and no phrasebook is for a language the model refuses."""
    assert set(PHRASEBOOKS) == set(LANGUAGES)
    assert all(PHRASEBOOKS[code].language == code for code in PHRASEBOOKS)


@pytest.mark.parametrize("language", sorted(PHRASEBOOKS))
def test_every_label_in_every_phrasebook(language: str) -> None:
    """Every fixed label has words in every phrasebook, and the Thai ones are Thai."""
    say = phrasebook(language)
    for key in LABELS:
        assert say.label(key).strip(), key
        if language == "th":
            assert re.search("[\u0e00-\u0e7f]", say.label(key)), key


def test_unknown_language_names_the_phrasebooks() -> None:
    """Asking for a phrasebook that does not exist is a ValueError listing those that do."""
    with pytest.raises(ValueError, match=r"no phrasebook for 'fr'; expected one of 'en', 'th'"):
        phrasebook("fr")


def test_no_template_branches_on_the_language() -> None:
    """Templates place sentences; they never compare the language (no `lang ==`, `language ==`)."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in TEMPLATES.rglob("*.j2")
        if re.search(r"\b(lang|language)\s*(==|!=)|(==|!=)\s*(lang|language)\b|\bin\s+\(?\s*['\"](en|th)['\"]", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_no_english_words_are_left_outside_the_wording_in_templates() -> None:
    """The templates hold no English prose of their own: every word comes from `say` (Markdown syntax and names only)."""
    for path in TEMPLATES.rglob("*.j2"):
        text = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)  # comments
        text = re.sub(r"\{[{%].*?[%}]\}", "", text, flags=re.DOTALL)  # expressions and statements
        words = re.findall(r"[A-Za-z]{3,}", text)
        # Container names of the Markdown dialect and the chart's name are syntax, not words.
        syntax = {"keyfacts", "key", "badge", "tier", "columns", "column", "lead", "sources", "small", "chart", "history",
                  "positive", "negative", "aside"}
        assert [w for w in words if w not in syntax] == [], path.name


# -- names ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("iso3", "start", "middle", "possessive"),
    [
        ("PHL", "The Philippines", "the Philippines", "the Philippines'"),
        ("GMB", "The Gambia", "The Gambia", "The Gambia's"),
        ("COD", "The Democratic Republic of the Congo", "the Democratic Republic of the Congo", "the Democratic Republic of the Congo's"),
        ("PRK", "The Democratic People's Republic of Korea", "the Democratic People's Republic of Korea", "the Democratic People's Republic of Korea's"),
        ("MMR", "Burma", "Burma", "Burma's"),
        ("TWN", "Taiwan", "Taiwan", "Taiwan's"),
        ("LAO", "Laos", "Laos", "Laos'"),
        ("THA", "Thailand", "Thailand", "Thailand's"),
    ],
)
def test_country_names_as_the_report_writes_them(iso3: str, start: str, middle: str, possessive: str) -> None:
    """A code alone gives the report's running-text name, its article (capitalised at a sentence's start) and possessive."""
    country = Country(iso3=iso3)
    assert (EN.country_start(country), EN.country(country), EN.possessive(country)) == (start, middle, possessive)


def test_the_philippines_in_running_text() -> None:
    """'The Philippines remained…' at the start, 'the Philippines' tier placement' in the middle."""
    history = TierHistory.from_pairs({2024: "Tier 1", 2025: "Tier 1"})
    a = TIPAssessment(country=Country(iso3="PHL"), report_year=2025, tier="Tier 1", tier_history=history)
    assert EN.tier_sentence(a) == "The Philippines remained on Tier 1 for at least the second consecutive year."
    assert EN.chart_caption(a) == "The Philippines' tier placement in the TIP Report, 2024–2025"
    assert EN.chart_alt(a).startswith("Chart of the Philippines' tier placement in each TIP Report from 2024 to 2025")
    assert EN.standard_sentence(a) == "The Government of the Philippines fully meets the minimum standards for the elimination of trafficking."


def test_the_drc_upgraded() -> None:
    """'The Democratic Republic of the Congo was upgraded…', never the inverted registry form."""
    history = TierHistory.from_pairs({2023: "Tier 2 Watch List", 2024: "Tier 2"})
    a = TIPAssessment(country=Country(iso3="COD"), report_year=2024, tier="Tier 2", tier_history=history)
    assert EN.tier_sentence(a) == "The Democratic Republic of the Congo was upgraded from Tier 2 Watch List to Tier 2."


def test_a_given_name_overrides_the_table_and_takes_its_article() -> None:
    """`name:` wins over the table; without `article:` it has none, with it the article is placed like the table's."""
    assert EN.country(Country(name="Ruritania", iso3="PHL")) == "Ruritania"
    assert EN.country_start(Country(name="Netherlands Antilles", article="the")) == "The Netherlands Antilles"
    assert EN.possessive(Country(name="Netherlands Antilles", article="the")) == "the Netherlands Antilles'"


def test_an_unknown_code_without_a_name_is_an_input_error() -> None:
    """`{iso3: XYZ}` alone cannot be named: the loader says so, naming the field and the fix."""
    data = {"title": "T", "date": "2025-01-01", "prepared_by": "Org", "marking": "TLP:CLEAR",
            "assessment": {"country": {"iso3": "XYZ"}, "report_year": 2025, "tier": "Tier 2"}}  # fmt: skip
    with pytest.raises(tr.InputError) as caught:
        tr.load(data)
    (problem,) = caught.value.problems
    assert problem.path == "assessment.country.iso3"
    assert problem.message.startswith("unknown country code 'XYZ'")
    data["assessment"]["country"] = {"iso3": "XYZ", "name": "Xanadu"}  # type: ignore[index]
    assert EN.country(tr.load(data).assessment.country) == "Xanadu"  # type: ignore[union-attr]


def test_a_briefing_built_in_python_with_an_unknown_code_fails_to_compose() -> None:
    """Objects built by hand meet the same check when they are composed."""
    brief = tr.Briefing(title="T", date=dt.date(2025, 1, 1), prepared_by="Org", marking="TLP:CLEAR",
                        assessment=TIPAssessment(country=Country(iso3="XYZ"), report_year=2025, tier="Tier 2"))  # fmt: skip
    with pytest.raises(tr.InputError, match="unknown country code 'XYZ'"):
        tr.compose(brief)


@pytest.mark.parametrize(("iso3", "thai"), [("THA", "ประเทศไทย"), ("KHM", "ประเทศกัมพูชา"), ("PHL", "ประเทศฟิลิปปินส์"), ("MMR", "ประเทศเมียนมา"), ("HKG", "ฮ่องกง")])
def test_thai_names_from_the_table(iso3: str, thai: str) -> None:
    """A Thai document names ASEAN countries in Thai, with ประเทศ for states and without it for territories."""
    assert TH.country(Country(iso3=iso3)) == thai


def test_thai_government_sentence_drops_the_prefix() -> None:
    """'รัฐบาลไทย', not 'รัฐบาลประเทศไทย'."""
    assert TH.government(Country(iso3="THA")) == "รัฐบาลไทย"
    assert TH.government(Country(name="ประเทศไทย")) == "รัฐบาลไทย"
    assert TH.government(Country(iso3="GMB")) == "รัฐบาล Gambia"


# -- statistics ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statistic", "english", "thai"),
    [
        (Statistic(metric="victims identified", data_year=2024, value=414), "414", "414"),
        (Statistic(metric="victims identified", data_year=2024, value="at least 3,000"), "at least 3,000", "at least 3,000"),
        (Statistic(metric="victims identified", data_year=2024, value="200–300"), "200–300", "200–300"),
        (Statistic(metric="prosecutions", data_year=2024, not_reported=True), "did not report", "ไม่ได้รายงาน"),
        (Statistic(metric="victims", data_year=2024, value=1200, of=4000, of_label="potential victims"), "1,200 of 4,000 potential victims", "1,200 จาก 4,000 potential victims"),
    ],
)
def test_figures_are_printed_as_given(statistic: Statistic, english: str, thai: str) -> None:
    """A number is grouped; text is printed exactly as given; 'did not report' is never 0; a part names its whole."""
    assert EN.statistic_value(statistic) == english
    assert TH.statistic_value(statistic) == thai


def test_a_period_instead_of_a_data_year() -> None:
    """A reporting period is printed as given; the column says 'Period'; in Thai a data year is Buddhist Era."""
    period = Statistic(metric="investigations", period="April 2023 – March 2024", value=52)
    year = Statistic(metric="investigations", data_year=2024, value=52, comparison=Comparison(data_year=2023, value="about 40"))
    assert EN.statistic_when(period) == "April 2023 – March 2024"
    assert (EN.statistics_when([period]), EN.statistics_when([year]), EN.statistics_when([period, year])) == ("Period", "Data year", "Data year or period")
    assert TH.statistic_when(year) == "2567"
    assert EN.statistic_comparison(year) == "about 40 (2023)"


@pytest.mark.parametrize(
    ("fields", "path", "message"),
    [
        ({"data_year": 2024}, "value", "a statistic needs a value, or 'not_reported: true'"),
        ({"data_year": 2024, "value": 1, "not_reported": True}, "not_reported", "give a value or 'not_reported: true', not both"),
        ({"value": 1}, "data_year", "a statistic needs a data_year (2024) or a period"),
        ({"value": 1, "data_year": 2024, "period": "2024"}, "period", "give a data_year or a period, not both"),
        ({"value": 1, "data_year": 2024, "of_label": "potential victims"}, "of_label", "names the larger figure given in 'of'"),
        ({"value": 5000, "data_year": 2024, "of": 4000}, "of", "4,000 is smaller than the value 5,000"),
    ],
)
def test_statistic_rules(fields: dict[str, object], path: str, message: str) -> None:
    """Exactly one of value/not_reported and of data_year/period; 'of_label' only with 'of'; a part is not larger than its whole."""
    with pytest.raises(tr.InputError) as caught:
        tr.load({"title": "T", "date": "2025-01-01", "prepared_by": "Org",
                 "assessment": {"country": "Thailand", "report_year": 2025, "tier": "Tier 2",
                                "statistics": [{"metric": "victims", **fields}]}})  # fmt: skip
    (problem,) = caught.value.problems
    assert problem.path == f"assessment.statistics[0].{path}"
    assert problem.message.startswith(message)


def test_statistics_in_the_note_with_caveats_in_both_languages() -> None:
    """The note's table prints figures as given and the caveat as a note, in English and in Thai."""
    stats = [
        {"metric": "victims identified", "period": "April 2023 – March 2024", "value": "more than 730", "caveat": "may include non-trafficking crimes"},
        {"metric": "convictions", "data_year": 2024, "not_reported": True},
    ]
    for language, expected in (("en", ("more than 730", "did not report", "Notes on the figures", "may include non-trafficking crimes")),
                               ("th", ("more than 730", "ไม่ได้รายงาน", "หมายเหตุเกี่ยวกับตัวเลข", "may include non-trafficking crimes"))):  # fmt: skip
        brief = tr.load({"title": "T", "date": "2025-01-01", "prepared_by": "Org", "marking": "TLP:CLEAR", "language": language,
                         "assessment": {"country": {"iso3": "MYS"}, "report_year": 2025, "tier": "Tier 2", "statistics": stats}})  # fmt: skip
        text = tr.render(brief, "briefing-note", "md")
        assert isinstance(text, str)
        for words in expected:
            assert words in text, (language, words)
        assert "| 0 |" not in text


# -- recommendations ---------------------------------------------------------------------------------


def _assessment(n: int, total: int | None) -> TIPAssessment:
    return TIPAssessment(
        country=Country(iso3="THA"), report_year=2025, tier="Tier 2",
        recommendations=tuple(f"Recommendation {i}." for i in range(1, n + 1)), recommendations_total=total,
    )  # fmt: skip


def test_a_partial_list_says_how_many_of_how_many() -> None:
    """'2 of the report's 16 prioritized recommendations', in Thai too."""
    assert EN.recommendations_heading(_assessment(2, 16)) == "2 of the report's 16 prioritized recommendations"
    assert TH.recommendations_heading(_assessment(2, 16)) == "ข้อเสนอแนะ 2 ข้อจากข้อเสนอแนะตามลำดับความสำคัญทั้งหมด 16 ข้อของรายงาน"


def test_without_a_total_the_heading_claims_no_whole_list() -> None:
    """One recommendation and no total: not 'Prioritized recommendations', which would claim the report's whole list."""
    assert EN.recommendations_heading(_assessment(1, None)) == "From the report's prioritized recommendations"
    assert EN.recommendations_heading(_assessment(9, 9)) == "Prioritized recommendations"


def test_a_partial_list_is_not_numbered_as_the_reports_priorities() -> None:
    """The note numbers a complete list (its numbers are the report's); a partial one is bulleted."""
    for total, numbered in ((None, False), (16, False), (2, True)):
        brief = tr.Briefing(title="T", date=dt.date(2025, 10, 1), prepared_by="Org", marking="TLP:CLEAR", assessment=_assessment(2, total))
        blocks = [b for b in tr.compose(brief).blocks if isinstance(b, tr.document.NumberedList | tr.document.BulletList)]  # type: ignore[attr-defined]
        assert [isinstance(b, tr.document.NumberedList) for b in blocks] == [numbered]  # type: ignore[attr-defined]


def test_a_total_below_the_list_is_refused() -> None:
    """recommendations_total cannot be less than the recommendations listed."""
    with pytest.raises(ValueError, match="recommendations_total: 1 is fewer than the 2 recommendations listed"):
        _assessment(2, 1)


# -- events and panels -------------------------------------------------------------------------------


def test_event_kind_dates_and_participants_as_words() -> None:
    """The kind names the event; several days are one range; participants may be words."""
    summit = Event(name="Bali Process", kind="ministerial meeting", date=dt.date(2025, 9, 30), end_date=dt.date(2025, 10, 1),
                   location="Bangkok", convenor="Government of Thailand", participants="ministers of 45 member states")  # fmt: skip
    assert EN.event_paragraph(summit) == (
        "The ministerial meeting was convened by the Government of Thailand. "
        "It was held on 30 September – 1 October 2025 in Bangkok. It brought together ministers of 45 member states."
    )
    assert TH.event_paragraph(summit).startswith("การประชุมระดับรัฐมนตรีจัดโดย")
    assert "30 กันยายน – 1 ตุลาคม 2568" in TH.event_paragraph(summit)
    webinar = Event(name="W", kind="webinar", date=dt.date(2025, 3, 3), end_date=dt.date(2025, 3, 4), convenor="UNODC", participants=80)
    assert EN.event_paragraph(webinar) == "The webinar was convened by UNODC. It was held on 3–4 March 2025. It gathered 80 participants."


def test_an_event_ends_after_it_starts() -> None:
    """An end date before the first day is refused, and an end date needs a first day."""
    with pytest.raises(ValueError, match="end_date: 2025-01-01 is before the date 2025-01-02"):
        Event(name="E", date=dt.date(2025, 1, 2), end_date=dt.date(2025, 1, 1))
    with pytest.raises(ValueError, match="end_date: give the first day as 'date' too"):
        Event(name="E", end_date=dt.date(2025, 1, 1))


def test_counts_in_thai() -> None:
    """Qualified counts are said in Thai."""
    assert TH.count(Count.parse("more than 170")) == "มากกว่า 170"
    assert EN.count(Count.parse("170+")) == "more than 170"


def test_panel_representatives_are_not_co_presenters() -> None:
    """'featured representatives from' the agencies, apart from who presented the panel."""
    panel = Panel(title="P", co_presenters=["Freedom Collaborative"],
                  representatives_from=["Office of the Attorney General", "Immigration Bureau"])  # fmt: skip
    assert EN.panel_sentence(panel) == (
        "The panel \u201cP\u201d was co-presented by Freedom Collaborative and featured representatives from "
        "the Office of the Attorney General and the Immigration Bureau."
    )
    assert "ผู้แทนจาก" in TH.panel_sentence(panel)


# -- the TVPA standard sentence --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tier", "english", "thai"),
    [
        ("Tier 1", "The Government of Thailand fully meets the minimum standards for the elimination of trafficking.", "รัฐบาลไทยปฏิบัติตามมาตรฐานขั้นต่ำในการขจัดการค้ามนุษย์อย่างสมบูรณ์"),
        ("Tier 2", "The Government of Thailand does not fully meet the minimum standards for the elimination of trafficking but is making significant efforts to do so.", "รัฐบาลไทยไม่ได้ปฏิบัติตามมาตรฐานขั้นต่ำในการขจัดการค้ามนุษย์อย่างสมบูรณ์ แต่กำลังใช้ความพยายามอย่างมากเพื่อดำเนินการดังกล่าว"),
        ("Tier 3", "The Government of Thailand does not fully meet the minimum standards and is not making significant efforts to do so.", "รัฐบาลไทยไม่ได้ปฏิบัติตามมาตรฐานขั้นต่ำอย่างสมบูรณ์ และไม่ได้ใช้ความพยายามอย่างมากเพื่อดำเนินการดังกล่าว"),
        ("Special Case", "", ""),
    ],
)
def test_standard_sentence_per_tier(tier: str, english: str, thai: str) -> None:
    """The TVPA minimum-standards sentence of each tier, in both languages; none for a Special Case."""
    a = TIPAssessment(country=Country(iso3="THA"), report_year=2025, tier=tier)
    assert EN.standard_sentence(a) == english
    assert TH.standard_sentence(a) == thai


# -- history from real data --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def thailand() -> TierHistory:
    with (DATA / "thailand_tier_history.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return TierHistory(placements=tuple(TierPlacement(year=int(r["report_year"]), tier=r["tier"]) for r in rows))


def test_a_waiver_is_in_the_tier_sentence_the_standard_sentence_and_the_alt_text(thailand: TierHistory) -> None:
    """Thailand 2013 under a waiver: said in the tier sentence, the standard sentence, the badge and the chart's alt text."""
    waived = TierHistory(placements=tuple(
        TierPlacement(year=p.year, tier=p.tier, waiver=p.year in (2012, 2013)) for p in thailand.placements if p.year <= 2013
    ))  # fmt: skip
    a = TIPAssessment(country=Country(iso3="THA"), report_year=2013, tier="Tier 2 Watch List", tier_history=waived)
    assert EN.tier_sentence(a) == (
        "Thailand remained on the Tier 2 Watch List for the fourth consecutive year, "
        "under a waiver of the otherwise required downgrade to Tier 3."
    )
    assert EN.badge(a) == "Tier 2 Watch List — remained, 4th consecutive year, under a waiver"
    assert "written plan" in EN.standard_sentence(a) and "waiver" in EN.standard_sentence(a)
    assert "Waiver of the otherwise required downgrade to Tier 3 in 2012 and 2013." in EN.chart_alt(a)
    assert "ได้รับการผ่อนผัน" in TH.tier_sentence(a)
    assert "2555 2556" in TH.chart_alt(a)
    assert waived.warnings == ()


def test_malaysia_2020_waiver_third_year() -> None:
    """'…for the third consecutive year, under a waiver of the otherwise required downgrade to Tier 3' (Malaysia, 2020)."""
    history = TierHistory(placements=(
        TierPlacement(year=2017, tier="Tier 2"),
        TierPlacement(year=2018, tier="Tier 2 Watch List"),
        TierPlacement(year=2019, tier="Tier 2 Watch List"),
        TierPlacement(year=2020, tier="Tier 2 Watch List", waiver=True),
    ))  # fmt: skip
    a = TIPAssessment(country=Country(iso3="MYS"), report_year=2020, tier="Tier 2 Watch List", tier_history=history)
    assert EN.tier_sentence(a) == (
        "Malaysia remained on the Tier 2 Watch List for the third consecutive year, "
        "under a waiver of the otherwise required downgrade to Tier 3."
    )


def cambodia_2025() -> TIPAssessment:
    """Cambodia: Watch List 2019–2021 (2021 under a waiver), Tier 3 2022–2025, listed for state-sponsored trafficking in 2025."""
    history = TierHistory(placements=(
        TierPlacement(year=2019, tier="Tier 2 Watch List"),
        TierPlacement(year=2020, tier="Tier 2 Watch List"),
        TierPlacement(year=2021, tier="Tier 2 Watch List", waiver=True),
        TierPlacement(year=2022, tier="Tier 3"),
        TierPlacement(year=2023, tier="Tier 3"),
        TierPlacement(year=2024, tier="Tier 3"),
        TierPlacement(year=2025, tier="Tier 3"),
    ))  # fmt: skip
    return TIPAssessment(country=Country(iso3="KHM"), report_year=2025, tier="Tier 3", tier_history=history,
                         designations=["state-sponsored-trafficking"])  # fmt: skip


def test_cambodia_first_listed_while_on_tier_3_a_fourth_year() -> None:
    """The headline of Cambodia's 2025 assessment, in both languages, and on the chart."""
    a = cambodia_2025()
    assert EN.tier_sentence(a) == "Cambodia remained on Tier 3 for the fourth consecutive year."
    assert EN.designation_sentences(a) == (
        "The 2025 report also listed the Government of Cambodia, for the first time, among governments with a "
        "documented \u201cpolicy or pattern\u201d of human trafficking (state-sponsored trafficking).",
    )
    (thai,) = TH.designation_sentences(a)
    assert "รัฐบาลกัมพูชา" in thai and "เป็นครั้งแรก" in thai and "2568" in thai
    assert "Listed for state-sponsored trafficking in 2025." in EN.chart_alt(a)
    assert a.history.get(2025).designations == (Designation.STATE_SPONSORED_TRAFFICKING,)  # type: ignore[union-attr]


def test_first_listed_needs_every_year_since_the_list_began() -> None:
    """Without 2020–2024 in the input, a listing is not said to be the first."""
    a = TIPAssessment(country=Country(iso3="KHM"), report_year=2025, tier="Tier 3", designations=["state-sponsored-trafficking"],
                      tier_history=TierHistory.from_pairs({2024: "Tier 3", 2025: "Tier 3"}))  # fmt: skip
    assert EN.designation_sentences(a) == (
        "The 2025 report also listed the Government of Cambodia among governments with a documented "
        "\u201cpolicy or pattern\u201d of human trafficking (state-sponsored trafficking).",
    )


def test_a_designation_before_its_list_existed_is_refused() -> None:
    """The state-sponsored list is in the report from 2020: a 2015 listing is an input error."""
    with pytest.raises(ValueError, match="designations\\[0\\]: the report has carried the state-sponsored-trafficking list since 2020, not in 2015"):
        TierPlacement(year=2015, tier="Tier 3", designations=["state-sponsored-trafficking"])


def test_designations_disagreeing_with_the_history_are_refused() -> None:
    """assessment.designations and the report year's designations in tier_history must agree."""
    with pytest.raises(ValueError, match="designations: differ from the designations tier_history gives for 2025"):
        TIPAssessment(country="Cambodia", report_year=2025, tier="Tier 3", designations=["cspa"],
                      tier_history=[TierPlacement(year=2025, tier="Tier 3", designations=["state-sponsored-trafficking"])])  # fmt: skip


def test_first_true_is_said_and_only_on_the_earliest_placement() -> None:
    """`first: true` makes a first placement; on a later year it is refused."""
    history = TierHistory(placements=(TierPlacement(year=2011, tier="Tier 2", first=True), TierPlacement(year=2012, tier="Tier 2")))
    a = TIPAssessment(country=Country(iso3="SSD"), report_year=2011, tier="Tier 2", tier_history=TierHistory(placements=history.placements[:1]))
    assert EN.tier_sentence(a) == "South Sudan was placed on Tier 2, its first placement in the TIP Report."
    assert EN.badge(a) == "Tier 2 — first ranked"
    assert history.streak(2012).at_least is False
    with pytest.raises(ValueError, match=r"placements\[1\]\.first: 2013 cannot be the first placement"):
        TierHistory(placements=(TierPlacement(year=2012, tier="Tier 2"), TierPlacement(year=2013, tier="Tier 2", first=True)))


def test_a_gap_in_the_middle_is_said_in_the_notes_and_the_alt_text() -> None:
    """Missing years inside the history are named as missing, never filled."""
    history = TierHistory.from_pairs({2015: "Tier 3", 2019: "Tier 2 Watch List", 2020: "Tier 2 Watch List"})
    a = TIPAssessment(country=Country(iso3="KHM"), report_year=2020, tier="Tier 2 Watch List", tier_history=history)
    assert EN.history_notes(a)[0] == "No placement is given for 2016–2018."
    assert "No placement is given for 2016–2018." in EN.chart_alt(a)
    assert TH.history_notes(a)[0] == "ไม่มีข้อมูลการจัดระดับของปี 2559–2561"
    assert EN.placement_sentence(history, 2019, a.country) == (
        "Cambodia was placed on the Tier 2 Watch List (no placement for 2016–2018 in the input; Tier 3 in 2015)."
    )


def test_special_case_is_drawn_and_said() -> None:
    """A Special Case year is a placement: said as assessed, in the alt text and the chart's rows."""
    a = TIPAssessment(country=Country(iso3="LBY"), report_year=2025, tier="Special Case",
                      tier_history=TierHistory.from_pairs({2024: "Special Case", 2025: "Special Case"}))  # fmt: skip
    assert EN.tier_sentence(a) == "Libya remained a Special Case for at least the second consecutive year."
    assert "Special Case in 2024–2025" in EN.chart_alt(a)
    assert TH.tier(Tier.SPECIAL_CASE) in TH.chart_alt(a)


def test_history_notes_carry_the_year_in_the_documents_calendar() -> None:
    """Per-year notes come from the input as given, with the year in the document's calendar."""
    history = TierHistory(placements=(TierPlacement(year=2012, tier="Tier 2 Watch List", note="waiver likely (not confirmed)"),))
    a = TIPAssessment(country=Country(iso3="THA"), report_year=2012, tier="Tier 2 Watch List", tier_history=history)
    assert EN.history_notes(a) == ("2012: waiver likely (not confirmed)",)
    assert TH.history_notes(a) == ("2555: waiver likely (not confirmed)",)


def test_organisations_are_glued_to_thai_with_a_space_only_when_latin() -> None:
    """Thai words run into Thai names, and keep a space before Latin ones."""
    event = Event(name="E", kind="conference", convenor=Organisation(name="UNODC"))
    assert TH.event_paragraph(event) == "การประชุมจัดโดย UNODC"


# -- the one-pager's placements by period, the tiers' meaning, the panel's credit ----------------------------


def test_history_rows_say_each_period_latest_first_and_a_missing_stretch() -> None:
    """Cambodia 2001–2025: runs of one tier, latest first, with waivers and listings noted and 2016–2018 said as missing."""
    history = tr.load(ROOT / "examples" / "cambodia_2025.yaml").assessment.history  # type: ignore[union-attr]
    rows = phrasebook("en").history_rows(history)
    # A tier's name is bound by no-break spaces: the table never breaks it.
    assert rows[:4] == (
        ("2022–2025", "Tier\u00a03", "4", "state-sponsored trafficking: 2025"),
        ("2019–2021", "Tier\u00a02\u00a0Watch\u00a0List", "3", "waiver in 2021"),
        ("2016–2018", "\u2014", "", "not given in the sources"),
        ("2013–2015", "Tier\u00a02\u00a0Watch\u00a0List", "3", ""),
    )
    assert rows[-1] == ("2001", "Tier\u00a02", "1", "")
    # Every year given is in exactly one row, and the counts add up.
    assert sum(int(r[2]) for r in rows if r[2]) == len(history.placements)
    thai = phrasebook("th").history_rows(history)
    assert thai[:2] == (
        ("2565–2568", "กลุ่มที่ 3", "4", "การค้ามนุษย์โดยรัฐสนับสนุน: 2568"),
        ("2562–2564", "กลุ่มที่ 2 บัญชีรายชื่อประเทศที่ต้องจับตามอง", "3", "ได้รับการผ่อนผันในปี 2564"),
    )
    assert thai[2] == ("2559–2561", "\u2014", "", "ไม่มีข้อมูลในแหล่งที่มา")
    assert len(thai) == len(rows)


def test_history_rows_of_one_run_and_of_nothing() -> None:
    """A country on one tier throughout is one row; an empty history has none."""
    history = TierHistory.from_pairs([(year, "Tier 1") for year in range(2001, 2016)])
    assert phrasebook("en").history_rows(history) == (("2001–2015", "Tier\u00a01", "15", ""),)
    assert phrasebook("en").history_rows(TierHistory()) == ()


@pytest.mark.parametrize("language", sorted(PHRASEBOOKS))
def test_every_tier_has_a_definition(language: str) -> None:
    """What each tier means, in every phrasebook, distinct per tier."""
    say = phrasebook(language)
    definitions = [say.tier_definition(tier) for tier in Tier]
    assert all(d.strip() for d in definitions) and len(set(definitions)) == len(definitions)
    assert phrasebook("en").tier_definition(Tier.TIER_3).startswith("Does not fully meet the minimum standards and is not making")


def test_panel_credit_says_who_and_where_with_what_is_given() -> None:
    """Presenters and event, either alone, or neither (empty): nothing claimed that the input lacks."""
    say = phrasebook("en")
    panel = Panel(title="Forced criminality", co_presenters=[Organisation(name="Office of the Attorney General")])
    event = Event(name="TIPNET 2025", participants="more than 170")
    assert say.panel_credit(panel, event) == "Co-presented by the Office of the Attorney General at TIPNET 2025 (more than 170 participants)."
    assert say.panel_credit(panel, None) == "Co-presented by the Office of the Attorney General."
    assert say.panel_credit(Panel(title="Forced criminality"), Event(name="TIPNET 2025")) == "At TIPNET 2025."
    assert say.panel_credit(Panel(title="Forced criminality"), None) == ""
    assert phrasebook("th").panel_credit(Panel(title="x"), None) == ""


def test_history_notes_say_where_the_history_and_the_rule_disagree() -> None:
    """A third Watch List year with no waiver is said to the reader, in the document's language, unless the input explains that year."""
    cambodia = tr.load(ROOT / "examples" / "cambodia_2025.yaml").assessment
    assert cambodia is not None
    english = phrasebook("en").history_notes(cambodia)
    assert english[-1] == (
        "2015: a third consecutive year on the Tier 2 Watch List with no waiver recorded in these sources; "
        "the automatic-downgrade rule allows one only under a waiver."
    )
    thai = phrasebook("th").history_notes(cambodia)
    assert thai[-1].startswith("2558: อยู่ในกลุ่มที่ 2") and "ผ่อนผัน" in thai[-1]
    # Thailand's 2012 has a note of its own ("waiver likely (not confirmed)"): the rule's note is not added.
    thailand = tr.load(ROOT / "examples" / "thailand_2025.yaml").assessment
    assert thailand is not None and [w.year for w in thailand.history.warnings] == [2012]
    notes = phrasebook("en").history_notes(thailand)
    assert [n for n in notes if n.startswith("2012")] == ["2012: waiver likely (not confirmed)"]
