"""The briefing and what it is made of: the event, the panel, the TIP assessment, sources."""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import attrs
from attrs import field, frozen

from .._notebook import _ReprHTML
from .._text import WORD_SHAPE, quoted
from ..errors import FieldError, InputError, Problem
from . import _checks as c
from ._about import about
from .marking import Marking, marking_value, optional_marking_value, to_marking
from .tier import (
    Designation,
    Tier,
    TierHistory,
    TierPlacement,
    designations_value,
    tier_value,
    to_designations,
    to_tier,
)

__all__ = [
    "CITED",
    "CITES",
    "MARKED",
    "MAX_TOTAL_TEXT",
    "Briefing",
    "Comparison",
    "Count",
    "Country",
    "Event",
    "EventKind",
    "Finding",
    "Form",
    "Organisation",
    "Panel",
    "Person",
    "Purpose",
    "Qualifier",
    "Recommendation",
    "Source",
    "Statistic",
    "TIPAssessment",
    "cites",
    "iter_cited",
    "iter_items",
    "iter_text",
    "marked",
]


def _clean(value: Any) -> Any:
    """Converter: NFC-normalise and strip surrounding whitespace."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    return value


def _clean_optional(value: Any) -> Any:
    """Converter: like :func:`_clean`; empty text becomes None."""
    value = _clean(value)
    return None if value == "" else value


# -- what carries a marking, declared on the fields ------------------------------------------------

#: Field metadata key: the list's items each may carry their own marking; the value names the list in reports.
MARKED = "tipreports.marked"
#: Field metadata key: the list's items are what citations point at (by ``id``).
CITED = "tipreports.cited"
#: Field metadata: the field holds the id of a source.
CITES: dict[str, bool] = {"tipreports.cites": True}


def marked(label: str, *, cited: bool = False) -> dict[str, object]:
    """
    Field metadata for a list whose items each may carry their own ``marking``.

    The audience filter (:func:`~tipreports.model.for_audience`), the walkers
    (:func:`iter_items`, :func:`iter_cited`) and the previews read these
    declarations, so a new marked list is filtered everywhere by declaring it
    here; a test fails for a list of marked items without it. ``label`` names
    the list in the render report ("1 from panel strengths").
    """
    return {MARKED: label, CITED: cited}


def cites(attribute: attrs.Attribute[Any]) -> bool:
    """Whether ``attribute`` holds the id of a source."""
    return bool(attribute.metadata.get("tipreports.cites"))


# -- small value types -------------------------------------------------------------------------


_SOURCE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_ISO3 = re.compile(r"[A-Z]{3}")
_URL = re.compile(r"(https://|mailto:)[^\s<>\"]+")


def _source_id(_instance: Any, attribute: Any, value: Any) -> None:
    c.check_text(attribute.name, value, max_length=64, multiline=False)
    if not _SOURCE_ID.fullmatch(value):
        raise FieldError(
            attribute.name,
            "invalid source id; use letters, digits, '_', '-' and '.' (at most 64), starting with a letter or digit",
        )


def _optional_source_id(instance: Any, attribute: Any, value: Any) -> None:
    if value is not None:
        _source_id(instance, attribute, value)


_ITEM_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}")


def _optional_item_id(_instance: Any, attribute: Any, value: Any) -> None:
    if value is None:
        return
    c.check_text(attribute.name, value, max_length=40, multiline=False)
    if not _ITEM_ID.fullmatch(value):
        raise FieldError(
            attribute.name,
            "invalid id; use letters, digits, '_', '-' and '.' (at most 40), starting with a letter or digit",
        )


def _optional_url(_instance: Any, attribute: Any, value: Any) -> None:
    if value is None:
        return
    c.check_text(attribute.name, value, max_length=2_000, multiline=False)
    if not _URL.fullmatch(value):
        raise FieldError(attribute.name, "links must start with 'https://' or 'mailto:' and contain no spaces")


#: What ``Organisation.article`` may say: "the" before the name in English running text, or ``none``.
_ORGANISATION_ARTICLES = ("the", "The", "none")


@frozen(kw_only=True)
class Organisation:
    """
    An organisation: a convenor, a co-presenter, the author of a briefing.

    ``article`` records what the input says about English's "the" before the
    name ("the Office of the Attorney General", "Freedom Collaborative"):
    ``the``, ``The`` (capitalised mid-sentence) or ``none``. Left out (None),
    the English wording decides from the name (``tipreports.wording``): the
    rule is a fact of English, not of the organisation, and Thai has no
    articles, so the model keeps only what was said.
    """

    name: str = field(converter=_clean, validator=c.label(), metadata=about("The organisation's full name."))
    short_name: str | None = field(default=None, converter=_clean_optional, validator=c.optional_label(40), metadata=about("A short name or acronym (at most 40 characters), shown after the name: 'DSI'."))
    url: str | None = field(default=None, converter=_clean_optional, validator=_optional_url, metadata=about("The organisation's web address, starting with https://."))
    article: str | None = field(default=None, converter=_clean_optional, validator=c.optional_label(4), metadata=about("Whether English puts 'the' before the name mid-sentence: 'the' (the Immigration Bureau), 'The' where the organisation capitalises it, or 'none' (Freedom Collaborative). Left out, the wording decides from the name: 'the' for a name headed by an institutional noun (Office of …, … Bureau, … Ministry, … Foundation), none for other names and acronyms; a name that starts with 'The' keeps it.", example="the"))

    def __attrs_post_init__(self) -> None:
        if self.article is not None and self.article not in _ORGANISATION_ARTICLES:
            raise FieldError("article", "expected 'the', 'The' where the organisation capitalises it, or 'none'")

    def __str__(self) -> str:
        if self.short_name and self.short_name != self.name:
            return f"{self.name} ({self.short_name})"
        return self.name


def to_organisation(value: Any) -> Any:
    """Converter: a plain name becomes an :class:`Organisation`."""
    if isinstance(value, str):
        return Organisation(name=value)
    return value


def to_optional_organisation(value: Any) -> Any:
    """Converter: like :func:`to_organisation`; None stays None."""
    return None if value is None else to_organisation(value)


def to_organisations(value: Any) -> Any:
    """Converter: a list of names or organisations becomes a tuple of :class:`Organisation`."""
    value = c.to_tuple(value)
    if isinstance(value, tuple):
        return tuple(to_organisation(v) for v in value)
    return value


@frozen(kw_only=True)
class Person:
    """A named speaker. Panels under the Chatham House Rule name organisations only."""

    name: str = field(converter=_clean, validator=c.label(), metadata=about("The speaker's name."))
    role: str | None = field(default=None, converter=_clean_optional, validator=c.optional_label(), metadata=about("Their role or title."))
    organisation: str | None = field(default=None, converter=_clean_optional, validator=c.optional_label(), metadata=about("The organisation they spoke for."))


@frozen(kw_only=True)
class Source:
    """A cited source. ``id`` is what findings refer to."""

    id: str = field(validator=_source_id, metadata=about("A short name that items use to cite this source (letters, digits, '_', '-', '.'): 'tip2025'."))
    title: str = field(converter=_clean, validator=c.label(500), metadata=about("The source's title, as the source list prints it."))
    publisher: str | None = field(default=None, converter=_clean_optional, validator=c.optional_label(), metadata=about("Who published it."))
    url: str | None = field(default=None, converter=_clean_optional, validator=_optional_url, metadata=about("Where to read it, starting with https://."))
    date: dt.date | None = field(default=None, converter=c.to_date, validator=c.optional_date, metadata=about("When it was published, as YYYY-MM-DD."))
    marking: Marking | None = field(default=None, converter=to_marking, validator=optional_marking_value, metadata=about("The source's own TLP marking, when it is more restricted than the document's; a withheld source is left out of the source list."))


class Qualifier(enum.Enum):
    """How exact a :class:`Count` is."""

    EXACTLY = ""
    MORE_THAN = "more than"
    AT_LEAST = "at least"
    ABOUT = "about"
    FEWER_THAN = "fewer than"
    UP_TO = "up to"

    def __str__(self) -> str:
        return self.value


_COUNT = re.compile(
    r"(?P<q>more than|over|at least|about|around|approximately|some|fewer than|less than|under|up to)?\s*"
    r"(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s*(?P<plus>\+)?"
)
_QUALIFIER_WORDS = {
    "more than": Qualifier.MORE_THAN,
    "over": Qualifier.MORE_THAN,
    "at least": Qualifier.AT_LEAST,
    "about": Qualifier.ABOUT,
    "around": Qualifier.ABOUT,
    "approximately": Qualifier.ABOUT,
    "some": Qualifier.ABOUT,
    "fewer than": Qualifier.FEWER_THAN,
    "less than": Qualifier.FEWER_THAN,
    "under": Qualifier.FEWER_THAN,
    "up to": Qualifier.UP_TO,
}


def _qualifier(value: Any) -> Any:
    if isinstance(value, str):
        for q in Qualifier:
            if value.strip().lower() in (q.value, q.name.lower().replace("_", " ")):
                return q
    return value


@frozen(kw_only=True)
class Count:
    """A number as the sources give it: ``Count(value=170, qualifier=Qualifier.MORE_THAN)`` is 'more than 170'."""

    value: int = field(validator=c.integer(0, 10**12))
    qualifier: Qualifier = field(default=Qualifier.EXACTLY, converter=_qualifier, validator=c.instance(Qualifier, "a qualifier"))

    @classmethod
    def parse(cls, text: str) -> Count:
        """Parse ``'more than 170'``, ``'170+'``, ``'about 1,200'``, ``'52'``."""
        m = _COUNT.fullmatch(" ".join(text.lower().split()))
        if m is None:
            raise ValueError(
                "cannot read this as a count; write a number, optionally after "
                "'more than', 'at least', 'about', 'fewer than' or 'up to'"
            )
        qualifier = _QUALIFIER_WORDS[m["q"]] if m["q"] else Qualifier.EXACTLY
        if m["plus"]:
            if m["q"]:
                raise ValueError("cannot read this as a count: it has both a qualifier and '+'")
            qualifier = Qualifier.MORE_THAN
        return cls(value=int(m["n"].replace(",", "")), qualifier=qualifier)

    def __str__(self) -> str:
        """As the input writes it: ``'more than 170'`` (readers get the phrasebook's wording)."""
        number = f"{self.value:,}"
        return f"{self.qualifier.value} {number}" if self.qualifier.value else number


def to_count(value: Any) -> Any:
    """Converter: ``'more than 170'`` or ``170`` becomes a :class:`Count`."""
    if isinstance(value, str):
        try:
            return Count.parse(value)
        except ValueError:
            return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Count(value=value)
    return value


def _optional_count_or_words(_instance: Any, attribute: Any, value: Any) -> None:
    """Validator: None, a :class:`Count`, or words (``representatives of ministries and embassies``)."""
    if value is None or isinstance(value, Count):
        return
    if isinstance(value, str):
        c.check_text(attribute.name, value, max_length=c.MAX_LABEL, multiline=False)
        return
    raise FieldError(
        attribute.name, f"expected a count such as 170 or 'more than 170', or words, got {c.kind(value)}"
    )


def _to_count_or_words(value: Any) -> Any:
    """Converter: ``'more than 170'`` or ``170`` becomes a :class:`Count`; other text stays words."""
    if isinstance(value, str):
        value = _clean(value)
    return to_count(value)


# -- statements ----------------------------------------------------------------------------------


@frozen(kw_only=True)
class Finding:
    """
    One statement: a strength, a challenge, progress, a concern, a key message.

    ``marking`` is None when the item carries the document's marking; ``id``
    is an optional stable name that matches the item across editions
    (:func:`tipreports.compare`), unique within its list.
    """

    text: str = field(converter=_clean, validator=c.text(), metadata=about("The statement itself, one or two sentences."))
    theme: str | None = field(default=None, converter=_clean_optional, validator=c.optional_label(80), metadata=about("An optional theme that groups statements: 'prosecution', 'protection', 'prevention', 'partnership'."))
    source: str | None = field(default=None, validator=_optional_source_id, metadata=about("The id of the source (from 'sources') that supports it.") | CITES)
    marking: Marking | None = field(default=None, converter=to_marking, validator=optional_marking_value, metadata=about("Its own TLP marking, when it is more restricted than the document's; it is left out for audiences below it."))
    id: str | None = field(default=None, validator=_optional_item_id, metadata=about("A stable name for the item, unique within its list ('scam-victims'): the same id in another edition is the same item when editions are compared."))


@frozen(kw_only=True)
class Recommendation:
    """A recommendation, in priority order within its list."""

    text: str = field(converter=_clean, validator=c.text(), metadata=about("The recommendation itself."))
    theme: str | None = field(default=None, converter=_clean_optional, validator=c.optional_label(80), metadata=about("An optional theme that groups recommendations."))
    source: str | None = field(default=None, validator=_optional_source_id, metadata=about("The id of the source (from 'sources') that makes it.") | CITES)
    marking: Marking | None = field(default=None, converter=to_marking, validator=optional_marking_value, metadata=about("Its own TLP marking, when it is more restricted than the document's."))
    id: str | None = field(default=None, validator=_optional_item_id, metadata=about("A stable name for the item, unique within its list: the same id in another edition is the same item when editions are compared."))


def to_findings(value: Any) -> Any:
    """Converter: a list of strings or findings becomes a tuple of :class:`Finding`."""
    value = c.to_tuple(value)
    if isinstance(value, tuple):
        return tuple(Finding(text=v) if isinstance(v, str) else v for v in value)
    return value


def to_recommendations(value: Any) -> Any:
    """Converter: a list of strings or recommendations becomes a tuple of :class:`Recommendation`."""
    value = c.to_tuple(value)
    if isinstance(value, tuple):
        return tuple(Recommendation(text=v) if isinstance(v, str) else v for v in value)
    return value


_finding_items = c.items_of(Finding, "a finding (text or a mapping with 'text')")
_recommendation_items = c.items_of(Recommendation, "a recommendation (text or a mapping with 'text')")


def _unique_ids(name: str, items: tuple[Finding | Recommendation, ...]) -> None:
    # Named by position only: an id is the item's own text and may be marked.
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.id is not None:
            if item.id in seen:
                raise FieldError(f"{name}[{index}].id", f"the same id as [{seen[item.id]}]; ids must be unique within a list")
            seen[item.id] = index


def _findings(instance: Any, attribute: Any, value: Any) -> None:
    _finding_items(instance, attribute, value)
    _unique_ids(attribute.name, value)


def _recommendations(instance: Any, attribute: Any, value: Any) -> None:
    _recommendation_items(instance, attribute, value)
    _unique_ids(attribute.name, value)


class Form(enum.Enum):
    """The form of trafficking a statistic counts."""

    SEX = "sex"
    LABOUR = "labour"
    FORCED_CRIMINALITY = "forced criminality"
    UNSPECIFIED = "unspecified"

    def __str__(self) -> str:
        return self.value


#: Other ways of writing a form, read as the form.
FORM_SYNONYMS: dict[str, str] = {
    "labor": "labour", "sex trafficking": "sex", "labour trafficking": "labour",
    "labor trafficking": "labour", "all": "unspecified",
}  # fmt: skip


def _form(value: Any) -> Any:
    if isinstance(value, str):
        key = " ".join(value.strip().lower().replace("_", " ").split())
        key = FORM_SYNONYMS.get(key, key)
        for form in Form:
            if form.value == key:
                return form
    return value


def _form_value(_instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, Form):
        raise FieldError(
            attribute.name,
            "unknown form; expected one of " + ", ".join(repr(f.value) for f in Form),
        )


#: Longest figure written as text ("at least 3,000", "tens of thousands").
MAX_FIGURE = 80


def _figure(_instance: Any, attribute: Any, value: Any) -> None:
    """Validator: a whole number (0 or more), or a figure as text, printed as given ("at least 3,000", "200–300")."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise FieldError(attribute.name, f"expected a number, or a figure as text such as 'at least 3,000', got {c.kind(value)}")
    if isinstance(value, int):
        c.integer(0, 10**12)(_instance, attribute, value)
    else:
        c.check_text(attribute.name, value, max_length=MAX_FIGURE, multiline=False)


def _optional_figure(instance: Any, attribute: Any, value: Any) -> None:
    if value is not None:
        _figure(instance, attribute, value)


def _when(owner: str, data_year: int | None, period: str | None) -> None:
    """Exactly one of a data year and a period."""
    if data_year is None and period is None:
        raise FieldError("data_year", f"{owner} needs a data_year (2024) or a period ('April 2023 – March 2024')")
    if data_year is not None and period is not None:
        raise FieldError("period", "give a data_year or a period, not both")


@frozen(kw_only=True)
class Comparison:
    """The same statistic earlier: '… compared with 231 in 2020'. A year (``data_year``) or a ``period``."""

    data_year: int | None = field(default=None, validator=c.optional_integer(1990, 2100), metadata=about("The earlier data year (or give 'period')."))
    period: str | None = field(default=None, converter=_clean_optional, validator=c.optional_label(80), metadata=about("The earlier reporting period, as free text ('April 2022 – March 2023'), instead of 'data_year'."))
    value: int | str = field(converter=_clean, validator=_figure, metadata=about("The earlier figure: a number, or text printed as given ('at least 3,000')."))

    def __attrs_post_init__(self) -> None:
        _when("a comparison", self.data_year, self.period)


@frozen(kw_only=True)
class Statistic:
    """
    One aggregate figure from a source: a metric, its form, when, and the figure as the source gives it.

    ``value`` is a number (``414``) or text printed as given (``at least 3,000``,
    ``200–300``); ``not_reported: true`` replaces it when the government did not
    report the figure (never shown as 0). ``data_year`` (calendar year) or
    ``period`` (``April 2023 – March 2024``) says when. ``of`` and ``of_label``
    give the larger figure it is part of (``1,200 of 4,000 potential victims``);
    ``caveat`` is printed as a note beside the figure. Aggregates only: never a
    statistic that identifies a person.
    """

    metric: str = field(converter=_clean, validator=c.label(120), metadata=about("What is counted: 'investigations', 'prosecutions', 'convictions', 'victims identified'."))
    form: Form = field(default=Form.UNSPECIFIED, converter=_form, validator=_form_value, metadata=about("The form of trafficking counted: 'sex', 'labour', 'forced criminality' or 'unspecified'."))
    data_year: int | None = field(default=None, validator=c.optional_integer(1990, 2100), metadata=about("The calendar year the figure covers (or give 'period')."))
    period: str | None = field(default=None, converter=_clean_optional, validator=c.optional_label(80), metadata=about("The reporting period the figure covers, as free text ('April 2023 – March 2024'), instead of 'data_year'."))
    value: int | str | None = field(default=None, converter=_clean_optional, validator=_optional_figure, metadata=about("The figure: a number (414) or text printed exactly as given ('at least 3,000', '200–300'); never one that identifies a person."))
    not_reported: bool = field(default=False, validator=c.boolean, metadata=about("true when the government did not report the figure (printed 'did not report', never 0); then give no 'value'."))
    of: int | str | None = field(default=None, converter=_clean_optional, validator=_optional_figure, metadata=about("The larger figure this one is part of (confirmed of potential victims): a number or text."))
    of_label: str | None = field(default=None, converter=_clean_optional, validator=c.optional_label(80), metadata=about("What the larger figure in 'of' counts: 'potential victims'."))
    caveat: str | None = field(default=None, converter=_clean_optional, validator=c.optional_text(500), metadata=about("A caveat printed as a note beside the figure ('may include non-trafficking crimes')."))
    comparison: Comparison | None = field(default=None, validator=c.optional_instance(Comparison, "a comparison"), metadata=about("The same figure in an earlier year, for '… compared with 231 in 2020'."))
    source: str | None = field(default=None, validator=_optional_source_id, metadata=about("The id of the source (from 'sources') the figure comes from.") | CITES)
    marking: Marking | None = field(default=None, converter=to_marking, validator=optional_marking_value, metadata=about("Its own TLP marking, when it is more restricted than the document's."))

    def __attrs_post_init__(self) -> None:
        _when("a statistic", self.data_year, self.period)
        if self.value is None and not self.not_reported:
            raise FieldError("value", "a statistic needs a value, or 'not_reported: true' when the government did not report it")
        if self.value is not None and self.not_reported:
            raise FieldError("not_reported", "give a value or 'not_reported: true', not both")
        if self.not_reported and self.of is not None:
            raise FieldError("of", "a figure that was not reported cannot be part of a larger one")
        if self.of_label is not None and self.of is None:
            raise FieldError("of_label", "names the larger figure given in 'of'; add 'of'")
        if isinstance(self.value, int) and isinstance(self.of, int) and self.value > self.of:
            raise FieldError("of", f"{self.of:,} is smaller than the value {self.value:,}")
        comparison = self.comparison
        earlier = comparison.data_year if comparison is not None else None
        if earlier is not None and self.data_year is not None and earlier >= self.data_year:
            raise FieldError("comparison.data_year", f"{earlier} must be before the data year {self.data_year}")


# -- the event and the panel ------------------------------------------------------------------


class EventKind(enum.Enum):
    """What kind of event it was: the wording says "the conference", "the summit", "the webinar"…"""

    CONFERENCE = "conference"
    SUMMIT = "summit"
    MINISTERIAL_MEETING = "ministerial meeting"
    MEETING = "meeting"
    FORUM = "forum"
    DIALOGUE = "dialogue"
    CEREMONY = "ceremony"
    WORKSHOP = "workshop"
    SEMINAR = "seminar"
    WEBINAR = "webinar"
    TRAINING = "training"
    CONSULTATION = "consultation"

    def __str__(self) -> str:
        return self.value


def _event_kind(value: Any) -> Any:
    if isinstance(value, str):
        key = " ".join(value.strip().lower().replace("_", " ").replace("-", " ").split())
        for kind in EventKind:
            if kind.value == key:
                return kind
    return value


def _optional_event_kind(_instance: Any, attribute: Any, value: Any) -> None:
    if value is not None and not isinstance(value, EventKind):
        raise FieldError(attribute.name, "unknown kind of event; expected one of " + ", ".join(repr(k.value) for k in EventKind))


@frozen(kw_only=True)
class Event(_ReprHTML):
    """
    A conference or meeting, e.g. TIPNET 2025.

    ``kind`` (conference, summit, workshop…) is what the wording calls it;
    ``date`` and ``end_date`` give the days of a multi-day event;
    ``participants`` and ``agencies`` are counts (``more than 170``) or words.
    """

    name: str = field(converter=_clean, validator=c.label(), metadata=about("The event's name: 'TIPNET 2025'."))
    kind: EventKind | None = field(default=None, converter=_event_kind, validator=_optional_event_kind, metadata=about("What kind of event: conference, summit, ministerial meeting, meeting, forum, dialogue, ceremony, workshop, seminar, webinar, training or consultation."))
    edition: str | None = field(default=None, converter=_clean_optional, validator=c.optional_label(80), metadata=about("Which edition, when the name does not say it."))
    date: dt.date | None = field(default=None, converter=c.to_date, validator=c.optional_date, metadata=about("When it took place, as YYYY-MM-DD."))
    end_date: dt.date | None = field(default=None, converter=c.to_date, validator=c.optional_date, metadata=about("The last day of a multi-day event, as YYYY-MM-DD (with 'date' as the first)."))
    location: str | None = field(default=None, converter=_clean_optional, validator=c.optional_label(), metadata=about("Where it took place."))
    convenor: Organisation | None = field(default=None, converter=to_optional_organisation, validator=c.optional_instance(Organisation, "an organisation"), metadata=about("Who convened it: a name, or {name, short_name, url}."))
    collaborators: tuple[Organisation, ...] = field(default=(), converter=to_organisations, validator=c.items_of(Organisation, "an organisation"), metadata=about("Organisations that organised it with the convenor."))
    supporters: tuple[Organisation, ...] = field(default=(), converter=to_organisations, validator=c.items_of(Organisation, "an organisation"), metadata=about("Organisations that supported it."))
    participants: Count | str | None = field(default=None, converter=_to_count_or_words, validator=_optional_count_or_words, metadata=about("How many took part, as the sources say it (170, 'more than 170', 'about 1,200'), or in words."))
    agencies: Count | str | None = field(default=None, converter=_to_count_or_words, validator=_optional_count_or_words, metadata=about("How many agencies or organisations took part, written like 'participants'."))
    description: str | None = field(default=None, converter=_clean_optional, validator=c.optional_text(), metadata=about("What the event is, in a sentence or two."))
    focus: str | None = field(default=None, converter=_clean_optional, validator=c.optional_text(), metadata=about("What this edition focused on."))
    source: str | None = field(default=None, validator=_optional_source_id, metadata=about("The id of the source (from 'sources') that describes the event.") | CITES)

    def __attrs_post_init__(self) -> None:
        if self.end_date is not None:
            if self.date is None:
                raise FieldError("end_date", "give the first day as 'date' too")
            if self.end_date < self.date:
                raise FieldError("end_date", f"{self.end_date.isoformat()} is before the date {self.date.isoformat()}")


@frozen(kw_only=True)
class Panel(_ReprHTML):
    """
    A panel and the perspective it offered. Under the Chatham House Rule, name organisations only.

    ``co_presenters`` presented it; ``representatives_from`` are organisations
    whose representatives took part without presenting it ("also featured
    representatives from …").
    """

    title: str = field(converter=_clean, validator=c.label(500), metadata=about("The panel's title."))
    date: dt.date | None = field(default=None, converter=c.to_date, validator=c.optional_date, metadata=about("When it took place, as YYYY-MM-DD."))
    co_presenters: tuple[Organisation, ...] = field(default=(), converter=to_organisations, validator=c.items_of(Organisation, "an organisation"), metadata=about("The organisations that presented."))
    representatives_from: tuple[Organisation, ...] = field(default=(), converter=to_organisations, validator=c.items_of(Organisation, "an organisation"), metadata=about("Organisations whose representatives took part without presenting ('also featured representatives from …')."))
    speakers: tuple[Person, ...] = field(default=(), converter=c.to_tuple, validator=c.items_of(Person, "a person"), metadata=about("Named speakers ({name, role, organisation}); leave out under the Chatham House Rule."))
    chatham_house: bool = field(default=False, validator=c.boolean, metadata=about("true when the panel was held under the Chatham House Rule: remarks are attributed to organisations, never to people."))
    summary: str | None = field(default=None, converter=_clean_optional, validator=c.optional_text(), metadata=about("What the panel was about, in a few sentences."))
    strengths: tuple[Finding, ...] = field(default=(), converter=to_findings, validator=_findings, metadata=about("What the panel saw as working well.") | marked('panel strengths'))
    challenges: tuple[Finding, ...] = field(default=(), converter=to_findings, validator=_findings, metadata=about("What the panel saw as the gaps and obstacles.") | marked('panel challenges'))
    recommendations: tuple[Recommendation, ...] = field(default=(), converter=to_recommendations, validator=_recommendations, metadata=about("What the panel recommended, most important first.") | marked('panel recommendations'))
    source: str | None = field(default=None, validator=_optional_source_id, metadata=about("The id of the source (from 'sources') for the panel: a note, a recording, minutes.") | CITES)

    def __attrs_post_init__(self) -> None:
        if self.chatham_house and self.speakers:
            raise FieldError("speakers", "the panel is under the Chatham House Rule: attribute remarks to organisations (co_presenters), not people")


# -- the TIP Report assessment ------------------------------------------------------------------


_ARTICLES = ("the", "The")


@frozen(kw_only=True)
class Country:
    """
    A country or territory: its code, and the name the input gives, if any.

    ``{iso3: PHL}`` is enough: the wording takes the name the report uses in
    running text, its article and possessive from the bundled table. ``name``
    overrides the table; ``article`` (``the``, or ``The`` as in "The Gambia")
    goes with a given name, which otherwise has none.
    """

    name: str | None = field(default=None, converter=_clean_optional, validator=c.optional_label(120), metadata=about("The country or territory's name, overriding the bundled table (which 'iso3' alone is enough for)."))
    iso3: str | None = field(default=None, converter=_clean_optional, validator=c.optional_label(3), metadata=about("Its three-letter ISO 3166 code, in capitals: 'THA'."))
    article: str | None = field(default=None, converter=_clean_optional, validator=c.optional_label(3), metadata=about("'the', or 'The' where the report capitalises it (The Gambia), for a given 'name'."))

    def __attrs_post_init__(self) -> None:
        if self.name is None and self.iso3 is None:
            raise FieldError("name", "give the country's iso3 code (such as 'PHL'), its name, or both")
        if self.iso3 is not None and not _ISO3.fullmatch(self.iso3):
            message = "is not a three-letter upper-case code such as 'THA'"
            raise FieldError("iso3", f"{self.iso3!r} {message}", quiet=f"the code {message}")
        if self.article is not None:
            if self.article not in _ARTICLES:
                raise FieldError("article", "expected 'the', or 'The' where the report capitalises it (The Gambia)")
            if self.name is None:
                raise FieldError("article", "goes with a 'name'; without one the bundled table gives the article")


def to_country(value: Any) -> Any:
    """Converter: a plain name becomes a :class:`Country`."""
    return Country(name=value) if isinstance(value, str) else value


#: The most prioritized recommendations a report gives a country is 16 or so; allow headroom.
MAX_RECOMMENDATIONS_TOTAL = 50


def to_history(value: Any) -> Any:
    """Converter: a list of placements becomes a :class:`TierHistory`."""
    if isinstance(value, (list, tuple)):
        return TierHistory(placements=tuple(value))
    return value


@frozen(kw_only=True)
class TIPAssessment(_ReprHTML):
    """What one edition of the TIP Report says of one country."""

    country: Country = field(converter=to_country, validator=c.instance(Country, "a country"), metadata=about("The country assessed: a name, or {name, iso3}."))
    report_year: int = field(validator=c.integer(2001, 2100), metadata=about("The edition of the TIP Report (the year it was published)."))
    release_date: dt.date | None = field(default=None, converter=c.to_date, validator=c.optional_date, metadata=about("When that edition was released, as YYYY-MM-DD."))
    tier: Tier = field(converter=to_tier, validator=tier_value, metadata=about("The tier that edition gives: 'Tier 1', 'Tier 2', 'Tier 2 Watch List', 'Tier 3' or 'Special Case' (codes such as '2WL' are read too)."))
    #: The report year's listings apart from the tiers (state-sponsored trafficking, the CSPA list).
    designations: tuple[Designation, ...] = field(default=(), converter=to_designations, validator=designations_value, metadata=about("The report year's listings apart from the tiers: 'state-sponsored-trafficking', 'child-soldiers-prevention-act'."))
    tier_history: TierHistory = field(factory=TierHistory, converter=to_history, validator=c.instance(TierHistory, "a list of placements"), metadata=about("Earlier placements, one per report year ({year, tier}); it draws the tier-history figure and the movement sentence."))
    #: The source of the tier history (cited under the chart).
    tier_history_source: str | None = field(default=None, validator=_optional_source_id, metadata=about("The id of the source (from 'sources') of the tier history, cited under the figure.") | CITES)
    summary: str | None = field(default=None, converter=_clean_optional, validator=c.optional_text(), metadata=about("The report's assessment in a few sentences."))
    progress: tuple[Finding, ...] = field(default=(), converter=to_findings, validator=_findings, metadata=about("What the report recognises as progress.") | marked('progress'))
    concerns: tuple[Finding, ...] = field(default=(), converter=to_findings, validator=_findings, metadata=about("What the report notes as concerns.") | marked('concerns'))
    recommendations: tuple[Recommendation, ...] = field(default=(), converter=to_recommendations, validator=_recommendations, metadata=about("The report's prioritized recommendations, in the report's order.") | marked('TIP recommendations'))
    #: How many prioritized recommendations the report gives in all, when ``recommendations`` quotes only some.
    recommendations_total: int | None = field(default=None, validator=c.optional_integer(1, MAX_RECOMMENDATIONS_TOTAL), metadata=about("How many prioritized recommendations the report gives in all, when 'recommendations' quotes only some."))
    statistics: tuple[Statistic, ...] = field(default=(), converter=c.to_tuple, validator=c.items_of(Statistic, "a statistic"), metadata=about("Aggregate figures the report gives (investigations, prosecutions, convictions, victims identified).") | marked('statistics'))
    source: str | None = field(default=None, validator=_optional_source_id, metadata=about("The id of the source (from 'sources'): usually the TIP Report itself.") | CITES)

    def __attrs_post_init__(self) -> None:
        if self.release_date is not None and self.release_date.year != self.report_year:
            raise FieldError("release_date", f"{self.release_date.isoformat()} is not in the report year {self.report_year}")
        if self.tier_history:
            placed = self.tier_history.get(self.report_year)
            if placed is None:
                raise FieldError("tier_history", f"has no placement for the report year {self.report_year}; add {{year: {self.report_year}, tier: {self.tier}}}")
            if placed.tier is not self.tier:
                raise FieldError("tier", f"{self.tier} contradicts tier_history, which places {self.report_year} on {placed.tier}")
            if self.designations and placed.designations and set(placed.designations) != set(self.designations):
                raise FieldError("designations", f"differ from the designations tier_history gives for {self.report_year}")
            later = [p.year for p in self.tier_history.placements if p.year > self.report_year]
            if later:
                raise FieldError("tier_history", f"has placements after the report year {self.report_year}: {later}")
        for index, designation in enumerate(self.designations):
            if self.report_year < designation.first_year:
                raise FieldError(
                    f"designations[{index}]",
                    f"the report has carried the {designation} list since {designation.first_year}, not in {self.report_year}",
                )
        if self.recommendations_total is not None and self.recommendations_total < len(self.recommendations):
            raise FieldError(
                "recommendations_total",
                f"{self.recommendations_total} is fewer than the {len(self.recommendations)} recommendations listed",
            )
        for index, stat in enumerate(self.statistics):
            if stat.data_year is not None and stat.data_year > self.report_year:
                raise FieldError(f"statistics[{index}].data_year", f"{stat.data_year} is after the report year {self.report_year}")

    @property
    def history(self) -> TierHistory:
        """
        The tier history as the wording and the chart use it.

        The report year's placement is added when it was not given, and carries
        the assessment's ``designations``.
        """
        placed = self.tier_history.get(self.report_year)
        if placed is None:
            added = TierPlacement(year=self.report_year, tier=self.tier, designations=self.designations)
            return TierHistory(placements=(*self.tier_history.placements, added))
        if not self.designations or placed.designations:
            return self.tier_history
        others = tuple(p for p in self.tier_history.placements if p.year != self.report_year)
        return TierHistory(placements=(*others, attrs.evolve(placed, designations=self.designations)))

    @property
    def listed(self) -> tuple[Designation, ...]:
        """The report year's designations, from the assessment or its tier history."""
        placed = self.history.get(self.report_year)
        return placed.designations if placed is not None else self.designations

    @property
    def recommendations_complete(self) -> bool:
        """Whether ``recommendations`` is the report's whole list: the input says how many there are, and all are here."""
        return self.recommendations_total is not None and self.recommendations_total == len(self.recommendations)


# -- the briefing ------------------------------------------------------------------------------


class Purpose(enum.Enum):
    """Why a briefing note is sent."""

    INFORMATION = "information"
    DECISION = "decision"

    def __str__(self) -> str:
        return self.value


def _purpose(value: Any) -> Any:
    if isinstance(value, str):
        key = value.strip().lower().removeprefix("for ").strip()
        for p in Purpose:
            if p.value == key:
                return p
    return value


def _purpose_value(_instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, Purpose):
        raise FieldError(attribute.name, "unknown purpose; expected 'information' or 'decision'")


#: The languages a briefing can be written in (and the keys of per-language text).
LANGUAGES = ("en", "th")


def _language(_instance: Any, attribute: Any, value: Any) -> None:
    if value not in LANGUAGES:
        expected = "expected one of " + ", ".join(repr(x) for x in LANGUAGES)
        raise FieldError(attribute.name, f"unsupported language{quoted(value, WORD_SHAPE)}; {expected}", quiet=f"unsupported language; {expected}")


def _document_marking(instance: Any, attribute: Any, value: Any) -> None:
    if value is None:
        raise FieldError(attribute.name, "required; write the document's TLP marking, e.g. marking: TLP:CLEAR")
    marking_value(instance, attribute, value)


def _check_translation(instance: Any, attribute: Any, value: Any) -> None:
    # _translation needs the Briefing class, defined below.
    _translation(instance, attribute, value)


@frozen(kw_only=True)
class Briefing(_ReprHTML):
    """
    The root: everything one briefing note or one-pager is made from.

    Build it by hand or with :func:`tipreports.load`; both are validated the same way.
    """

    title: str = field(converter=_clean, validator=c.label(200), metadata=about("The title on the first page and in the file's properties."))
    subtitle: str | None = field(default=None, converter=_clean_optional, validator=c.optional_label(), metadata=about("A line under the title."))
    date: dt.date = field(converter=c.to_date, validator=c.date_value, metadata=about("The briefing's date, as YYYY-MM-DD."))
    prepared_by: Organisation = field(converter=to_organisation, validator=c.instance(Organisation, "an organisation"), metadata=about("Who prepared it: an organisation's name, or {name, short_name, url}."))
    to: str | None = field(default=None, converter=_clean_optional, validator=c.optional_label(), metadata=about("Whom the briefing note is addressed to (its 'To' line)."))
    contact: str | None = field(default=None, converter=_clean_optional, validator=c.optional_label(), metadata=about("Whom to contact about it."))
    purpose: Purpose = field(default=Purpose.INFORMATION, converter=_purpose, validator=_purpose_value, metadata=about("Why it is sent: 'information' or 'decision'."))
    #: Required: an unmarked briefing is not public. A default would make it TLP:CLEAR without anyone deciding so;
    #: None is there so that the validator, not a bare "required field missing", says what to write.
    marking: Marking = field(default=None, converter=to_marking, validator=_document_marking, metadata=about("The document's TLP 2.0 marking (TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED), required: an unmarked briefing is not public; items without their own marking carry it.", required=True))
    language: str = field(default="en", validator=_language, metadata=about("The language it is written in: 'en' (English) or 'th' (Thai)."))
    key_messages: tuple[Finding, ...] = field(default=(), converter=to_findings, validator=_findings, metadata=about("The points a reader must take away, most important first (two or three).") | marked('key messages'))
    considerations: tuple[Finding, ...] = field(default=(), converter=to_findings, validator=_findings, metadata=about("Points for the reader to weigh or decide on.") | marked('considerations'))
    event: Event | None = field(default=None, validator=c.optional_instance(Event, "an event"), metadata=about("The conference or meeting where the panel took place."))
    panel: Panel | None = field(default=None, validator=c.optional_instance(Panel, "a panel"), metadata=about("The panel and the perspective it offered."))
    assessment: TIPAssessment | None = field(default=None, validator=c.optional_instance(TIPAssessment, "a TIP assessment"), metadata=about("What the year's TIP Report says about the country."))
    sources: tuple[Source, ...] = field(default=(), converter=c.to_tuple, validator=c.items_of(Source, "a source"), metadata=about("The sources cited; items refer to them by their id.") | marked("sources", cited=True))
    #: The same briefing in a second language, for bilingual products (None: one language).
    translation: Briefing | None = field(default=None, validator=_check_translation, metadata=about("The same briefing in its second language (built by the loader from per-language text and 'bilingual: true')."))

    def __attrs_post_init__(self) -> None:
        problems = list(_cross_checks(self))
        if problems:
            raise InputError(problems)

    def source(self, source_id: str) -> Source:
        """The source with this id (KeyError if there is none)."""
        for s in self.sources:
            if s.id == source_id:
                return s
        raise KeyError(source_id)


def _shape(b: Briefing) -> Any:
    """What must be the same in a briefing and its translation: every list's length, the tiers, the markings."""
    a = b.assessment
    return (
        b.date, b.marking, b.purpose, b.event is None, b.panel is None,
        tuple((path, getattr(item, "marking", None), getattr(item, "source", None), getattr(item, "id", None)) for path, item in iter_items(b)),
        None if a is None else (a.report_year, a.tier, a.designations, a.recommendations_total, _placements(a.tier_history)),
    )  # fmt: skip


def _placements(history: TierHistory) -> tuple[Any, ...]:
    # The notes are text, written per language; the rest of each placement is the same fact in both.
    return tuple((p.year, p.tier, p.waiver, p.designations, p.first) for p in history.placements)


def _translation(instance: Any, attribute: Any, value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, Briefing):
        raise FieldError(attribute.name, f"expected a briefing, got {c.kind(value)}")
    if value.translation is not None:
        raise FieldError(attribute.name, "a translation cannot have a translation of its own")
    if value.language == instance.language:
        raise FieldError(attribute.name, f"the translation is in the briefing's own language {instance.language!r}")
    if _shape(value) != _shape(instance):
        raise FieldError(
            attribute.name,
            "the translation must have the same items (same lists, lengths, sources, markings and tiers) as the briefing",
        )


def iter_text(obj: Any, path: str = "") -> Any:
    """Yield ``(path, text)`` for every string in a model object: ``("assessment.progress[1].text", "...")``."""
    if isinstance(obj, str):
        yield path, obj
    elif isinstance(obj, TierHistory):
        yield from iter_text(obj.placements, path)
    elif isinstance(obj, tuple):
        for i, item in enumerate(obj):
            yield from iter_text(item, f"{path}[{i}]")
    elif attrs.has(type(obj)):
        for a in attrs.fields(type(obj)):
            value = getattr(obj, a.name)
            if a.name == "translation" and value is not None:
                # The second language is written at the same paths as the first, per language.
                for sub_path, text in iter_text(value, path):
                    yield f"{sub_path} ({value.language})", text
                continue
            yield from iter_text(value, f"{path}.{a.name}" if path else a.name)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def iter_items(obj: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """
    Yield ``(path, item)`` for every item that may carry its own marking, in any model object.

    The items of every list declared with :func:`marked` (statements,
    statistics, sources), at any depth; not those of a translation, which has
    the same items.
    """
    for attribute in attrs.fields(type(obj)):
        if attribute.name == "translation":
            continue
        value = getattr(obj, attribute.name)
        sub = _join(path, attribute.name)
        if MARKED in attribute.metadata:
            for index, item in enumerate(value):
                yield f"{sub}[{index}]", item
        elif attrs.has(type(value)):
            yield from iter_items(value, sub)


def iter_cited(obj: Any, path: str = "", marking: Marking | None = None) -> Iterator[tuple[str, str, Marking | None]]:
    """Yield ``(path, source_id, marking)`` for every reference to a source; ``marking`` is the citing item's own."""
    for attribute in attrs.fields(type(obj)):
        if attribute.name == "translation":
            continue
        value = getattr(obj, attribute.name)
        sub = _join(path, attribute.name)
        if cites(attribute):
            if value is not None:
                yield sub, value, marking
        elif MARKED in attribute.metadata:
            for index, item in enumerate(value):
                yield from iter_cited(item, f"{sub}[{index}]", getattr(item, "marking", None))
        elif attrs.has(type(value)):
            yield from iter_cited(value, sub, marking)


#: Most characters of text in one briefing, both languages together. Markdown escaping at most doubles
#: a text, so every bundled product stays well within the template's output limit (2,000,000).
MAX_TOTAL_TEXT = 250_000

_SECTION = re.compile(r"^[^.\[ ]+(?:\.[^.\[ ]+)?")


def _too_much_text(b: Briefing) -> Problem | None:
    """Refuse more text than a product can render, naming the list or field that holds the most."""
    per_section: dict[str, int] = {}
    total = 0
    for path, text in iter_text(b):  # both languages of a bilingual briefing
        total += len(text)
        section = _SECTION.match(path)
        key = section.group() if section else path
        per_section[key] = per_section.get(key, 0) + len(text)
    if total <= MAX_TOTAL_TEXT:
        return None
    largest = max(per_section, key=lambda key: per_section[key])
    return Problem(
        path=largest,
        message=(
            f"too much text: the briefing holds {total:,} characters in all, at most {MAX_TOTAL_TEXT:,} allowed; "
            f"this {'list' if isinstance(_value_at(b, largest), tuple) else 'field'} holds {per_section[largest]:,} of them. "
            "Shorten the briefing, or leave detail to its sources"
        ),
    )


def _value_at(b: Briefing, path: str) -> Any:
    value: Any = b
    for name in path.split("."):
        value = getattr(value, name, None)
    return value


def _cross_checks(b: Briefing) -> Any:
    # Error messages never echo what is marked above TLP:CLEAR: ids of restricted
    # sources and the references of restricted items are named by path only.
    def clear(marking: Marking | None) -> bool:
        return (b.marking if marking is None else marking) is Marking.CLEAR

    ids = [s.id for s in b.sources]
    seen: dict[str, int] = {}
    for index, s in enumerate(b.sources):
        if s.id in seen:
            shown = f" {s.id!r}" if clear(s.marking) else ""
            yield Problem(path=f"sources[{index}].id", message=f"duplicate source id{shown} (first at [{seen[s.id]}])")
        seen.setdefault(s.id, index)
    known = set(ids)
    shareable = [s.id for s in b.sources if clear(s.marking)]
    for path, ref, marking in iter_cited(b):
        if ref not in known:
            listed = "expected one of " + ", ".join(repr(i) for i in shareable) if shareable else "no sources are listed under 'sources'"
            shown = f" {ref!r}" if clear(marking) else ""
            yield Problem(path=path, message=f"unknown source id{shown}; {listed}")
    if b.assessment is not None and b.assessment.report_year > b.date.year + 1:
        yield Problem(path="assessment.report_year", message=f"{b.assessment.report_year} is after the briefing's date ({b.date.isoformat()})")
    if (too_much := _too_much_text(b)) is not None:
        yield too_much
