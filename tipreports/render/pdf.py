"""
The PDF writer: a designed one-pager (exactly one page, by a declared policy) or a multi-page note.

ReportLab's ``Paragraph`` parses its text as markup, so every string from the
data is XML-escaped here and the only markup is built from :class:`Run` flags;
links come only from ``Run.link`` and only for ``https:`` and ``mailto:``.
Nothing here reads ``rl_config`` for safety: every style and canvas option
that matters is set explicitly.

One-page policy (``document.one_page``): lay the page out at full size; if it
does not fit, shrink type and spacing together in steps of
:data:`SHRINK_STEP` down to the floor (:data:`MIN_SCALE`, and never below
:data:`MIN_BODY_SIZE` pt body type); if it still does not fit, raise
:class:`~tipreports.errors.FitError` naming the longest sections. The page is
laid out by this module (one frame, measured and drawn by the same code, the
shrunk page being the full-size layout drawn through ``canvas.scale``), so a
second page cannot happen.

Paged mode (``document.one_page`` False): platypus frames under the same
header and footer; a canvas that holds pages back writes "Page X of Y".
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, assert_never
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Table,
    TableStyle,
)
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Paragraph as RLParagraph

from ..document import (
    Block,
    BulletList,
    Callout,
    Columns,
    Document,
    Figure,
    Heading,
    KeyFacts,
    NumberedList,
    PageBreak,
    Paragraph,
    Run,
    Runs,
    SourceList,
    TierChart,
    plain_text,
)
from ..document import Table as TableBlock
from ..errors import FitError, GlyphError
from ..i18n import translate
from ..model import Briefing
from ..model.briefing import iter_text
from ..theme import Theme
from ._base import Fit, Output
from ._chart import draw_chart
from ._fonts import FontSet, glyph_problem, register_fonts
from ._images import load_logo as _load_checked_logo
from ._thai import ThaiParagraph, draw_mixed, has_thai, mixed_width, register_thai_fonts, require_thai

__all__ = ["MIN_BODY_SIZE", "MIN_SCALE", "SHRINK_STEP", "write_pdf"]

#: The one-pager's body type at full size, as a fraction of ``theme.base_size`` (10.5 pt → 9 pt).
ONE_PAGER_BODY = 9.0 / 10.5
#: The smallest scale the one-pager may be shrunk to.
MIN_SCALE = 0.85
#: The smallest body type the one-pager may be shrunk to, in points.
MIN_BODY_SIZE = 7.5
#: The one-pager shrinks in steps of this much of full size.
SHRINK_STEP = 0.025

_PAGE_SIZES = {"A4": A4, "Letter": LETTER}
_MARGIN = 40.0
_FUZZ = 1e-6
_HEIGHT_EXPONENT = 1.7
_LINK = re.compile(r"(?:https://|mailto:)[^\s<>\"'\x00-\x1f\x7f]+", re.IGNORECASE)
_MAX_LINK = 2_000
_CREATOR = "tipreports"
_PRODUCER = "ReportLab (tipreports)"


# --------------------------------------------------------------------------- entry point


def write_pdf(document: Document, theme: Theme) -> Output:
    """
    The document as PDF bytes: a one-pager when ``document.one_page``, else a paged note.

    Raises :class:`~tipreports.errors.GlyphError` (before any layout) when a
    field holds characters the bundled fonts cannot draw, and
    :class:`~tipreports.errors.FitError` when a one-pager does not fit on one
    page at the smallest allowed size. ``Output.fit`` says how a one-pager was
    made to fit; ``Output.pages`` is the page count.
    """
    fonts = register_fonts(theme)
    _check_glyphs(document, theme, fonts)
    logo = _logo(theme.logo) if theme.logo is not None else None
    chrome = _Chrome(document, theme, fonts, logo)
    if document.one_page:
        return _one_pager(document, theme, fonts, chrome)
    return _paged(document, theme, fonts, chrome)


# --------------------------------------------------------------------------- glyphs


def _organisation(document: Document, theme: Theme) -> str:
    return theme.organisation or document.organisation


def check_briefing_glyphs(briefing: Briefing) -> None:
    """
    Raise GlyphError naming the input fields (``assessment.progress[1].text``) that hold characters
    the bundled fonts cannot draw; the writer's own check then only meets the template's text.
    """
    _raise_glyph_problems(list(iter_text(briefing)), register_fonts())


def _raise_glyph_problems(fields: list[tuple[str, str]], fonts: FontSet) -> None:
    """One GlyphError listing every ``(path, text)`` the fonts cannot draw; Thai needs the thai extra."""
    thai = frozenset[int]()
    if any(has_thai(text) for _path, text in fields):
        # Thai is set with the bundled Noto Sans Thai, words found by PyThaiNLP.
        require_thai()
        thai = register_thai_fonts()
    problems = [p for path, text in fields if (p := glyph_problem(text, path, fonts, also=thai)) is not None]
    if problems:
        raise GlyphError(problems)


def _check_glyphs(document: Document, theme: Theme, fonts: FontSet) -> None:
    """Every drawn string, checked before layout; all problems in one error."""
    fields: list[tuple[str, str]] = [
        ("title", document.title),
        ("theme.organisation" if theme.organisation else "organisation", _organisation(document, theme)),
        ("date_text", document.date_text),
    ]
    if document.subtitle:
        fields.append(("subtitle", document.subtitle))
    fields.extend(_block_texts(document.blocks, "blocks"))
    _raise_glyph_problems(fields, fonts)


def _block_texts(blocks: Sequence[Block], path: str) -> Iterator[tuple[str, str]]:
    for i, block in enumerate(blocks):
        here = f"{path}[{i}]"
        match block:
            case Heading() | Paragraph():
                yield f"{here}.runs", plain_text(block.runs)
            case BulletList() | NumberedList() | SourceList():
                for j, item in enumerate(block.items):
                    yield f"{here}.items[{j}]", plain_text(item)
            case TableBlock():
                if block.caption:
                    yield f"{here}.caption", block.caption
                for j, cell in enumerate(block.header):
                    yield f"{here}.header[{j}]", plain_text(cell)
                for r, row in enumerate(block.rows):
                    for j, cell in enumerate(row):
                        yield f"{here}.rows[{r}][{j}]", plain_text(cell)
            case KeyFacts():
                for j, fact in enumerate(block.items):
                    yield f"{here}.items[{j}].label", fact.label
                    yield f"{here}.items[{j}].value", plain_text(fact.value)
            case Callout():
                if block.title:
                    yield f"{here}.title", block.title
                yield from _block_texts(block.blocks, f"{here}.blocks")
            case Columns():
                for j, column in enumerate(block.columns):
                    yield from _block_texts(column, f"{here}.columns[{j}]")
            case Figure():
                if block.caption:
                    yield f"{here}.caption", block.caption
                if block.chart.country:
                    yield f"{here}.chart.country", block.chart.country
            case PageBreak():
                pass
            case _:
                assert_never(block)


# --------------------------------------------------------------------------- markup


def _esc(text: str) -> str:
    """Text for ReportLab's paragraph parser: data, never markup."""
    return escape(text, {'"': "&quot;", "'": "&#39;"})


def _safe_link(link: str | None) -> str | None:
    if link is None or len(link) > _MAX_LINK or not _LINK.fullmatch(link):
        return None
    return link


def _markup(runs: Runs, styles: _Styles) -> str:
    """Paragraph markup built from the run flags only; every text escaped."""
    parts: list[str] = []
    for run in runs:
        text = _esc(run.text)
        if "\n" in text:  # a hard line break (the English beneath the Thai of a bilingual note)
            text = text.replace("\n", "<br/>")
        if run.code:
            text = f'<font backColor="{styles.theme.tint}">{text}</font>'
        if run.italic:
            text = f"<i>{text}</i>"
        if run.bold:
            text = f"<b>{text}</b>"
        if (href := _safe_link(run.link)) is not None:
            text = f'<a href="{_esc(href)}" color="{styles.theme.accent}">{text}</a>'
        parts.append(text)
    return "".join(parts)


def _latin(fonts: FontSet) -> tuple[str, str, str, str]:
    return fonts.regular, fonts.bold, fonts.italic, fonts.bold_italic


def _para(runs: Runs, style: ParagraphStyle, s: _Styles, bullet: str | None = None) -> Any:
    """ReportLab's paragraph for the runs, or a :class:`ThaiParagraph` when they hold Thai."""
    if any(has_thai(r.text) for r in runs):
        return ThaiParagraph(runs, style, latin=_latin(s.fonts), link_colour=s.theme.accent,
                             code_colour=s.theme.tint, bulletText=bullet)  # fmt: skip
    return RLParagraph(_markup(runs, s), style, bulletText=bullet)


def _text_para(text: str, style: ParagraphStyle, fonts: FontSet, theme: Theme) -> Any:
    """A paragraph of plain ``text`` (a title, a label, a caption)."""
    if has_thai(text):
        return ThaiParagraph((Run(text=text),), style, latin=_latin(fonts), link_colour=theme.accent,
                             code_colour=theme.tint)  # fmt: skip
    return RLParagraph(_esc(text), style)


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class _Styles:
    """Every paragraph style and spacing at one body size; built once per (theme, size)."""

    theme: Theme
    fonts: FontSet
    body_size: float
    body: ParagraphStyle
    lead: ParagraphStyle
    small: ParagraphStyle
    badge: ParagraphStyle
    headings: tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]
    item: ParagraphStyle
    number: ParagraphStyle
    source: ParagraphStyle
    source_first: ParagraphStyle
    caption: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    fact_label: ParagraphStyle
    callout_title: ParagraphStyle
    gutter: float
    box_pad: float
    bar: float
    figure_height: float
    rule_gap: float


def _style(name: str, fonts: FontSet, size: float, leading: float, colour: str, **kw: Any) -> ParagraphStyle:
    # Every option that rl_config would otherwise supply is set here.
    base: dict[str, Any] = {
        "fontName": fonts.regular,
        "fontSize": size,
        "leading": leading,
        "textColor": HexColor(colour),
        "alignment": TA_LEFT,
        "spaceBefore": 0,
        "spaceAfter": 0,
        "leftIndent": 0,
        "rightIndent": 0,
        "firstLineIndent": 0,
        "bulletFontName": fonts.regular,
        "bulletFontSize": size,
        "bulletIndent": 0,
        "bulletColor": HexColor(colour),
        "wordWrap": None,
        "shaping": 0,
        "allowWidows": 1,
        "allowOrphans": 0,
        "splitLongWords": 1,
        "hyphenationLang": "",
        "embeddedHyphenation": 0,
        "uriWasteReduce": 0,
        "spaceShrinkage": 0,
        "linkUnderline": 0,
        "justifyLastLine": 0,
        "justifyBreaks": 0,
        "textTransform": None,
        "backColor": None,
        "borderWidth": 0,
        "borderPadding": 0,
        "borderColor": None,
    }
    base.update(kw)
    return ParagraphStyle(name, **base)


@functools.lru_cache(maxsize=64)
def _styles(theme: Theme, fonts: FontSet, body: float) -> _Styles:
    b = body
    ink, accent, muted = theme.ink, theme.accent, theme.muted
    h1 = _style("h1", fonts, b * 1.45, b * 1.75, accent, fontName=fonts.bold, spaceBefore=b * 1.2, spaceAfter=b * 0.45)
    h2 = _style("h2", fonts, b * 1.2, b * 1.5, accent, fontName=fonts.bold, spaceBefore=b * 1.05, spaceAfter=b * 0.4)
    h3 = _style("h3", fonts, b * 0.98, b * 1.3, ink, fontName=fonts.bold, spaceBefore=b * 0.55, spaceAfter=b * 0.2)
    indent = b * 1.15
    return _Styles(
        theme=theme,
        fonts=fonts,
        body_size=b,
        body=_style("body", fonts, b, b * 1.38, ink, spaceAfter=b * 0.5),
        lead=_style("lead", fonts, b * 1.16, b * 1.16 * 1.42, ink, spaceAfter=b * 0.9),
        small=_style("small", fonts, b * 0.82, b * 0.82 * 1.32, muted, spaceAfter=b * 0.3),
        badge=_style("badge", fonts, b * 1.38, b * 1.38 * 1.25, accent, fontName=fonts.bold, spaceAfter=b * 0.25),
        headings=(h1, h2, h3),
        item=_style(
            "item", fonts, b, b * 1.36, ink, leftIndent=indent, spaceAfter=b * 0.28,
            bulletColor=HexColor(accent), bulletFontName=fonts.bold,
        ),
        number=_style(
            "number", fonts, b, b * 1.36, ink, leftIndent=indent * 1.25, spaceAfter=b * 0.32,
            bulletColor=HexColor(accent), bulletFontName=fonts.bold,
        ),
        source=_style(
            "source", fonts, b * 0.78, b * 0.78 * 1.3, muted, leftIndent=b * 1.5, spaceAfter=b * 0.12,
            bulletFontSize=b * 0.78,
        ),
        source_first=_style(
            "source_first", fonts, b * 0.78, b * 0.78 * 1.3, muted, leftIndent=b * 1.5, spaceAfter=b * 0.12,
            bulletFontSize=b * 0.78, spaceBefore=b * 1.4,
        ),
        caption=_style("caption", fonts, b * 0.8, b * 0.8 * 1.3, muted, fontName=fonts.italic, spaceAfter=b * 0.6),
        cell=_style("cell", fonts, b * 0.92, b * 0.92 * 1.3, ink),
        cell_head=_style("cell_head", fonts, b * 0.92, b * 0.92 * 1.3, accent, fontName=fonts.bold),
        fact_label=_style("fact_label", fonts, b * 0.92, b * 1.3, muted, fontName=fonts.bold),
        callout_title=_style("callout_title", fonts, b, b * 1.35, accent, fontName=fonts.bold, spaceAfter=b * 0.25),
        gutter=b * 2.2,
        box_pad=b * 0.85,
        bar=max(2.0, b * 0.3),
        figure_height=b * 10.5,
        rule_gap=b * 0.45,
    )


# --------------------------------------------------------------------------- flowables


def _spacing(flowable: Any) -> tuple[float, float]:
    return float(flowable.getSpaceBefore()), float(flowable.getSpaceAfter())


def _stack(flowables: Sequence[Any], width: float) -> tuple[float, list[tuple[float, float]]]:
    """
    Wrap ``flowables`` one under another, as a platypus frame does (attached space overlaps).

    Returns the total height and each flowable's (top offset, height). The
    space before the first and after the last flowable is dropped.
    """
    y = 0.0
    placed: list[tuple[float, float]] = []
    previous_after: float | None = None
    for f in flowables:
        before, after = _spacing(f)
        if previous_after is not None:
            y += max(before, previous_after)
        _w, h = f.wrap(width, 1e9)
        placed.append((y, float(h)))
        y += float(h)
        previous_after = after
    return y, placed


def _draw_stack(canv: Any, flowables: Sequence[Any], placed: Sequence[tuple[float, float]], x: float, top: float) -> None:
    """Draw flowables already wrapped by :func:`_stack`, the top of the first at ``top``."""
    for f, (offset, h) in zip(flowables, placed, strict=True):
        f.drawOn(canv, x, top - offset - h)


class _Heading(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """A heading paragraph that adds a bookmark and outline entry, with an optional rule above."""

    def __init__(self, para: Any, outline: str, level: int, key: str, style: ParagraphStyle, rule: Color | None) -> None:
        super().__init__()
        self.para = para
        self.outline = outline
        self.level = level
        self.key = key
        self.rule = rule
        self.gap = style.fontSize * 0.45 if rule is not None else 0.0
        self.keepWithNext = 1
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        _w, h = self.para.wrap(available_width, available_height)
        self.width = available_width
        self.height = h + self.gap
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        if self.rule is not None:
            canv.saveState()
            canv.setStrokeColor(self.rule)
            canv.setLineWidth(0.9)
            canv.line(0, self.height, self.width, self.height)
            canv.restoreState()
        self.para.drawOn(canv, 0, 0)
        canv.bookmarkHorizontal(self.key, 0, self.height)
        canv.addOutlineEntry(self.outline, self.key, level=self.level, closed=False)


class _Box(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """
    Flowables in a tinted box with an accent bar on the left: callouts and the tier badge.

    A box taller than a whole frame gives up its box and flows on unboxed.
    """

    def __init__(self, content: list[Any], *, fill: Color | None, bar: Color, bar_width: float,
                 pad: float, space: float, frame_height: float | None) -> None:  # fmt: skip
        super().__init__()
        self.content = content
        self.fill = fill
        self.bar = bar
        self.bar_width = bar_width
        self.pad = pad
        self.spaceBefore = space
        self.spaceAfter = space
        self.frame_height = frame_height

    def _inner(self, width: float) -> float:
        return width - self.bar_width - 2 * self.pad

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        h, self._placed = _stack(self.content, self._inner(available_width))
        self.width = available_width
        self.height = h + 2 * self.pad
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        if self.fill is not None:
            canv.setFillColor(self.fill)
            canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        canv.setFillColor(self.bar)
        canv.rect(0, 0, self.bar_width, self.height, stroke=0, fill=1)
        canv.restoreState()
        x = self.bar_width + self.pad
        for f, (offset, h) in zip(self.content, self._placed, strict=True):
            f.drawOn(canv, x, self.height - self.pad - offset - h)

    def split(self, available_width: float, available_height: float) -> list[Any]:
        if self.frame_height is not None and self.height > self.frame_height:
            return list(self.content)
        return []


class _Columns(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """
    Side-by-side columns of flowables with a hairline between them.

    Columns taller than a whole frame are stacked one after the other instead.
    """

    def __init__(self, columns: list[list[Any]], *, gutter: float, rule: Color,
                 space: float, frame_height: float | None) -> None:  # fmt: skip
        super().__init__()
        self.columns = columns
        self.gutter = gutter
        self.rule = rule
        self.spaceBefore = space
        self.spaceAfter = space
        self.frame_height = frame_height

    def column_width(self, width: float) -> float:
        n = max(1, len(self.columns))
        return (width - self.gutter * (n - 1)) / n

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        cw = self.column_width(available_width)
        self._layouts = [_stack(column, cw) for column in self.columns]
        self.width = available_width
        self.height = max((h for h, _ in self._layouts), default=0.0)
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        cw = self.column_width(self.width)
        if len(self.columns) > 1 and self.height > 0:
            canv.saveState()
            canv.setStrokeColor(self.rule)
            canv.setLineWidth(0.5)
            for i in range(1, len(self.columns)):
                x = i * (cw + self.gutter) - self.gutter / 2
                canv.line(x, 0, x, self.height)
            canv.restoreState()
        for i, (column, (_h, placed)) in enumerate(zip(self.columns, self._layouts, strict=True)):
            x = i * (cw + self.gutter)
            for f, (offset, h) in zip(column, placed, strict=True):
                f.drawOn(canv, x, self.height - offset - h)

    def split(self, available_width: float, available_height: float) -> list[Any]:
        if self.frame_height is not None and self.height > self.frame_height:
            return [f for column in self.columns for f in column]
        return []


class _Chart(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """
    The tier-history figure, as wide as its frame and of a fixed height, with space around it.

    The vector chart is painted only when the page is drawn (never in the
    one-pager's measuring passes); its layout is reused for the same chart, size and theme.
    """

    def __init__(self, chart: TierChart, width: float, height: float, theme: Theme, before: float, after: float) -> None:
        super().__init__()
        self.chart = chart
        self.width = width
        self.height = height
        self.theme = theme
        self.spaceBefore = before
        self.spaceAfter = after

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return self.width, self.height

    def draw(self) -> None:
        draw_chart(self.canv, self.chart, width=round(self.width, 3), height=round(self.height, 3), theme=self.theme)


# --------------------------------------------------------------------------- blocks → flowables


@dataclass
class _Built:
    """The flowables of a block sequence and, per flowable, the section it belongs to."""

    flowables: list[Any] = field(default_factory=list)
    #: (section, subsection): the nearest level-1/2 heading and the level-3 heading under it.
    sections: list[tuple[str, str | None]] = field(default_factory=list)


@dataclass
class _Builder:
    """Turns blocks into flowables at one size; one instance per layout pass."""

    styles: _Styles
    one_page: bool
    frame_height: float | None
    outline_level: int = -1
    headings: int = 0
    # Column flowables with the section of each of their children, for FitError.
    column_sections: dict[int, list[list[tuple[str, str | None]]]] = field(default_factory=dict)

    def build(self, blocks: Sequence[Block], width: float, section: str | None = None) -> _Built:
        out = _Built()
        current, sub = section, None
        previous: Block | None = None
        for block in blocks:
            if isinstance(block, SourceList) and not isinstance(previous, Heading):
                block_flowables = self.sources(block)
            else:
                block_flowables = self.block(block, width)
            previous = block
            if isinstance(block, Heading):
                if block.level <= 2 or current is None:
                    current, sub = plain_text(block.runs), None
                else:
                    sub = plain_text(block.runs)
            label = (current or _default_section(block), sub)
            for f in block_flowables:
                out.flowables.append(f)
                out.sections.append(label)
        return out

    def block(self, block: Block, width: float) -> list[Any]:
        s = self.styles
        match block:
            case Heading():
                return [self.heading(block)]
            case Paragraph():
                style = {"body": s.body, "lead": s.lead, "small": s.small, "badge": s.badge}[block.style]
                return [_para(block.runs, style, s)]
            case BulletList():
                return [_para(item, s.item, s, "•") for item in block.items]
            case NumberedList():
                return self.numbered(block.items, block.start, s.number)
            case SourceList():
                return self.numbered(block.items, 1, s.source)
            case TableBlock():
                return self.table(block, width)
            case KeyFacts():
                return self.key_facts(block, width)
            case Callout():
                return [self.callout(block, width)]
            case Columns():
                return [self.columns(block, width)]
            case Figure():
                return self.figure(block, width)
            case PageBreak():
                return [] if self.one_page else [RLPageBreak()]
            case _:
                assert_never(block)

    def sources(self, block: SourceList) -> list[Any]:
        """Sources without a heading: set apart by space (and, on the one-pager, a hairline)."""
        return self.numbered(block.items, 1, self.styles.source, space_before=self.styles.source_first.spaceBefore)

    def heading(self, block: Heading) -> _Heading:
        s = self.styles
        level = min(max(block.level, 1), 3)
        # Outline levels may only go one deeper at a time.
        self.outline_level = min(level - 1, self.outline_level + 1)
        self.headings += 1
        rule = HexColor(s.theme.accent) if level <= 2 else None
        return _Heading(
            _para(block.runs, s.headings[level - 1], s), plain_text(block.runs), self.outline_level,
            f"h{self.headings}", s.headings[level - 1], rule,
        )  # fmt: skip

    def numbered(self, items: Sequence[Runs], start: int, style: ParagraphStyle, space_before: float = 0.0) -> list[Any]:
        """Numbers right-aligned on a common edge, text on a common indent, however many items."""
        s = self.styles
        last = f"{start + max(len(items) - 1, 0)}."
        label_width = max(stringWidth(last, style.bulletFontName, style.bulletFontSize),
                          stringWidth("0.", style.bulletFontName, style.bulletFontSize))  # fmt: skip
        # ReportLab keeps 0.6 em between a bullet's end and the text.
        indent = max(style.leftIndent, label_width + style.bulletFontSize * 0.65)
        style = ParagraphStyle(f"{style.name}-n", parent=style, leftIndent=indent, bulletIndent=label_width, bulletAnchor="end")
        first = ParagraphStyle(f"{style.name}-first", parent=style, spaceBefore=space_before) if space_before else style
        return [
            _para(item, first if i == 0 else style, s, f"{start + i}.")
            for i, item in enumerate(items)
        ]

    def table(self, block: TableBlock, width: float) -> list[Any]:
        s = self.styles
        out: list[Any] = []
        if block.caption:
            out.append(_text_para(block.caption, s.callout_title, s.fonts, s.theme))
        n = max([len(block.header), *(len(r) for r in block.rows)], default=1)
        weights = [8.0] * n
        for row in (block.header, *block.rows):
            for j, cell in enumerate(row):
                weights[j] = max(weights[j], min(60.0, float(len(plain_text(cell)))))
        total = sum(weights)
        # Percentages: the one-pager wraps at other widths than the one built for.
        widths = [f"{100 * w / total:.4f}%" for w in weights]
        data: list[list[Any]] = []
        if block.header:
            data.append([_para(c, s.cell_head, s) for c in block.header] + [""] * (n - len(block.header)))
        for row in block.rows:
            data.append([_para(c, s.cell, s) for c in row] + [""] * (n - len(row)))
        if not data:
            return out
        pad = s.body_size * 0.35
        commands: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), pad * 0.8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.8),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, HexColor(s.theme.rule)),
        ]
        if block.header:
            commands.append(("LINEBELOW", (0, 0), (-1, 0), 1.0, HexColor(s.theme.accent)))
        table = Table(data, colWidths=widths, repeatRows=1 if block.header else 0, hAlign="LEFT")
        table.setStyle(TableStyle(commands))
        table.spaceBefore = s.body_size * 0.3
        table.spaceAfter = s.body_size * 0.8
        out.append(table)
        return out

    def key_facts(self, block: KeyFacts, width: float) -> list[Any]:
        s = self.styles
        if not block.items:
            return []
        data = [[_text_para(f.label, s.fact_label, s.fonts, s.theme), _para(f.value, s.cell, s)] for f in block.items]
        label_width = min(width * 0.3, max(_label_width(f.label, s) for f in block.items) + 12)
        pad = s.body_size * 0.25
        share = 100 * label_width / width
        table = Table(data, colWidths=[f"{share:.4f}%", f"{100 - share:.4f}%"], hAlign="LEFT")
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad * 2),
            ("TOPPADDING", (0, 0), (-1, -1), pad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ]))  # fmt: skip
        table.spaceAfter = s.body_size * 0.8
        return [table]

    def callout(self, block: Callout, width: float) -> _Box:
        s = self.styles
        inner = width - s.bar - 2 * s.box_pad
        content: list[Any] = []
        if block.title:
            content.append(_text_para(block.title, s.callout_title, s.fonts, s.theme))
        content.extend(self.build(block.blocks, inner, section=block.title).flowables)
        fill = HexColor(s.theme.tint) if block.kind in ("tier", "key") else None
        bar = HexColor(s.theme.accent) if block.kind in ("tier", "key") else HexColor(s.theme.rule)
        return _Box(content, fill=fill, bar=bar, bar_width=s.bar, pad=s.box_pad,
                    space=s.body_size * 1.1, frame_height=self.frame_height)  # fmt: skip

    def columns(self, block: Columns, width: float) -> _Columns:
        s = self.styles
        n = max(1, len(block.columns))
        cw = (width - s.gutter * (n - 1)) / n
        built = [self.build(column, cw) for column in block.columns]
        flowable = _Columns([b.flowables for b in built], gutter=s.gutter, rule=HexColor(s.theme.rule),
                            space=s.body_size * 0.5, frame_height=self.frame_height)  # fmt: skip
        self.column_sections[id(flowable)] = [b.sections for b in built]
        return flowable

    def figure(self, block: Figure, width: float) -> list[Any]:
        s = self.styles
        height = s.figure_height if width > 300 else s.figure_height * 1.1
        before, after = s.body_size * 0.6, s.body_size * 0.3
        # An empty history draws the empty axes: the figure keeps its place either way.
        out: list[Any] = [_Chart(block.chart, width, height, s.theme, before, after)]
        if block.caption:
            out.append(_text_para(block.caption, s.caption, s.fonts, s.theme))
        return out


def _label_width(label: str, s: _Styles) -> float:
    if has_thai(label):
        return mixed_width(label, s.fact_label.fontSize, _latin(s.fonts), bold=True)
    return float(stringWidth(label, s.fonts.bold, s.fact_label.fontSize))


def _default_section(block: Block) -> str:
    match block:
        case Callout(kind="tier"):
            return "the tier badge"
        case Callout():
            return block.title or f"the {block.kind} box"
        case Paragraph(style="lead"):
            return "the key message"
        case Figure():
            return block.caption or "the figure"
        case SourceList():
            return "the sources"
        case NumberedList():
            return "the numbered list"
        case TableBlock():
            return block.caption or "the table"
        case _:
            return "the text before the first heading"


# --------------------------------------------------------------------------- page furniture


@dataclass
class _Chrome:
    """Header band, running header and footer: everything outside the body frame."""

    document: Document
    theme: Theme
    fonts: FontSet
    logo: _Logo | None

    def __post_init__(self) -> None:
        self.page_width, self.page_height = _PAGE_SIZES[self.theme.page_size]
        t, f = self.theme, self.fonts
        self.organisation = _organisation(self.document, self.theme)
        self.content_width = self.page_width - 2 * _MARGIN
        self.marking_size = 12.0  # FIRST: TLP labels in 12-point type or greater
        self.marking_width = stringWidth(self.document.marking.label, f.bold, self.marking_size) + 14
        self.marking_height = self.marking_size + 8
        text_width = self.content_width - self.marking_width - 18
        self.org_style = _style("org", f, 8.5, 11, t.accent, fontName=f.bold)
        self.title_style = _style("title", f, 19, 23, t.ink, fontName=f.bold)
        self.subtitle_style = _style("subtitle", f, 10.5, 14, t.muted)
        self.date_style = _style("date", f, 8.5, 11, t.muted)
        self.head_paras: list[tuple[Any, float]] = []  # (paragraph, space before)
        org = _text_para(self.organisation, self.org_style, f, t)
        self.head_paras.append((org, 0.0))
        self.head_paras.append((_text_para(self.document.title, self.title_style, f, t), 7.0))
        if self.document.subtitle:
            self.head_paras.append((_text_para(self.document.subtitle, self.subtitle_style, f, t), 3.0))
        self.head_paras.append((_text_para(self.document.date_text, self.date_style, f, t), 4.0))
        self.logo_box = (0.0, 0.0)
        if self.logo is not None:
            h = 26.0
            self.logo_box = (min(h * self.logo.aspect, 110.0), h)
            text_width = min(text_width, self.content_width - max(self.marking_width, self.logo_box[0]) - 18)
        self.text_width = text_width
        inner = 0.0
        for para, before in self.head_paras:
            _w, h = para.wrap(text_width, 1e9)
            inner += before + h
        self.band_pad = 22.0
        self.band_height = max(inner, self.marking_height + 10 + self.logo_box[1]) + 2 * self.band_pad
        self.footer_height = 34.0
        self.gap = 16.0

    # The body frame of the first page and of later pages: (x, y, width, height).
    def first_frame(self) -> tuple[float, float, float, float]:
        top = self.page_height - self.band_height - self.gap
        bottom = self.footer_height + self.gap
        return _MARGIN, bottom, self.content_width, top - bottom

    def later_frame(self) -> tuple[float, float, float, float]:
        top = self.page_height - 40.0 - self.gap
        bottom = self.footer_height + self.gap
        return _MARGIN, bottom, self.content_width, top - bottom

    def marking_box(self, canv: Any, right: float, top: float) -> None:
        m = self.document.marking
        canv.saveState()
        canv.setFillColor(HexColor("#000000"))
        canv.rect(right - self.marking_width, top - self.marking_height, self.marking_width, self.marking_height, stroke=0, fill=1)
        canv.setFillColor(HexColor(m.colour))
        canv.setFont(self.fonts.bold, self.marking_size)
        canv.drawRightString(right - 7, top - self.marking_height + 5.2, m.label)
        canv.restoreState()

    def first_header(self, canv: Any, _doc: Any = None) -> None:
        t = self.theme
        w, h = self.page_width, self.page_height
        canv.saveState()
        canv.setFillColor(HexColor(t.tint))
        canv.rect(0, h - self.band_height, w, self.band_height, stroke=0, fill=1)
        canv.setFillColor(HexColor(t.accent))
        canv.rect(0, h - self.band_height, w, 2.5, stroke=0, fill=1)
        canv.restoreState()
        y = h - self.band_pad
        for para, before in self.head_paras:
            _w, ph = para.wrap(self.text_width, 1e9)
            y -= before + ph
            para.drawOn(canv, _MARGIN, y)
        right = w - _MARGIN
        self.marking_box(canv, right, h - self.band_pad + 2)
        if self.logo is not None:
            lw, lh = self.logo_box
            canv.drawImage(self.logo.reader, right - lw, h - self.band_height + self.band_pad - 2, lw, lh,
                           mask="auto", preserveAspectRatio=True, anchor="se")  # fmt: skip

    def later_header(self, canv: Any, _doc: Any = None) -> None:
        t, f = self.theme, self.fonts
        h = self.page_height
        right = self.page_width - _MARGIN
        top = h - 22.0
        self.marking_box(canv, right, top)
        canv.saveState()
        canv.setFillColor(HexColor(t.muted))
        canv.setFont(f.regular, 8.5)
        room = self.content_width - self.marking_width - 18
        self.text(canv, _MARGIN, top - self.marking_height + 5.5, self.document.title, 8.5, room)
        canv.restoreState()

    def footer(self, canv: Any, page: int, pages: int) -> None:
        t, f = self.theme, self.fonts
        right = self.page_width - _MARGIN
        top = self.footer_height
        canv.saveState()
        canv.setStrokeColor(HexColor(t.rule))
        canv.setLineWidth(0.5)
        canv.line(_MARGIN, top + 6, right, top + 6)
        self.marking_box(canv, right, top)
        baseline = top - self.marking_height + 6
        canv.setFillColor(HexColor(t.muted))
        canv.setFont(f.regular, 7.5)
        language = self.document.metadata.language
        number = f"{translate('Page', language)} {page} {translate('of', language)} {pages}"
        number_x = right - self.marking_width - 14 - self.width(number, 7.5)
        self.text(canv, number_x, baseline, number, 7.5)
        room = number_x - _MARGIN - 18
        self.text(canv, _MARGIN, baseline, f"{self.organisation}  ·  {self.document.date_text}", 7.5, room)
        canv.restoreState()

    def width(self, text: str, size: float) -> float:
        if has_thai(text):
            return mixed_width(text, size, _latin(self.fonts))
        return float(stringWidth(text, self.fonts.regular, size))

    def text(self, canv: Any, x: float, y: float, text: str, size: float, room: float | None = None) -> None:
        """One line of regular text at (x, y), cut with an ellipsis to ``room`` points; Thai in script runs."""
        if room is not None:
            text = _fit_text(text, size, room, functools.partial(self.width, size=size))
        if has_thai(text):
            draw_mixed(canv, x, y, text, size, _latin(self.fonts))
        else:
            if (canv._fontname, canv._fontsize) != (self.fonts.regular, size):
                canv.setFont(self.fonts.regular, size)
            canv.drawString(x, y, text)


def _fit_text(text: str, size: float, width: float, measure: Callable[[str], float]) -> str:
    """``text`` on one line, cut with an ellipsis to ``width`` points (never between a mark and its base)."""
    text = " ".join(text.split())
    if measure(text) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        while 0 < mid < len(text) and unicodedata.category(text[mid]) == "Mn":
            mid -= 1
        if mid <= low:
            break
        if measure(text[:mid].rstrip() + "…") <= width:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + "…"


# --------------------------------------------------------------------------- logo


@dataclass(frozen=True)
class _Logo:
    reader: Any
    aspect: float


def _logo(path: Path) -> _Logo:
    """The theme's logo, read now through load_logo (checked, re-encoded); ReportLab never sees the file."""
    logo = _load_checked_logo(path)
    return _Logo(reader=ImageReader(io.BytesIO(logo.png)), aspect=logo.width_px / logo.height_px)


# --------------------------------------------------------------------------- canvas


class _PagedCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
    """
    A canvas that holds its pages back until the end, so each footer can say "Page X of Y".

    Bookmarks are recorded per page and bound when the page is finally
    written (ReportLab binds them to the page being written at that moment).
    """

    def __init__(self, *args: Any, chrome: _Chrome, **kwargs: Any) -> None:
        document = chrome.document
        kwargs.update(invariant=1, pageCompression=1, lang=document.metadata.language or None,
                      initialFontName="Helvetica", enforceColorSpace=None)  # fmt: skip
        super().__init__(*args, **kwargs)
        self._chrome = chrome
        self._held: list[dict[str, Any]] = []
        self._marks: list[tuple[str, dict[str, Any]]] = []
        # The file ID and dates come from the document, not the clock or SOURCE_DATE_EPOCH.
        seed = hashlib.md5(b"tipreports", usedforsecurity=False)
        seed.update(document.metadata.date.isoformat().encode())
        self._doc.signature = seed
        stamp = document.metadata.date.strftime("D:%Y%m%d000000+00'00'")
        self.setDateFormatter(lambda *_parts: stamp)
        _apply_metadata(self, document)

    def bookmarkPage(self, key: str, fit: str = "Fit", left: Any = None, top: Any = None,  # ReportLab's name
                     bottom: Any = None, right: Any = None, zoom: Any = None) -> None:  # fmt: skip
        self._marks.append((key, {"fit": fit, "left": left, "top": top, "bottom": bottom, "right": right, "zoom": zoom}))

    def showPage(self) -> None:  # ReportLab's name
        self._held.append(dict(self.__dict__))
        self._marks = []
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            for key, kwargs in state["_marks"]:
                super().bookmarkPage(key, **kwargs)
            self._chrome.footer(self, number, total)
            super().showPage()
        super().save()

    @property
    def pages(self) -> int:
        return len(self._held)


def _apply_metadata(canv: Any, document: Document) -> None:
    meta = document.metadata
    canv.setTitle(meta.title)
    canv.setAuthor(meta.author)
    canv.setSubject(meta.subject)
    canv.setKeywords(", ".join(meta.keywords))
    canv.setCreator(_CREATOR)
    canv.setProducer(_PRODUCER)
    canv.setViewerPreference("DisplayDocTitle", "true")


# --------------------------------------------------------------------------- one-pager


def _full_body(theme: Theme) -> float:
    return theme.base_size * ONE_PAGER_BODY


def _scales(theme: Theme) -> list[float]:
    """The declared shrink levels, largest first: 1.0, 0.975, ... down to the floor."""
    floor = max(MIN_SCALE, min(1.0, MIN_BODY_SIZE / _full_body(theme)))
    levels = [1.0]
    while levels[-1] - SHRINK_STEP > floor + _FUZZ:
        levels.append(round(levels[-1] - SHRINK_STEP, 6))
    if levels[-1] > floor + _FUZZ:
        levels.append(floor)
    return levels


@dataclass
class _Pass:
    """The one-pager's blocks laid out at one scale: in layout units, which the page scales by ``scale``."""

    scale: float
    width: float
    frame_height: float
    height: float
    placed: list[tuple[float, float]]

    @property
    def fits(self) -> bool:
        return self.height <= self.frame_height + _FUZZ


def _one_pager(document: Document, theme: Theme, fonts: FontSet, chrome: _Chrome) -> Output:
    """
    Lay the blocks out once at full size; shrink by scaling the page, never by rebuilding it.

    Type, spacing, rules and the chart all scale together, so the layout at
    scale ``s`` is the full-size layout in a frame ``1/s`` times as large,
    drawn through ``canvas.scale(s)``. A measuring pass only re-breaks lines.
    """
    x, y, width, height = chrome.first_frame()
    styles = _styles(theme, fonts, _full_body(theme))
    builder = _Builder(styles=styles, one_page=True, frame_height=None)
    built = builder.build(document.blocks, width)
    levels = _scales(theme)
    passes: dict[int, _Pass] = {}
    wrapped_at: list[int] = []

    def measure(i: int, *, again: bool = False) -> _Pass:
        if again or i not in passes:
            scale = levels[i]
            total, placed = _stack(built.flowables, width / scale)
            passes[i] = _Pass(scale, width / scale, height / scale, total, placed)
            wrapped_at.append(i)
        return passes[i]

    def fits(i: int) -> bool:
        return measure(i).fits

    chosen: int | None = 0 if fits(0) else None
    if chosen is None:
        last = len(levels) - 1
        # Height goes with about the 1.7th power of the scale (fewer, shorter lines):
        # the guess saves passes, the walk makes the choice exact.
        guess = (height / measure(0).height) ** (1 / _HEIGHT_EXPONENT)
        i = min(range(1, last + 1), key=lambda k: abs(levels[k] - guess))
        if fits(i):
            while i > 1 and fits(i - 1):
                i -= 1
            chosen = i
        else:
            while i < last and not fits(i + 1):
                i += 1
            chosen = i + 1 if i < last else None
    if chosen is None:
        floor = len(levels) - 1
        raise _fit_error(measure(floor, again=wrapped_at[-1] != floor), built, builder)
    # Flowables keep the line breaks of their latest wrap: draw from the chosen one.
    result = measure(chosen, again=wrapped_at[-1] != chosen)
    buffer = io.BytesIO()
    canv = _PagedCanvas(buffer, pagesize=(chrome.page_width, chrome.page_height), chrome=chrome)
    chrome.first_header(canv)
    canv.saveState()
    canv.translate(x, y + height)
    canv.scale(result.scale, result.scale)
    _draw_one_page(canv, result, built, document.blocks, styles)
    canv.restoreState()
    canv.showPage()
    canv.save()
    assert canv.pages == 1
    fit = Fit(
        policy="as-is" if chosen == 0 else "shrunk",
        scale=result.scale,
        body_size=round(styles.body_size * result.scale, 3),
    )
    return Output(data=buffer.getvalue(), pages=1, fit=fit)


def _draw_one_page(canv: Any, result: _Pass, built: _Built, blocks: Sequence[Block], s: _Styles) -> None:
    """Draw in layout units from the frame's top (y = 0); trailing sources sit at its foot."""
    flowables, placed = built.flowables, result.placed
    tail = 0
    if blocks and isinstance(blocks[-1], SourceList):
        tail = len(blocks[-1].items)
        if len(blocks) > 1 and isinstance(blocks[-2], Heading):
            tail += 1
    if not 0 < tail < len(flowables):
        _draw_stack(canv, flowables, placed, 0, 0)
        return
    _draw_stack(canv, flowables[:-tail], placed[:-tail], 0, 0)
    # The foot keeps its own spacing; only its offset from the frame's top changes.
    first = placed[-tail][0]
    foot = [(offset - first, h) for offset, h in placed[-tail:]]
    foot_top = -result.frame_height + foot[-1][0] + foot[-1][1]
    _draw_stack(canv, flowables[-tail:], foot, 0, foot_top)
    if not isinstance(blocks[-2] if len(blocks) > 1 else None, Heading):
        # Without a heading of their own, a hairline sets the sources apart.
        rule_y = foot_top + s.body_size * 0.7
        canv.saveState()
        canv.setStrokeColor(HexColor(s.theme.rule))
        canv.setLineWidth(0.5)
        canv.line(0, rule_y, result.width, rule_y)
        canv.restoreState()


def _fit_error(floor: _Pass, built: _Built, builder: _Builder) -> FitError:
    """What is too long, by how much, named by section (and its longest subsection)."""
    sections: dict[str, float] = {}
    subsections: dict[tuple[str, str], float] = {}

    def add(label: tuple[str, str | None], height: float) -> None:
        sections[label[0]] = sections.get(label[0], 0.0) + height
        if label[1] is not None:
            key = (label[0], label[1])
            subsections[key] = subsections.get(key, 0.0) + height

    for f, label, (_o, h) in zip(built.flowables, built.sections, floor.placed, strict=True):
        column_labels = builder.column_sections.get(id(f))
        if column_labels is None:
            add(label, h)
            continue
        for labels, (_ch, column_placed) in zip(column_labels, f._layouts, strict=True):
            for child_label, (_co, child_h) in zip(labels, column_placed, strict=True):
                add(child_label, child_h)
    page = floor.frame_height
    parts = []
    for name, height in sorted(sections.items(), key=lambda kv: -kv[1])[:3]:
        part = f"{_short(name)!r} {height / page:.0%} of the page"
        subs = sorted(((k[1], v) for k, v in subsections.items() if k[0] == name), key=lambda kv: -kv[1])
        if subs:
            part += f" (of which {_short(subs[0][0])!r} {subs[0][1] / page:.0%})"
        parts.append(part)
    size = builder.styles.body_size * floor.scale
    return FitError(
        f"the one-pager needs {floor.height / page:.2f} pages at the smallest allowed size "
        f"({size:.2g} pt body type, {floor.scale:.0%} scale); longest sections: {'; '.join(parts)}. "
        "Shorten them, or move detail to the briefing note"
    )


def _short(label: str, limit: int = 60) -> str:
    label = " ".join(label.split())
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


# --------------------------------------------------------------------------- multi-page


def _paged(document: Document, theme: Theme, fonts: FontSet, chrome: _Chrome) -> Output:
    styles = _styles(theme, fonts, theme.base_size)
    first = Frame(*chrome.first_frame(), id="first", leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0, showBoundary=0, overlapAttachedSpace=1)  # fmt: skip
    later = Frame(*chrome.later_frame(), id="later", leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0, showBoundary=0, overlapAttachedSpace=1)  # fmt: skip
    frame_height = min(first._height, later._height)
    builder = _Builder(styles=styles, one_page=False, frame_height=frame_height)
    built = builder.build(document.blocks, chrome.content_width)
    meta = document.metadata
    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer,
        pagesize=(chrome.page_width, chrome.page_height),
        pageTemplates=[
            PageTemplate(id="first", frames=[first], onPage=chrome.first_header, autoNextPageTemplate="later"),
            PageTemplate(id="later", frames=[later], onPage=chrome.later_header),
        ],
        title=meta.title,
        author=meta.author,
        subject=meta.subject,
        keywords=", ".join(meta.keywords),
        creator=_CREATOR,
        producer=_PRODUCER,
        invariant=1,
        pageCompression=1,
        lang=meta.language or None,
        displayDocTitle=1,
        allowSplitting=1,
        initialFontName="Helvetica",
    )
    made: list[_PagedCanvas] = []

    def canvasmaker(*args: Any, **kwargs: Any) -> _PagedCanvas:
        canv = _PagedCanvas(*args, chrome=chrome, **kwargs)
        made.append(canv)
        return canv

    story = built.flowables or [RLParagraph("", styles.body)]
    template.build(story, canvasmaker=canvasmaker)
    return Output(data=buffer.getvalue(), pages=made[-1].pages if made else None)

