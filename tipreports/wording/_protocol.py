"""
What a phrasebook says: every word a reader sees, in one language.

Templates call it as ``say`` (``{{ say.tier_sentence(assessment) }}``), compose
for the chart, the alt text, the metadata and the page furniture, the notebook
previews for their cards, the command line for history warnings. Every method
takes model objects (facts) and returns plain text: the template escapes it,
so a phrasebook never writes markup.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Sequence
from typing import Literal, Protocol

from ..model import (
    Briefing,
    Changes,
    Count,
    Country,
    Designation,
    Event,
    Form,
    HistoryWarning,
    ListChanges,
    Panel,
    Purpose,
    Statistic,
    StatisticChange,
    Tier,
    TierHistory,
    TierMove,
    TierPlacement,
    TIPAssessment,
    Withheld,
)

__all__ = ["LABELS", "Label", "Phrasebook"]

#: The fixed labels: headings, key-fact labels, table headers. Every phrasebook has every one.
Label = Literal[
    "to",
    "from",
    "date",
    "purpose",
    "subject",
    "contact",
    "focus",
    "key_messages",
    "background",
    "panel_perspective",
    "the_panel",
    "strengths",
    "challenges",
    "panel_recommendations",
    "progress",
    "concerns",
    "progress_recognised",
    "concerns_noted",
    "statistics",
    "considerations",
    "sources",
    "measure",
    "form",
    "value",
    "compared_with",
    "history_notes",
    "placements_by_period",
    "what_the_tiers_mean",
    "figure_notes",
    "location",
    "convenor",
    "collaborators",
    "supporters",
    "participants",
    "recommendations",
    "co_presenters",
    "representatives_from",
    "prosecution",
    "protection",
    "prevention",
    "what_this_means",
]

LABELS: tuple[Label, ...] = typing.get_args(Label)


class Phrasebook(Protocol):
    """Every word a reader sees, in one language. ``language`` is its code (``en``, ``th``)."""

    @property
    def language(self) -> str: ...

    @property
    def page_numbers(self) -> str:
        """Page furniture with ``{page}`` and ``{pages}`` where the numbers go: ``Page {page} of {pages}``."""
        ...

    # -- fixed words, numbers, dates, lists --------------------------------------------------------

    def label(self, key: Label) -> str:
        """A fixed label: ``label("key_messages")`` is ``Key messages``."""
        ...

    def year(self, year: int) -> str:
        """A report or calendar year as written: ``2025`` (Thai: ``2568``, Buddhist Era)."""
        ...

    def years(self, first: int, last: int) -> str:
        """A span of years: ``2001–2025`` (Thai: ``พ.ศ. 2544–2568``)."""
        ...

    def date(self, value: dt.date) -> str:
        """``29 September 2025``."""
        ...

    def dates(self, start: dt.date, end: dt.date | None = None) -> str:
        """One day or several: ``22–23 September 2025``, ``30 September – 1 October 2025``."""
        ...

    def count(self, count: Count | str) -> str:
        """``more than 170``; words stay as given."""
        ...

    def join(self, items: Sequence[str]) -> str:
        """``A, B and C``."""
        ...

    # -- names ---------------------------------------------------------------------------------

    def country(self, country: Country) -> str:
        """The country in running text, mid-sentence: ``the Philippines``."""
        ...

    def country_start(self, country: Country) -> str:
        """The country at the start of a sentence or a label: ``The Philippines``."""
        ...

    def possessive(self, country: Country) -> str:
        """``the Philippines'``, ``Thailand's``."""
        ...

    def government(self, country: Country) -> str:
        """``the Government of the Philippines``."""
        ...

    def tier(self, tier: Tier) -> str:
        """The tier's name: ``Tier 2 Watch List``."""
        ...

    def tier_short(self, tier: Tier) -> str:
        """The tier's name on the chart's axis: ``Watch List``."""
        ...

    def form(self, form: Form) -> str:
        """The form of trafficking a statistic counts."""
        ...

    def purpose(self, purpose: Purpose) -> str:
        """``For information``."""
        ...

    def designation(self, designation: Designation) -> str:
        """A list apart from the tiers, as a short label: ``state-sponsored trafficking``."""
        ...

    # -- the assessment --------------------------------------------------------------------------

    def badge(self, assessment: TIPAssessment) -> str:
        """``Tier 2 — remained, 4th consecutive year``."""
        ...

    def tier_sentence(self, assessment: TIPAssessment) -> str:
        """``Thailand remained on Tier 2 for the fourth consecutive year.``"""
        ...

    def badge_tier(self, assessment: TIPAssessment) -> str:
        """The tier as the badge sets it large: ``TIER 2``."""
        ...

    def badge_movement(self, assessment: TIPAssessment) -> str:
        """
        The movement against last year, led by its symbol: ``■ Remained, 4th consecutive year``.

        ``▲`` up, ``▼`` down, ``■`` kept; empty when the movement is unknown. The
        symbol says it without colour; a writer whose font lacks it draws it.
        """
        ...

    def placement_sentence(self, history: TierHistory, year: int, country: Country) -> str:
        """The tier sentence of any year of a history."""
        ...

    def standard_sentence(self, assessment: TIPAssessment) -> str:
        """The TVPA minimum-standards sentence for the tier (empty for a Special Case)."""
        ...

    def designation_sentences(self, assessment: TIPAssessment) -> tuple[str, ...]:
        """One sentence per list the report year names the government on."""
        ...

    def released(self, assessment: TIPAssessment) -> str:
        """``The report was released on 29 September 2025.`` (empty without a release date)."""
        ...

    def assessment_heading(self, assessment: TIPAssessment) -> str:
        """``The 2025 TIP Report: Thailand``."""
        ...

    def assessment_column(self, assessment: TIPAssessment) -> str:
        """The one-pager's column heading: ``The 2025 TIP Report's assessment``."""
        ...

    def assessment_card(self, assessment: TIPAssessment) -> str:
        """The notebook card's title: ``Thailand: Tier 2 in the 2025 TIP Report``."""
        ...

    def recommendations_heading(self, assessment: TIPAssessment) -> str:
        """A heading that claims no more than the input: ``2 of the report's 16 prioritized recommendations``."""
        ...

    def history_note(self, placement: TierPlacement) -> str:
        """A note on one year of the history: ``2012: waiver likely (not confirmed)``."""
        ...

    def history_columns(self) -> tuple[str, str, str, str]:
        """The heads of the placements table: years, placement, reports, notes."""
        ...

    def history_rows(self, history: TierHistory) -> tuple[tuple[str, str, str, str], ...]:
        """The placements by period, latest first: ``("2022–2025", "Tier 3", "4", "")``; a missing stretch says so."""
        ...

    def tier_definition(self, tier: Tier) -> str:
        """What a tier means under the TVPA, in a sentence without a subject (``Fully meets the minimum standards…``)."""
        ...

    def history_notes(self, assessment: TIPAssessment) -> tuple[str, ...]:
        """The note's list under the chart: the years the input does not give, each year's note, then where the history and the rules disagree (in a year without a note of its own)."""
        ...

    def history_rule_note(self, warning: HistoryWarning) -> str:
        """For the reader, in the document's language: where the history and the automatic-downgrade rule disagree."""
        ...

    def missing_years(self, history: TierHistory) -> str:
        """The years inside the history that the input does not give (empty when none)."""
        ...

    def subject(self, briefing: Briefing) -> str:
        """The briefing note's subject line."""
        ...

    # -- statistics ------------------------------------------------------------------------------

    def statistics_when(self, statistics: Sequence[Statistic]) -> str:
        """The header of the column saying when: ``Data year``, ``Period`` or both."""
        ...

    def statistic_when(self, statistic: Statistic) -> str:
        """``2024`` or ``April 2023 – March 2024``."""
        ...

    def statistic_value(self, statistic: Statistic) -> str:
        """``1,200 of 4,000 potential victims``, ``at least 3,000``, ``did not report``."""
        ...

    def statistic_comparison(self, statistic: Statistic) -> str:
        """``231 (2020)``, or a dash without a comparison."""
        ...

    def statistic_caveat(self, statistic: Statistic) -> str:
        """A note on a figure: ``Victims identified (2024): may include non-trafficking crimes.``"""
        ...

    # -- the event and the panel -------------------------------------------------------------------

    def event_paragraph(self, event: Event) -> str:
        """Who convened the event, when and where it was held, who came."""
        ...

    def event_attendance(self, event: Event) -> str:
        """``more than 170 participants from more than 50 agencies`` (empty when not given)."""
        ...

    def panel_sentence(self, panel: Panel) -> str:
        """The panel's title, who presented it, who took part, under which rule."""
        ...

    def panel_credit(self, panel: Panel, event: Event | None) -> str:
        """Who presented the panel, and where: ``Co-presented by Freedom Collaborative at TIPNET 2025 (…).`` (empty when neither is given)."""
        ...

    # -- the figure -----------------------------------------------------------------------------

    def chart_caption(self, assessment: TIPAssessment, *, with_country: bool = True) -> str:
        """``Thailand's tier placement in the TIP Report, 2001–2025``."""
        ...

    def chart_heading(self, assessment: TIPAssessment) -> str:
        """The heading over the chart: ``Tier placement, 2001–2025``."""
        ...

    def chart_alt(self, assessment: TIPAssessment) -> str:
        """The chart's alt text, generated from the data, naming the moves the chart labels."""
        ...

    def chart_move(self, move: TierMove) -> str:
        """A short label the chart sets by the dot of one of the story's moves: ``Down to Tier 3``."""
        ...

    def chart_waiver(self) -> str:
        """The chart legend's entry for a waiver year."""
        ...

    # -- the document as a whole -----------------------------------------------------------------

    def product(self, product: str) -> str:
        """``briefing note``, ``one-pager``."""
        ...

    def metadata_subject(self, briefing: Briefing, product: str) -> str:
        """The file's subject property."""
        ...

    def metadata_keywords(self, briefing: Briefing) -> tuple[str, ...]:
        """The file's keywords."""
        ...

    def preview_footer(self, product: str, withheld: Withheld) -> str:
        """Under a notebook preview: which product, and what was withheld (counts only)."""
        ...

    def part_preview_footer(self, restricted: int) -> str:
        """Under a notebook preview of a part (assessment, panel, event), which shows every item: how many are marked above TLP:CLEAR."""
        ...

    def page_alt(self, number: int, pages: int, product: str, title: str) -> str:
        """Alt text of one page image in a notebook page preview."""
        ...

    def dataset_title(self, country: Country, year: int) -> str:
        """The title of a one-pager made from a tier dataset: ``Thailand: the 2015 TIP Report tier placement``."""
        ...

    def dataset_subtitle(self, first: int, last: int) -> str:
        """Its subtitle: ``Tier placements 2001–2015``."""
        ...

    def history_warning(self, warning: HistoryWarning) -> str:
        """Where a history contradicts the automatic-downgrade rule."""
        ...

    # -- what changed since an earlier edition (tipreports.model.Changes) ----------------------------

    def changes_heading(self, changes: Changes) -> str:
        """The note's section: ``Since the 2024 report``."""
        ...

    def changes_title(self, changes: Changes) -> str:
        """The comparison's title: ``Thailand: the 2024 and 2025 TIP Reports compared``."""
        ...

    def changes_subtitle(self, changes: Changes) -> str:
        """The comparison's subtitle: what it compares."""
        ...

    def changes_tier_badge(self, changes: Changes) -> str:
        """``Tier 2 in 2024 and 2025: unchanged``, ``upgraded from Tier 3 (2015) to Tier 2 Watch List (2016)``."""
        ...

    def changes_tier_sentence(self, changes: Changes) -> str:
        """The tier across the gap, and the placements in between when there is a gap."""
        ...

    def changes_designations(self, changes: Changes) -> tuple[str, ...]:
        """One sentence per list (state-sponsored trafficking, CSPA) the country joined or left."""
        ...

    def changes_badge_line(self, changes: Changes) -> str:
        """The one-pager's line under its badge: ``Since 2024: tier unchanged; 1 of the 2024 briefing's 2 concerns raised again``."""
        ...

    def changes_list_heading(self, changes: ListChanges) -> str:
        """``Progress``, ``Concerns``, ``Prioritized recommendations``."""
        ...

    def changes_list_summary(self, changes: ListChanges, whole: Changes) -> str:
        """The list in counts, about the two briefings (each quotes a selection of its report); never an "n of N", "new" or "not in" the facts do not allow."""
        ...

    def changes_raised_again(self, changes: Changes) -> str:
        """``Raised again``."""
        ...

    def changes_new(self, changes: Changes) -> str:
        """``New in the 2025 briefing``: not in the earlier briefing (which may not quote its whole report)."""
        ...

    def changes_no_longer_mentioned(self, changes: Changes) -> str:
        """``Not in the 2025 briefing``: in the earlier briefing only (the later report may still say it)."""
        ...

    def changes_others(self, year: int) -> str:
        """Items of an incomplete list without a shown counterpart: ``Others in the 2024 briefing``."""
        ...

    def changes_earlier_wording(self, changes: Changes) -> str:
        """Before an item's earlier wording: ``In 2024:``."""
        ...

    def changes_statistics_columns(self, changes: Changes) -> tuple[str, str, str, str, str]:
        """The statistics table's header: measure, form, the two reports, the change."""
        ...

    def changes_figure(self, statistic: Statistic) -> str:
        """A figure with when it counts: ``120 (2023)``, ``at least 3,000 (April 2023 – March 2024)``."""
        ...

    def changes_difference(self, pair: StatisticChange) -> str:
        """``+3``, ``−183``; a dash when either figure is not a plain number."""
        ...

    def changes_statistics_note(self, changes: Changes) -> str:
        """Under the table: what is compared and what is not subtracted."""
        ...

    def changes_only_in(self, year: int) -> str:
        """A statistic one briefing gives: ``Only in the 2024 briefing``."""
        ...

    def changes_metadata_subject(self, changes: Changes) -> str:
        """The comparison file's subject property."""
        ...

    def changes_metadata_keywords(self, changes: Changes) -> tuple[str, ...]:
        """The comparison file's keywords."""
        ...
