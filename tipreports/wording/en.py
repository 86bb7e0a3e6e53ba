"""
English: the TIP Report's own wording where it has one.

Tier names, the movement sentences ("remained on Tier 2 for the fourth
consecutive year"), the TVPA minimum-standards sentence per tier and the
waiver formula follow the country narratives; country names, articles and
possessives come from the bundled table (``countries.csv``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from ..model import (
    Briefing,
    Changes,
    Count,
    Country,
    Designation,
    Event,
    EventKind,
    Form,
    HistoryWarning,
    ListChanges,
    Movement,
    Panel,
    Purpose,
    Statistic,
    StatisticChange,
    Streak,
    Tier,
    TierHistory,
    TierMove,
    TierPeriod,
    TierPlacement,
    TIPAssessment,
    WarningKind,
    Withheld,
)
from ..model.tier import AUTOMATIC_DOWNGRADE_FROM, FIRST_REPORT_YEAR
from ._names import english_names, movement_symbol, spans, story
from ._organisations import english_organisation
from ._protocol import Label

__all__ = ["English", "ordinal"]

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
_ORDINALS = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"]
_NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def ordinal(n: int, *, words: bool = True) -> str:
    """``4`` → ``"fourth"`` (or ``"4th"`` with ``words=False``, and above twenty)."""
    if words and 0 < n < len(_ORDINALS):
        return _ORDINALS[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _number(n: int) -> str:
    return _NUMBERS[n] if 0 <= n < len(_NUMBERS) else str(n)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _figure(value: int | str) -> str:
    return f"{value:,}" if isinstance(value, int) else value


_LABELS: Mapping[Label, str] = {
    "to": "To",
    "from": "From",
    "date": "Date",
    "purpose": "Purpose",
    "subject": "Subject",
    "contact": "Contact",
    "focus": "Focus",
    "key_messages": "Key messages",
    "background": "Background",
    "panel_perspective": "The panel's perspective",
    "the_panel": "The panel",
    "strengths": "Strengths",
    "challenges": "Challenges",
    "panel_recommendations": "The panel's recommendations",
    "progress": "Progress",
    "concerns": "Concerns",
    "progress_recognised": "Progress the report recognises",
    "concerns_noted": "Concerns the report notes",
    "statistics": "Statistics",
    "considerations": "Considerations",
    "sources": "Sources",
    "measure": "Measure",
    "form": "Form",
    "value": "Value",
    "compared_with": "Compared with",
    "history_notes": "Notes on the tier history",
    "placements_by_period": "Placements by period",
    "what_the_tiers_mean": "What the tiers mean",
    "figure_notes": "Notes on the figures",
    "location": "Location",
    "convenor": "Convenor",
    "collaborators": "Collaborators",
    "supporters": "Supporters",
    "participants": "Participants",
    "recommendations": "Recommendations",
    "co_presenters": "Co-presented by",
    "representatives_from": "With representatives from",
    "prosecution": "Prosecution",
    "protection": "Protection",
    "prevention": "Prevention",
    "what_this_means": "What this means",
}

_TIER_SHORT = {
    Tier.TIER_1: "Tier 1",
    Tier.TIER_2: "Tier 2",
    Tier.TIER_2_WATCH_LIST: "Watch List",
    Tier.TIER_3: "Tier 3",
    Tier.SPECIAL_CASE: "Special Case",
}

_FORMS = {Form.SEX: "sex", Form.LABOUR: "labour", Form.FORCED_CRIMINALITY: "forced criminality", Form.UNSPECIFIED: "unspecified"}

_DESIGNATIONS = {
    Designation.STATE_SPONSORED_TRAFFICKING: "state-sponsored trafficking",
    Designation.CHILD_SOLDIERS_PREVENTION_ACT: "Child Soldiers Prevention Act list",
}

_PRODUCTS = {"briefing-note": "briefing note", "one-pager": "one-pager", "comparison": "comparison"}

#: What the report's lists are, as a sentence names them.
_LISTED = {
    Designation.STATE_SPONSORED_TRAFFICKING: (
        "among governments with a documented \u201cpolicy or pattern\u201d of human trafficking (state-sponsored trafficking)"
    ),
    Designation.CHILD_SOLDIERS_PREVENTION_ACT: "on its Child Soldiers Prevention Act (CSPA) list",
}

_WAIVER = "under a waiver of the otherwise required downgrade to Tier 3"

#: The lists a comparison compares: its headings, and the nouns its counts use (singular, plural).
_CHANGES_HEADINGS = {"progress": "Progress", "concerns": "Concerns", "recommendations": "Prioritized recommendations"}
_ITEM_NOUNS = {
    "progress": ("progress item", "progress items"),
    "concerns": ("concern", "concerns"),
    "recommendations": ("prioritized recommendation", "prioritized recommendations"),
}


def _item_noun(name: str, n: int) -> str:
    singular, plural = _ITEM_NOUNS[name]
    return singular if n == 1 else plural


def difference(pair: StatisticChange) -> str:
    """``+3``, ``−183`` (a minus sign, not a hyphen), ``0``; a dash when the figures are not subtracted."""
    if pair.difference is None:
        return "—"
    return "0" if pair.difference == 0 else f"{pair.difference:+,}".replace("-", "\u2212")


_difference = difference


class English:
    """The English phrasebook."""

    language = "en"
    page_numbers = "Page {page} of {pages}"

    # -- fixed words, numbers, dates, lists --------------------------------------------------------

    def label(self, key: Label) -> str:
        return _LABELS[key]

    def year(self, year: int) -> str:
        return str(year)

    def years(self, first: int, last: int) -> str:
        return str(first) if first == last else f"{first}–{last}"

    def date(self, value: dt.date) -> str:
        return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"

    def dates(self, start: dt.date, end: dt.date | None = None) -> str:
        if end is None or end == start:
            return self.date(start)
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{end.day} {_MONTHS[end.month - 1]} {end.year}"
        if start.year == end.year:
            return f"{start.day} {_MONTHS[start.month - 1]} – {self.date(end)}"
        return f"{self.date(start)} – {self.date(end)}"

    def count(self, count: Count | str) -> str:
        return str(count)

    def join(self, items: Sequence[str]) -> str:
        items = list(items)
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + " and " + items[-1]

    # -- names ---------------------------------------------------------------------------------

    def country(self, country: Country) -> str:
        names = english_names(country)
        return f"{names.article} {names.name}" if names.article else names.name

    def country_start(self, country: Country) -> str:
        return _capitalise(self.country(country))

    def possessive(self, country: Country) -> str:
        return english_names(country).possessive

    def government(self, country: Country) -> str:
        return f"the Government of {self.country(country)}"

    def tier(self, tier: Tier) -> str:
        return tier.value

    def tier_short(self, tier: Tier) -> str:
        return _TIER_SHORT[tier]

    def form(self, form: Form) -> str:
        return _FORMS[form]

    def purpose(self, purpose: Purpose) -> str:
        return "For information" if purpose is Purpose.INFORMATION else "For decision"

    def designation(self, designation: Designation) -> str:
        return _DESIGNATIONS[designation]

    def kind(self, kind: EventKind | None) -> str:
        """What the event is called: ``conference``; ``event`` when the input does not say."""
        return "event" if kind is None else kind.value

    # -- the assessment --------------------------------------------------------------------------

    def _on(self, tier: Tier) -> str:
        if tier is Tier.TIER_2_WATCH_LIST:
            return "on the Tier 2 Watch List"
        if tier is Tier.SPECIAL_CASE:
            return "as a Special Case"
        return f"on {tier.value}"

    def _for_year(self, streak: Streak) -> str:
        at_least = "at least " if streak.at_least else ""
        return f"for {at_least}the {ordinal(streak.years)} consecutive year"

    def _missing(self, history: TierHistory, year: int) -> str:
        """``no placement for 2023 in the input``, and the latest placement before the gap, if any."""
        earlier = history.earlier(year)
        first_missing = earlier.year + 1 if earlier is not None else year - 1
        text = f"no placement for {self.years(first_missing, year - 1)} in the input"
        if earlier is not None:
            text += f"; {self.tier(earlier.tier)} in {earlier.year}"
        return text

    def _predicate(self, history: TierHistory, year: int) -> str:
        """The movement of ``year`` as a predicate: ``remained on Tier 2 for the fourth consecutive year``."""
        current = history.get(year)
        assert current is not None
        move = history.movement(year)
        before = history.get(year - 1)
        on = self._on(current.tier)
        match move:
            case Movement.REMAINED:
                text = f"remained {on} {self._for_year(history.streak(year))}"
            case Movement.UPGRADED | Movement.DOWNGRADED:
                assert before is not None
                text = f"was {move.value} from {self.tier(before.tier)} to {self.tier(current.tier)}"
                if move is Movement.DOWNGRADED and current.tier is Tier.TIER_3:
                    streak = history.watch_list_streak(before.year)
                    if streak.years >= 2 and year >= AUTOMATIC_DOWNGRADE_FROM + 2:
                        at_least = "at least " if streak.at_least else ""
                        text += f" after {at_least}{_number(streak.years)} consecutive years on the Watch List"
            case Movement.FIRST_RANKED:
                if year == FIRST_REPORT_YEAR:
                    text = f"was placed {on} in the first TIP Report"
                else:
                    text = f"was placed {on}, its first placement in the TIP Report"
            case Movement.RETURNED:
                assert before is not None
                text = f"was placed {on} after being assessed as a Special Case in {before.year}"
            case Movement.NOT_RANKED:
                streak = history.streak(year)
                if streak.years > 1:
                    text = f"remained a Special Case {self._for_year(streak)}"
                else:
                    text = "was assessed as a Special Case"
            case Movement.PREVIOUS_MISSING:
                text = f"was placed {on} ({self._missing(history, year)})"
        if current.waiver:
            text += f", {_WAIVER}"
        return text

    def _movement_badge(self, history: TierHistory, year: int) -> str:
        current = history.get(year)
        assert current is not None
        move = history.movement(year)
        match move:
            case Movement.REMAINED:
                streak = history.streak(year)
                at_least = "at least " if streak.at_least else ""
                text = f"remained, {at_least}{ordinal(streak.years, words=False)} consecutive year"
            case Movement.UPGRADED | Movement.DOWNGRADED:
                before = history.get(year - 1)
                assert before is not None
                text = f"{move.value} from {self.tier(before.tier)}"
            case Movement.FIRST_RANKED:
                text = "first ranked"
            case Movement.RETURNED:
                text = "ranked again"
            case Movement.NOT_RANKED:
                text = "not ranked"
            case Movement.PREVIOUS_MISSING:
                # The movement is unknown: the badge claims none.
                text = ""
        if current.waiver:
            text = f"{text}, under a waiver" if text else "under a waiver"
        return text

    def badge(self, assessment: TIPAssessment) -> str:
        movement = self._movement_badge(assessment.history, assessment.report_year)
        tier = self.tier(assessment.tier)
        return f"{tier} — {movement}" if movement else tier

    def badge_tier(self, assessment: TIPAssessment) -> str:
        return self.tier(assessment.tier).upper()

    def badge_movement(self, assessment: TIPAssessment) -> str:
        text = self._movement_badge(assessment.history, assessment.report_year)
        symbol = movement_symbol(assessment)
        return f"{symbol} {_capitalise(text)}".strip() if text else ""

    def tier_sentence(self, assessment: TIPAssessment) -> str:
        return self.placement_sentence(assessment.history, assessment.report_year, assessment.country)

    def placement_sentence(self, history: TierHistory, year: int, country: Country) -> str:
        return f"{self.country_start(country)} {self._predicate(history, year)}."

    def standard_sentence(self, assessment: TIPAssessment) -> str:
        government = _capitalise(self.government(assessment.country))
        match assessment.tier:
            case Tier.TIER_1:
                return f"{government} fully meets the minimum standards for the elimination of trafficking."
            case Tier.TIER_2 | Tier.TIER_2_WATCH_LIST:
                sentence = (
                    f"{government} does not fully meet the minimum standards for the elimination of trafficking "
                    "but is making significant efforts to do so."
                )
                placed = assessment.history.get(assessment.report_year)
                if placed is not None and placed.waiver:
                    sentence += (
                        " The government has devoted sufficient resources to a written plan that, if implemented, "
                        "would constitute significant efforts to meet the minimum standards; "
                        f"{self.country(assessment.country)} was therefore granted a waiver of the otherwise "
                        "required downgrade to Tier 3."
                    )
                return sentence
            case Tier.TIER_3:
                return (
                    f"{government} does not fully meet the minimum standards and is not making significant efforts to do so."
                )
            case Tier.SPECIAL_CASE:
                return ""

    def designation_sentences(self, assessment: TIPAssessment) -> tuple[str, ...]:
        history = assessment.history
        sentences = []
        for designation in assessment.listed:
            first = ", for the first time," if history.first_listed(designation, assessment.report_year) else ""
            sentences.append(
                f"The {assessment.report_year} report also listed {self.government(assessment.country)}{first} "
                f"{_LISTED[designation]}."
            )
        return tuple(sentences)

    def released(self, assessment: TIPAssessment) -> str:
        if assessment.release_date is None:
            return ""
        return f"The report was released on {self.date(assessment.release_date)}."

    def assessment_heading(self, assessment: TIPAssessment) -> str:
        return f"The {assessment.report_year} TIP Report: {self.country_start(assessment.country)}"

    def assessment_column(self, assessment: TIPAssessment) -> str:
        return f"The {assessment.report_year} TIP Report's assessment"

    def assessment_card(self, assessment: TIPAssessment) -> str:
        return f"{self.country_start(assessment.country)}: {self.tier(assessment.tier)} in the {assessment.report_year} TIP Report"

    def recommendations_heading(self, assessment: TIPAssessment) -> str:
        if assessment.recommendations_complete:
            return "Prioritized recommendations"
        total = assessment.recommendations_total
        if total is not None:
            return f"{len(assessment.recommendations)} of the report's {total} prioritized recommendations"
        # How many the report gives is unknown: the heading does not claim the list is whole.
        return "From the report's prioritized recommendations"

    def history_note(self, placement: TierPlacement) -> str:
        return f"{self.year(placement.year)}: {placement.note}" if placement.note else ""

    def history_columns(self) -> tuple[str, str, str, str]:
        return ("Years", "Placement", "Reports", "Notes")

    def history_rows(self, history: TierHistory) -> tuple[tuple[str, str, str, str], ...]:
        return tuple(self._period_row(period) for period in history.periods())

    def _period_row(self, period: TierPeriod) -> tuple[str, str, str, str]:
        years = self.years(period.first, period.last)
        if period.tier is None:
            return (years, "\u2014", "", "not given in the sources")
        notes: list[str] = []
        if period.waivers:
            notes.append(("waiver in " if len(period.waivers) == 1 else "waivers in ") + self.join([self.year(y) for y in period.waivers]))
        notes += [f"{self.designation(d)}: " + self.join([self.years(a, b) for a, b in spans(listed)]) for d, listed in period.listed]
        # A tier's name is one word to the table: "Tier 2 Watch / List" is not broken while notes have room.
        return (years, self.tier(period.tier).replace(" ", "\u00a0"), str(period.reports), "; ".join(notes))

    def tier_definition(self, tier: Tier) -> str:
        return _TIER_DEFINITIONS[tier]

    def history_notes(self, assessment: TIPAssessment) -> tuple[str, ...]:
        history = assessment.history
        missing = self.missing_years(history)
        notes = tuple(self.history_note(p) for p in history.placements if p.note)
        # A year the input already explains keeps its own note: the rule's is said only where it is not.
        explained = {p.year for p in history.placements if p.note}
        rules = tuple(self.history_rule_note(w) for w in history.warnings if w.year not in explained)
        return ((missing,) if missing else ()) + notes + rules

    def history_rule_note(self, warning: HistoryWarning) -> str:
        match warning.kind:
            case WarningKind.NO_WAIVER:
                return (
                    f"{self.year(warning.year)}: a {ordinal(warning.streak)} consecutive year on the Tier 2 Watch List with no "
                    "waiver recorded in these sources; the automatic-downgrade rule allows one only under a waiver."
                )
            case WarningKind.WAIVER_LIMIT:
                return (
                    f"{self.year(warning.year)}: a waiver recorded for a {ordinal(warning.streak)} consecutive Watch List year, "
                    "though waivers are limited to two years."
                )

    def missing_years(self, history: TierHistory) -> str:
        missing = history.missing_years()
        if not missing:
            return ""
        return f"No placement is given for {self.join([self.years(a, b) for a, b in spans(missing)])}."

    def subject(self, briefing: Briefing) -> str:
        assessment = briefing.assessment
        if assessment is None:
            return ""
        text = f"{self.country_start(assessment.country)}, {assessment.report_year} Trafficking in Persons Report"
        return f"{text} and {briefing.event.name}" if briefing.event is not None else text

    # -- statistics ------------------------------------------------------------------------------

    def statistics_when(self, statistics: Sequence[Statistic]) -> str:
        years = any(s.data_year is not None for s in statistics)
        periods = any(s.period is not None for s in statistics)
        if years and periods:
            return "Data year or period"
        return "Period" if periods else "Data year"

    def statistic_when(self, statistic: Statistic) -> str:
        if statistic.period is not None:
            return statistic.period
        assert statistic.data_year is not None
        return self.year(statistic.data_year)

    def statistic_value(self, statistic: Statistic) -> str:
        if statistic.value is None:
            return "did not report"
        text = _figure(statistic.value)
        if statistic.of is not None:
            text += f" of {_figure(statistic.of)}"
            if statistic.of_label:
                text += f" {statistic.of_label}"
        return text

    def statistic_comparison(self, statistic: Statistic) -> str:
        comparison = statistic.comparison
        if comparison is None:
            return "—"
        if comparison.period is not None:
            when = comparison.period
        else:
            assert comparison.data_year is not None
            when = self.year(comparison.data_year)
        return f"{_figure(comparison.value)} ({when})"

    def statistic_caveat(self, statistic: Statistic) -> str:
        if not statistic.caveat:
            return ""
        return f"{_capitalise(statistic.metric)} ({self.statistic_when(statistic)}): {statistic.caveat}"

    # -- the event and the panel -------------------------------------------------------------------

    def event_paragraph(self, event: Event) -> str:
        sentences: list[str] = []
        kind = self.kind(event.kind)
        if event.convenor is not None:
            text = f"The {kind} was convened by {english_organisation(event.convenor)}"
            if event.collaborators:
                text += ", in collaboration with " + self.join([english_organisation(o) for o in event.collaborators])
            if event.supporters:
                text += ", with support from " + self.join([english_organisation(o) for o in event.supporters])
            sentences.append(text + ".")
        when = self.dates(event.date, event.end_date) if event.date is not None else None
        if when and event.location:
            sentences.append(f"It was held on {when} in {event.location}.")
        elif when:
            sentences.append(f"It was held on {when}.")
        elif event.location:
            sentences.append(f"It was held in {event.location}.")
        if event.participants is not None or event.agencies is not None:
            sentences.append(self._attendance_sentence(event))
        return " ".join(sentences)

    def _attendance_sentence(self, event: Event) -> str:
        participants, agencies = event.participants, event.agencies
        if participants is None:
            assert agencies is not None
            return f"Participants came from {self._agencies(agencies)}."
        if isinstance(participants, Count):
            text = f"It gathered {self.count(participants)} participants"
        else:
            text = f"It brought together {participants}"
        if agencies is not None:
            text += f" from {self._agencies(agencies)}"
        return text + "."

    def _agencies(self, agencies: Count | str) -> str:
        return f"{self.count(agencies)} agencies" if isinstance(agencies, Count) else agencies

    def event_attendance(self, event: Event) -> str:
        participants, agencies = event.participants, event.agencies
        if participants is None:
            return "" if agencies is None else f"participants from {self._agencies(agencies)}"
        text = f"{self.count(participants)} participants" if isinstance(participants, Count) else participants
        return text + (f" from {self._agencies(agencies)}" if agencies is not None else "")

    def panel_sentence(self, panel: Panel) -> str:
        title = f"\u201c{panel.title}\u201d"
        presenters = [english_organisation(o) for o in panel.co_presenters]
        represented = [english_organisation(o) for o in panel.representatives_from]
        if presenters:
            text = f"The panel {title} was co-presented by {self.join(presenters)}"
            if represented:
                text += f" and featured representatives from {self.join(represented)}"
            text += "."
        elif represented:
            text = f"The panel {title} featured representatives from {self.join(represented)}."
        else:
            text = f"The panel was titled {title}."
        if panel.chatham_house:
            text += " It was held under the Chatham House Rule; remarks are attributed to organisations only."
        return text

    def panel_credit(self, panel: Panel, event: Event | None) -> str:
        presenters = self.join([english_organisation(o) for o in panel.co_presenters])
        where = ""
        if event is not None:
            attendance = self.event_attendance(event)
            where = f"{event.name} ({attendance})" if attendance else event.name
        if presenters and where:
            return f"Co-presented by {presenters} at {where}."
        if presenters:
            return f"Co-presented by {presenters}."
        return f"At {where}." if where else ""

    # -- the figure -----------------------------------------------------------------------------

    def chart_caption(self, assessment: TIPAssessment, *, with_country: bool = True) -> str:
        history = assessment.history
        span = self.years(history.placements[0].year, assessment.report_year)
        if with_country:
            return f"{_capitalise(self.possessive(assessment.country))} tier placement in the TIP Report, {span}"
        return f"Tier placement in the TIP Report, {span}"

    def chart_heading(self, assessment: TIPAssessment) -> str:
        return f"Tier placement, {self.years(assessment.history.placements[0].year, assessment.report_year)}"

    def chart_alt(self, assessment: TIPAssessment) -> str:
        history = assessment.history
        first, last = history.placements[0].year, history.placements[-1].year
        parts = "; ".join(f"{self.tier(run.tier)} in {self.years(run.first, run.last)}" for run in history.runs())
        reports = f"in each TIP Report from {first} to {last}" if first != last else f"in the {first} TIP Report"
        text = f"Chart of {self.possessive(assessment.country)} tier placement {reports}: {parts}."
        if missing := self.missing_years(history):
            text += f" {missing}"
        if waivers := history.waiver_years():
            text += f" Waiver of the otherwise required downgrade to Tier 3 in {self.join([str(y) for y in waivers])}."
        for designation in Designation:
            if listed := history.designation_years(designation):
                text += f" Listed for {self.designation(designation)} in {self.join([str(y) for y in listed])}."
        if moves := story(history):
            said = [f"{self._move(way, tier)} in {self.join([str(y) for y in years])}" for way, tier, years in moves]
            text += f" Main moves: {'; '.join(said)}."
        if (placed := history.get(assessment.report_year)) is not None:
            text += f" {assessment.report_year} is highlighted ({self.tier(placed.tier)})."
        return text

    def _move(self, movement: Movement, tier: Tier) -> str:
        way = "up" if movement is Movement.UPGRADED else "down"
        return f"{way} to {'the ' if tier is Tier.TIER_2_WATCH_LIST else ''}{self.tier(tier)}"

    def chart_move(self, move: TierMove) -> str:
        way = "Up" if move.movement is Movement.UPGRADED else "Down"
        return f"{way} to {self.tier_short(move.after)}"

    def chart_waiver(self) -> str:
        return "waiver of the downgrade to Tier 3"

    # -- the document as a whole -----------------------------------------------------------------

    def product(self, product: str) -> str:
        return _PRODUCTS.get(product, product)

    def metadata_subject(self, briefing: Briefing, product: str) -> str:
        parts: list[str] = []
        if briefing.event is not None:
            parts.append(briefing.event.name)
        if (assessment := briefing.assessment) is not None:
            parts.append(f"{assessment.report_year} TIP Report: {self.country_start(assessment.country)}")
        kind = _capitalise(self.product(product))
        return f"{kind}: " + "; ".join(parts) if parts else kind

    def metadata_keywords(self, briefing: Briefing) -> tuple[str, ...]:
        keywords = ["human trafficking"]
        if briefing.event is not None:
            keywords.append(briefing.event.name)
        if (assessment := briefing.assessment) is not None:
            keywords += [f"{assessment.report_year} TIP Report", self.country_start(assessment.country), self.tier(assessment.tier)]
        return tuple(dict.fromkeys(keywords))

    def preview_footer(self, product: str, withheld: Withheld) -> str:
        return f"Preview of the {self.product(product)}; {withheld}."

    def part_preview_footer(self, restricted: int) -> str:
        footer = "Preview of every item, whatever its marking; items without a marking of their own carry the briefing's."
        if restricted:
            footer = f"{restricted} item(s) marked above TLP:CLEAR shown, each with its marking. " + footer
        return footer

    def page_alt(self, number: int, pages: int, product: str, title: str) -> str:
        return f"Page {number} of {pages} of the {self.product(product)}: {title}"

    def dataset_title(self, country: Country, year: int) -> str:
        return f"{self.country_start(country)}: the {year} TIP Report tier placement"

    def dataset_subtitle(self, first: int, last: int) -> str:
        return f"Tier placements {self.years(first, last)}"

    def history_warning(self, warning: HistoryWarning) -> str:
        match warning.kind:
            case WarningKind.NO_WAIVER:
                return (
                    f"{warning.year}: on the Tier 2 Watch List for the {ordinal(warning.streak)} consecutive year "
                    "with no waiver recorded; the automatic-downgrade rule would place it on Tier 3"
                )
            case WarningKind.WAIVER_LIMIT:
                return (
                    f"{warning.year}: a waiver for a {ordinal(warning.streak)} consecutive Watch List year; "
                    "waivers are limited to two years"
                )

    # -- what changed since an earlier edition ------------------------------------------------------

    def changes_heading(self, changes: Changes) -> str:
        return f"Since the {changes.previous_year} report"

    def changes_title(self, changes: Changes) -> str:
        return f"{self.country_start(changes.country)}: the {changes.previous_year} and {changes.current_year} TIP Reports compared"

    def changes_subtitle(self, changes: Changes) -> str:
        return "What changed in the assessment: the tier, progress, concerns, recommendations and statistics"

    def changes_tier_badge(self, changes: Changes) -> str:
        tier = changes.tier
        before, after = self.tier(tier.previous.tier), self.tier(tier.current.tier)
        match tier.movement:
            case Movement.REMAINED:
                return f"{after} in {tier.previous.year} and {tier.current.year}: unchanged"
            case Movement.UPGRADED | Movement.DOWNGRADED:
                return f"{tier.movement.value} from {before} ({tier.previous.year}) to {after} ({tier.current.year})"
            case _:
                return f"{before} in {tier.previous.year}, {after} in {tier.current.year}"

    def changes_tier_sentence(self, changes: Changes) -> str:
        tier = changes.tier
        before, after = self.tier(tier.previous.tier), self.tier(tier.current.tier)
        y1, y2 = tier.previous.year, tier.current.year
        gap = "" if tier.years_apart == 1 else f", {_number(tier.years_apart)} years later"
        match tier.movement:
            case Movement.REMAINED:
                sentence = f"The tier is unchanged: {after} in the {y1} report and in the {y2} report{gap}."
            case Movement.UPGRADED:
                sentence = f"Upgraded from {before} in the {y1} report to {after} in the {y2} report{gap}."
            case Movement.DOWNGRADED:
                sentence = f"Downgraded from {before} in the {y1} report to {after} in the {y2} report{gap}."
            case _:
                sentence = f"Not ranked in both: {before} in the {y1} report, {after} in the {y2} report{gap}."
        if tier.years_apart == 1:
            return sentence
        if not tier.between:
            return sentence + " The placements in between are not given."
        same = tier.current.tier is tier.previous.tier and all(p.tier is tier.current.tier for p in tier.between)
        if same and tier.between_known:
            return sentence + " It was on the same tier every year in between."
        between = " In between: " + ", ".join(f"{self.tier(p.tier)} in {p.year}" for p in tier.between) + "."
        return sentence + between + ("" if tier.between_known else " Other years in between are not given.")

    def changes_designations(self, changes: Changes) -> tuple[str, ...]:
        y1, y2 = changes.previous_year, changes.current_year
        added = (f"Listed {_LISTED[d]} in the {y2} report, not in the {y1} report." for d in changes.tier.designations_added)
        removed = (f"No longer listed {_LISTED[d]}: listed in the {y1} report, not in the {y2} report." for d in changes.tier.designations_removed)
        return (*added, *removed)

    def changes_badge_line(self, changes: Changes) -> str:
        tier = changes.tier
        match tier.movement:
            case Movement.REMAINED:
                head = "tier unchanged"
            case Movement.UPGRADED | Movement.DOWNGRADED:
                head = f"{tier.movement.value} from {self.tier(tier.previous.tier)}"
            case _:
                head = f"{self.tier(tier.previous.tier)} in {tier.previous.year}"
        parts = [f"Since {changes.previous_year}: {head}"]
        listed = next((x for x in (changes.concerns, changes.recommendations, changes.progress) if x.compared), None)
        if listed is not None:
            # Counted in the briefings, which quote a selection of their reports.
            again, y1 = len(listed.continued), changes.previous_year
            if listed.out_of is not None:
                parts.append(f"{again} of the {y1} briefing's {listed.out_of} {_item_noun(listed.name, listed.out_of)} raised again")
            else:
                parts.append(f"{again} {_item_noun(listed.name, again)} of the {y1} briefing raised again")
        return "; ".join(parts)

    def changes_list_heading(self, changes: ListChanges) -> str:
        return _CHANGES_HEADINGS[changes.name]

    def changes_list_summary(self, changes: ListChanges, whole: Changes) -> str:
        # About the two briefings, not the reports: a briefing quotes a selection, so an item one of them leaves
        # out may still be in its report. Numbers under ten in words.
        y1, y2 = whole.previous_year, whole.current_year
        if not changes.compared:
            missing = y2 if changes.current_count == 0 else y1
            return f"Not compared: the {missing} briefing lists no {_item_noun(changes.name, 2)}."
        again, reworded = len(changes.continued), len(changes.reworded)
        be = "is" if again <= 1 else "are"
        if changes.out_of is not None:
            of = f"the {y1} briefing's {_number(changes.out_of)} {_item_noun(changes.name, changes.out_of)}"
            clauses = [f"{_number(again) if again else 'none'} of {of} {be} raised again"]
        else:
            some = _number(again) if again else "no"
            clauses = [f"{some} {_item_noun(changes.name, again or 1)} of the {y1} briefing {be} raised again"]
        if reworded:
            clauses[0] += ", reworded" if reworded == again else f" ({_number(reworded)} reworded)"
        if changes.complete:
            new, gone = len(changes.new), len(changes.no_longer_mentioned)
            if gone and again:
                clauses.append(f"{_number(gone)} {'is' if gone == 1 else 'are'} not in the {y2} briefing")
            some = _number(new) if new else "no"
            clauses.append(f"the {y2} briefing has {some} new {_item_noun(changes.name, new)}")
        elif changes.partial:
            clauses.append(
                "a briefing quotes only some of the report's prioritized recommendations, "
                "so the others are listed by briefing, none called new or left out"
            )
        return _capitalise("; ".join(clauses)) + "."

    def changes_raised_again(self, changes: Changes) -> str:
        return "Raised again"

    def changes_new(self, changes: Changes) -> str:
        return f"New in the {changes.current_year} briefing"

    def changes_no_longer_mentioned(self, changes: Changes) -> str:
        return f"Not in the {changes.current_year} briefing"

    def changes_others(self, year: int) -> str:
        return f"Others in the {year} briefing"

    def changes_earlier_wording(self, changes: Changes) -> str:
        return f"In {changes.previous_year}:"

    def changes_statistics_columns(self, changes: Changes) -> tuple[str, str, str, str, str]:
        return ("Measure", "Form", f"{changes.previous_year} report", f"{changes.current_year} report", "Change")

    def changes_figure(self, statistic: Statistic) -> str:
        return f"{self.statistic_value(statistic)} ({self.statistic_when(statistic)})"

    def changes_difference(self, pair: StatisticChange) -> str:
        return _difference(pair)

    def changes_statistics_note(self, changes: Changes) -> str:
        return (
            "Figures are compared only for the same measure and form; a figure given as text, not reported, "
            "part of a larger figure or with a caveat is shown side by side, not subtracted."
        )

    def changes_only_in(self, year: int) -> str:
        return f"Only in the {year} briefing"

    def changes_metadata_subject(self, changes: Changes) -> str:
        return f"Comparison: {self.country_start(changes.country)}, {changes.previous_year} and {changes.current_year} TIP Reports"

    def changes_metadata_keywords(self, changes: Changes) -> tuple[str, ...]:
        return ("human trafficking", f"{changes.previous_year} TIP Report", f"{changes.current_year} TIP Report", self.country_start(changes.country))


#: The TVPA's tiers as DOMAIN.md and the report's introduction put them.
_TIER_DEFINITIONS = {
    Tier.TIER_1: "The government fully meets the minimum standards for the elimination of trafficking (which does not mean the country has no trafficking).",
    Tier.TIER_2: "Does not fully meet the minimum standards but is making significant efforts to do so.",
    Tier.TIER_2_WATCH_LIST: (
        "Tier 2, and the number of victims is very significant or rising, "
        "or there is no evidence of increasing efforts compared with the previous year."
    ),
    Tier.TIER_3: (
        "Does not fully meet the minimum standards and is not making significant efforts to do so; "
        "may bring restrictions on U.S. non-humanitarian, non-trade-related assistance."
    ),
    Tier.SPECIAL_CASE: "Assessed, but not ranked on a tier.",
}

