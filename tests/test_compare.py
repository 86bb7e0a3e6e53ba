"""tr.compare: the facts of what changed between two editions, matching, and what markings allow."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml

import tipreports as tr
from tipreports.datasets import briefings_from_placements, read_tier_placements
from tipreports.model import ItemStatus, Marking, Movement, Tier
from tipreports.model._match import THRESHOLD, match, similarity

ROOT = Path(__file__).resolve().parent.parent
CANARY = "CANARY-7f3a restricted concern"


@pytest.fixture(scope="module")
def thailand_2024() -> tr.Briefing:
    return tr.load(ROOT / "examples/thailand_2024.yaml")


@pytest.fixture(scope="module")
def thailand_2025() -> tr.Briefing:
    return tr.load(ROOT / "examples/thailand_2025.yaml")


@pytest.fixture(scope="module")
def changes(thailand_2024: tr.Briefing, thailand_2025: tr.Briefing) -> tr.Changes:
    return tr.compare(thailand_2024, thailand_2025)


def _assessment(briefing: tr.Briefing) -> tr.TIPAssessment:
    assert briefing.assessment is not None
    return briefing.assessment


def _with(briefing: tr.Briefing, **changes: Any) -> tr.Briefing:
    return attrs.evolve(briefing, assessment=attrs.evolve(_assessment(briefing), **changes))


# -- Thailand 2024 → 2025 ---------------------------------------------------------------------------


def test_thailand_tier_remained_one_year_apart(changes: tr.Changes) -> None:
    """Thailand was on Tier 2 in 2024 and in 2025: remained, one year apart, nothing in between."""
    assert (changes.previous_year, changes.current_year, changes.years_apart) == (2024, 2025, 1)
    assert (changes.tier.previous.tier, changes.tier.current.tier) == (Tier.TIER_2, Tier.TIER_2)
    assert changes.tier.movement is Movement.REMAINED
    assert changes.tier.between == ()
    assert changes.country.iso3 == "THA"


def test_thailand_concerns_sharing_only_inconsistent_practices_are_not_paired(changes: tr.Changes) -> None:
    """2025's 'Inconsistent screening practices' shares only 'inconsistent practices' with 2024's interviewing concern: not paired."""
    concerns = changes.concerns
    assert (concerns.compared, concerns.complete, concerns.previous_count, concerns.current_count) == (True, True, 2, 4)
    assert concerns.continued == ()
    assert [c.current.text for c in concerns.new if c.current] == [
        "Inconsistent screening practices.",
        "Restrictions requiring foreign victims to remain in shelters.",
        "Uneven service quality.",
        "Persistent corruption and official complicity that continue to impede effective victim protection and accountability.",
    ]
    interviewing, scam = concerns.no_longer_mentioned
    assert interviewing.previous is not None and interviewing.previous.text.startswith("Inconsistent and ineffective interviewing practices")
    assert scam.previous is not None and "online scam operations" in scam.previous.text
    assert concerns.out_of == 2


def test_the_same_id_pairs_items_the_words_do_not(thailand_2024: tr.Briefing, thailand_2025: tr.Briefing) -> None:
    """A briefing that means the interviewing and the screening concern as one item says so with an id."""
    before = _assessment(thailand_2024)
    after = _assessment(thailand_2025)
    before = attrs.evolve(before, concerns=(attrs.evolve(before.concerns[0], id="screening"), *before.concerns[1:]))
    after = attrs.evolve(after, concerns=(attrs.evolve(after.concerns[0], id="screening"), *after.concerns[1:]))
    [again] = tr.compare(before, after).concerns.continued
    assert (again.previous_index, again.current_index, again.matched_by, again.status) == (0, 0, "id", ItemStatus.REWORDED)


def test_thailand_progress_investigations_and_prosecutions_continued(changes: tr.Changes) -> None:
    """More investigations and prosecutions is the one progress item of 2024 the 2025 report credits again."""
    progress = changes.progress
    assert [(c.previous_index, c.current_index) for c in progress.continued] == [(0, 0)]
    assert len(progress.new) == 3 and len(progress.no_longer_mentioned) == 4
    assert {c.previous_index for c in progress.no_longer_mentioned} == {1, 2, 3, 4}


def test_a_list_one_briefing_does_not_give_is_not_compared(changes: tr.Changes) -> None:
    """The 2025 example quotes no recommendations: 2024's one is not called 'no longer mentioned'."""
    recommendations = changes.recommendations
    assert (recommendations.compared, recommendations.previous_count, recommendations.current_count) == (False, 1, 0)
    assert recommendations.no_longer_mentioned == () and recommendations.continued == ()
    assert recommendations.out_of is None
    assert changes.statistics.compared is False


def test_the_bundled_2024_example_is_the_packaged_copy() -> None:
    """examples/thailand_2024.yaml and its copy inside the package are identical, and it says it is press-quoted."""
    text = (ROOT / "examples/thailand_2024.yaml").read_text(encoding="utf-8")
    assert (ROOT / "tipreports/examples/thailand_2024.yaml").read_text(encoding="utf-8") == text
    assert "PRESS-QUOTED" in text
    briefing = tr.load(ROOT / "examples/thailand_2024.yaml")
    assert any("press-quoted" in source.title for source in briefing.sources)


# -- matching ---------------------------------------------------------------------------------------


def _labelled() -> list[tuple[str, str, bool]]:
    data = yaml.safe_load((ROOT / "tests/data/match_pairs.yaml").read_text(encoding="utf-8"))
    return [(p["a"], p["b"], p["same"]) for p in data["pairs"]]


@pytest.mark.parametrize(("a", "b", "same"), _labelled())
def test_the_threshold_separates_the_labelled_pairs(a: str, b: str, same: bool) -> None:
    """Every hand-made pair that is the same item scores at least the threshold, and every other pair below it."""
    assert (similarity(a, b) >= THRESHOLD) is same


def test_thailand_pairs_score_on_the_right_side_of_the_threshold(thailand_2024: tr.Briefing, thailand_2025: tr.Briefing) -> None:
    """Of the 28 Thailand pairs within progress and concerns, exactly the reworded one reaches the threshold."""
    before, after = _assessment(thailand_2024), _assessment(thailand_2025)
    reached = {
        (group, i, j)
        for group in ("progress", "concerns")
        for i, a in enumerate(getattr(before, group))
        for j, b in enumerate(getattr(after, group))
        if similarity(a.text, b.text) >= THRESHOLD
    }
    assert reached == {("progress", 0, 0)}


def test_an_id_wins_over_the_words() -> None:
    """Items with the same id are the same item whatever their words; different ids are different items even in the same words."""
    pairs = match([("scam", "Forced criminality in online scam operations."), ("a", "Uneven service quality.")],
                  [("b", "Uneven service quality."), ("scam", "Consular services were slow.")])  # fmt: skip
    assert [(p.previous, p.current, p.by) for p in pairs] == [(0, 1, "id")]


def test_an_item_without_an_id_still_matches_by_words() -> None:
    """An id given in one year only does not stop text matching (ids added this year)."""
    pairs = match([(None, "Uneven service quality.")], [("quality", "The quality of services remained uneven.")])
    assert [(p.previous, p.current, p.by) for p in pairs] == [(0, 0, "text")]


def test_matching_is_one_to_one_best_pairs_first() -> None:
    """Two later items alike one earlier item: the closer one gets it, the other stays new."""
    pairs = match(
        [(None, "Inconsistent screening of migrant workers.")],
        [(None, "Screening of migrant fishers remained inconsistent."), (None, "Screening of migrant workers remained inconsistent.")],
    )
    assert similarity("Inconsistent screening of migrant workers.", "Screening of migrant fishers remained inconsistent.") >= THRESHOLD
    assert [(p.previous, p.current) for p in pairs] == [(0, 1)]


def test_same_words_is_same_not_reworded(thailand_2024: tr.Briefing) -> None:
    """An item repeated word for word (but for the full stop) is SAME."""
    later = _with(
        attrs.evolve(thailand_2024, date="2025-10-01"),
        report_year=2025, release_date=None, tier_history=(),
        concerns=("inconsistent and ineffective interviewing practices during labour inspections and victim "
                  "identification interviews left many trafficking victims unidentified and without care, "
                  "especially those exploited in forced labour",),
    )  # fmt: skip
    [again] = tr.compare(thailand_2024, later).concerns.continued
    assert again.status is ItemStatus.SAME and again.similarity == 100.0


def test_ids_are_validated_and_unique_within_a_list() -> None:
    """An id is a short identifier, unique within its list; the error names positions, never the id."""
    assert tr.Finding(text="x", id="scam-2024").id == "scam-2024"
    with pytest.raises(ValueError, match=r"invalid id"):
        tr.Finding(text="x", id="has space")
    with pytest.raises(ValueError, match=r"concerns\[1\]\.id: the same id as \[0\]") as err:
        tr.TIPAssessment(country="Thailand", report_year=2025, tier="Tier 2",
                         concerns=[tr.Finding(text="a", id="secret-id"), tr.Finding(text="b", id="secret-id")])  # fmt: skip
    assert "secret-id" not in str(err.value)


def test_ids_load_from_yaml() -> None:
    """`id:` on a finding or a recommendation loads, and matches across years."""
    def data(year: int, text: str) -> dict[str, Any]:
        return {"title": "t", "date": f"{year}-10-01", "prepared_by": "x", "marking": "TLP:CLEAR",
                "assessment": {"country": {"name": "Thailand", "iso3": "THA"}, "report_year": year, "tier": "Tier 2",
                               "recommendations": [{"text": text, "id": "complicit-officials"}]}}  # fmt: skip

    changes = tr.compare(tr.load(data(2024, "Prosecute complicit officials.")), tr.load(data(2025, "Hold officials to account.")))
    [again] = changes.recommendations.continued
    assert (again.matched_by, again.status) == ("id", ItemStatus.REWORDED)


# -- refusals ---------------------------------------------------------------------------------------


def test_different_countries_are_refused(thailand_2024: tr.Briefing, thailand_2025: tr.Briefing) -> None:
    """Comparing Thailand with Cambodia is an input error naming the field."""
    cambodia = _with(thailand_2025, country=tr.Country(name="Cambodia", iso3="KHM"), tier_history=())
    with pytest.raises(tr.InputError, match=r"current\.assessment\.country: the two assessments are of different countries \(THA and KHM\)"):
        tr.compare(thailand_2024, cambodia)


def test_different_countries_in_restricted_briefings_are_not_named(thailand_2024: tr.Briefing, thailand_2025: tr.Briefing) -> None:
    """A country's name carries the document's marking: the error does not name it in an AMBER briefing."""
    secret = _with(attrs.evolve(thailand_2025, marking="TLP:AMBER"), country=tr.Country(name="Secretland", iso3="SEC"), tier_history=())
    with pytest.raises(tr.InputError, match="different countries") as err:
        tr.compare(thailand_2024, secret)
    assert "Secretland" not in str(err.value) and "SEC" not in str(err.value) and "THA" not in str(err.value)


def test_a_code_against_a_bare_name_is_refused_without_naming_either(thailand_2024: tr.Briefing, thailand_2025: tr.Briefing) -> None:
    """{iso3: THA} against {name: ...} cannot be checked in the model: refused, asking for codes in both."""
    named = _with(thailand_2025, country=tr.Country(name="Secretland"), tier_history=())
    with pytest.raises(tr.InputError, match=r"current\.assessment\.country: cannot tell .* give the iso3 code in both") as err:
        tr.compare(thailand_2024, named)
    assert "Secretland" not in str(err.value)


def test_editions_in_the_wrong_order_or_the_same_year_are_refused(thailand_2024: tr.Briefing, thailand_2025: tr.Briefing) -> None:
    """The earlier edition comes first, and two editions are two years."""
    with pytest.raises(tr.InputError, match=r"previous\.assessment\.report_year: the previous assessment \(2025\) is later"):
        tr.compare(thailand_2025, thailand_2024)
    with pytest.raises(tr.InputError, match="both assessments are of the 2025 report"):
        tr.compare(thailand_2025, thailand_2025)


def test_a_briefing_without_an_assessment_is_refused(thailand_2025: tr.Briefing) -> None:
    """Only a briefing with a TIP assessment can be compared."""
    with pytest.raises(tr.InputError, match=r"previous\.assessment: the briefing has no TIP assessment"):
        tr.compare(attrs.evolve(thailand_2025, assessment=None), thailand_2025)


def test_a_tier_history_that_contradicts_the_earlier_edition_is_refused(thailand_2024: tr.Briefing, thailand_2025: tr.Briefing) -> None:
    """The 2025 history says 2024 was Tier 2: a 2024 assessment on the Watch List contradicts it."""
    watch_list = _with(thailand_2024, tier="Tier 2 Watch List", tier_history=())
    with pytest.raises(tr.InputError, match=r"current\.assessment\.tier_history: places 2024 on Tier 2, but the 2024 assessment says Tier 2 Watch List"):
        tr.compare(watch_list, thailand_2025)


def test_an_audience_below_either_briefing_is_refused(thailand_2024: tr.Briefing, thailand_2025: tr.Briefing) -> None:
    """An AMBER 2024 briefing cannot be compared for a TLP:CLEAR audience."""
    with pytest.raises(tr.InputError, match=r"audience: TLP:CLEAR is below the previous briefing's marking TLP:AMBER"):
        tr.compare(attrs.evolve(thailand_2024, marking="TLP:AMBER"), thailand_2025, audience="TLP:CLEAR")


# -- the dataset: countries that moved tier -----------------------------------------------------------


@pytest.fixture(scope="module")
def table() -> dict[str, tuple[tr.Country, tr.TierHistory]]:
    return read_tier_placements(ROOT / "tests/data/tier_placements_2001_2015.csv")


def _year(table: Any, year: int, code: str) -> tr.Briefing:
    briefings, _ = briefings_from_placements(table, year=year, countries=[code], date=tr.load(ROOT / "examples/thailand_2025.yaml").date)
    [briefing] = briefings.values()
    return briefing


def test_dataset_thailand_downgraded_2013_to_2014(table: Any) -> None:
    """Thailand went from the Watch List (2013) to Tier 3 (2014) in the Kelley–Heiss table."""
    changes = tr.compare(_year(table, 2013, "THA"), _year(table, 2014, "THA"))
    assert changes.tier.movement is Movement.DOWNGRADED
    assert (changes.tier.previous.tier, changes.tier.current.tier) == (Tier.TIER_2_WATCH_LIST, Tier.TIER_3)
    assert all(not group.compared for group in changes.lists)


def test_dataset_gap_of_years_keeps_the_placements_between(table: Any) -> None:
    """Malaysia 2010 → 2015: on the Watch List at both ends, five years apart, by way of Tier 3 in 2014."""
    changes = tr.compare(_year(table, 2010, "MYS"), _year(table, 2015, "MYS"))
    assert changes.years_apart == 5 and changes.tier.between_known
    assert changes.tier.movement is Movement.REMAINED
    assert [(p.year, p.tier) for p in changes.tier.between] == [
        (2011, Tier.TIER_2_WATCH_LIST), (2012, Tier.TIER_2_WATCH_LIST), (2013, Tier.TIER_2_WATCH_LIST), (2014, Tier.TIER_3),
    ]  # fmt: skip
    assert tr.compare(_year(table, 2009, "MYS"), _year(table, 2015, "MYS")).tier.movement is Movement.UPGRADED


def test_two_bare_assessments_compare(thailand_2024: tr.Briefing, thailand_2025: tr.Briefing) -> None:
    """Assessments without their briefings compare like briefings (their unmarked items are TLP:CLEAR)."""
    changes = tr.compare(_assessment(thailand_2024), _assessment(thailand_2025))
    assert [(c.previous_index, c.current_index) for c in changes.progress.continued] == [(0, 0)]
    assert len(changes.concerns.no_longer_mentioned) == 2
    assert changes.marking is Marking.CLEAR


# -- statistics -------------------------------------------------------------------------------------


def _stats_pair(thailand_2024: tr.Briefing, thailand_2025: tr.Briefing) -> tr.Changes:
    before = _with(thailand_2024, statistics=(
        tr.Statistic(metric="Convictions", form="labour", data_year=2023, value=120),
        tr.Statistic(metric="victims identified", data_year=2023, value=414),
        tr.Statistic(metric="prosecutions", form="sex", data_year=2023, value=50),
    ))  # fmt: skip
    after = _with(thailand_2025, statistics=(
        tr.Statistic(metric="convictions", form="labour", data_year=2024, value=123),
        tr.Statistic(metric="prosecutions", form="labour", data_year=2024, value=61),
        tr.Statistic(metric="victims identified", data_year=2024, value=231),
    ))  # fmt: skip
    return tr.compare(before, after)


def test_statistics_of_the_same_metric_and_form_are_paired_with_the_change(thailand_2024: tr.Briefing, thailand_2025: tr.Briefing) -> None:
    """Convictions (labour) 120 in 2023 → 123 in 2024; a metric in another form is not paired."""
    stats = _stats_pair(thailand_2024, thailand_2025).statistics
    assert [(p.metric, p.previous.data_year, p.previous.value, p.current.data_year, p.current.value, p.difference) for p in stats.pairs] == [
        ("convictions", 2023, 120, 2024, 123, 3),
        ("victims identified", 2023, 414, 2024, 231, -183),
    ]
    assert [s.form for s in stats.only_previous] == [tr.Form.SEX]
    assert [(s.metric, s.form) for s in stats.only_current] == [("prosecutions", tr.Form.LABOUR)]


# -- markings ---------------------------------------------------------------------------------------


def _marked(item_text: str) -> tr.Finding:
    return tr.Finding(text=item_text, marking="TLP:AMBER")


def test_a_concern_withheld_from_the_earlier_year_never_appears_nor_counts(thailand_2024: tr.Briefing, thailand_2025: tr.Briefing) -> None:
    """An AMBER 2024 concern is not in the CLEAR comparison, and the list gives no new / no-longer counts."""
    before = _with(thailand_2024, concerns=(*_assessment(thailand_2024).concerns, _marked(CANARY)))
    changes = tr.compare(before, thailand_2025)
    concerns = changes.concerns
    assert CANARY not in repr(changes)
    assert (concerns.previous_count, concerns.complete, concerns.out_of) == (2, False, None)
    assert concerns.new == () and concerns.no_longer_mentioned == ()
    assert len(concerns.continued) == 0 and len(concerns.unmatched_previous) == 2 and len(concerns.unmatched_current) == 4
    assert changes.previous_withheld.counts == {"concerns": 1}


def test_an_item_withheld_from_the_later_year_does_not_make_its_counterpart_no_longer_mentioned(
    thailand_2024: tr.Briefing, thailand_2025: tr.Briefing
) -> None:
    """2024's scam concern, raised again in 2025 but marked AMBER there, is not reported as 'no longer mentioned'."""
    again = _marked("Authorities did not make sufficient efforts to identify victims of forced criminality in online scam operations.")
    after = _with(thailand_2025, concerns=(*_assessment(thailand_2025).concerns, again))
    changes = tr.compare(thailand_2024, after)
    assert changes.concerns.no_longer_mentioned == ()
    assert [c.previous_index for c in changes.concerns.unmatched_previous] == [0, 1]
    assert "scam" not in repr(changes.current)
    # For an AMBER audience the pair is shown, and the list is complete.
    amber = tr.compare(thailand_2024, after, audience="TLP:AMBER")
    assert amber.concerns.complete and [(c.previous_index, c.current_index) for c in amber.concerns.continued] == [(1, 4)]
    assert amber.marking is Marking.AMBER and tr.compare(thailand_2024, after).marking is Marking.CLEAR


@pytest.mark.parametrize("year", ["previous", "current"])
def test_what_is_withheld_cannot_change_the_result(year: str, thailand_2024: tr.Briefing, thailand_2025: tr.Briefing) -> None:
    """Whatever a withheld item says, and however many there are, the lists compared are the same."""
    def variant(*texts: str) -> tr.Changes:
        if year == "previous":
            before = _with(thailand_2024, concerns=(*_assessment(thailand_2024).concerns, *map(_marked, texts)))
            return tr.compare(before, thailand_2025)
        after = _with(thailand_2025, concerns=(*_assessment(thailand_2025).concerns, *map(_marked, texts)))
        return tr.compare(thailand_2024, after)

    a = variant(CANARY)
    b = variant("Uneven service quality.", "Inconsistent screening practices.", "Restrictions requiring foreign victims to remain in shelters.")
    c = variant("Authorities did not make sufficient efforts to identify and protect trafficking victims exploited in forced criminality.")
    assert a.concerns == b.concerns == c.concerns
    assert (a.progress, a.recommendations, a.statistics, a.tier) == (b.progress, b.recommendations, b.statistics, b.tier)
    assert CANARY not in repr(a)


@pytest.mark.parametrize("year", ["previous", "current"])
def test_withheld_statistics_leave_no_trace(year: str, thailand_2024: tr.Briefing, thailand_2025: tr.Briefing) -> None:
    """A withheld statistic is never paired, and the statistics list says nothing is only in one year."""
    changes = _stats_pair(thailand_2024, thailand_2025)
    before, after = changes.previous, changes.current
    secret = tr.Statistic(metric="CANARY-7f3a metric", data_year=2023, value=987654, marking="TLP:RED")
    if year == "previous":
        before = attrs.evolve(before, statistics=(*before.statistics, secret))
    else:
        after = attrs.evolve(after, statistics=(*after.statistics, attrs.evolve(secret, data_year=2024)))
    stats = tr.compare(before, after).statistics
    assert not stats.complete and stats.only_previous == () and stats.only_current == ()
    assert len(stats.pairs) == 2
    assert "987654" not in repr(stats) and "CANARY" not in repr(stats)


# -- Thai -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def thai_pair() -> tuple[tr.Briefing, tr.Briefing]:
    return tr.load(ROOT / "examples/thailand_2024_th.yaml"), tr.load(ROOT / "examples/thailand_2025_th.yaml")


def test_bilingual_thai_briefings_match_in_english_and_give_thai_items(thai_pair: tuple[tr.Briefing, tr.Briefing]) -> None:
    """Thai briefings with their English match like the English ones, and the items are the Thai ones."""
    changes = tr.compare(*thai_pair)
    [again] = changes.progress.continued
    assert (again.previous_index, again.current_index) == (0, 0)
    assert again.current is not None and again.current.text == "การสืบสวน การฟ้องร้องดำเนินคดี และการตัดสินลงโทษที่เพิ่มขึ้น"
    assert changes.concerns.continued == ()
    assert changes.concerns.new[0].current is not None and changes.concerns.new[0].current.text == "แนวปฏิบัติในการคัดกรองที่ไม่สม่ำเสมอ"
    assert changes.country.iso3 == "THA" and tr.phrasebook("th").country(changes.country) == "ประเทศไทย"


def test_thai_only_briefings_match_in_thai(thai_pair: tuple[tr.Briefing, tr.Briefing]) -> None:
    """Without their English, the Thai texts are cut into words and give the same pairs."""
    pytest.importorskip("pythainlp")
    before, after = (attrs.evolve(b, translation=None) for b in thai_pair)
    changes = tr.compare(before, after)
    assert changes.concerns.continued == ()
    assert [(c.previous_index, c.current_index) for c in changes.progress.continued] == [(0, 0)]
    assert len(changes.concerns.no_longer_mentioned) == 2


def test_briefings_without_a_common_language_are_refused(thai_pair: tuple[tr.Briefing, tr.Briefing], thailand_2024: tr.Briefing) -> None:
    """An English 2024 and a Thai-only 2025 cannot be matched item by item."""
    with pytest.raises(tr.InputError, match=r"current\.language: the two briefings share no language .*previous: 'en'; current: 'th'"):
        tr.compare(thailand_2024, attrs.evolve(thai_pair[1], translation=None))


# -- what the wording layer's model adds: designations, partial lists, figures as given ----------------


@pytest.fixture(scope="module")
def cambodia() -> tuple[tr.Briefing, tr.Briefing]:
    """Cambodia 2025 (the example) and 2024 from the same placements on record: Tier 3, not yet listed."""
    current = tr.load(ROOT / "examples/cambodia_2025.yaml")
    a = _assessment(current)
    history = tr.TierHistory(placements=tuple(p for p in a.tier_history.placements if p.year <= 2024))
    previous = _with(current, report_year=2024, release_date=None, designations=(), tier_history=history)
    return previous, current


def test_cambodia_listed_for_state_sponsored_trafficking_in_2025(cambodia: tuple[tr.Briefing, tr.Briefing]) -> None:
    """Tier 3 both years; the state-sponsored trafficking listing is added in 2025."""
    changes = tr.compare(*cambodia)
    assert changes.tier.movement is Movement.REMAINED
    assert changes.tier.designations_added == (tr.Designation.STATE_SPONSORED_TRAFFICKING,)
    assert changes.tier.designations_removed == ()


def test_a_list_quoted_in_part_is_neither_new_nor_no_longer_mentioned(pair: Any) -> None:
    """With recommendations_total saying the briefing quotes 2 of 16, no recommendation is called new or dropped."""
    previous, current = pair
    before = _with(previous, recommendations=("Proactively investigate and prosecute complicit officials.",))
    after = _with(current, recommendations=("Proactively investigate, prosecute and convict complicit officials.",
                                            "Amend the anti-trafficking law."), recommendations_total=16)  # fmt: skip
    recommendations = tr.compare(before, after).recommendations
    assert (recommendations.partial, recommendations.complete, recommendations.out_of) == (True, False, None)
    assert len(recommendations.continued) == 1 and recommendations.new == () and recommendations.no_longer_mentioned == ()
    assert [c.current_index for c in recommendations.unmatched_current] == [1]


@pytest.mark.parametrize(
    ("earlier", "later", "difference"),
    [
        ({"value": 120}, {"value": 123}, 3),
        ({"value": "at least 3,000"}, {"value": 4000}, None),
        ({"value": 50}, {"not_reported": True}, None),
        ({"value": 1200, "of": 4000, "of_label": "potential victims"}, {"value": 1300, "of": 4100, "of_label": "potential victims"}, None),
        ({"value": 80, "caveat": "may include non-trafficking crimes"}, {"value": 90}, None),
    ],
)
def test_only_plain_numbers_are_subtracted(pair: Any, earlier: dict[str, Any], later: dict[str, Any], difference: int | None) -> None:
    """Qualified figures, 'did not report', parts of a larger figure and figures with a caveat are paired, never subtracted."""
    previous, current = pair
    before = _with(previous, statistics=(tr.Statistic(metric="victims identified", data_year=2023, **earlier),))
    after = _with(current, statistics=(tr.Statistic(metric="victims identified", period="April 2024 – March 2025", **later),))
    [paired] = tr.compare(before, after).statistics.pairs
    assert paired.difference == difference


@pytest.fixture(scope="module")
def pair(thailand_2024: tr.Briefing, thailand_2025: tr.Briefing) -> tuple[tr.Briefing, tr.Briefing]:
    return thailand_2024, thailand_2025
