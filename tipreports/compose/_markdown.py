"""
The tipreports Markdown dialect: how data is written into it, and how it is read into blocks.

CommonMark without raw HTML, plus GFM tables, fenced containers
(``::: keyfacts``, ``::: key``, ``:::: tier``, ``::::: columns`` / ``:::: column``,
``::: lead``, ``::: small``, ``::: badge``, ``::: sources``, ``::: pagebreak``, ``::: positive`` /
``::: negative`` around a sub-head to give it a tone, ``::: aside`` in small type) and
figures by name (``![caption](chart:tier-history)``). Links become links only
for ``https:`` and ``mailto:``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import TypeAlias

from attrs import evolve, frozen
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.container import container_plugin

from ..document import (
    Block,
    BulletList,
    Callout,
    Columns,
    Figure,
    Heading,
    KeyFact,
    KeyFacts,
    NumberedList,
    PageBreak,
    Paragraph,
    ParagraphStyle,
    Run,
    Runs,
    SourceList,
    Table,
    TierChart,
    allowed_link,
)
from ..errors import TemplateError
from ..model import Tier

__all__ = ["Charts", "markdown_escape", "parse_markdown"]

#: Figures a document can show, by name (``tier-history``): the chart's data and its alt text.
Charts: TypeAlias = Mapping[str, tuple[TierChart, str]]

_ASCII_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
#: White space the escape folds to one space; a no-break space (U+00A0, U+202F) binds words and is kept.
_WHITESPACE = re.compile(r"[^\S\u00a0\u202f]+")


def markdown_escape(value: object) -> str:
    """
    Escape ``value`` so that Markdown reads it as plain text.

    CommonMark allows a backslash before any ASCII punctuation; whitespace is
    folded so that data can never start a block (a list, a heading, code).
    """
    if value is None:
        return ""
    # Fold, don't strip: separators such as ", " and " and " are data too.
    text = _ASCII_PUNCTUATION.sub(r"\\\1", _WHITESPACE.sub(" ", str(value)))
    # Text starting with digits, followed by the template's own ". " at the start of a line,
    # would open an ordered list ("{{ source.publisher }}. *{{ source.title }}*" with publisher "0");
    # a digit cannot be backslash-escaped, so the first is written as a character reference.
    # Numbers (loop.index) are left alone: templates number their lists with them.
    if isinstance(value, str) and text[:1].isascii() and text[:1].isdigit():
        text = f"&#{ord(text[0])};{text[1:]}"
    return text


_CONTAINERS = (
    "keyfacts", "key", "note", "tier", "columns", "column", "lead", "small", "badge", "sources", "pagebreak",
    "positive", "negative", "aside",
)
_FIGURE_SCHEME = "chart:"
#: The one container rule's name: its nodes are ``container_fenced`` whatever the fence's name.
_FENCE = "fenced"


def _tier_code(text: str | None) -> Tier | None:
    """``:::: tier 2WL`` names the tier the box shows by its code; any other words are its title."""
    codes = {tier.code: tier for tier in Tier}
    # The template's escaping writes a leading digit as a character reference (``&#50;``).
    return codes.get(html.unescape(text).strip()) if text else None


def _validate_link(url: str) -> bool:
    return allowed_link(url) or url.lower().startswith(_FIGURE_SCHEME)


def _container_name(params: str) -> str:
    """The name a fence opens (``:::: tier 2WL`` opens ``tier``), read as mdit-py-plugins reads it."""
    return params.strip().split(" ", 2)[0]


def _is_container(params: str, *_markup: str) -> bool:
    return _container_name(params) in _CONTAINER_NAMES


_CONTAINER_NAMES = frozenset(_CONTAINERS)


def _markdown() -> MarkdownIt:
    markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    # One rule for every container name, not a rule per name: markdown-it tries each block rule on
    # each line (and each container rule again wherever a paragraph might end), so thirteen rules
    # cost a sixth of the parse. The tokens are the same but for their type: the name is in `info`.
    markdown.use(container_plugin, name=_FENCE, validate=_is_container)
    markdown.validateLink = _validate_link  # type: ignore[method-assign]  # markdown-it-py's documented hook
    return markdown


_MARKDOWN = _markdown()


def parse_markdown(text: str, charts: Charts | None = None) -> tuple[Block, ...]:
    """Parse the tipreports Markdown dialect into blocks; ``charts`` are the figures it may name."""
    root = SyntaxTreeNode(_MARKDOWN.parse(text))
    return _Reader(charts=charts or {}).blocks(root.children, "body")


@frozen(kw_only=True)
class _Reader:
    """Turns markdown-it's syntax tree into blocks: one ``match`` per node, recursing into containers."""

    charts: Charts

    def blocks(self, nodes: Sequence[SyntaxTreeNode], style: ParagraphStyle) -> tuple[Block, ...]:
        return tuple(block for node in nodes for block in self.block(node, style))

    def block(self, node: SyntaxTreeNode, style: ParagraphStyle) -> tuple[Block, ...]:
        match node.type:
            case "heading":
                return (Heading(level=min(int(node.tag[1:]), 3), runs=_runs(node.children[0])),)
            case "paragraph":
                inline = node.children[0]
                if (figure := self.figure(inline)) is not None:
                    return (figure,)
                runs = _runs(inline)
                return (Paragraph(runs=runs, style=style),) if runs else ()
            case "bullet_list":
                return (BulletList(items=_items(node)),)
            case "ordered_list":
                return (NumberedList(items=_items(node), start=int(node.attrGet("start") or 1)),)
            case "table":
                return (_table(node),)
            case "hr":
                return (PageBreak(),)
            case "code_block" | "fence":
                # Kept as text: a template has no use for code, but its words should not vanish.
                return (Paragraph(runs=(Run(text=node.content.strip()),), style=style),)
            case "container_fenced":
                return self.container(node, _container_name(node.info), style)
            case _:
                # Anything else (block quotes): keep the text, lose the structure.
                return self.blocks(node.children, style)

    def container(self, node: SyntaxTreeNode, name: str, style: ParagraphStyle) -> tuple[Block, ...]:
        match name:
            case "lead" | "small" | "badge":
                return self.blocks(node.children, name)
            case "positive" | "negative":
                # Good news or bad: the headings inside carry the tone; the rest is unchanged.
                return tuple(
                    evolve(b, tone=name) if isinstance(b, Heading) else b for b in self.blocks(node.children, style)
                )
            case "columns":
                return (self.columns(node, style),)
            case "keyfacts":
                return (_keyfacts(self.blocks(node.children, style)),)
            case "key" | "note" | "tier":
                words = node.info.strip().split(maxsplit=1)
                title = words[1] if len(words) > 1 else None
                tier = _tier_code(title) if name == "tier" else None
                if tier is not None:
                    title = None
                return (Callout(kind=name, blocks=self.blocks(node.children, style), title=title, tier=tier),)
            case "aside":
                # Set small: who and where, beside the main text (the one-pager puts it under the tier badge).
                return (Callout(kind="aside", blocks=self.blocks(node.children, "small")),)
            case "sources":
                items = _source_items(self.blocks(node.children, style))
                return (SourceList(items=items),) if items else ()
            case "pagebreak":
                return (PageBreak(), *self.blocks(node.children, style))
            case _:
                # A column outside columns: its blocks, in place.
                return self.blocks(node.children, style)

    def columns(self, node: SyntaxTreeNode, style: ParagraphStyle) -> Columns:
        columns: list[tuple[Block, ...]] = []
        stray: list[Block] = []
        for child in node.children:
            if child.type == "container_fenced" and _container_name(child.info) == "column":
                if stray:
                    columns.append(tuple(stray))
                    stray = []
                columns.append(self.blocks(child.children, style))
            else:
                # Content between columns becomes a column of its own rather than vanishing.
                stray.extend(self.block(child, style))
        if stray:
            columns.append(tuple(stray))
        return Columns(columns=tuple(columns))

    def figure(self, inline: SyntaxTreeNode) -> Figure | None:
        """A paragraph holding only an image of a registered chart (``chart:name``) is that figure."""
        children = [child for child in inline.children if not (child.type == "text" and not child.content.strip())]
        if len(children) != 1 or children[0].type != "image":
            return None
        image = children[0]
        source = str(image.attrGet("src") or "")
        if not source.startswith(_FIGURE_SCHEME):
            return None
        chart = self.charts.get(source.removeprefix(_FIGURE_SCHEME))
        if chart is None:
            raise TemplateError(f"unknown figure {source!r}; registered: " + ", ".join(f"'{_FIGURE_SCHEME}{name}'" for name in self.charts))
        caption = "".join(part.content for part in image.walk(include_self=False) if part.type in ("text", "code_inline"))
        data, alt = chart
        return Figure(name=source, alt=alt, caption=caption or None, chart=data)


def _items(node: SyntaxTreeNode) -> tuple[Runs, ...]:
    """The items of a list; everything inside an item (paragraphs, a nested list) joins into one line."""
    items: list[Runs] = []
    for item in node.children:
        runs: list[Run] = []
        for inline in _inlines(item):
            if runs:
                runs.append(Run(text=" "))
            runs.extend(_runs(inline))
        items.append(tuple(runs))
    return tuple(items)


def _table(node: SyntaxTreeNode) -> Table:
    header: tuple[Runs, ...] = ()
    rows: list[tuple[Runs, ...]] = []
    for section in node.children:
        for row in section.children:
            cells = tuple(_runs(inline) for inline in _inlines(row))
            if section.type == "thead":
                header = cells
            else:
                rows.append(cells)
    return Table(header=header, rows=tuple(rows))


def _keyfacts(inner: tuple[Block, ...]) -> KeyFacts:
    """Key facts from bullets of the form ``- **Label:** value``; other content is not a fact."""
    facts: list[KeyFact] = []
    for block in inner:
        if not isinstance(block, BulletList):
            continue
        for item in block.items:
            if not (item and item[0].bold):
                continue
            label, *value = item
            if value:
                # The colon after the label is the template's ("**To:**" or "**To**:"); the value keeps its own.
                text = value[0].text.lstrip()
                if not label.text.rstrip().endswith(":") and text.startswith(":"):
                    text = text[1:].lstrip()
                value[0] = evolve(value[0], text=text)
            facts.append(KeyFact(label=label.text.strip().rstrip(":"), value=tuple(run for run in value if run.text)))
    return KeyFacts(items=tuple(facts))


def _source_items(inner: tuple[Block, ...]) -> tuple[Runs, ...]:
    """The sources: the items of lists, and paragraphs, in order."""
    items: list[Runs] = []
    for block in inner:
        if isinstance(block, (NumberedList, BulletList)):
            items.extend(block.items)
        elif isinstance(block, Paragraph):
            items.append(block.runs)
    return tuple(items)


def _inlines(node: SyntaxTreeNode) -> Iterator[SyntaxTreeNode]:
    """The inline (text) nodes inside ``node``, in reading order."""
    return (descendant for descendant in node.walk() if descendant.type == "inline")


def _runs(inline: SyntaxTreeNode) -> Runs:
    """The runs of one inline node: styles merged, whitespace trimmed at the edges."""
    # Pieces of one style are joined before a Run is made: a Run is validated as it is made,
    # and evolving the last Run for every piece was most of the cost of reading a document.
    merged: list[tuple[Run, list[str]]] = []
    for style, text in _styled(inline, _PLAIN):
        if merged and _style(merged[-1][0]) == _style(style):
            merged[-1][1].append(text)
        else:
            merged.append((style, [text]))
    texts = ["".join(pieces) for _style_run, pieces in merged]
    # Collapse whitespace at the edges of the paragraph only; inner spacing is the template's.
    if texts:
        texts[0] = texts[0].lstrip()
        texts[-1] = texts[-1].rstrip()
    return tuple(evolve(style, text=text) for (style, _pieces), text in zip(merged, texts, strict=True) if text)


#: The style of unstyled text: an empty run.
_PLAIN = Run(text="")


def _style(run: Run) -> tuple[bool, bool, bool, str | None]:
    return run.bold, run.italic, run.code, run.link


def _styled(node: SyntaxTreeNode, style: Run) -> Iterator[tuple[Run, str]]:
    """The text under ``node`` as (style, text) pieces; a style is an empty run carrying bold, italic, code, link."""
    for child in node.children:
        match child.type:
            case "text":
                if child.content:
                    yield style, child.content
            case "softbreak":
                yield style, " "
            case "hardbreak":
                # Only the template can make one (a backslash at the end of a line): data is folded.
                yield style, "\n"
            case "code_inline":
                yield evolve(style, code=True), child.content
            case "strong":
                yield from _styled(child, evolve(style, bold=True))
            case "em":
                yield from _styled(child, evolve(style, italic=True))
            case "link":
                href = str(child.attrGet("href") or "")
                yield from _styled(child, evolve(style, link=href if allowed_link(href) else None))
            case "image":
                # An image inside text is not a figure: keep its caption as text.
                yield _PLAIN, "".join(part.content for part in child.walk(include_self=False))
            case _:
                # Markup the dialect does not style (none is enabled today): keep its text.
                yield from _styled(child, style)
