"""
Markdown writer: a document Pandoc and Quarto read, or the tipreports dialect for review.

By default the text starts with YAML front matter (``title``, ``subtitle``,
``author``, ``date``, ``lang``) and the body holds no second title, so Pandoc
and Quarto print it once. Each value is escaped for Markdown (they parse
metadata as Markdown) and quoted as a JSON string (valid YAML). The tier chart
is a PNG: written beside the Markdown file when there is one (``stem``; see
:func:`figure_files`), else embedded as a ``data:`` URI so the text stands
alone. ``fragment=True`` gives the dialect as the templates write it: the title
as a heading, no front matter, figures by name (``chart:tier-history``).
"""

from __future__ import annotations

import base64
import json
import re
from typing import assert_never

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
    Runs,
    SourceList,
    Table,
)
from ..theme import Theme
from ._base import Output
from ._chart import chart_png

__all__ = ["figure_file", "figure_files", "write_markdown"]

#: The chart as PNG: 1600 x 544 px, 16 cm wide at 254 dpi (the DOCX figure's proportions).
FIGURE_WIDTH_PX = 1600
FIGURE_HEIGHT_PX = 544

# Inline markup characters, always escaped ('#' too: a trailing ' #' closes a heading);
# block starters only at the start of a line.
_INLINE = re.compile(r"([\\`*_\[\]<>&|~!#])")
_LINE_START = re.compile(r"^(\s*)([#>+=:-]|\d+[.)])", re.MULTILINE)


def _escape(text: str) -> str:
    text = _INLINE.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m[1] + "\\" + m[2] if len(m[2]) == 1 else m[1] + m[2][:-1] + "\\" + m[2][-1], text)


def _runs(runs: Runs) -> str:
    out: list[str] = []
    for r in runs:
        if r.code:
            fence = "``" if "`" in r.text else "`"
            text = f"{fence} {r.text} {fence}" if "`" in r.text else f"`{r.text}`"
        else:
            text = _escape(r.text)
            if "\n" in text:  # a hard line break: backslash-newline (CommonMark)
                text = text.replace("\n", "\\\n")
        if r.bold and text.strip():
            text = f"**{text}**"
        if r.italic and text.strip():
            text = f"*{text}*"
        if r.link:
            text = f"[{text}](<{r.link}>)"
        out.append(text)
    return "".join(out)


def _fence(inner: int) -> str:
    # Containers nest only when the outer fence is longer than the inner ones.
    return ":" * (3 + inner)


def _nest(blocks: tuple[Block, ...]) -> int:
    """How many container levels ``blocks`` hold."""
    deepest = 0
    for b in blocks:
        match b:
            case Callout(blocks=inner):
                deepest = max(deepest, 1 + _nest(inner))
            case Columns(columns=columns):
                deepest = max(deepest, 2 + max((_nest(c) for c in columns), default=0))
            case Paragraph(style=style) if style != "body":
                deepest = max(deepest, 1)
            case KeyFacts() | SourceList():
                deepest = max(deepest, 1)
    return deepest


def _blocks(blocks: tuple[Block, ...], figures: dict[str, str] | None = None) -> list[str]:
    """Blocks as Markdown; ``figures`` maps a figure's name to the image it references (default: its name)."""
    out: list[str] = []
    for block in blocks:
        match block:
            case Heading(level=level, runs=runs):
                out.append("#" * level + " " + _runs(runs))
            case Paragraph(runs=runs, style=style):
                text = _runs(runs)
                out.append(text if style == "body" else f"{_fence(0)} {style}\n{text}\n{_fence(0)}")
            case BulletList(items=items):
                out.append("\n".join("- " + _runs(item) for item in items))
            case NumberedList(items=items, start=start):
                out.append("\n".join(f"{start + i}. " + _runs(item) for i, item in enumerate(items)))
            case Table(header=header, rows=rows):
                lines = ["| " + " | ".join(_runs(c).replace("|", "\\|") for c in header) + " |"]
                lines.append("|" + "---|" * len(header))
                lines.extend("| " + " | ".join(_runs(c).replace("|", "\\|") for c in row) + " |" for row in rows)
                out.append("\n".join(lines))
            case KeyFacts(items=items):
                body = "\n".join(f"- **{_escape(f.label)}:** {_runs(f.value)}" for f in items)
                out.append(f"{_fence(0)} keyfacts\n{body}\n{_fence(0)}")
            case Callout(kind=kind, blocks=inner):
                body = "\n\n".join(_blocks(inner, figures))
                fence = _fence(_nest(inner))
                out.append(f"{fence} {kind}\n{body}\n{fence}")
            case Columns(columns=columns):
                deepest = max((_nest(col) for col in columns), default=0)
                outer = _fence(deepest + 1)
                inner_fence = _fence(deepest)
                cols = [f"{inner_fence} column\n" + "\n\n".join(_blocks(col, figures)) + f"\n{inner_fence}" for col in columns]
                out.append(f"{outer} columns\n" + "\n\n".join(cols) + f"\n{outer}")
            case Figure(name=name, caption=caption, alt=alt):
                target = name if figures is None else figures[name]
                out.append(f"![{_escape(caption or alt)}]({target})")
            case SourceList(items=items):
                body = "\n".join(f"{i}. " + _runs(item) for i, item in enumerate(items, start=1))
                out.append(f"{_fence(0)} sources\n{body}\n{_fence(0)}")
            case PageBreak():
                out.append("---")
            case _:
                assert_never(block)
    return out


def _figures(blocks: tuple[Block, ...]) -> list[Figure]:
    found: list[Figure] = []
    for block in blocks:
        match block:
            case Figure():
                found.append(block)
            case Callout(blocks=inner):
                found += _figures(inner)
            case Columns(columns=columns):
                for column in columns:
                    found += _figures(column)
    return found


def figure_file(stem: str, name: str, index: int) -> str:
    """``thailand-tier-history.png``: the file of figure ``name`` (the ``index``-th) beside ``stem.md``."""
    part = re.sub(r"[^a-z0-9]+", "-", name.removeprefix("chart:").lower()).strip("-") or "figure"
    return f"{stem}-{part}.png" if index == 1 else f"{stem}-{part}-{index}.png"


def _names(figures: list[Figure], stem: str) -> dict[str, str]:
    names: dict[str, str] = {}
    for figure in figures:
        if figure.name not in names:
            names[figure.name] = figure_file(stem, figure.name, len(names) + 1)
    return names


def _png(figure: Figure, theme: Theme) -> bytes:
    return chart_png(figure.chart, width_px=FIGURE_WIDTH_PX, height_px=FIGURE_HEIGHT_PX, theme=theme)


def figure_files(document: Document, theme: Theme, stem: str) -> dict[str, bytes]:
    """The PNG files that ``write_markdown(document, theme, stem=stem)`` references, by file name."""
    figures = _figures(document.blocks)
    names = _names(figures, stem)
    files: dict[str, bytes] = {}
    for figure in figures:
        files.setdefault(names[figure.name], _png(figure, theme))
    return files


def _meta(text: str) -> str:
    """A front-matter value: Markdown-escaped (Pandoc parses it as Markdown), then a JSON string (valid YAML)."""
    return json.dumps(_escape(text).replace("\n", "\\\n"), ensure_ascii=False)


def front_matter(document: Document) -> str:
    """The YAML front matter Pandoc and Quarto read: title, subtitle, author, date, lang."""
    lines = ["---", f"title: {_meta(document.title)}"]
    if document.subtitle:
        lines.append(f"subtitle: {_meta(document.subtitle)}")
    if document.organisation:
        lines.append(f"author: {_meta(document.organisation)}")
    lines.append(f"date: {document.metadata.date.isoformat()}")
    lines.append(f"lang: {json.dumps(document.metadata.language)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def write_markdown(document: Document, theme: Theme, *, fragment: bool = False, stem: str | None = None) -> Output:
    """
    The document as Markdown: front matter, banner, blocks, banner.

    With ``stem`` the chart is referenced as the file :func:`figure_files`
    writes beside the text; without, it is embedded as a ``data:`` URI.
    ``fragment=True`` gives the tipreports dialect: title as a heading, no
    front matter, figures by name.
    """
    banner = f"**{document.marking.label}**"
    if fragment:
        head = [banner, "", "# " + _escape(document.title)]
        if document.subtitle:
            head.append("*" + _escape(document.subtitle) + "*")
        head.append(f"{_escape(document.organisation)} · {_escape(document.date_text)}")
        text = "\n".join(head) + "\n\n" + "\n\n".join(_blocks(document.blocks)) + "\n\n" + banner + "\n"
        return Output(data=text)
    figures = _figures(document.blocks)
    if stem is not None:
        targets = _names(figures, stem)
    else:
        targets = {}
        for figure in figures:
            if figure.name not in targets:
                targets[figure.name] = "data:image/png;base64," + base64.b64encode(_png(figure, theme)).decode("ascii")
    body = "\n\n".join(_blocks(document.blocks, targets))
    text = front_matter(document) + "\n" + banner + "\n\n" + body + "\n\n" + banner + "\n"
    return Output(data=text)
