"""
The paged note: platypus frames under the header band (first page) or running header (later pages).

Boxes and columns taller than a frame flow on unboxed or stacked; the
canvas holds pages back and writes "Page X of Y" in each footer.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus.doctemplate import LayoutError

from ...document import Document
from ...errors import RenderError
from ...theme import Theme
from .._base import Output
from .._fonts import FontSet
from ._build import Builder, Clock, top_heading_level
from ._chrome import CREATOR, PRODUCER, Chrome, PagedCanvas
from ._flowables import checking
from ._styles import styles_for

__all__ = ["paged"]


class _DocTemplate(BaseDocTemplate):  # type: ignore[misc]  # ReportLab has no type hints
    """Platypus's document, checking the render's time limit before each flowable (and each part of a split one)."""

    def __init__(self, *args: Any, clock: Clock, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clock = clock

    def handle_flowable(self, flowables: list[Any]) -> None:
        first = flowables[0] if flowables else None
        if first is not None:
            self.clock.check(first)
        try:
            super().handle_flowable(flowables)
            if first is not None:
                self.clock.check(first)  # the time a long paragraph takes (and each of its splits) is its own
        except LayoutError:
            # ReportLab's message quotes the text of the block: name its section instead.
            raise RenderError(
                f"{self.clock.where()} holds a block too large for a page (a table row or a box that cannot be split); shorten it"
            ) from None


def paged(document: Document, theme: Theme, fonts: FontSet, chrome: Chrome) -> Output:
    styles = styles_for(theme, fonts, theme.base_size)
    first = Frame(*chrome.first_frame(), id="first", leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0, showBoundary=0, overlapAttachedSpace=1)  # fmt: skip
    later = Frame(*chrome.later_frame(), id="later", leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0, showBoundary=0, overlapAttachedSpace=1)  # fmt: skip
    frame_height = min(first._height, later._height)
    builder = Builder(styles=styles, one_page=False, frame_height=frame_height,
                      top_heading=top_heading_level(document.blocks))  # fmt: skip
    built = builder.build(document.blocks, chrome.content_width)
    meta = document.metadata
    buffer = io.BytesIO()
    clock = Clock.of(document.product, built, builder)
    template = _DocTemplate(
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
        creator=CREATOR,
        producer=PRODUCER,
        invariant=1,
        pageCompression=1,
        lang=meta.language or None,
        displayDocTitle=1,
        allowSplitting=1,
        initialFontName=fonts.regular,
        clock=clock,
    )
    made: list[PagedCanvas] = []

    def canvasmaker(*args: Any, **kwargs: Any) -> PagedCanvas:
        canv = PagedCanvas(*args, chrome=chrome, **kwargs)
        made.append(canv)
        return canv

    story = built.flowables or [RLParagraph("", styles.body)]
    with checking(clock.check):
        template.build(story, canvasmaker=canvasmaker)
    return Output(data=buffer.getvalue(), pages=made[-1].pages if made else None)
