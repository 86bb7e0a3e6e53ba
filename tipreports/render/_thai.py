"""
Thai text in the PDF writer: script runs, word boundaries, shaped widths, line breaking and drawing.

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
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from ..document import Runs
from ..errors import ThaiSupportError

__all__ = [
    "THAI_BOLD",
    "THAI_REGULAR",
    "ThaiParagraph",
    "ThaiSupportError",
    "break_points",
    "draw_mixed",
    "has_thai",
    "is_thai",
    "mixed_width",
    "register_thai_fonts",
    "require_thai",
    "script_runs",
    "unshape",
    "words",
]

#: ReportLab names of the bundled Noto Sans Thai. Thai has no italic: italic Thai is set upright.
THAI_REGULAR = "NotoSansThai"
THAI_BOLD = "NotoSansThai-Bold"
_THAI_FILES = {THAI_REGULAR: "NotoSansThai-Regular.ttf", THAI_BOLD: "NotoSansThai-Bold.ttf"}

_THAI = re.compile("[\u0e00-\u0e7f]")
_INSTALL = 'pip install "tipreports[thai]"'
_FUZZ = 1e-6
#: No line ends after these (opening brackets and quotes) or starts with these (closing punctuation).
_NO_BREAK_AFTER = frozenset("([{\u2018\u201c\u00ab")
_NO_BREAK_BEFORE = frozenset(")]}.,;:!?%\u2019\u201d\u00bb\u2026\u0e46\u0e2f")




def is_thai(ch: str) -> bool:
    """Whether ``ch`` is in the Thai block (drawn with Noto Sans Thai)."""
    return "\u0e00" <= ch <= "\u0e7f"


def has_thai(text: str) -> bool:
    """Whether ``text`` holds any Thai code point."""
    return _THAI.search(text) is not None


def require_thai() -> None:
    """Raise :class:`ThaiSupportError` unless PyThaiNLP and uharfbuzz can be imported."""
    _tokenizer()
    try:
        import uharfbuzz  # noqa: F401  # imported only to see that it is there
    except ImportError:
        raise ThaiSupportError(
            f"setting Thai text in a PDF needs uharfbuzz for shaping; install it with: {_INSTALL}"
        ) from None


@functools.cache
def _tokenizer() -> Callable[..., list[str]]:
    try:
        from pythainlp.tokenize import word_tokenize
    except ImportError:
        raise ThaiSupportError(
            f"setting Thai text in a PDF needs PyThaiNLP to find word boundaries; install it with: {_INSTALL}"
        ) from None
    return word_tokenize


@functools.lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """``text`` cut into PyThaiNLP ``newmm`` tokens (spaces kept as tokens); they join back to ``text``."""
    tokens = _tokenizer()(text, engine="newmm", keep_whitespace=True)
    if "".join(tokens) != text:  # never seen; a line then breaks only at spaces
        return tuple(re.split(r"(\s+)", text))
    return tuple(t for t in tokens if t)


@functools.lru_cache(maxsize=4096)
def break_points(text: str) -> frozenset[int]:
    """
    Offsets in ``text`` where a line may end: word boundaries of Thai, and spaces.

    Between two non-Thai characters only a space is a boundary (an English
    word or a URL is never cut); no break after an opening bracket or before
    closing punctuation.
    """
    points: set[int] = set()
    at = 0
    for token in words(text)[:-1]:
        at += len(token)
        before, after = text[at - 1], text[at]
        spaced = before.isspace() or after.isspace()
        thai = (is_thai(before) or is_thai(after)) and before not in _NO_BREAK_AFTER and after not in _NO_BREAK_BEFORE
        if spaced or thai:
            points.add(at)
    return frozenset(points)


def script_runs(text: str) -> Iterator[tuple[bool, str]]:
    """``text`` as consecutive (is Thai, piece) runs."""
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or is_thai(text[i]) != is_thai(text[start]):
            yield is_thai(text[start]), text[start:i]
            start = i


# --------------------------------------------------------------------------- fonts


def _font_path(name: str) -> Path:
    with as_file(files("tipreports.fonts").joinpath(_THAI_FILES[name])) as path:
        return Path(path)


@functools.cache
def register_thai_fonts() -> frozenset[int]:
    """
    Register Noto Sans Thai (regular, bold) with ReportLab once; return the Thai code points both can draw.

    Shaping gives glyphs without a character of their own (a tone mark moved
    up, a shortened consonant) private-use code points, in the order ReportLab
    first meets them in the process; the PDF's text layer would then depend
    on what was rendered before. Every such glyph is given its code point
    here, in glyph order, so the same document always gives the same bytes.
    """
    from reportlab.pdfbase.ttfonts import TTFont

    coverage: frozenset[int] | None = None
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name in _THAI_FILES:
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(_font_path(name))))
        font = pdfmetrics.getFont(name)
        thai = frozenset(cp for cp in font.face.charToGlyph if 0x0E00 <= cp <= 0x0E7F)
        coverage = thai if coverage is None else coverage & thai
        if font.shapable:
            hb = font.hbFont(10)  # also binds font.hbAddPrivate
            mapped = set(font.face.charToGlyph.values())
            for gid in range(hb.face.glyph_count):
                if gid not in mapped:
                    font.hbAddPrivate(hb.glyph_to_string(gid), gid, hb.get_glyph_h_advance(gid))
    assert coverage is not None
    return coverage


_GLYPH_NAME = re.compile(r"uni((?:[0-9A-F]{4})+)")


@functools.cache
def _private_use() -> dict[str, str]:
    """Private-use code points given to shaped Thai glyphs → the characters they draw."""
    register_thai_fonts()
    out: dict[str, str] = {}
    for name in _THAI_FILES:
        font = pdfmetrics.getFont(name)
        hb = font.hbFont(10)
        for cp, gid in font.face.charToGlyph.items():
            if not 0xE000 <= cp <= 0xF8FF:
                continue
            glyph = hb.glyph_to_string(gid)
            found = _GLYPH_NAME.match(glyph)
            if found:
                hexes = found.group(1)
                out[chr(cp)] = "".join(chr(int(hexes[i : i + 4], 16)) for i in range(0, len(hexes), 4))
            elif glyph.startswith("nikhahit_"):
                out[chr(cp)] = "\u0e4d"  # nikhahit with a tone mark: the tone mark is not recovered
    return out


def unshape(text: str) -> str:
    """
    Text extracted from a PDF with shaped Thai, made comparable to the source.

    Private-use code points become the characters their glyphs draw; the result
    is NFKD with combining marks removed (shaping reorders and merges marks), so
    compare it with ``unshape(source)``.
    """
    table = _private_use()
    mapped = "".join(table.get(ch, ch) for ch in text)
    return "".join(ch for ch in unicodedata.normalize("NFKD", mapped) if not unicodedata.combining(ch)
                   and unicodedata.category(ch) != "Mn")  # fmt: skip


# --------------------------------------------------------------------------- shaped widths


def _shape(text: str, font: str, size: float) -> Any:
    """
    Thai shaped by HarfBuzz; Latin left as it is.

    Latin needs no shaping, and unshaped it is set exactly as in an English
    document: no ligatures (an extracted 'ﬃ' would not match a search for
    'ffi') and no kerning.
    """
    if font not in _THAI_FILES:
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


def draw_mixed(canv: Any, x: float, y: float, text: str, size: float, latin: Sequence[str], *,
               bold: bool = False, align: str = "left") -> float:  # fmt: skip
    """Draw a one-line ``text`` in script runs at (x, y), ``align`` left or right of x; returns its width."""
    width = mixed_width(text, size, latin, bold=bold)
    if align == "right":
        x -= width
    for thai, piece in script_runs(text):
        font = _font_for(thai, bold, False, latin)
        t = canv.beginText(x, y)
        t.setFont(font, size)
        t.textOut(_shape(piece, font, size))
        canv.drawText(t)
        x += _width(piece, font, size)
    return width


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
        canv, s, st = self.canv, self.style, self._style
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
        for i, line in enumerate(self._lines):
            x = s.leftIndent + (s.firstLineIndent if i == 0 and getattr(self, "_first", True) else 0)
            for piece in line:
                w = piece.width(size)
                if piece.code:
                    canv.saveState()
                    canv.setFillColor(st.code_colour)
                    canv.rect(x, y - size * 0.25, w, size * 1.2, stroke=0, fill=1)
                    canv.restoreState()
                t = canv.beginText(x, y)
                t.setFont(piece.font, size)
                t.setFillColor(st.link_colour if piece.link else s.textColor)
                t.textOut(_shape(piece.text, piece.font, size))
                canv.drawText(t)
                if piece.link:
                    canv.linkURL(piece.link, (x, y - size * 0.2, x + w, y + size * 0.8), relative=1, thickness=0)
                x += w
            y -= leading

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
            cut = _grapheme_end(text, start + 1)
            while cut < b and width(start, _grapheme_end(text, cut + 1)) <= limit + _FUZZ:
                cut = _grapheme_end(text, cut + 1)
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


def _grapheme_end(text: str, i: int) -> int:
    """The end of the character cluster that contains ``text[i - 1]``: marks stay with their base."""
    while i < len(text) and unicodedata.category(text[i]) in ("Mn", "Mc", "Me"):
        i += 1
    return i
