"""
The bundled fonts, registered once with ReportLab, and the check that they can draw a text.

ReportLab draws a character its font lacks as an empty box, silently. The PDF
writer passes every text it will draw to :func:`check_glyphs` before any
layout, and the API passes the briefing's fields before composing, so that a
missing glyph is an error naming the field and the characters, never a ``■``
in a document someone prints.

Noto Sans sets everything but Thai, which Noto Sans Thai sets (it has no Latin
letters or digits). ReportLab is imported only when a font is registered: the
DOCX writer reads the Thai font files from here without loading it.
"""

from __future__ import annotations

import functools
import unicodedata
import zlib
from collections.abc import Iterable
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

from attrs import frozen

from ..errors import GlyphError, Problem
from ..theme import Theme
from ._script import has_thai, require_thai

__all__ = [
    "FONT_BOLD",
    "FONT_BOLD_ITALIC",
    "FONT_FAMILY",
    "FONT_ITALIC",
    "FONT_REGULAR",
    "THAI_BOLD",
    "THAI_REGULAR",
    "FontSet",
    "check_glyphs",
    "font_path",
    "glyph_problem",
    "register_fonts",
    "register_thai_fonts",
]

#: ReportLab names of the bundled Noto Sans; the chart module uses the same names,
#: so whichever module registers first, each file is registered once.
FONT_FAMILY = "NotoSans"
FONT_REGULAR = "NotoSans"
FONT_BOLD = "NotoSans-Bold"
FONT_ITALIC = "NotoSans-Italic"
FONT_BOLD_ITALIC = "NotoSans-BoldItalic"

_FILES = {
    FONT_REGULAR: "NotoSans-Regular.ttf",
    FONT_BOLD: "NotoSans-Bold.ttf",
    FONT_ITALIC: "NotoSans-Italic.ttf",
    FONT_BOLD_ITALIC: "NotoSans-BoldItalic.ttf",
}

#: ReportLab names of the bundled Noto Sans Thai. Thai has no italic: italic Thai is set upright.
THAI_REGULAR = "NotoSansThai"
THAI_BOLD = "NotoSansThai-Bold"
_THAI_FILES = {THAI_REGULAR: "NotoSansThai-Regular.ttf", THAI_BOLD: "NotoSansThai-Bold.ttf"}

#: Characters that are laid out as space or line breaks, never drawn as glyphs.
_LAYOUT_WHITESPACE = frozenset("\n\t")
#: How many distinct characters an error lists before it says "and N more".
_SHOWN = 8


@frozen(kw_only=True)
class FontSet:
    """
    A registered family: ReportLab names of its four styles and the characters all four can draw.

    ``coverage`` holds code points; a character is drawable only when every
    style has a glyph for it, so bold and italic runs are safe too.
    """

    family: str
    display_name: str
    regular: str
    bold: str
    italic: str
    bold_italic: str
    coverage: frozenset[int]


@functools.cache
def font_path(name: str = FONT_REGULAR) -> Path:
    """The file of a bundled font, by its ReportLab name (``FONT_BOLD``, ``THAI_REGULAR``, ...)."""
    resource = files("tipreports.fonts").joinpath(_FILES.get(name) or _THAI_FILES[name])
    # Installed as files (wheel or editable): as_file hands back the real path.
    with as_file(resource) as path:
        return Path(path)


def register_fonts(theme: Theme | None = None) -> FontSet:
    """
    Register the theme's font family with ReportLab (once per process) and return it.

    Only the bundled Noto Sans exists today; ``theme.font_family`` is validated
    by :class:`~tipreports.theme.Theme`.
    """
    return _register(theme.font_family if theme is not None else "Noto Sans")


@functools.cache
def _register(display_name: str) -> FontSet:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    registered = set(pdfmetrics.getRegisteredFontNames())
    mapped: frozenset[int] | None = None
    for name, _file in _FILES.items():
        if name not in registered:
            # asciiReadable as ReportLab's default, not whatever rl_config (RL_ttfAsciiReadable) says.
            pdfmetrics.registerFont(TTFont(name, str(font_path(name)), asciiReadable=1))
        font = pdfmetrics.getFont(name)
        _cache_subsets(font.face)
        keys = font.face.charToGlyph.keys()
        mapped = frozenset(keys) if mapped is None else mapped.intersection(keys)
    # What all four faces map, then what of it is drawable: the set operations first, the
    # per-character test on the (smaller) intersection only.
    assert mapped is not None
    coverage = frozenset(filter(_drawable, mapped))
    pdfmetrics.registerFontFamily(
        FONT_FAMILY, normal=FONT_REGULAR, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )
    return FontSet(
        family=FONT_FAMILY,
        display_name=display_name,
        regular=FONT_REGULAR,
        bold=FONT_BOLD,
        italic=FONT_ITALIC,
        bold_italic=FONT_BOLD_ITALIC,
        coverage=coverage | frozenset(ord(c) for c in _LAYOUT_WHITESPACE),
    )


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
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    coverage: frozenset[int] | None = None
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name in _THAI_FILES:
        if name not in registered:
            # asciiReadable as ReportLab's default, not whatever rl_config (RL_ttfAsciiReadable) says.
            pdfmetrics.registerFont(TTFont(name, str(font_path(name)), asciiReadable=1))
        font = pdfmetrics.getFont(name)
        _cache_subsets(font.face)
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


class _Precompressed:
    """
    ReportLab's Flate filter (``pdfdoc.PDFZCompress``) for a font subset whose compressed bytes are known.

    ``zlib.compress`` at its default level, as ReportLab's filter: the same
    stream bytes, computed once for the subset instead of once per document.
    """

    pdfname = "FlateDecode"

    def __init__(self, raw: bytes, packed: bytes) -> None:
        self.raw = raw
        self.packed = packed

    def encode(self, text: bytes) -> bytes:
        return self.packed if text == self.raw else zlib.compress(text)

    def decode(self, encoded: bytes) -> bytes:
        return zlib.decompress(encoded)


def _cache_subsets(face: Any) -> None:
    """
    Make and compress each font subset of ``face`` (a ReportLab ``TTFontFace``) once per process.

    ReportLab embeds a document's characters as subsets of up to 256, in the
    order the document first uses them; a subset's bytes depend on the font
    and that list alone. Re-rendering a briefing (an edit, a preview, a batch
    of similar countries) meets the same lists: their subsets are taken from
    here, the last 64 per face, byte for byte what ReportLab would make.
    """
    if getattr(face, "_tipreports_cached", False):
        return
    make, add = face.makeSubset, face.addSubsetObjects

    @functools.lru_cache(maxsize=64)
    def subset(key: tuple[int, ...]) -> tuple[bytes, bytes]:
        raw = make(list(key))
        return raw, zlib.compress(raw)

    def make_subset(codes: Any) -> bytes:
        return subset(tuple(codes))[0]

    def add_subset_objects(doc: Any, fontname: str, codes: Any) -> Any:
        descriptor = add(doc, fontname, codes)  # calls make_subset for the stream's content
        stream = doc.idToObject.get(f"fontFile:{face.filename}({fontname})")
        if stream is not None and stream.filters:
            stream.filters = [_Precompressed(*subset(tuple(codes)))]
        return descriptor

    face.makeSubset = make_subset
    face.addSubsetObjects = add_subset_objects
    face._tipreports_cached = True


def _drawable(cp: int) -> bool:
    # A cmap may map controls and non-characters (U+0000, U+000D, U+FFFF) to
    # .notdef-like glyphs: they are never text to draw.
    ch = chr(cp)
    return unicodedata.category(ch) not in ("Cc", "Cs", "Cn") and cp not in (0xFFFE, 0xFFFF)


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def glyph_problem(text: str, path: str, fonts: FontSet | None = None, *, also: frozenset[int] = frozenset()) -> Problem | None:
    """
    The problem with ``text`` at ``path`` if the fonts cannot draw all of it, else None.

    ``also``: code points another bundled font draws (Noto Sans Thai, for the Thai block).
    """
    fonts = fonts if fonts is not None else _register("Noto Sans")
    coverage = fonts.coverage
    if coverage.issuperset(map(ord, text)):
        return None  # nearly every text: one pass in C rather than a test per character
    missing: dict[str, None] = {}
    for ch in text:
        if ord(ch) not in coverage and ord(ch) not in also:
            missing[ch] = None
    if not missing:
        return None
    chars = list(missing)
    listed = ", ".join(_describe(ch) for ch in chars[:_SHOWN])
    if len(chars) > _SHOWN:
        listed += f" and {len(chars) - _SHOWN} more"
    hint = ""
    if any("\u0e00" <= ch <= "\u0e7f" for ch in chars):
        hint = "; Noto Sans Thai cannot draw them either" if also else "; Noto Sans has no Thai: pass the Thai font's code points as also="
    elif any(unicodedata.category(ch) == "Cc" for ch in chars):
        hint = "; remove control characters"
    return Problem(
        path=path,
        message=f"the bundled font {fonts.display_name} cannot draw {listed}{hint}",
    )


def check_glyphs(fields: Iterable[tuple[str, str]], fonts: FontSet | None = None) -> None:
    """
    Raise :class:`~tipreports.errors.GlyphError` listing every ``(path, text)`` the bundled fonts cannot draw.

    Thai is drawn with Noto Sans Thai, which needs the ``thai`` extra
    (:class:`~tipreports.errors.ThaiSupportError` without it). The error names
    each path and each missing character as ``U+XXXX NAME``; it never repeats
    the text, which may be marked.
    """
    fields = list(fields)
    thai = frozenset[int]()
    if any(has_thai(text) for _path, text in fields):
        require_thai()
        thai = register_thai_fonts()
    problems = [p for path, text in fields if (p := glyph_problem(text, path, fonts, also=thai)) is not None]
    if problems:
        raise GlyphError(problems)
