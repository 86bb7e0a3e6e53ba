"""
Page furniture and the canvas: the header band, running header and footer, and the canvas they are drawn on.

Everything outside the body frame is drawn by three methods of :class:`Chrome`
(``first_header``, ``later_header``, ``footer``). The first page's header band
is read first: the TLP marking (real content once, at the start of the reading
order), the organisation and the date on one line, the title (H1), the subtitle; the band's fill and
logo are layout artifacts. Running headers and footers, with the marking they
repeat, are pagination artifacts. :class:`PagedCanvas` (a tagged canvas) holds
pages back so each footer can say "Page X of Y", and takes the file ID and dates
from the document, so the same document always gives the same bytes.
"""

from __future__ import annotations

import functools
import hashlib
import io
import unicodedata
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from ...document import Document
from ...theme import Theme
from .._fonts import FontSet
from .._images import load_logo
from .._script import has_thai
from ._canvas import TaggedCanvas
from ._structure import Info, Node, tag
from ._styles import style
from ._text import latin, text_para
from ._thai import draw_mixed, mixed_width

__all__ = ["CREATOR", "PRODUCER", "Chrome", "Logo", "PagedCanvas", "organisation", "read_logo"]

#: The PDF's Creator and Producer.
CREATOR = "tipreports"
PRODUCER = "ReportLab (tipreports)"

_PAGE_SIZES = {"A4": A4, "Letter": LETTER}
_MARGIN = 40.0


#: The footer marking's lower edge above the paper's, in points (11 mm; print-safe is 10 mm or more).
FOOTER_CLEARANCE = 11 * 72 / 25.4


def _balanced_width(para: Any, width: float) -> float:
    """
    The narrowest width (to a point) at which ``para`` takes no more lines than at ``width``.

    Wrapped there, a title's lines come out of like length instead of a full
    line and a last word alone.
    """
    _w, height = para.wrap(width, 1e9)
    if height < para.style.leading * 1.5:
        return width  # one line: nothing to balance
    low, high = width * 0.5, width
    if para.wrap(low, 1e9)[1] <= height:
        return low
    while high - low > 1.0:
        middle = (low + high) / 2
        if para.wrap(middle, 1e9)[1] <= height:
            high = middle
        else:
            low = middle
    return high


def organisation(document: Document, theme: Theme) -> str:
    """The organisation the header names: the theme's, else the document's."""
    return theme.organisation or document.organisation


@dataclass
class Chrome:
    """Header band, running header and footer: everything outside the body frame."""

    document: Document
    theme: Theme
    fonts: FontSet
    logo: Logo | None

    def __post_init__(self) -> None:
        self.page_width, self.page_height = _PAGE_SIZES[self.theme.page_size]
        t, f = self.theme, self.fonts
        self.organisation = organisation(self.document, self.theme)
        self.content_width = self.page_width - 2 * _MARGIN
        self.marking_size = 12.0  # FIRST: TLP labels in 12-point type or greater
        self.marking_width = stringWidth(self.document.marking.label, f.bold, self.marking_size) + 14
        self.marking_height = self.marking_size + 8
        text_width = self.content_width - self.marking_width - 18
        self.org_style = style("org", f, 8.5, 11, t.accent, fontName=f.bold)
        self.title_style = style("title", f, 19, 23, t.ink, fontName=f.bold)
        self.subtitle_style = style("subtitle", f, 10.5, 14, t.muted)
        self.head_paras: list[tuple[Any, float]] = []  # (paragraph, space before)
        # The organisation and the date share the kicker line: a line of its own for the date cost the body 15 pt.
        kicker = f"{self.organisation}  ·  {self.document.date_text}" if self.document.date_text else self.organisation
        self.head_paras.append((tag(text_para(kicker, self.org_style, f, t), "P"), 0.0))
        self.head_paras.append((tag(text_para(self.document.title, self.title_style, f, t), "H1"), 7.0))
        if self.document.subtitle:
            self.head_paras.append((tag(text_para(self.document.subtitle, self.subtitle_style, f, t), "P"), 3.0))
        # TLP labels are English in every document.
        english = self.document.metadata.language.split("-")[0].lower() == "en"
        self.marking_node = Node("P", lang=None if english else "en")
        self.logo_box = (0.0, 0.0)
        if self.logo is not None:
            h = 26.0
            self.logo_box = (min(h * self.logo.aspect, 110.0), h)
            text_width = min(text_width, self.content_width - max(self.marking_width, self.logo_box[0]) - 18)
        self.text_width = text_width
        # The title's lines balanced: "…the 2025 TIP / Report" becomes two lines of like length.
        self.head_widths = [text_width] * len(self.head_paras)
        self.head_widths[1] = _balanced_width(self.head_paras[1][0], text_width)
        inner = 0.0
        for (para, before), width in zip(self.head_paras, self.head_widths, strict=True):
            _w, h = para.wrap(width, 1e9)
            inner += before + h
        self.band_pad = 18.0
        self.band_height = max(inner, self.marking_height + 10 + self.logo_box[1]) + 2 * self.band_pad
        # The marking's lower edge 11 mm from the paper's: inside what office printers print.
        self.footer_height = self.marking_height + FOOTER_CLEARANCE
        self.gap = 12.0

    # The body frame of the first page and of later pages: (x, y, width, height).
    def first_frame(self) -> tuple[float, float, float, float]:
        top = self.page_height - self.band_height - self.gap
        bottom = self.footer_height + self.gap
        return _MARGIN, bottom, self.content_width, top - bottom

    def later_frame(self) -> tuple[float, float, float, float]:
        top = self.page_height - 40.0 - self.gap
        bottom = self.footer_height + self.gap
        return _MARGIN, bottom, self.content_width, top - bottom

    def marking_box(self, canv: Any, right: float, top: float, *, read: bool = False) -> None:
        """The TLP label on black; ``read``: its text is content (the first page's header), else it repeats."""
        m = self.document.marking
        canv.saveState()
        canv.setFillColor(HexColor("#000000"))
        canv.rect(right - self.marking_width, top - self.marking_height, self.marking_width, self.marking_height, stroke=0, fill=1)
        canv.setFillColor(HexColor(m.colour))
        canv.setFont(self.fonts.bold, self.marking_size)
        with canv.tags.element(self.marking_node) if read else nullcontext():
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
        right = w - _MARGIN
        # Drawn before the title: the marking is the first thing a screen reader reads.
        self.marking_box(canv, right, h - self.band_pad + 2, read=True)
        y = h - self.band_pad
        for (para, before), width in zip(self.head_paras, self.head_widths, strict=True):
            _w, ph = para.wrap(width, 1e9)
            y -= before + ph
            para.drawOn(canv, _MARGIN, y)
        if self.logo is not None:
            lw, lh = self.logo_box
            canv.drawImage(self.logo.reader, right - lw, h - self.band_height + self.band_pad - 2, lw, lh,
                           mask="auto", preserveAspectRatio=True, anchor="se")  # fmt: skip

    def later_header(self, canv: Any, _doc: Any = None) -> None:
        with canv.tags.artifact("Pagination", "Header"):
            self._later_header(canv)

    def _later_header(self, canv: Any) -> None:
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
        with canv.tags.artifact("Pagination", "Footer"):
            self._footer(canv, page, pages)

    def _footer(self, canv: Any, page: int, pages: int) -> None:
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
        number_x = right - self.marking_width
        # "Page 1 of 1" tells a reader nothing: a one-page document has no page number.
        if pages > 1:
            number = self.document.page_numbers.replace("{pages}", str(pages)).replace("{page}", str(page))
            number_x = right - self.marking_width - 14 - self.width(number, 7.5)
            self.text(canv, number_x, baseline, number, 7.5)
        room = number_x - _MARGIN - 18
        self.text(canv, _MARGIN, baseline, f"{self.organisation}  ·  {self.document.date_text}", 7.5, room)
        canv.restoreState()

    def width(self, text: str, size: float) -> float:
        if has_thai(text):
            return mixed_width(text, size, latin(self.fonts))
        return float(stringWidth(text, self.fonts.regular, size))

    def text(self, canv: Any, x: float, y: float, text: str, size: float, room: float | None = None) -> None:
        """One line of regular text at (x, y), cut with an ellipsis to ``room`` points; Thai in script runs."""
        if room is not None:
            text = _fit_text(text, size, room, functools.partial(self.width, size=size))
        if has_thai(text):
            draw_mixed(canv, x, y, text, size, latin(self.fonts))
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
class Logo:
    """The theme's logo, ready to draw, and its width over its height."""

    reader: Any
    aspect: float


def read_logo(path: Path) -> Logo:
    """The theme's logo, read now through load_logo (checked, re-encoded); ReportLab never sees the file."""
    logo = load_logo(path)
    return Logo(reader=ImageReader(io.BytesIO(logo.png)), aspect=logo.width_px / logo.height_px)


# --------------------------------------------------------------------------- canvas


class PagedCanvas(TaggedCanvas):
    """
    A tagged canvas that holds its pages back until the end, so each footer can say "Page X of Y".

    Bookmarks are recorded per page and bound when the page is finally
    written (ReportLab binds them to the page being written at that moment).
    """

    def __init__(self, *args: Any, chrome: Chrome, **kwargs: Any) -> None:
        document = chrome.document
        meta = document.metadata
        info = Info(title=meta.title, lang=meta.language or "und", author=meta.author, subject=meta.subject,
                    keywords=meta.keywords, date=meta.date, creator_tool=CREATOR, producer=PRODUCER)  # fmt: skip
        kwargs.update(invariant=1, pageCompression=1, initialFontName=chrome.fonts.regular, enforceColorSpace=None)
        super().__init__(*args, info=info, **kwargs)
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
    canv.setCreator(CREATOR)
    canv.setProducer(PRODUCER)
    canv.setViewerPreference("DisplayDocTitle", "true")
