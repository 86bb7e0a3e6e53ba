"""
What changed between two editions of the TIP Report's assessment of one country: facts only.

:func:`compare` takes two briefings (or two assessments) of the same country,
filters both for the audience *before* comparing, and says how the tier moved,
which progress, concerns and recommendations were raised again (in the same or
other words), which are new and which are no longer mentioned, and how the
statistics of the same metric and form moved. Words are the wording layer's.

What is compared is the two briefings, not the two reports: a briefing quotes a
selection of its report (the 2024 example is press-quoted excerpts, the 2025 one
a summary). "New" is new to the later briefing and "no longer mentioned" is left
out of it; the later report may still say it, and the wording says so.

Markings. Each year is seen only as the audience may see it, and items are
matched among what is shown (ids first, then text similarity; see
:mod:`._match`), so nothing withheld can decide a match. An item withheld from
either year could be the counterpart of a shown one, so a shown item without a
counterpart is called "new" or "no longer mentioned" only when *nothing* was
withheld from that list in either year (``complete``). Otherwise the list's
unmatched items are given as ``unmatched_previous`` / ``unmatched_current``,
neither new nor dropped, and no "n of N" count is offered: the result is the
same whatever the withheld items say and however many there are.

A list one of the two briefings does not give at all (the 2025 example has no
recommendations) is not compared (``compared`` is False): a briefing that
quotes none is not a report that made none.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
from attrs import frozen

from ..errors import InputError
from ._match import Pair, match, same_words
from .audience import Withheld, for_audience
from .briefing import Briefing, Country, Finding, Form, Recommendation, Statistic, TIPAssessment
from .marking import Marking
from .tier import Designation, Movement, Tier, TierPlacement

__all__ = [
    "Changes",
    "ItemChange",
    "ItemStatus",
    "ListChanges",
    "StatisticChange",
    "StatisticsChanges",
    "TierChange",
    "compare",
]

Item = Finding | Recommendation


class ItemStatus(enum.Enum):
    """What became of one item between the two editions."""

    #: Raised again in the same words (up to case, spacing and the final full stop).
    SAME = "same"
    #: Raised again in other words.
    REWORDED = "reworded"
    #: Only in the later briefing, in a list complete for this audience (the earlier briefing may not quote all of
    #: its report: not evidence the earlier report did not say it).
    NEW = "new"
    #: Only in the earlier briefing, in a list complete for this audience (not evidence the later report drops it).
    NO_LONGER_MENTIONED = "no longer mentioned"
    #: Without a counterpart among what this audience may see, in a list that is not complete.
    UNMATCHED = "unmatched"

    def __str__(self) -> str:
        return self.value


@frozen(kw_only=True)
class ItemChange:
    """
    One item across the two editions, with the words of both years.

    ``previous_index`` and ``current_index`` are positions in the lists as
    the audience sees them (and in a bilingual briefing's translation).
    """

    status: ItemStatus
    previous: Item | None = None
    current: Item | None = None
    previous_index: int | None = None
    current_index: int | None = None
    #: "id" or "text" for a continued item; None otherwise.
    matched_by: str | None = None
    #: The text similarity (0–100) of a pair matched by text.
    similarity: float | None = None

    @property
    def continued(self) -> bool:
        """Raised in both editions."""
        return self.status in (ItemStatus.SAME, ItemStatus.REWORDED)

    @property
    def reworded(self) -> bool:
        """Raised in both editions, in other words."""
        return self.status is ItemStatus.REWORDED


@frozen(kw_only=True)
class ListChanges:
    """One list (progress, concerns or recommendations) across the two editions."""

    #: "progress", "concerns" or "recommendations".
    name: str
    #: How many items each edition shows this audience.
    previous_count: int
    current_count: int
    #: Both editions list items here; when False nothing else is said of the list.
    compared: bool
    #: Nothing was withheld from this list in either edition, and neither is known to quote only part of the
    #: report's list: every shown item without a counterpart is known to be in one briefing only (briefings are
    #: still selections of their reports, so this says nothing of what either report left out).
    complete: bool
    #: Either edition is known to quote only some of the report's items (``recommendations_total``).
    partial: bool = False
    #: Raised again (same or other words), in the later edition's order.
    continued: tuple[ItemChange, ...] = ()
    #: Only in the later briefing (complete lists only), in its order.
    new: tuple[ItemChange, ...] = ()
    #: Only in the earlier briefing (complete lists only), in its order: not in the later briefing.
    no_longer_mentioned: tuple[ItemChange, ...] = ()
    #: Shown items without a shown counterpart in a list that is not complete: neither new nor dropped.
    unmatched_previous: tuple[ItemChange, ...] = ()
    unmatched_current: tuple[ItemChange, ...] = ()

    @property
    def reworded(self) -> tuple[ItemChange, ...]:
        """The continued items raised in other words."""
        return tuple(c for c in self.continued if c.status is ItemStatus.REWORDED)

    @property
    def out_of(self) -> int | None:
        """The earlier edition's count for "3 of 5 raised again": only for a compared, complete list."""
        return self.previous_count if self.compared and self.complete else None


@frozen(kw_only=True)
class StatisticChange:
    """The same metric and form in both editions: both figures, each with its data year."""

    previous: Statistic
    current: Statistic
    #: ``current − previous``, only when both are plain numbers (never for qualified figures).
    difference: int | None

    @property
    def metric(self) -> str:
        return self.current.metric

    @property
    def form(self) -> Form:
        return self.current.form


@frozen(kw_only=True)
class StatisticsChanges:
    """The statistics across the two editions, paired by metric and form."""

    compared: bool
    complete: bool
    pairs: tuple[StatisticChange, ...] = ()
    #: Metrics given in one edition only (complete lists only).
    only_previous: tuple[Statistic, ...] = ()
    only_current: tuple[Statistic, ...] = ()


@frozen(kw_only=True)
class TierChange:
    """The tier of each edition and the movement across the gap between them."""

    previous: TierPlacement
    current: TierPlacement
    #: UPGRADED, DOWNGRADED, REMAINED (the same tier), or NOT_RANKED (a Special Case on either side).
    movement: Movement
    #: The placements in between, as the later edition's tier history gives them.
    between: tuple[TierPlacement, ...] = ()
    #: Lists apart from the tiers (state-sponsored trafficking, CSPA) the later edition names the country on
    #: and the earlier did not, and the other way round.
    designations_added: tuple[Designation, ...] = ()
    designations_removed: tuple[Designation, ...] = ()

    @property
    def years_apart(self) -> int:
        return self.current.year - self.previous.year

    @property
    def between_known(self) -> bool:
        """Every year in between has a placement in the later edition's history."""
        return len(self.between) == self.years_apart - 1


@frozen(kw_only=True)
class Changes:
    """What changed between two editions of one country's assessment, as one audience may see it."""

    country: Country
    #: The two assessments as the audience sees them.
    previous: TIPAssessment
    current: TIPAssessment
    tier: TierChange
    progress: ListChanges
    concerns: ListChanges
    recommendations: ListChanges
    statistics: StatisticsChanges
    audience: Marking
    #: What each edition's filtering left out (counts only, never text).
    previous_withheld: Withheld
    current_withheld: Withheld
    #: Each edition's document marking (TLP:CLEAR for a bare assessment): its tier and unmarked items carry it.
    previous_marking: Marking = Marking.CLEAR
    current_marking: Marking = Marking.CLEAR

    @property
    def previous_year(self) -> int:
        return self.previous.report_year

    @property
    def current_year(self) -> int:
        return self.current.report_year

    @property
    def years_apart(self) -> int:
        return self.current_year - self.previous_year

    @property
    def marking(self) -> Marking:
        """The highest marking of what the comparison shows of either edition: its banner."""
        shown = [self.previous_marking, self.current_marking]
        for item in self.items:
            if item.marking is not None:
                shown.append(item.marking)
        return max(shown)

    @property
    def items(self) -> tuple[Finding | Recommendation | Statistic, ...]:
        """Every item of either edition the comparison shows (each once)."""
        found: list[Finding | Recommendation | Statistic] = []
        for lst in self.lists:
            for change in (*lst.continued, *lst.new, *lst.no_longer_mentioned, *lst.unmatched_previous, *lst.unmatched_current):
                found.extend(item for item in (change.previous, change.current) if item is not None)
        for pair in self.statistics.pairs:
            found.extend((pair.previous, pair.current))
        found.extend((*self.statistics.only_previous, *self.statistics.only_current))
        return tuple(found)

    @property
    def lists(self) -> tuple[ListChanges, ...]:
        return (self.progress, self.concerns, self.recommendations)


# -- the two sides ---------------------------------------------------------------------------------


@frozen(kw_only=True)
class _Side:
    """One edition: its assessment in full and as shown, and the texts matched on."""

    #: Where the assessment is, for error messages: "previous.assessment" (a briefing) or "previous" (an assessment).
    path: str
    full: TIPAssessment
    shown: TIPAssessment
    #: The shown assessment in each language a briefing has it in; empty for a bare assessment (language unknown).
    languages: Mapping[str, TIPAssessment]
    document_marking: Marking
    withheld: Withheld

    def texts(self, language: str) -> TIPAssessment:
        """The shown assessment in ``language`` (a bare assessment: as it is)."""
        return self.languages.get(language, self.shown)


def _side(name: str, value: object, audience: Marking) -> _Side:
    if isinstance(value, Briefing):
        if value.assessment is None:
            raise InputError.single(f"{name}.assessment", "the briefing has no TIP assessment to compare")
        shown, withheld = for_audience(value, audience)
        assert shown.assessment is not None
        languages = {shown.language: shown.assessment}
        if shown.translation is not None and shown.translation.assessment is not None:
            languages[shown.translation.language] = shown.translation.assessment
        return _Side(
            path=f"{name}.assessment", full=value.assessment, shown=shown.assessment,
            languages=languages, document_marking=value.marking, withheld=withheld,
        )  # fmt: skip
    if isinstance(value, TIPAssessment):
        shown_assessment, withheld = _assessment_for_audience(value, audience)
        return _Side(
            path=name, full=value, shown=shown_assessment, languages={},
            document_marking=Marking.CLEAR, withheld=withheld,
        )  # fmt: skip
    raise InputError.single(name, f"expected a briefing or a TIP assessment, got {type(value).__name__}")


def _assessment_for_audience(assessment: TIPAssessment, audience: Marking) -> tuple[TIPAssessment, Withheld]:
    """A bare assessment as ``audience`` may see it (unmarked items are TLP:CLEAR); sources are not resolved here."""
    counts: dict[str, int] = {}
    seen = [Marking.CLEAR]

    def keep(section: str, items: tuple[Any, ...]) -> tuple[Any, ...]:
        out = []
        for item in items:
            level = item.marking or Marking.CLEAR
            if level <= audience:
                out.append(item)
                seen.append(level)
            else:
                counts[section] = counts.get(section, 0) + 1
        return tuple(out)

    shown = attrs.evolve(
        assessment,
        progress=keep("progress", assessment.progress),
        concerns=keep("concerns", assessment.concerns),
        recommendations=keep("TIP recommendations", assessment.recommendations),
        statistics=keep("statistics", assessment.statistics),
    )
    return shown, Withheld(audience=audience, marking=max(seen), counts=counts)


# -- compare ---------------------------------------------------------------------------------------


def compare(
    previous: Briefing | TIPAssessment,
    current: Briefing | TIPAssessment,
    *,
    audience: Marking | str | None = None,
) -> Changes:
    """
    What changed from ``previous`` to ``current``: two briefings or assessments of one country.

    Both are filtered for ``audience`` first (default: the higher of the two
    documents' markings; a bare assessment's unmarked items are TLP:CLEAR), so
    nothing withheld from either year appears in, decides or is counted in the
    result (see the module's documentation for the rule). Raises
    :class:`~tipreports.errors.InputError` when the two are not the same
    country, when ``previous`` is not the earlier edition, when either
    briefing has no assessment, when the later edition's tier history
    contradicts the earlier edition's tier, and when the two share no language
    to match their items in.
    """
    markings = (_document_marking(previous), _document_marking(current))
    aud = max(markings) if audience is None else Marking.parse(audience)
    for name, marking in zip(("previous", "current"), markings, strict=True):
        if aud < marking:
            raise InputError.single(
                "audience", f"{aud} is below the {name} briefing's marking {marking}; unmarked content carries {marking}"
            )
    before = _side("previous", previous, aud)
    after = _side("current", current, aud)
    _check_same_country(before, after)
    _check_order(before, after)
    language = _common_language(before, after)
    return Changes(
        country=after.shown.country,
        previous=before.shown,
        current=after.shown,
        tier=_tier_change(before, after),
        progress=_list_changes("progress", before, after, language),
        concerns=_list_changes("concerns", before, after, language),
        recommendations=_list_changes("recommendations", before, after, language),
        statistics=_statistics_changes(before, after),
        audience=aud,
        previous_withheld=before.withheld,
        current_withheld=after.withheld,
        previous_marking=before.document_marking,
        current_marking=after.document_marking,
    )


def _document_marking(value: object) -> Marking:
    # A bare assessment belongs to no document: its unmarked items count as TLP:CLEAR.
    return value.marking if isinstance(value, Briefing) else Marking.CLEAR


def _check_same_country(before: _Side, after: _Side) -> None:
    a, b = before.full.country, after.full.country
    # Codes when both give one, else names. A code on one side and only a name on the other cannot be
    # told apart here (the names by code are the wording layer's, which the model does not import).
    if a.iso3 is not None and b.iso3 is not None:
        same = a.iso3 == b.iso3
    elif a.name is not None and b.name is not None:
        same = _name_key(a.name) == _name_key(b.name)
    else:
        raise InputError.single(
            f"{after.path}.country",
            "cannot tell whether the two assessments are of the same country: one gives an iso3 code, "
            "the other only a name; give the iso3 code in both",
        )
    if same:
        return
    # A country's name carries its document's marking: named only when both are TLP:CLEAR.
    if before.document_marking is Marking.CLEAR and after.document_marking is Marking.CLEAR:
        names = f" ({_country_label(a)} and {_country_label(b)})"
    else:
        names = ""
    raise InputError.single(
        f"{after.path}.country",
        f"the two assessments are of different countries{names}; compare two editions of one country's assessment",
    )


def _name_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _country_label(country: Country) -> str:
    return country.iso3 or country.name or "?"


def _check_order(before: _Side, after: _Side) -> None:
    earlier, later = before.full.report_year, after.full.report_year
    if earlier == later:
        raise InputError.single(f"{after.path}.report_year", f"both assessments are of the {later} report; compare two editions")
    if earlier > later:
        raise InputError.single(
            f"{before.path}.report_year",
            f"the previous assessment ({earlier}) is later than the current one ({later}); pass the earlier edition first",
        )


def _common_language(before: _Side, after: _Side) -> str:
    if not before.languages or not after.languages:
        # A bare assessment's language is not known: match in the other side's first language.
        return next(iter(before.languages or after.languages), "")
    shared = [language for language in before.languages if language in after.languages]
    if not shared:
        have = ", ".join(repr(x) for x in before.languages) or "none"
        want = ", ".join(repr(x) for x in after.languages) or "none"
        raise InputError.single(
            "current.language",
            f"the two briefings share no language to match their items in (previous: {have}; current: {want}); "
            "give both in one language, or both bilingual",
        )
    # English when both have it: the similarity threshold was measured on English.
    return "en" if "en" in shared else shared[0]


# -- the tier -------------------------------------------------------------------------------------


def _placement(assessment: TIPAssessment) -> TierPlacement:
    placed = assessment.history.get(assessment.report_year)
    assert placed is not None  # history always holds the report year
    return placed


def _tier_change(before: _Side, after: _Side) -> TierChange:
    earlier, later = _placement(before.full), _placement(after.full)
    recorded = after.full.history.get(earlier.year)
    if recorded is not None and recorded.tier is not earlier.tier:
        raise InputError.single(
            f"{after.path}.tier_history",
            f"places {earlier.year} on {recorded.tier}, but the {earlier.year} assessment says {earlier.tier}",
        )
    between = tuple(p for p in after.full.history.placements if earlier.year < p.year < later.year)
    before_listed, after_listed = before.full.listed, after.full.listed
    return TierChange(
        previous=earlier,
        current=later,
        movement=_movement(earlier.tier, later.tier),
        between=between,
        designations_added=tuple(d for d in after_listed if d not in before_listed),
        designations_removed=tuple(d for d in before_listed if d not in after_listed),
    )


def _movement(earlier: Tier, later: Tier) -> Movement:
    if earlier.rank is None or later.rank is None:
        return Movement.NOT_RANKED
    if later.rank < earlier.rank:
        return Movement.UPGRADED
    if later.rank > earlier.rank:
        return Movement.DOWNGRADED
    return Movement.REMAINED


# -- the lists ------------------------------------------------------------------------------------


def _list_changes(name: str, before: _Side, after: _Side, language: str) -> ListChanges:
    shown_before: tuple[Item, ...] = getattr(before.shown, name)
    shown_after: tuple[Item, ...] = getattr(after.shown, name)
    nothing_withheld = len(getattr(before.full, name)) == len(shown_before) and len(getattr(after.full, name)) == len(shown_after)
    partial = name == "recommendations" and (_quotes_part(before.full) or _quotes_part(after.full))
    compared = bool(shown_before) and bool(shown_after)
    result = ListChanges(
        name=name, previous_count=len(shown_before), current_count=len(shown_after), compared=compared,
        complete=nothing_withheld and not partial, partial=partial,
    )  # fmt: skip
    if not compared:
        return result
    # Ids come from the shown lists; texts from the language both editions have (same positions).
    texts_before: tuple[Item, ...] = getattr(before.texts(language), name)
    texts_after: tuple[Item, ...] = getattr(after.texts(language), name)
    pairs = match(
        [(item.id, text.text) for item, text in zip(shown_before, texts_before, strict=True)],
        [(item.id, text.text) for item, text in zip(shown_after, texts_after, strict=True)],
    )
    continued = tuple(_continued(pair, shown_before, shown_after, texts_before, texts_after) for pair in pairs)
    paired_before = {p.previous for p in pairs}
    paired_after = {p.current for p in pairs}
    only_before = [i for i in range(len(shown_before)) if i not in paired_before]
    only_after = [j for j in range(len(shown_after)) if j not in paired_after]

    def one(status: ItemStatus, *, i: int | None = None, j: int | None = None) -> ItemChange:
        return ItemChange(
            status=status,
            previous=None if i is None else shown_before[i],
            current=None if j is None else shown_after[j],
            previous_index=i,
            current_index=j,
        )

    if result.complete:
        return attrs.evolve(
            result,
            continued=continued,
            new=tuple(one(ItemStatus.NEW, j=j) for j in only_after),
            no_longer_mentioned=tuple(one(ItemStatus.NO_LONGER_MENTIONED, i=i) for i in only_before),
        )
    return attrs.evolve(
        result,
        continued=continued,
        unmatched_previous=tuple(one(ItemStatus.UNMATCHED, i=i) for i in only_before),
        unmatched_current=tuple(one(ItemStatus.UNMATCHED, j=j) for j in only_after),
    )


def _quotes_part(assessment: TIPAssessment) -> bool:
    """The briefing says the report gives more prioritized recommendations than it quotes."""
    total = assessment.recommendations_total
    return total is not None and total > len(assessment.recommendations)


def _continued(
    pair: Pair, before: Sequence[Item], after: Sequence[Item], texts_before: Sequence[Item], texts_after: Sequence[Item]
) -> ItemChange:
    same = same_words(texts_before[pair.previous].text, texts_after[pair.current].text)
    return ItemChange(
        status=ItemStatus.SAME if same else ItemStatus.REWORDED,
        previous=before[pair.previous],
        current=after[pair.current],
        previous_index=pair.previous,
        current_index=pair.current,
        matched_by=pair.by,
        similarity=pair.score,
    )


# -- the statistics -------------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")


def _metric_key(statistic: Statistic) -> tuple[str, Form]:
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", statistic.metric).casefold()).strip(), statistic.form


def _plain_number(statistic: Statistic) -> int | None:
    """
    The value when it is a plain number that can be subtracted.

    Not a figure as text ("at least 3,000"), not "did not report", not a part
    of a larger figure ("1,200 of 4,000 potential victims"), not one with a caveat.
    """
    if isinstance(statistic.value, int) and statistic.of is None and not statistic.caveat:
        return statistic.value
    return None


def _statistics_changes(before: _Side, after: _Side) -> StatisticsChanges:
    shown_before, shown_after = before.shown.statistics, after.shown.statistics
    complete = len(before.full.statistics) == len(shown_before) and len(after.full.statistics) == len(shown_after)
    compared = bool(shown_before) and bool(shown_after)
    if not compared:
        return StatisticsChanges(compared=False, complete=complete)
    # The same metric and form may be given for several data years: pair the latest with the latest.
    def grouped(stats: tuple[Statistic, ...]) -> dict[tuple[str, Form], list[int]]:
        groups: dict[tuple[str, Form], list[int]] = {}
        for index, stat in enumerate(stats):
            groups.setdefault(_metric_key(stat), []).append(index)
        # A data year sorts before a period (free text, not ordered); later years first.
        return {key: sorted(indices, key=lambda i: (-(stats[i].data_year or 0), i)) for key, indices in groups.items()}

    groups_before = grouped(shown_before)
    paired: list[tuple[int, int]] = []
    for key, later in grouped(shown_after).items():
        paired.extend(zip(groups_before.get(key, []), later, strict=False))
    paired.sort(key=lambda p: p[1])
    pairs = tuple(_statistic_change(shown_before[i], shown_after[j]) for i, j in paired)
    if not complete:
        return StatisticsChanges(compared=True, complete=False, pairs=pairs)
    used_before = {i for i, _ in paired}
    used_after = {j for _, j in paired}
    return StatisticsChanges(
        compared=True,
        complete=True,
        pairs=pairs,
        only_previous=tuple(stat for i, stat in enumerate(shown_before) if i not in used_before),
        only_current=tuple(stat for j, stat in enumerate(shown_after) if j not in used_after),
    )


def _statistic_change(earlier: Statistic, later: Statistic) -> StatisticChange:
    a, b = _plain_number(earlier), _plain_number(later)
    return StatisticChange(previous=earlier, current=later, difference=None if a is None or b is None else b - a)
