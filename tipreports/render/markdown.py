"""Markdown writer: the document in the tipreports dialect, for review and version control."""

from __future__ import annotations

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

__all__ = ["write_markdown"]

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


def _blocks(blocks: tuple[Block, ...]) -> list[str]:
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
                body = "\n\n".join(_blocks(inner))
                fence = _fence(_nest(inner))
                out.append(f"{fence} {kind}\n{body}\n{fence}")
            case Columns(columns=columns):
                deepest = max((_nest(col) for col in columns), default=0)
                outer = _fence(deepest + 1)
                inner_fence = _fence(deepest)
                cols = [f"{inner_fence} column\n" + "\n\n".join(_blocks(col)) + f"\n{inner_fence}" for col in columns]
                out.append(f"{outer} columns\n" + "\n\n".join(cols) + f"\n{outer}")
            case Figure(name=name, caption=caption, alt=alt):
                out.append(f"![{_escape(caption or alt)}]({name})")
            case SourceList(items=items):
                body = "\n".join(f"{i}. " + _runs(item) for i, item in enumerate(items, start=1))
                out.append(f"{_fence(0)} sources\n{body}\n{_fence(0)}")
            case PageBreak():
                out.append("---")
            case _:
                assert_never(block)
    return out


def write_markdown(document: Document, theme: Theme) -> Output:
    """The document as Markdown, headed by its title and marking."""
    head = [f"**{document.marking.label}**", "", "# " + _escape(document.title)]
    if document.subtitle:
        head.append("*" + _escape(document.subtitle) + "*")
    head.append(f"{_escape(document.organisation)} · {_escape(document.date_text)}")
    text = "\n".join(head) + "\n\n" + "\n\n".join(_blocks(document.blocks)) + "\n\n" + f"**{document.marking.label}**\n"
    return Output(data=text)
