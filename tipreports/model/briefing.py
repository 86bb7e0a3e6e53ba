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
from ..errors import FieldError, InputError, Problem
from . import _checks as c
from ._about import about
from .marking import Marking, marking_value, optional_marking_value, to_marking
from .tier import Tier, TierHistory, tier_value, to_tier

__all__ = [
    "Briefing",
    "Comparison",
    "Count",
    "Country",
    "Event",
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


@frozen(kw_only=True)
class Organisation:
    """An organisation: a convenor, a co-presenter, the author of a briefing."""

    name: str = field(converter=_clean, validator=c.label(), metadata=about("The organisation's full name."))
    short_name: str | None = field(default=None, converter=_clean_optional, validator=c.optional_label(40), metadata=about("A short name or acronym (at most 40 characters), shown after the name: 'DSI'."))
    url: str | None = field(default=None, converter=_clean_optional, validator=_optional_url, metadata=about("The organisation's web address, starting with https://."))

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


_QUALIFIERS_TH = {
    Qualifier.EXACTLY: "",
    Qualifier.MORE_THAN: "มากกว่า",
    Qualifier.AT_LEAST: "อย่างน้อย",
    Qualifier.ABOUT: "ประมาณ",
    Qualifier.FEWER_THAN: "น้อยกว่า",
    Qualifier.UP_TO: "ไม่เกิน",
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
        return self.text()

    def text(self, language: str = "en") -> str:
        """``'more than 170'``, or in Thai ``'มากกว่า 170'``."""
        number = f"{self.value:,}"
        qualifier = _QUALIFIERS_TH[self.qualifier] if language == "th" else self.qualifier.value
        return f"{qualifier} {number}" if qualifier else number


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


def _optional_count(_instance: Any, attribute: Any, value: Any) -> None:
    if value is None or isinstance(value, Count):
        return
    if isinstance(value, str):
        try:
            Count.parse(value)
        except ValueError as err:
            raise FieldError(attribute.name, str(err)) from None
    raise FieldError(attribute.name, f"expected a count such as 170 or 'more than 170', got {c.kind(value)}")


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
    source: str | None = field(default=None, validator=_optional_source_id, metadata=about("The id of the source (from 'sources') that supports it."))
    marking: Marking | None = field(default=None, converter=to_marking, validator=optional_marking_value, metadata=about("Its own TLP marking, when it is more restricted than the document's; it is left out for audiences below it."))
    id: str | None = field(default=None, validator=_optional_item_id, metadata=about("A stable name for the item, unique within its list ('scam-victims'): the same id in another edition is the same item when editions are compared."))


@frozen(kw_only=True)
class Recommendation:
    """A recommendation, in priority order within its list."""

    text: str = field(converter=_clean, validator=c.text(), metadata=about("The recommendation itself."))
    theme: str | None = field(default=None, converter=_clean_optional, validator=c.optional_label(80), metadata=about("An optional theme that groups recommendations."))
    source: str | None = field(default=None, validator=_optional_source_id, metadata=about("The id of the source (from 'sources') that makes it."))
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


@frozen(kw_only=True)
class Comparison:
    """The same statistic in an earlier data year: '… compared with 231 in 2020'."""

    data_year: int = field(validator=c.integer(1990, 2100), metadata=about("The earlier data year."))
    value: int = field(validator=c.integer(0, 10**12), metadata=about("The figure in that year."))


@frozen(kw_only=True)
class Statistic:
    """
    One aggregate figure from a source: a metric, its form, its data year and value.

    Aggregates only: never a statistic that identifies a person.
    """

    metric: str = field(converter=_clean, validator=c.label(120), metadata=about("What is counted: 'investigations', 'prosecutions', 'convictions', 'victims identified'."))
    form: Form = field(default=Form.UNSPECIFIED, converter=_form, validator=_form_value, metadata=about("The form of trafficking counted: 'sex', 'labour', 'forced criminality' or 'unspecified'."))
    data_year: int = field(validator=c.integer(1990, 2100), metadata=about("The year the figure covers (usually the year before the report)."))
    value: int = field(validator=c.integer(0, 10**12), metadata=about("The figure: a whole number, never one that identifies a person."))
    comparison: Comparison | None = field(default=None, validator=c.optional_instance(Comparison, "a comparison"), metadata=about("The same figure in an earlier year, for '… compared with 231 in 2020'."))
    source: str | None = field(default=None, validator=_optional_source_id, metadata=about("The id of the source (from 'sources') the figure comes from."))
    marking: Marking | None = field(default=None, converter=to_marking, validator=optional_marking_value, metadata=about("Its own TLP marking, when it is more restricted than the document's."))

    def __attrs_post_init__(self) -> None:
        if self.comparison is not None and self.comparison.data_year >= self.data_year:
            raise FieldError("comparison.data_year", f"{self.comparison.data_year} must be before the data year {self.data_year}")


# -- the event and the panel ------------------------------------------------------------------


@frozen(kw_only=True)
class Event(_ReprHTML):
    """A conference or meeting, e.g. TIPNET 2025."""

    name: str = field(converter=_clean, validator=c.label(), metadata=about("The event's name: 'TIPNET 2025'."))
    edition: str | None = field(default=None, converter=_clean_optional, validator=c.optional_label(80), metadata=about("Which edition, when the name does not say it."))
    date: dt.date | None = field(default=None, converter=c.to_date, validator=c.optional_date, metadata=about("When it took place, as YYYY-MM-DD."))
    location: str | None = field(default=None, converter=_clean_optional, validator=c.optional_label(), metadata=about("Where it took place."))
    convenor: Organisation | None = field(default=None, converter=to_optional_organisation, validator=c.optional_instance(Organisation, "an organisation"), metadata=about("Who convened it: a name, or {name, short_name, url}."))
    collaborators: tuple[Organisation, ...] = field(default=(), converter=to_organisations, validator=c.items_of(Organisation, "an organisation"), metadata=about("Organisations that organised it with the convenor."))
    supporters: tuple[Organisation, ...] = field(default=(), converter=to_organisations, validator=c.items_of(Organisation, "an organisation"), metadata=about("Organisations that supported it."))
    participants: Count | None = field(default=None, converter=to_count, validator=_optional_count, metadata=about("How many took part, as the sources say it: 170, 'more than 170', 'about 1,200', '170+'."))
    agencies: Count | None = field(default=None, converter=to_count, validator=_optional_count, metadata=about("How many agencies or organisations took part, written like 'participants'."))
    description: str | None = field(default=None, converter=_clean_optional, validator=c.optional_text(), metadata=about("What the event is, in a sentence or two."))
    focus: str | None = field(default=None, converter=_clean_optional, validator=c.optional_text(), metadata=about("What this edition focused on."))
    source: str | None = field(default=None, validator=_optional_source_id, metadata=about("The id of the source (from 'sources') that describes the event."))


@frozen(kw_only=True)
class Panel(_ReprHTML):
    """A panel and the perspective it offered. Under the Chatham House Rule, name organisations only."""

    title: str = field(converter=_clean, validator=c.label(500), metadata=about("The panel's title."))
    date: dt.date | None = field(default=None, converter=c.to_date, validator=c.optional_date, metadata=about("When it took place, as YYYY-MM-DD."))
    co_presenters: tuple[Organisation, ...] = field(default=(), converter=to_organisations, validator=c.items_of(Organisation, "an organisation"), metadata=about("The organisations that presented."))
    speakers: tuple[Person, ...] = field(default=(), converter=c.to_tuple, validator=c.items_of(Person, "a person"), metadata=about("Named speakers ({name, role, organisation}); leave out under the Chatham House Rule."))
    chatham_house: bool = field(default=False, validator=c.boolean, metadata=about("true when the panel was held under the Chatham House Rule: remarks are attributed to organisations, never to people."))
    summary: str | None = field(default=None, converter=_clean_optional, validator=c.optional_text(), metadata=about("What the panel was about, in a few sentences."))
    strengths: tuple[Finding, ...] = field(default=(), converter=to_findings, validator=_findings, metadata=about("What the panel saw as working well."))
    challenges: tuple[Finding, ...] = field(default=(), converter=to_findings, validator=_findings, metadata=about("What the panel saw as the gaps and obstacles."))
    recommendations: tuple[Recommendation, ...] = field(default=(), converter=to_recommendations, validator=_recommendations, metadata=about("What the panel recommended, most important first."))
    source: str | None = field(default=None, validator=_optional_source_id, metadata=about("The id of the source (from 'sources') for the panel: a note, a recording, minutes."))

    def __attrs_post_init__(self) -> None:
        if self.chatham_house and self.speakers:
            raise FieldError("speakers", "the panel is under the Chatham House Rule: attribute remarks to organisations (co_presenters), not people")


# -- the TIP Report assessment ------------------------------------------------------------------


@frozen(kw_only=True)
class Country:
    """A country or territory as the TIP Report names it."""

    name: str = field(converter=_clean, validator=c.label(120), metadata=about("The country or territory's name, as the TIP Report writes it."))
    iso3: str | None = field(default=None, converter=_clean_optional, validator=c.optional_label(3), metadata=about("Its three-letter ISO 3166 code, in capitals: 'THA'."))

    def __attrs_post_init__(self) -> None:
        if self.iso3 is not None and not _ISO3.fullmatch(self.iso3):
            raise FieldError("iso3", f"{self.iso3!r} is not a three-letter upper-case code such as 'THA'")


def to_country(value: Any) -> Any:
    """Converter: a plain name becomes a :class:`Country`."""
    return Country(name=value) if isinstance(value, str) else value


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
    tier_history: TierHistory = field(factory=TierHistory, converter=to_history, validator=c.instance(TierHistory, "a list of placements"), metadata=about("Earlier placements, one per report year ({year, tier}); it draws the tier-history figure and the movement sentence."))
    #: The source of the tier history (cited under the chart).
    tier_history_source: str | None = field(default=None, validator=_optional_source_id, metadata=about("The id of the source (from 'sources') of the tier history, cited under the figure."))
    summary: str | None = field(default=None, converter=_clean_optional, validator=c.optional_text(), metadata=about("The report's assessment in a few sentences."))
    progress: tuple[Finding, ...] = field(default=(), converter=to_findings, validator=_findings, metadata=about("What the report recognises as progress."))
    concerns: tuple[Finding, ...] = field(default=(), converter=to_findings, validator=_findings, metadata=about("What the report notes as concerns."))
    recommendations: tuple[Recommendation, ...] = field(default=(), converter=to_recommendations, validator=_recommendations, metadata=about("The report's prioritized recommendations, in the report's order."))
    statistics: tuple[Statistic, ...] = field(default=(), converter=c.to_tuple, validator=c.items_of(Statistic, "a statistic"), metadata=about("Aggregate figures the report gives (investigations, prosecutions, convictions, victims identified)."))
    source: str | None = field(default=None, validator=_optional_source_id, metadata=about("The id of the source (from 'sources'): usually the TIP Report itself."))

    def __attrs_post_init__(self) -> None:
        if self.release_date is not None and self.release_date.year != self.report_year:
            raise FieldError("release_date", f"{self.release_date.isoformat()} is not in the report year {self.report_year}")
        if self.tier_history:
            placed = self.tier_history.get(self.report_year)
            if placed is None:
                raise FieldError("tier_history", f"has no placement for the report year {self.report_year}; add {{year: {self.report_year}, tier: {self.tier}}}")
            if placed.tier is not self.tier:
                raise FieldError("tier", f"{self.tier} contradicts tier_history, which places {self.report_year} on {placed.tier}")
            later = [p.year for p in self.tier_history.placements if p.year > self.report_year]
            if later:
                raise FieldError("tier_history", f"has placements after the report year {self.report_year}: {later}")
        for index, stat in enumerate(self.statistics):
            if stat.data_year > self.report_year:
                raise FieldError(f"statistics[{index}].data_year", f"{stat.data_year} is after the report year {self.report_year}")

    @property
    def history(self) -> TierHistory:
        """The tier history, with the report year's placement added when it was not given."""
        if self.tier_history.get(self.report_year) is not None:
            return self.tier_history
        return TierHistory(placements=(*self.tier_history.placements, _placement(self.report_year, self.tier)))

    @property
    def tier_sentence(self) -> str:
        """``"Thailand remained on Tier 2 for the fourth consecutive year."``"""
        return self.sentence("en")

    @property
    def movement_badge(self) -> str:
        """``"remained, 4th consecutive year"``."""
        return self.history.badge(self.report_year)

    def sentence(self, language: str = "en") -> str:
        """
        The tier sentence in ``language``.

        Thai runs subject and predicate together and ends without a full stop:
        ``"ประเทศไทยยังคงอยู่ในกลุ่มที่ 2 เป็นปีที่ 4 ติดต่อกัน"``.
        """
        predicate = self.history.describe(self.report_year, language)
        if language == "th":
            return f"{self.country.name}{predicate}"
        return f"{self.country.name} {predicate}."

    def badge(self, language: str = "en") -> str:
        """``"Tier 2 — remained, 4th consecutive year"`` (``"กลุ่มที่ 2 — คงระดับ ปีที่ 4 ติดต่อกัน"``)."""
        return f"{self.tier.label(language)} — {self.history.badge(self.report_year, language)}"


def _placement(year: int, tier: Tier) -> Any:
    from .tier import TierPlacement

    return TierPlacement(year=year, tier=tier)


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
        raise FieldError(attribute.name, f"unsupported language {str(value)[:20]!r}; expected one of " + ", ".join(repr(x) for x in LANGUAGES))


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
    marking: Marking = field(default=Marking.CLEAR, converter=to_marking, validator=marking_value, metadata=about("The document's TLP 2.0 marking (TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED); items without their own marking carry it."))
    language: str = field(default="en", validator=_language, metadata=about("The language it is written in: 'en' (English) or 'th' (Thai)."))
    key_messages: tuple[Finding, ...] = field(default=(), converter=to_findings, validator=_findings, metadata=about("The points a reader must take away, most important first (two or three)."))
    considerations: tuple[Finding, ...] = field(default=(), converter=to_findings, validator=_findings, metadata=about("Points for the reader to weigh or decide on."))
    event: Event | None = field(default=None, validator=c.optional_instance(Event, "an event"), metadata=about("The conference or meeting where the panel took place."))
    panel: Panel | None = field(default=None, validator=c.optional_instance(Panel, "a panel"), metadata=about("The panel and the perspective it offered."))
    assessment: TIPAssessment | None = field(default=None, validator=c.optional_instance(TIPAssessment, "a TIP assessment"), metadata=about("What the year's TIP Report says about the country."))
    sources: tuple[Source, ...] = field(default=(), converter=c.to_tuple, validator=c.items_of(Source, "a source"), metadata=about("The sources cited; items refer to them by their id."))
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
    def items(xs: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple((getattr(x, "marking", None), getattr(x, "source", None)) for x in xs)

    panel = b.panel
    a = b.assessment
    return (
        b.date, b.marking, b.purpose, items(b.key_messages), items(b.considerations), tuple(s.id for s in b.sources),
        b.event is None,
        None if panel is None else (items(panel.strengths), items(panel.challenges), items(panel.recommendations)),
        None if a is None else (a.report_year, a.tier, a.tier_history, items(a.progress), items(a.concerns),
                                items(a.recommendations), items(a.statistics)),
    )


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


#: The lists whose items may each carry their own marking and cite a source, by section ('' is the briefing).
_ITEM_LISTS: dict[str, tuple[str, ...]] = {
    "": ("key_messages", "considerations"),
    "panel": ("strengths", "challenges", "recommendations"),
    "assessment": ("progress", "concerns", "recommendations", "statistics"),
}


def _listed(briefing: Briefing, section: str) -> Iterator[tuple[str, Any]]:
    owner = getattr(briefing, section) if section else briefing
    if owner is None:
        return
    for name in _ITEM_LISTS[section]:
        prefix = f"{section}.{name}" if section else name
        for index, item in enumerate(getattr(owner, name)):
            yield f"{prefix}[{index}]", item


def iter_items(briefing: Briefing) -> Iterator[tuple[str, Finding | Recommendation | Statistic | Source]]:
    """Yield ``(path, item)`` for every item that may carry its own marking: statements, statistics, sources."""
    for section in _ITEM_LISTS:
        yield from _listed(briefing, section)
    for index, source in enumerate(briefing.sources):
        yield f"sources[{index}]", source


def iter_cited(briefing: Briefing) -> Iterator[tuple[str, str, Marking | None]]:
    """Yield ``(path, source_id, marking)`` for every reference to a source; ``marking`` is the citing item's own."""
    def refs(section: str) -> Iterator[tuple[str, str, Marking | None]]:
        for path, item in _listed(briefing, section):
            if item.source is not None:
                yield f"{path}.source", item.source, item.marking

    yield from refs("")
    if briefing.event is not None and briefing.event.source is not None:
        yield "event.source", briefing.event.source, None
    if (panel := briefing.panel) is not None:
        if panel.source is not None:
            yield "panel.source", panel.source, None
        yield from refs("panel")
    if (a := briefing.assessment) is not None:
        if a.source is not None:
            yield "assessment.source", a.source, None
        if a.tier_history_source is not None:
            yield "assessment.tier_history_source", a.tier_history_source, None
        yield from refs("assessment")


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
