"""
Every text the PDF draws, named by its path in the document, for the glyph check before layout.

The API checks the briefing's own fields first (naming ``assessment.progress[1].text``);
this check then meets only what the template and the theme added.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import assert_never

from ...document import (
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
    SourceList,
    plain_text,
)
from ...document import Table as TableBlock
from ...theme import Theme
from ...wording._names import MOVEMENT_SYMBOLS
from ._chrome import organisation

__all__ = ["drawn_texts"]


def drawn_texts(document: Document, theme: Theme) -> list[tuple[str, str]]:
    """``(path, text)`` for the header's texts, then every block's, in reading order."""
    fields: list[tuple[str, str]] = [
        ("title", document.title),
        ("theme.organisation" if theme.organisation else "organisation", organisation(document, theme)),
        ("date_text", document.date_text),
    ]
    if document.subtitle:
        fields.append(("subtitle", document.subtitle))
    fields.extend(_block_texts(document.blocks, "blocks"))
    return fields


def _block_texts(blocks: Sequence[Block], path: str) -> Iterator[tuple[str, str]]:
    for i, block in enumerate(blocks):
        here = f"{path}[{i}]"
        match block:
            case Paragraph(style="badge"):
                # A badge line's leading movement symbol is drawn as a shape, not set in the font.
                text = plain_text(block.runs)
                yield f"{here}.runs", text[1:] if text[:1] in MOVEMENT_SYMBOLS.values() else text
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
                for j, text in enumerate(block.chart.labels.texts()):
                    yield f"{here}.chart.labels[{j}]", text
            case PageBreak():
                pass
            case _:
                assert_never(block)
