"""
Thai text in the PDF writer: shaped widths, line breaking at word boundaries, and drawing.

ReportLab's ``Paragraph`` cannot set Thai: it breaks lines only at spaces
(Thai has none between words, so it splits words anywhere), and with
``shaping=1`` it shapes a space-delimited word with the font of its first
fragment, so a word mixing Thai and Latin letters gets the wrong glyphs. A
paragraph holding Thai is therefore set by :class:`ThaiParagraph` instead:

* every text is split into script runs: Thai code points are drawn with the
  bundled Noto Sans Thai (bold for bold), everything else with Noto Sans
  (which has no Thai; Noto Sans Thai has no Latin letters or digits);
* Thai is segmented into words with PyThaiNLP's ``newmm`` (the optional extra
  ``tipreports[thai]``); a line may break only at a word boundary or a space;
* every single-font piece is shaped with HarfBuzz (through ReportLab's
  ``shapeStr``), measured by its shaped advances and drawn from the shaped
  glyphs, so tone marks and vowels above and below stack as the font says.

English documents never reach this module's machinery: the writer checks each
paragraph for Thai code points and keeps ReportLab's own paragraph otherwise.
Script runs and word boundaries come from ``render/_script.py``, the Thai
fonts from ``render/_fonts.py``.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any, cast

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from ...document import Runs
from .._fonts import THAI_BOLD, THAI_REGULAR
from .._script import break_points, grapheme_end, script_runs

__all__ = ["ThaiParagraph", "draw_mixed", "mixed_width"]

_FUZZ = 1e-6
_THAI_FONTS = frozenset((THAI_REGULAR, THAI_BOLD))
_LATIN_LETTER = re.compile("[A-Za-z]")


# --------------------------------------------------------------------------- shaped widths


def _shape(text: str, font: str, size: float) -> Any:
    """
    Thai shaped by HarfBuzz; Latin left as it is.

    Latin needs no shaping, and unshaped it is set exactly as in an English
    document: no ligatures (an extracted 'ﬃ' would not match a search for
    'ffi') and no kerning.
    """
    if font not in _THAI_FONTS:
        return text
    from reportlab.pdfbase.ttfonts import shapeStr

    return shapeStr(text, font, size)


@functools.lru_cache(maxsize=65536)
def _width(text: str, font: str, size: float) -> float:
    """The shaped advance width of single-font ``text``, in points."""
    from reportlab.pdfbase.ttfonts import ShapedStr

    shaped = _shape(text, font, size)
    if isinstance(shaped, ShapedStr):
        return float(sum(d.x_advance for d in shaped.__shapeData__)) * size / 1000
    return float(stringWidth(text, font, size))


def _font_for(thai: bool, bold: bool, italic: bool, latin: Sequence[str]) -> str:
    """``latin``: regular, bold, italic, bold italic."""
    if thai:
        return THAI_BOLD if bold else THAI_REGULAR
    return latin[(1 if bold else 0) + (2 if italic else 0)]


def mixed_width(text: str, size: float, latin: Sequence[str], *, bold: bool = False) -> float:
    """The width of a one-line ``text`` set in script runs."""
    return sum(_width(piece, _font_for(thai, bold, False, latin), size) for thai, piece in script_runs(text))


def draw_mixed(canv: Any, x: float, y: float, text: str, size: float, latin: Sequence[str]) -> None:
    """Draw a one-line ``text`` in script runs, regular weight, from (x, y)."""
    for thai, piece in script_runs(text):
        font = _font_for(thai, False, False, latin)
        with _span(canv, piece) if thai else nullcontext():
            t = canv.beginText(x, y)
            t.setFont(font, size)
            t.textOut(_shape(piece, font, size))
            canv.drawText(t)
        x += _width(piece, font, size)


def _span(canv: Any, text: str) -> AbstractContextManager[None]:
    """
    Shaped Thai as a Span whose ``/ActualText`` is ``text`` (on a tagged canvas).

    The glyphs alone do not give the text back: a reordered or decomposed
    vowel, a private-use code for a glyph without a character of its own.
    Marked Thai (``/Lang``) in a document of another language.
    """
    layer = getattr(canv, "tags", None)
    if layer is None:
        return nullcontext()
    return cast(AbstractContextManager[None], layer.span(text, lang=None if layer.lang.startswith("th") else "th"))


# --------------------------------------------------------------------------- the paragraph


@dataclass(frozen=True)
class _Piece:
    """A stretch of one font and one run: what is shaped, measured and drawn in one go."""

    text: str
    font: str
    link: str | None
    code: bool

    def width(self, size: float) -> float:
        return _width(self.text, self.font, size)


@dataclass(frozen=True)
class _Style:
    """What a ThaiParagraph takes from its ReportLab ``ParagraphStyle``."""

    latin: tuple[str, str, str, str]
    bold: bool
    italic: bool
    link_colour: Color
    code_colour: Color


Line = list[_Piece]


class ThaiParagraph(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """
    A left-aligned paragraph holding Thai, broken at word boundaries and drawn shaped.

    Duck-types what the writer uses of ReportLab's ``Paragraph``: ``style``,
    ``wrap``, ``split``, ``draw``, space before and after, ``bulletText``.
    ``lines`` holds the text of each line of the latest wrap (for tests).
    """

    def __init__(self, runs: Runs, style: Any, *, latin: tuple[str, str, str, str], link_colour: str,
                 code_colour: str, bulletText: str | None = None) -> None:  # bulletText: ReportLab's name
        super().__init__()
        self.style = style
        self.bulletText = bulletText
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter
        bold = style.fontName in (latin[1], latin[3])
        italic = style.fontName in (latin[2], latin[3])
        self._style = _Style(latin=latin, bold=bold, italic=italic,
                             link_colour=HexColor(link_colour), code_colour=HexColor(code_colour))  # fmt: skip
        self._runs = runs
        self._hard_lines = _bind(_hard_lines(runs), self._style)
        self._lines: list[Line] = []
        self._wrapped: tuple[float, list[Line]] | None = None
        self.width = 0.0
        self.height = 0.0

    @classmethod
    def _from_lines(cls, parent: ThaiParagraph, lines: list[Line], *, first: bool) -> ThaiParagraph:
        new = cls.__new__(cls)
        Flowable.__init__(new)
        new.style = parent.style
        new.bulletText = parent.bulletText if first else None
        new.spaceBefore = parent.spaceBefore if first else 0
        new.spaceAfter = parent.spaceAfter
        new._style = parent._style
        new._runs = parent._runs
        new._hard_lines = []
        new._lines = lines
        new._wrapped = (-1.0, lines)  # fixed: a split part keeps its lines at any width
        new._first = first
        new.width = parent.width
        new.height = len(lines) * parent.style.leading
        return new

    @property
    def lines(self) -> list[str]:
        return ["".join(p.text for p in line) for line in self._lines]

    def getSpaceBefore(self) -> float:  # ReportLab's name
        return float(self.spaceBefore)

    def getSpaceAfter(self) -> float:  # ReportLab's name
        return float(self.spaceAfter)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self._wrapped is None or (self._wrapped[0] >= 0 and self._wrapped[0] != available_width):
            s = self.style
            first = available_width - s.leftIndent - s.rightIndent - s.firstLineIndent
            rest = available_width - s.leftIndent - s.rightIndent
            lines: list[Line] = []
            for pieces in self._hard_lines:
                lines.extend(_break(pieces, first if not lines else rest, rest, s.fontSize))
            self._wrapped = (available_width, lines or [[]])
        self._lines = self._wrapped[1]
        self.width = available_width
        self.height = len(self._lines) * self.style.leading
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Any]:
        self.wrap(available_width, available_height)
        fit = int((available_height + 1e-6) // self.style.leading)
        if fit >= len(self._lines):
            return [self]
        if fit < 2 or len(self._lines) - fit < 1:  # no lone first line at a page foot
            return []
        return [
            ThaiParagraph._from_lines(self, self._lines[:fit], first=getattr(self, "_first", True)),
            ThaiParagraph._from_lines(self, self._lines[fit:], first=False),
        ]

    def draw(self) -> None:
        canv, s = self.canv, self.style
        size, leading = s.fontSize, s.leading
        y = self.height - size
        if self.bulletText and getattr(self, "_first", True):
            anchor = getattr(s, "bulletAnchor", "start")
            bw = stringWidth(self.bulletText, s.bulletFontName, s.bulletFontSize) if anchor != "start" else 0.0
            t = canv.beginText(s.bulletIndent - bw, y)
            t.setFont(s.bulletFontName, s.bulletFontSize)
            t.setFillColor(getattr(s, "bulletColor", s.textColor))
            t.textOut(self.bulletText)
            canv.drawText(t)
        layer = getattr(canv, "tags", None)
        thai_document = layer is not None and layer.lang.split("-")[0].lower() == "th"
        for i, line in enumerate(self._lines):
            x = s.leftIndent + (s.firstLineIndent if i == 0 and getattr(self, "_first", True) else 0)
            # In a Thai document, a line of Latin letters only (the English of a bilingual note) is English.
            english = thai_document and not any(p.font in _THAI_FONTS for p in line) and _LATIN_LETTER.search("".join(p.text for p in line))
            with layer.language("en") if layer is not None and english else nullcontext():
                # A link's pieces on one line are one link: one Link element (on a tagged canvas), one annotation.
                for link, group in itertools.groupby(line, key=lambda piece: piece.link):
                    pieces = list(group)
                    text = "".join(p.text for p in pieces)
                    start = x
                    with layer.link(" ".join(text.split())) if layer is not None and link else nullcontext():
                        for piece in pieces:
                            x = self._draw_piece(canv, piece, x, y)
                        if link and text.strip():
                            canv.linkURL(link, (start, y - size * 0.2, x, y + size * 0.8), relative=1, thickness=0)
            y -= leading

    def _draw_piece(self, canv: Any, piece: _Piece, x: float, y: float) -> float:
        """Draw one piece at (x, y); return where the next one starts."""
        s, st = self.style, self._style
        size = s.fontSize
        w = piece.width(size)
        if piece.code:
            canv.saveState()
            canv.setFillColor(st.code_colour)
            canv.rect(x, y - size * 0.25, w, size * 1.2, stroke=0, fill=1)
            canv.restoreState()
        with _span(canv, piece.text) if piece.font in _THAI_FONTS else nullcontext():
            t = canv.beginText(x, y)
            t.setFont(piece.font, size)
            t.setFillColor(st.link_colour if piece.link else s.textColor)
            t.textOut(_shape(piece.text, piece.font, size))
            canv.drawText(t)
        return x + w

    # The runs are styled by the paragraph style's weight too (a bold heading sets bold Thai).
    def __repr__(self) -> str:
        return f"ThaiParagraph({self.lines!r})"


def _hard_lines(runs: Runs) -> list[list[tuple[str, bool, bool, str | None, bool]]]:
    """The runs cut at hard line breaks ('\\n'): per line, (text, bold, italic, link, code) parts."""
    lines: list[list[tuple[str, bool, bool, str | None, bool]]] = [[]]
    for run in runs:
        for k, part in enumerate(run.text.split("\n")):
            if k:
                lines.append([])
            if part:
                lines[-1].append((part, run.bold, run.italic, run.link, run.code))
    return lines


def _bind(hard_lines: Sequence[Sequence[tuple[str, bool, bool, str | None, bool]]], style: _Style) -> list[list[_Piece]]:
    """Hard lines of styled parts → hard lines of single-font pieces."""
    out: list[list[_Piece]] = []
    for parts in hard_lines:
        pieces: list[_Piece] = []
        for text, bold, italic, link, code in parts:
            for thai, chunk in script_runs(text):
                font = _font_for(thai, bold or style.bold, italic or style.italic, style.latin)
                pieces.append(_Piece(chunk, font, link, code))
        out.append(pieces)
    return out


def _break(pieces: Sequence[_Piece], first: float, rest: float, size: float) -> list[Line]:
    """
    One hard line of pieces broken greedily into lines at allowed break points.

    An atom is the text between two break points (it may span pieces); a line
    takes atoms while they fit and drops the spaces at its ends; an atom wider
    than a whole line is cut between character clusters (a mark stays with its
    base), as ReportLab cuts an overlong word.
    """
    if not pieces:
        return [[]]
    text = "".join(p.text for p in pieces)
    bounds: list[tuple[int, int, _Piece]] = []
    at = 0
    for p in pieces:
        bounds.append((at, at + len(p.text), p))
        at += len(p.text)

    def slice_(a: int, b: int) -> list[_Piece]:
        out = []
        for start, end, p in bounds:
            lo, hi = max(a, start), min(b, end)
            if lo < hi:
                out.append(p if (lo, hi) == (start, end) else _Piece(p.text[lo - start : hi - start], p.font, p.link, p.code))
        return out

    def width(a: int, b: int) -> float:
        return sum(p.width(size) for p in slice_(a, b))

    edges = [0, *sorted(break_points(text)), len(text)]
    lines: list[tuple[int, int]] = []
    limit = first
    start: int | None = None  # the current line: text[start:end], `used` points wide
    end, used = 0, 0.0
    for a, b in itertools.pairwise(edges):
        space = text[a:b].isspace()
        if start is None and space:
            continue  # a line never starts with the space it broke at
        w = width(a, b)
        if start is not None and (space or used + w <= limit + _FUZZ):
            if not space:
                end, used = b, used + w
            elif end == a:
                used += w  # counted only if a word follows on this line
                end = b
            continue
        if start is not None:
            lines.append((start, _rstrip(text, start, end)))
            limit = rest
            if space:
                start = None
                continue
        start, end, used = a, b, w
        # An atom wider than a whole line: cut it between character clusters.
        while used > limit + _FUZZ:
            cut = grapheme_end(text, start + 1)
            while cut < b and width(start, grapheme_end(text, cut + 1)) <= limit + _FUZZ:
                cut = grapheme_end(text, cut + 1)
            if cut >= b:
                break
            lines.append((start, cut))
            limit = rest
            start, used = cut, width(cut, b)
    if start is not None and end > start:
        lines.append((start, _rstrip(text, start, end)))
    return [slice_(a, b) for a, b in lines] or [[]]


def _rstrip(text: str, a: int, b: int) -> int:
    while b > a and text[b - 1].isspace():
        b -= 1
    return b
