"""
The tagged canvas: a ReportLab ``Canvas`` that writes a tagged PDF (PDF/UA-1) through its :class:`~._marked.TagLayer`.

It hands text objects, annotations and pages to the layer, starts no page
with a standard font (ReportLab's ``BT /F1 12 Tf ... ET`` puts a non-embedded
Helvetica in the file), and at ``save`` writes the structure tree, the XMP
packet and the ToUnicode of shaped Thai glyphs.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from ._marked import LinkSentinel, TagLayer
from ._structure import Info, write_tree
from ._tounicode import fix_shaped_tounicode

__all__ = ["TaggedCanvas"]


class _TextObject(PDFTextObject):  # type: ignore[misc]  # reportlab is untyped
    """
    A text object that tells the tag layer where a paragraph's links start and end,
    and keeps the space a paragraph's line broke at.

    ReportLab draws no space at a line break: readers that take text from the
    page's positions (pdftotext, pypdf, pdf.js) put one back, readers that take it
    from the structure tree (screen readers, ``pdfinfo -struct-text``) join the
    last word of a line to the first of the next. An invisible space (text render
    mode 3) at each line end keeps them apart and changes nothing on the page.
    A word too long for a line, cut by ReportLab, gets the space too.
    """

    #: Set once a link starts or ends in this text object.
    _tag_links = False
    #: The latest line end: (its code, the code of its text alone).
    _last_line: tuple[str, str] | None = None

    def _linkRecord(self, key: Any, event: str) -> None:  # the hook ReportLab's paragraph calls
        self._canvas.tags.link_event(self, key, event)

    def _textOut(self, text: str, TStar: int = 0) -> None:  # ReportLab's names
        if not TStar:
            self._code.append(self._formatText(text))
            return
        shown = self._formatText(text)  # first: it may switch the font's subset
        space = self._canvas.tags.space_code(self._fontname)
        code = space[1] if space is not None and space[0] == self._curSubset else self._formatText(" ")
        line = f"{shown} 3 Tr {code} {self._textRenderMode} Tr T*"
        self._code.append(line)
        self._last_line = (line, shown)

    def getCode(self) -> str:  # ReportLab's name
        # The paragraph's last line ends no word: no space after it (only link marks may follow it).
        last = self._last_line
        if last is not None:
            parts = self._code
            tail = len(parts) - 1
            while tail > 0 and isinstance(parts[tail], LinkSentinel):
                tail -= 1
            if parts[tail] is last[0]:
                parts[tail] = f"{last[1]} T*"
        code: str = super().getCode()
        return code


class TaggedCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
    """
    A ReportLab canvas that writes a tagged PDF: structure tree, marked content, artifacts, XMP, PDF 1.7.

    ``initialFontName`` must name a registered TrueType font: for a standard
    initial font ReportLab starts every page with ``BT /F1 12 Tf ... ET``, which
    puts a non-embedded Helvetica in the file. ``info`` is what the catalog and
    XMP packet say (title, language, ...).
    """

    def __init__(self, *args: Any, info: Info, **kwargs: Any) -> None:
        font = kwargs.get("initialFontName")
        if font is None or not getattr(pdfmetrics.getFont(font), "_dynamicFont", False):
            raise ValueError("a tagged PDF needs initialFontName to be a registered TrueType font (embedded)")
        kwargs["lang"] = info.lang
        super().__init__(*args, **kwargs)
        self.tags = TagLayer(self, lang=info.lang)
        self.tag_info = info

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> Any:  # ReportLab's name
        return _TextObject(self, x, y, direction=direction)

    def drawText(self, aTextObject: Any) -> None:  # ReportLab's names
        tags = self.tags
        if tags.pending_label is None and not getattr(aTextObject, "_tag_links", False):
            self._code.append(aTextObject.getCode())  # most text: marked by its flowable already
            return
        tags.draw_text(aTextObject)

    def _addAnnotation(self, annotation: Any, name: str | None = None, addtopage: int = 1) -> None:
        super()._addAnnotation(annotation, name, addtopage)
        if addtopage:
            self.tags.annotation_added(name or f"NUMBER{self._annotationCount}")

    def showPage(self) -> None:  # ReportLab's name
        self.tags.end_page()
        key = self.tags.tree.page_keys[self._pageNumber]
        super().showPage()
        self.tags.page_written(self._doc.Pages.pages[-1], key)

    def save(self) -> None:
        if len(self._code):
            self.showPage()
        write_tree(self, self.tags.tree, self.tag_info)
        fix_shaped_tounicode(self)
        super().save()
