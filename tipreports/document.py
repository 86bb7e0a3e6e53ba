"""
The neutral document every writer renders: metadata and a tree of blocks.

Compose builds it from a template; the writers (DOCX, PDF, HTML, Markdown)
each handle every block type in one ``match`` ending in ``assert_never``.
Text in runs is plain text: writers escape it for their own backend.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal, TypeAlias

from attrs import field, frozen

from ._notebook import _ReprHTML
from .errors import FieldError
from .model import Designation, Marking, Tier, TierHistory, Withheld

__all__ = [
    "LINK_SCHEMES",
    "Block",
    "BulletList",
    "Callout",
    "ChartLabels",
    "Columns",
    "Document",
    "Figure",
    "Heading",
    "KeyFact",
    "KeyFacts",
    "Metadata",
    "NumberedList",
    "PageBreak",
    "Paragraph",
    "Run",
    "Runs",
    "SourceList",
    "Table",
    "TierChart",
    "Tone",
    "allowed_link",
    "page_number_parts",
    "plain_text",
]


#: The only link schemes a document may carry (compared case-insensitively).
LINK_SCHEMES = ("https:", "mailto:")
#: Most characters of a link.
MAX_LINK = 2_000
# No space, quote, angle bracket or control character: a link sits verbatim inside every writer's markup.
_LINK = re.compile(r"(?:https://|mailto:)[^\s<>\"'\x00-\x1f\x7f]+", re.IGNORECASE)


def allowed_link(url: str | None) -> bool:
    """
    Whether ``url`` may be a link: ``https://`` or ``mailto:`` in any case, at most 2,000 characters,
    without spaces, quotes, angle brackets or control characters. The one link rule of every writer.
    """
    return url is not None and len(url) <= MAX_LINK and _LINK.fullmatch(url) is not None


def _link(_instance: Any, _attribute: Any, value: str | None) -> None:
    if value is not None and not allowed_link(value):
        # The value is not echoed: it may be text from the briefing.
        raise FieldError("link", "only https:// and mailto: links without spaces, quotes or angle brackets are allowed")


@frozen(kw_only=True)
class Run:
    """
    A stretch of text with one style.

    ``link`` is an ``https://`` or ``mailto:`` URL (:func:`allowed_link`): a Run
    with any other link cannot be made, so no writer is handed one.
    """

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str | None = field(default=None, validator=_link)


Runs: TypeAlias = tuple[Run, ...]
#: Good news or bad, for a sub-head (``::: positive`` / ``::: negative`` around it in a template).
Tone: TypeAlias = Literal["positive", "negative"]


def plain_text(runs: Runs) -> str:
    """The text of ``runs`` without styles."""
    return "".join(r.text for r in runs)


@frozen(kw_only=True)
class Heading:
    """
    A section heading, level 1 (the document's sections) to 3.

    ``tone`` marks a sub-head over good news (strengths, progress) or bad
    (challenges, concerns): a writer may set it apart by colour and a marker.
    """

    level: int
    runs: Runs
    tone: Tone | None = None


ParagraphStyle: TypeAlias = Literal["body", "lead", "small", "badge"]


@frozen(kw_only=True)
class Paragraph:
    """A paragraph. ``style``: ``body``, ``lead`` (the key message), ``small``, ``badge``."""

    runs: Runs
    style: ParagraphStyle = "body"


@frozen(kw_only=True)
class BulletList:
    """An unordered list; each item is a paragraph's runs."""

    items: tuple[Runs, ...]


@frozen(kw_only=True)
class NumberedList:
    """An ordered list starting at ``start``; numbering restarts for every list."""

    items: tuple[Runs, ...]
    start: int = 1


@frozen(kw_only=True)
class Table:
    """A table with one header row; the header repeats on every page."""

    header: tuple[Runs, ...]
    rows: tuple[tuple[Runs, ...], ...]
    caption: str | None = None


@frozen(kw_only=True)
class KeyFact:
    """One label/value pair: 'Date' – '29 September 2025'."""

    label: str
    value: Runs


@frozen(kw_only=True)
class KeyFacts:
    """Label/value pairs, e.g. the To/From/Date/Purpose block of a briefing note."""

    items: tuple[KeyFact, ...]


CalloutKind: TypeAlias = Literal["note", "key", "tier", "aside"]


@frozen(kw_only=True)
class Callout:
    """
    A boxed group of blocks: key messages (``key``), the tier badge (``tier``), a ``note``, an ``aside``.

    An ``aside`` (small type: who presented, where) inside a ``tier`` box sits
    under the badge on the one-pager; elsewhere it is a quiet box of its own.
    """

    kind: CalloutKind
    blocks: tuple[Block, ...]
    title: str | None = None
    #: The tier a ``tier`` box shows (``:::: tier 2``): a writer may colour its badge by it.
    tier: Tier | None = None


@frozen(kw_only=True)
class Columns:
    """Side-by-side columns of blocks (one column per tuple)."""

    columns: tuple[tuple[Block, ...], ...]


_TIER_CODES: tuple[tuple[Tier, str], ...] = tuple((tier, tier.code) for tier in Tier)


@frozen(kw_only=True)
class ChartLabels:
    """
    The words a tier chart draws, in the document's language: compose fills them from the phrasebook.

    ``tiers`` names each row, ``years`` each year on the axis (a year not
    listed is drawn as its number), ``waiver`` and ``designations`` the
    legend's entries, ``moves`` the story's moves
    (:meth:`~tipreports.model.TierHistory.story_moves`), most important first:
    the year a move lands in and the label set by its dot. Without a phrasebook
    a chart shows the tier codes (``1``, ``2WL``), no legend words and no move labels.
    """

    tiers: tuple[tuple[Tier, str], ...] = _TIER_CODES
    years: tuple[tuple[int, str], ...] = ()
    waiver: str = ""
    designations: tuple[tuple[Designation, str], ...] = ()
    moves: tuple[tuple[int, str], ...] = ()

    def tier(self, tier: Tier) -> str:
        return dict(self.tiers).get(tier, tier.code)

    def year(self, year: int) -> str:
        return dict(self.years).get(year, str(year))

    def designation(self, designation: Designation) -> str:
        return dict(self.designations).get(designation, "")

    def texts(self) -> tuple[str, ...]:
        """Every word the chart may draw (for the glyph check)."""
        return (
            *(t for _tier, t in self.tiers),
            *(y for _year, y in self.years),
            *((self.waiver,) if self.waiver else ()),
            *(d for _designation, d in self.designations),
            *(m for _year, m in self.moves),
        )


@frozen(kw_only=True)
class TierChart:
    """
    The data of the tier-history figure: placements, the year to highlight and the words to draw.

    Waiver years and designations are marked from the history itself.
    """

    history: TierHistory
    highlight: int | None = None
    country: str | None = None
    labels: ChartLabels = ChartLabels()


@frozen(kw_only=True)
class Figure:
    """
    A figure referenced by a registered name (``chart:tier-history``).

    ``alt`` is generated from the data; ``caption`` comes from the template.
    """

    name: str
    alt: str
    caption: str | None
    chart: TierChart


@frozen(kw_only=True)
class SourceList:
    """The sources, in small type, numbered."""

    items: tuple[Runs, ...]


@frozen(kw_only=True)
class PageBreak:
    """Start a new page (ignored by one-page products)."""


Block: TypeAlias = (
    Heading
    | Paragraph
    | BulletList
    | NumberedList
    | Table
    | KeyFacts
    | Callout
    | Columns
    | Figure
    | SourceList
    | PageBreak
)


@frozen(kw_only=True)
class Metadata:
    """What goes into the file's properties: only what the briefing says."""

    title: str
    subject: str
    author: str
    keywords: tuple[str, ...]
    date: dt.date
    language: str


_PAGE_NUMBER = re.compile(r"(\{page\}|\{pages\})")


def page_number_parts(text: str) -> tuple[str, ...]:
    """``"Page {page} of {pages}"`` as ``("Page ", "{page}", " of ", "{pages}")``: words, and where the numbers go."""
    return tuple(part for part in _PAGE_NUMBER.split(text) if part)


@frozen(kw_only=True)
class Document(_ReprHTML):
    """
    A composed product, ready for any writer.

    ``marking`` is the banner: the highest marking among what was included.
    ``withheld`` says what the audience did not get (counts only).
    ``page_numbers`` is the footer's page furniture in the document's language,
    ``{page}`` and ``{pages}`` where the numbers go (compose takes it from the
    phrasebook; a hand-made document shows ``1 / 2``).
    """

    product: str
    title: str
    subtitle: str | None
    marking: Marking
    metadata: Metadata
    blocks: tuple[Block, ...]
    withheld: Withheld
    organisation: str
    date_text: str
    one_page: bool = field(default=False)
    page_numbers: str = "{page} / {pages}"
