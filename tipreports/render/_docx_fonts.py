"""
The fonts a briefing note travels with: subsets of Noto Sans and Noto Sans Thai, embedded as Word embeds fonts.

Few computers have Noto Sans: without it in the file, Word sets the note in
Arial or Calibri and LibreOffice in DejaVu Sans, with other line heights and
page breaks, and Thai in Tahoma or in boxes. The whole family is 2 MB; the
note embeds, for each face its text uses (regular, bold, italic, bold
italic), a subset holding at least the characters of the note (every ``w:t``
of the body, header and footer, list markers, capitals for small-caps styles)
and printable ASCII (page numbers, and a reader's small corrections).

Most notes draw only Latin letters, punctuation and (in a bilingual note)
Thai: they embed prebuilt subsets (``tipreports/fonts/subsets/``, made by
``scripts/make_font_subsets.py`` from :data:`PREBUILT_CODEPOINTS`) read from
the package, so a note costs no subsetting and no fontTools import. A note
drawing a character beyond them (Greek, Vietnamese, ...) gets subsets of its
own characters, made with fontTools when it is rendered and kept for the
process by set of characters. Either way the subsets are deterministic: the
fonts' own timestamps are kept and nothing random is added, so the same note
always gives the same bytes. The Latin faces leave out their OpenType layout
tables (kerning, ligatures): decompiling Noto Sans's GPOS costs a quarter of a
second per face, and Word applies none of them by default. The Thai faces
keep theirs: tone marks and vowels are placed by them.

The subsets are not flagged ``w:subsetted``: LibreOffice refuses a font so
flagged when it opens a document for editing and shows a substitute
instead, which is what embedding is meant to prevent.
"""

from __future__ import annotations

import functools
import io
import re
import struct
from collections.abc import Iterable, Iterator, Mapping
from importlib.resources import files
from typing import Any

from lxml import etree  # untyped: pyproject lets mypy treat lxml as Any

from ._docx_xml import embed_fonts, qn
from ._fonts import FONT_BOLD, FONT_BOLD_ITALIC, FONT_ITALIC, FONT_REGULAR, THAI_BOLD, THAI_REGULAR, font_path
from ._script import has_thai

__all__ = [
    "LATIN_FAMILY",
    "PREBUILT_CODEPOINTS",
    "PREBUILT_FILES",
    "THAI_FAMILY",
    "embed_note_fonts",
    "make_prebuilt",
    "note_text",
    "prebuilt_subset",
    "subset_font",
    "thai_line_ratio",
    "used_faces",
]

LATIN_FAMILY = "Noto Sans"
THAI_FAMILY = "Noto Sans Thai"

#: Faces (fontTable's embed names) → bundled font names.
_LATIN_FACES: Mapping[str, str] = {
    "regular": FONT_REGULAR, "bold": FONT_BOLD, "italic": FONT_ITALIC, "boldItalic": FONT_BOLD_ITALIC,
}
_THAI_FACES: Mapping[str, str] = {"regular": THAI_REGULAR, "bold": THAI_BOLD}

#: Printable ASCII is always in a subset: digits for page-number fields and list numbers, and room
#: for a reader's small corrections without a substitute font.
_ALWAYS = frozenset(range(0x20, 0x7F))
#: The Thai subsets hold the whole Thai block: shapers decompose SARA AM (U+0E33) into NIKHAHIT and
#: SARA AA before they look glyphs up, and the block is small (Noto Sans Thai has 140 glyphs).
_THAI_BLOCK = frozenset(range(0x0E00, 0x0E80))


def _blocks(*ranges: tuple[int, int]) -> frozenset[int]:
    return frozenset(cp for first, last in ranges for cp in range(first, last + 1))


#: What the prebuilt Noto Sans subsets hold (the characters the font has of these): printable
#: ASCII, Latin-1, Latin Extended-A and -B, general punctuation, currency signs, arrows, geometric
#: shapes (the dotted circle shapers use) and the minus sign. Every word the templates and the
#: wording tables write is in it, and so are the names of the TIP Report's countries.
PREBUILT_CODEPOINTS = _ALWAYS | _blocks(
    (0x00A0, 0x024F), (0x2000, 0x206F), (0x20A0, 0x20C0), (0x2190, 0x21FF), (0x25A0, 0x25FF), (0x2212, 0x2212),
)
#: The Noto Sans Thai subsets add the Thai block (their Latin is whatever of the above they have).
_PREBUILT_THAI = PREBUILT_CODEPOINTS | _THAI_BLOCK
#: Bundled font name → its prebuilt subset, in ``tipreports/fonts/subsets/``.
PREBUILT_FILES: Mapping[str, str] = {
    FONT_REGULAR: "NotoSans-Regular.ttf", FONT_BOLD: "NotoSans-Bold.ttf", FONT_ITALIC: "NotoSans-Italic.ttf",
    FONT_BOLD_ITALIC: "NotoSans-BoldItalic.ttf", THAI_REGULAR: "NotoSansThai-Regular.ttf",
    THAI_BOLD: "NotoSansThai-Bold.ttf",
}  # fmt: skip
_THAI_NAMES = frozenset((THAI_REGULAR, THAI_BOLD))
_TEXT_PARTS = re.compile(r"word/(document|header\d*|footer\d*)\.xml")
_LEVEL_PLACEHOLDER = re.compile(r"%\d")
_OFF = ("0", "false", "off")

# settings.xml children, in the schema's order, that come before w:embedTrueTypeFonts.
_SETTINGS_BEFORE_EMBED = frozenset({
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData",
})


def _text_roots(entries: Mapping[str, bytes]) -> Iterator[Any]:
    for name in sorted(entries):
        if _TEXT_PARTS.fullmatch(name):
            yield etree.fromstring(entries[name])


def note_text(entries: Mapping[str, bytes]) -> str:
    """Every character the note draws: its text, list markers, and capitals for small-caps styles."""
    pieces = ["".join(t.text or "" for t in root.iter(qn("w:t"))) for root in _text_roots(entries)]
    if "word/numbering.xml" in entries:
        numbering = etree.fromstring(entries["word/numbering.xml"])
        pieces.extend(_LEVEL_PLACEHOLDER.sub("", level.get(qn("w:val"), "")) for level in numbering.iter(qn("w:lvlText")))
    text = "".join(pieces)
    return text + text.upper()  # w:caps and w:smallCaps draw capitals the text may not hold


def _toggle(rpr: Any, tag: str) -> bool | None:
    element = rpr.find(qn(tag)) if rpr is not None else None
    if element is None:
        return None
    return element.get(qn("w:val"), "1").lower() not in _OFF


@functools.lru_cache(maxsize=8)
def _style_table(styles_xml: bytes) -> tuple[dict[str, tuple[bool, bool]], tuple[bool, bool], str | None]:
    """Bold and italic of every style (through basedOn, ORed: a face is never missed), the defaults, the default paragraph style."""
    root = etree.fromstring(styles_xml)
    defaults = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    base = (bool(_toggle(defaults, "w:b")), bool(_toggle(defaults, "w:i")))
    own: dict[str, tuple[bool, bool, str | None]] = {}
    default_paragraph = None
    for style in root.iter(qn("w:style")):
        style_id = style.get(qn("w:styleId"))
        rpr = style.find(qn("w:rPr"))
        based = style.find(qn("w:basedOn"))
        own[style_id] = (bool(_toggle(rpr, "w:b")), bool(_toggle(rpr, "w:i")),
                         based.get(qn("w:val")) if based is not None else None)
        if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in ("1", "true", "on"):
            default_paragraph = style_id
    resolved: dict[str, tuple[bool, bool]] = {}
    for style_id in own:
        bold = italic = False
        seen: set[str] = set()
        current: str | None = style_id
        while current is not None and current in own and current not in seen:
            seen.add(current)
            b, i, current = own[current]
            bold, italic = bold or b, italic or i
        resolved[style_id] = (bold, italic)
    return resolved, base, default_paragraph


def used_faces(entries: Mapping[str, bytes]) -> frozenset[str]:
    """
    The faces (``regular``, ``bold``, ``italic``, ``boldItalic``) the note's runs and list markers are set in.

    Direct formatting decides where a run has it; otherwise a run is bold
    (italic) if its paragraph or character style, or the defaults, are: styles
    toggle each other in Word, and counting either as on can only add a face,
    never leave one out.
    """
    styles, base, default_paragraph = _style_table(entries["word/styles.xml"])
    faces = {"regular"}

    def add(bold: bool, italic: bool) -> None:
        faces.add({(False, False): "regular", (True, False): "bold", (False, True): "italic",
                   (True, True): "boldItalic"}[(bold, italic)])

    for root in _text_roots(entries):
        for paragraph in root.iter(qn("w:p")):
            style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            p_bold, p_italic = styles.get(style.get(qn("w:val")) if style is not None else default_paragraph or "", base)
            for run in paragraph.iter(qn("w:r")):
                rpr = run.find(qn("w:rPr"))
                r_style = rpr.find(qn("w:rStyle")) if rpr is not None else None
                c_bold, c_italic = styles.get(r_style.get(qn("w:val")), (False, False)) if r_style is not None else (False, False)
                bold, italic = _toggle(rpr, "w:b"), _toggle(rpr, "w:i")
                add(bold if bold is not None else p_bold or c_bold or base[0],
                    italic if italic is not None else p_italic or c_italic or base[1])
    if "word/numbering.xml" in entries:
        for level in etree.fromstring(entries["word/numbering.xml"]).iter(qn("w:lvl")):
            rpr = level.find(qn("w:rPr"))
            add(bool(_toggle(rpr, "w:b")), bool(_toggle(rpr, "w:i")))
    return frozenset(faces)


def _names_family(entries: Mapping[str, bytes], family: str) -> bool:
    """Whether the styles or the theme set text in ``family`` (a house reference may use another font)."""
    fonts = etree.fromstring(entries["word/styles.xml"]).iter(qn("w:rFonts"))
    if any(family in element.attrib.values() for element in fonts):
        return True
    theme = entries.get("word/theme/theme1.xml", b"")
    return f'typeface="{family}"'.encode() in theme


@functools.lru_cache(maxsize=32)
def subset_font(name: str, codepoints: frozenset[int], *, layout: bool) -> bytes:
    """
    The bundled font ``name`` cut down to ``codepoints`` (those it has), same bytes for the same input.

    ``layout``: keep the OpenType layout tables (needed to place Thai marks);
    without it GSUB, GPOS and GDEF are left out, and the font is read lazily,
    which makes a Noto Sans subset five times faster.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.name_IDs = ["*"]  # family and style names tie the face to its fontTable entry; the licence stays
    options.notdef_outline = True
    options.recalc_timestamp = False  # the font's own date: no clock in the bytes
    if layout:
        options.layout_features = ["*"]
    else:
        options.layout_features = []
        options.drop_tables = [*options.drop_tables, "GSUB", "GPOS", "GDEF"]
    font = TTFont(str(font_path(name)), recalcTimestamp=False, lazy=None if layout else True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    font.close()
    return out.getvalue()


def make_prebuilt(name: str) -> bytes:
    """The prebuilt subset of the bundled font ``name``, made afresh (``scripts/make_font_subsets.py`` writes it)."""
    thai = name in _THAI_NAMES
    return subset_font.__wrapped__(name, _PREBUILT_THAI if thai else PREBUILT_CODEPOINTS, layout=thai)


@functools.cache
def prebuilt_subset(name: str) -> bytes:
    """The prebuilt subset of the bundled font ``name``, as shipped in the package."""
    return files("tipreports.fonts").joinpath("subsets", PREBUILT_FILES[name]).read_bytes()


def _subset(name: str, codepoints: frozenset[int]) -> bytes:
    """
    ``name`` cut down to ``codepoints``: the prebuilt subset when it holds them, else one made for them.

    The prebuilt subset holds more than a note needs (a reader's edits in
    Polish or Romanian are drawn too); a subset made for a note with
    characters beyond it holds the note's characters and printable ASCII.
    """
    if name in _THAI_NAMES:
        wanted = codepoints | _THAI_BLOCK
        return prebuilt_subset(name) if wanted <= _PREBUILT_THAI else subset_font(name, wanted, layout=True)
    wanted = codepoints - _THAI_BLOCK  # Noto Sans has no Thai
    return prebuilt_subset(name) if wanted <= PREBUILT_CODEPOINTS else subset_font(name, wanted, layout=False)


def _win_height(name: str) -> int:
    """usWinAscent + usWinDescent of a bundled font, read from its OS/2 table (no font library needed)."""
    data = font_path(name).read_bytes()
    (tables,) = struct.unpack_from(">H", data, 4)
    for i in range(tables):
        tag, _checksum, offset, _length = struct.unpack_from(">4sLLL", data, 12 + 16 * i)
        if tag == b"OS/2":
            ascent, descent = struct.unpack_from(">HH", data, offset + 74)
            return int(ascent + descent)
    raise ValueError(f"{font_path(name).name} has no OS/2 table")


@functools.cache
def thai_line_ratio() -> float:
    """
    Noto Sans's line height over Noto Sans Thai's (0.90): how much tighter a Thai paragraph's line rule must be.

    Word and LibreOffice make a line as tall as its tallest font's ascent plus
    descent (the OS/2 Windows metrics) times the line rule; Noto Sans Thai's
    are 1.511 em against Noto Sans's 1.362 em, so without this Thai lines
    would stand 11% further apart than Latin ones.
    """
    return _win_height(FONT_REGULAR) / _win_height(THAI_REGULAR)


def _faces(family: Mapping[str, str], wanted: Iterable[str], codepoints: frozenset[int]) -> dict[str, bytes]:
    return {face: _subset(name, codepoints) for face, name in family.items() if face in wanted}


def _settings(entries: dict[str, bytes]) -> None:
    """Tell Word and LibreOffice to embed the fonts again, as subsets, when the reader saves the note."""
    settings = etree.fromstring(entries["word/settings.xml"])
    for tag in ("w:embedTrueTypeFonts", "w:saveSubsetFonts"):
        if settings.find(qn(tag)) is not None:
            continue
        at = 0
        for i, child in enumerate(settings):
            if isinstance(child.tag, str) and etree.QName(child).localname in _SETTINGS_BEFORE_EMBED | {"embedTrueTypeFonts", "embedSystemFonts"}:
                at = i + 1
        settings.insert(at, etree.Element(qn(tag)))
    entries["word/settings.xml"] = etree.tostring(settings, xml_declaration=True, encoding="UTF-8", standalone=True)


def embed_note_fonts(entries: dict[str, bytes]) -> None:
    """
    Embed subsets of Noto Sans (the faces the note uses) and, when it holds Thai, of Noto Sans Thai.

    An edit for :func:`~._docx_xml.normalise_zip`: adds the obfuscated font
    parts, their entries in ``word/fontTable.xml`` and the settings that keep
    them embedded when the note is saved again.
    """
    text = note_text(entries)
    codepoints = frozenset(map(ord, set(text))) | _ALWAYS
    faces = used_faces(entries)
    embedded = False
    if _names_family(entries, LATIN_FAMILY):
        embed_fonts(entries, font=LATIN_FAMILY, files=_faces(_LATIN_FACES, faces, codepoints))
        embedded = True
    if has_thai(text):
        # Thai has no italic: a Thai run is set upright whatever its style says.
        thai_faces = {"bold" if "bold" in face.lower() else "regular" for face in faces}
        embed_fonts(entries, font=THAI_FAMILY, files=_faces(_THAI_FACES, thai_faces, codepoints))
        embedded = True
    if embedded:
        _settings(entries)
