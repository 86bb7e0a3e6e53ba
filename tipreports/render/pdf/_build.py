"""
Blocks to flowables: one :class:`Builder` per layout, one ``match`` over the block union.

Every flowable of the body is made in :meth:`Builder.build`, knowing the block
it sets (and the section it belongs to, for :class:`~tipreports.errors.FitError`),
and tagged there with the structure element it is (see :mod:`._structure`):
headings H2 and below (the title in the header band is the H1), P, lists as
L > LI > Lbl + LBody, tables as Table > TR > TH/TD with a caption, the chart
as a Figure with the DOCX's alt text (its caption after it), callouts as a Div
around their blocks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, assert_never

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Table, TableStyle

from ..._deadline import check_deadline, product_name
from ...document import (
    Block,
    BulletList,
    Callout,
    Columns,
    Figure,
    Heading,
    KeyFacts,
    NumberedList,
    PageBreak,
    Paragraph,
    Run,
    Runs,
    SourceList,
    plain_text,
)
from ...document import Table as TableBlock
from ...model import Tier
from ...wording._names import MOVEMENT_SYMBOLS
from .._chart import TIER_3_COLOUR as _TIER_3_COLOUR
from .._chart import tier_colours
from .._colour import legible
from .._script import has_thai
from ._flowables import (
    BoxFlowable,
    ChartFlowable,
    ColumnsFlowable,
    HeadingFlowable,
    SymbolFlowable,
    TierBadgeFlowable,
)
from ._structure import Node, list_item, table_cell, tag
from ._styles import Styles
from ._text import latin, para, text_para
from ._thai import mixed_width

__all__ = ["Builder", "Built", "Clock", "top_heading_level"]


def top_heading_level(blocks: Sequence[Block]) -> int:
    """The level of the document's top headings (1 in the note, 2 on the one-pager); 1 if there are none."""
    return min(_heading_levels(blocks), default=1)


def _heading_levels(blocks: Sequence[Block]) -> Iterator[int]:
    for block in blocks:
        match block:
            case Heading():
                yield block.level
            case Callout():
                yield from _heading_levels(block.blocks)
            case Columns():
                for column in block.columns:
                    yield from _heading_levels(column)
            case _:
                pass


@dataclass
class Built:
    """The flowables of a block sequence and, per flowable, the section it belongs to."""

    flowables: list[Any] = field(default_factory=list)
    #: (section, subsection): the nearest level-1/2 heading and the level-3 heading under it.
    sections: list[tuple[str, str | None]] = field(default_factory=list)


@dataclass
class Builder:
    """Turns blocks into flowables at one size; one instance per layout pass."""

    styles: Styles
    one_page: bool
    frame_height: float | None
    #: The level of the document's top headings: they are tagged H2, under the title's H1.
    top_heading: int = 1
    outline_level: int = -1
    headings: int = 0
    # The structure level of the latest heading: a level may go one deeper at a time (H1 is the title).
    tag_level: int = 1
    # Column flowables with the section of each of their children, for FitError.
    column_sections: dict[int, list[list[tuple[str, str | None]]]] = field(default_factory=dict)

    def build(self, blocks: Sequence[Block], width: float, section: str | None = None) -> Built:
        """
        The flowables of ``blocks`` laid out ``width`` wide, each with its section.

        Boxes and columns build their content through here too, so every
        block of the document passes the loop below exactly once.
        """
        out = Built()
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
                return [tag(para(block.runs, style, s), "P")]
            case BulletList():
                bullets = Node("L", numbering="Disc")
                return [list_item(para(item, s.item, s, "•"), bullets) for item in block.items]
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

    def heading(self, block: Heading) -> HeadingFlowable:
        s = self.styles
        level = min(max(block.level, 1), 3)
        # Outline levels may only go one deeper at a time.
        self.outline_level = min(level - 1, self.outline_level + 1)
        self.headings += 1
        self.tag_level = min(max(2, block.level - self.top_heading + 2), self.tag_level + 1, 6)
        rule = HexColor(s.theme.accent) if level <= 2 else None
        # The paragraph is the heading; the rule above it is layout (an artifact).
        style = s.headings[level - 1]
        text: Any = tag(para(block.runs, style, s), f"H{self.tag_level}")
        if block.tone is not None:
            # Good news or bad: its colour, and a drawn + or − so that colour is never the only sign.
            style = s.tones[block.tone]
            text = tag(para(block.runs, style, s), f"H{self.tag_level}")
            marker = "+" if block.tone == "positive" else "-"
            text = SymbolFlowable(text, marker, style.fontSize, style.textColor)
        return HeadingFlowable(
            text, plain_text(block.runs), self.outline_level, f"h{self.headings}", style, rule,
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
        numbers = Node("L", numbering="Decimal")
        return [
            list_item(para(item, first if i == 0 else style, s, f"{start + i}."), numbers)
            for i, item in enumerate(items)
        ]

    def table(self, block: TableBlock, width: float) -> list[Any]:
        s = self.styles
        out: list[Any] = []
        node = Node("Table")
        if block.caption:
            out.append(tag(text_para(block.caption, s.callout_title, s.fonts, s.theme), Node("Caption", parent=node)))
        n = max([len(block.header), *(len(r) for r in block.rows)], default=1)
        # Percentages: the one-pager wraps at other widths than the one built for.
        widths = [f"{100 * w / width:.4f}%" for w in _column_widths(block, n, width, s)]
        data: list[list[Any]] = []
        # Missing cells are empty paragraphs: an empty TD (a "" cell would be drawn as a string in Helvetica).
        if block.header:
            header = [*block.header, *[()] * (n - len(block.header))]
            data.append([table_cell(para(c, s.cell_head, s), node, 0, header=True) for c in header])
        for row in block.rows:
            cells = [*row, *[()] * (n - len(row))]
            data.append([table_cell(para(c, s.cell, s), node, len(data)) for c in cells])
        if not data:
            return out
        pad = s.body_size * 0.35
        commands: list[tuple[Any, ...]] = [
            # Table sets every cell's font, flowable or not: the body font, never ReportLab's Helvetica.
            ("FONTNAME", (0, 0), (-1, -1), s.fonts.regular),
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
        out.append(tag(table, node))
        return out

    def key_facts(self, block: KeyFacts, width: float) -> list[Any]:
        s = self.styles
        if not block.items:
            return []
        # A table of row headers and values: read as "To: ..., From: ...".
        node = Node("Table")
        data = [
            [table_cell(text_para(f.label, s.fact_label, s.fonts, s.theme), node, i, header=True, scope="Row"),
             table_cell(para(f.value, s.cell, s), node, i)]
            for i, f in enumerate(block.items)
        ]  # fmt: skip
        label_width = min(width * 0.3, max(_text_width(f.label, s, s.fact_label.fontSize, bold=True) for f in block.items) + 12)
        pad = s.body_size * 0.25
        share = 100 * label_width / width
        table = Table(data, colWidths=[f"{share:.4f}%", f"{100 - share:.4f}%"], hAlign="LEFT")
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), s.fonts.regular),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad * 2),
            ("TOPPADDING", (0, 0), (-1, -1), pad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ]))  # fmt: skip
        table.spaceAfter = s.body_size * 0.8
        return [tag(table, node)]

    def callout(self, block: Callout, width: float) -> Any:
        s = self.styles
        if block.kind == "tier" and block.tier is not None:
            return self.tier_badge(block, block.tier, width)
        inner = width - s.bar - 2 * s.box_pad
        content: list[Any] = []
        if block.title:
            content.append(tag(text_para(block.title, s.callout_title, s.fonts, s.theme), "P"))
        content.extend(self.build(block.blocks, inner, section=block.title).flowables)
        fill = HexColor(s.theme.tint) if block.kind in ("tier", "key") else None
        bar = HexColor(s.theme.accent) if block.kind in ("tier", "key") else HexColor(s.theme.rule)
        box = BoxFlowable(content, fill=fill, bar=bar, bar_width=s.bar, pad=s.box_pad,
                          space=s.body_size * 1.1, frame_height=self.frame_height)  # fmt: skip
        # The box groups its blocks; its fill and bar are layout.
        return tag(box, "Div")

    def tier_badge(self, block: Callout, tier: Tier, width: float) -> TierBadgeFlowable:
        """
        The badge (its leading ``badge`` paragraphs) in the tier's colour, the rest beside it.

        The first badge paragraph is the tier, set large; one wholly bold is a
        designation, in a block of its own; the others (the movement) are led by
        their symbol, drawn. Each line is a P; the blocks and the symbol are layout.
        """
        s = self.styles
        n = next((i for i, b in enumerate(block.blocks) if not (isinstance(b, Paragraph) and b.style == "badge")),
                 len(block.blocks))  # fmt: skip
        lines = [b for b in block.blocks[:n] if isinstance(b, Paragraph)]
        badge: list[Any] = []
        designations: list[Any] = []
        white = HexColor("#FFFFFF")
        for i, line in enumerate(lines):
            if i == 0:
                badge.append(tag(para(line.runs, s.badge_tier, s), "P"))
            elif all(r.bold for r in line.runs):
                designations.append(tag(para(line.runs, s.badge_designation, s), "P"))
            elif (symbol := plain_text(line.runs)[:1]) in MOVEMENT_SYMBOLS.values():
                text = tag(para(_drop_first(line.runs), s.badge_line, s), "P")
                badge.append(SymbolFlowable(text, symbol, s.badge_line.fontSize, white))
            else:
                badge.append(tag(para(line.runs, s.badge_line, s), "P"))
        badge_width = width * s.badge_share
        rest = block.blocks[n:]
        aside = [b for b in rest if isinstance(b, Callout) and b.kind == "aside"]
        main = [b for b in rest if not (isinstance(b, Callout) and b.kind == "aside")]
        beside = self.build(main, width - badge_width - s.gutter, section=block.title).flowables
        # An aside (the panel's title and presenters) fills the badge's column under it, unboxed.
        under = self.build([b for a in aside for b in a.blocks], badge_width, section=block.title).flowables
        # The badge's fill darkened until its white words reach WCAG AA.
        fill = legible(tier_colours(s.theme)[tier], ("#FFFFFF",), s.theme.ink)
        designation_fill = legible(_TIER_3_COLOUR, ("#FFFFFF",), s.theme.ink)
        flowable = TierBadgeFlowable(badge, designations, beside, under, fill=HexColor(fill),
                                     designation_fill=HexColor(designation_fill), badge_width=badge_width,
                                     gutter=s.gutter * 0.8, pad=s.box_pad, space=s.body_size * 0.9)  # fmt: skip
        # The badge groups its lines and the key messages; its colour blocks and symbol are layout.
        return tag(flowable, "Div")

    def columns(self, block: Columns, width: float) -> ColumnsFlowable:
        s = self.styles
        n = max(1, len(block.columns))
        cw = (width - s.gutter * (n - 1)) / n
        built = [self.build(column, cw) for column in block.columns]
        flowable = ColumnsFlowable([b.flowables for b in built], gutter=s.gutter, rule=HexColor(s.theme.rule),
                            space=s.body_size * 0.5, frame_height=self.frame_height)  # fmt: skip
        self.column_sections[id(flowable)] = [b.sections for b in built]
        return flowable

    def figure(self, block: Figure, width: float) -> list[Any]:
        s = self.styles
        # The one-pager sets the chart a little shorter, then gives it the room its text leaves.
        if self.one_page:
            height = s.body_size * ONE_PAGER_FIGURE
            most: float | None = height * FIGURE_GROWTH
        else:
            height, most = (s.figure_height if width > 300 else s.figure_height * 1.1), None
        before, after = s.body_size * 0.6, s.body_size * 0.3
        # An empty history draws the empty axes: the figure keeps its place either way.
        figure = Node("Figure", alt=block.alt)
        chart = ChartFlowable(block.chart, width, height, s.theme, before, after, most)
        out: list[Any] = [tag(chart, figure)]
        if block.caption:
            # Beside the figure, not in it: a reader replaces a Figure and all it holds by its Alt.
            out.append(tag(text_para(block.caption, s.caption, s.fonts, s.theme), "Caption"))
        return out


def _drop_first(runs: Runs) -> Runs:
    """The runs without their first character and the space after it (a symbol drawn apart)."""
    first, *rest = runs
    return (Run(text=first.text[1:].lstrip(), bold=first.bold, italic=first.italic, code=first.code, link=first.link), *rest)


#: The one-pager's chart at its shortest, in body sizes (the note's is ``Styles.figure_height``).
ONE_PAGER_FIGURE = 8.0
#: How much taller than that the one-pager's chart may grow into free room.
FIGURE_GROWTH = 3.6


@dataclass
class Clock:
    """
    The render's time limit, checked as flowables are laid out, naming the section of the latest one.

    A flowable split across pages, or one inside a box, counts as the section
    of the last flowable seen.
    """

    product: str
    sections: dict[int, str]
    current: str = "the beginning"

    @classmethod
    def of(cls, product: str, built: Built, builder: Builder) -> Clock:
        sections = {id(f): _section_name(label) for f, label in zip(built.flowables, built.sections, strict=True)}
        for f in built.flowables:
            for column, labels in zip(getattr(f, "columns", ()), builder.column_sections.get(id(f), ()), strict=False):
                sections.update({id(child): _section_name(label) for child, label in zip(column, labels, strict=True)})
        return cls(product=product, sections=sections)

    def where(self) -> str:
        """``the one-pager's section 'Concerns'``."""
        name = " ".join(self.current.split())
        name = name if len(name) <= 60 else name[:59].rstrip() + "…"
        return f"the {product_name(self.product)}'s section {name!r}"

    def check(self, flowable: Any) -> None:
        self.current = self.sections.get(id(flowable), self.current)
        check_deadline(self.where())


def _section_name(label: tuple[str, str | None]) -> str:
    return label[1] or label[0]


def _column_widths(block: TableBlock, n: int, width: float, s: Styles) -> list[float]:
    """
    Column widths as a browser's automatic table layout sets them, in points summing to ``width``.

    Every column first gets its longest word (so "2022–2025" or "Reports" is
    never broken), at most 40% of the table; what is left goes to the columns
    in proportion to how much more their longest text needs to sit on one line.
    """
    # Both paddings, and a point to spare: a word that only just fits is broken letter by letter.
    pad = s.body_size * 0.35 * 2 + 1.0
    least, full = [0.0] * n, [0.0] * n
    for r, row in enumerate((block.header, *block.rows)):
        bold = r == 0 and bool(block.header)
        for j, cell in enumerate(row):
            text = plain_text(cell)
            # A word runs to a breaking space: words bound by a no-break space ("Tier 2 Watch List") are one.
            words = _BREAKS.split(text.strip()) or [""]
            least[j] = max(least[j], *(_text_width(w, s, s.cell.fontSize, bold=bold) for w in words))
            full[j] = max(full[j], _text_width(text, s, s.cell.fontSize, bold=bold))
    least = [min(w + pad, width * 0.4) for w in least]
    full = [max(f + pad, w) for f, w in zip(full, least, strict=True)]
    if sum(full) <= width:
        return [f * width / sum(full) for f in full]
    if sum(least) >= width:
        return [w * width / sum(least) for w in least]
    room = (width - sum(least)) / sum(f - w for f, w in zip(full, least, strict=True))
    return [w + (f - w) * room for f, w in zip(full, least, strict=True)]


_BREAKS = re.compile(r"[^\S\u00a0\u202f]+")


def _text_width(text: str, s: Styles, size: float, *, bold: bool) -> float:
    """The width of one line of ``text`` in the body faces (Thai runs in Noto Sans Thai)."""
    if has_thai(text):
        return mixed_width(text, size, latin(s.fonts), bold=bold)
    return float(stringWidth(text, s.fonts.bold if bold else s.fonts.regular, size))


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
