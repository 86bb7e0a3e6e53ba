"""
Shaped glyphs back to characters: the ToUnicode CMaps of subsets that hold HarfBuzz's private-use codes.

HarfBuzz gives glyphs without a character of their own (a tone mark moved
up, a consonant without its descender) to ReportLab as private-use code
points (``register_thai_fonts`` assigns them in glyph order), and ReportLab
writes those code points into the subset's ToUnicode CMap: pypdf and pdf.js
then extract U+F7xx instead of Thai. The glyph's name says what it draws
(``uni0E48.small`` is U+0E48), so the CMap can say it too. Shaped runs also
carry ``/ActualText`` (see :meth:`._marked.TagLayer.span`), which poppler reads
and these extractors do not.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

__all__ = ["fix_shaped_tounicode"]

_PRIVATE = range(0xE000, 0xF900)
_UNI = re.compile(r"uni((?:[0-9A-F]{4})+)")


def fix_shaped_tounicode(canvas: Any) -> int:
    """
    Give the private-use codes of shaped glyphs their characters in every subset's ToUnicode CMap.

    Call after the last page and before ReportLab writes the fonts (``save``):
    only subsets holding private-use codes are touched. Returns how many codes got characters.
    """
    doc = canvas._doc
    fixed = 0
    for font in [f for f in doc.delayedFonts if getattr(f, "shapable", False)]:
        state = getattr(font, "state", {}).get(doc)
        if state is None:
            continue
        subsets = [list(s) for s in state.subsets]
        if not any(cp in _PRIVATE for subset in subsets for cp in subset):
            continue
        names = [font.getSubsetInternalName(n, doc)[1:] for n in range(len(subsets))]
        # Realize the font now (ReportLab would at save) so its CMaps exist to be rewritten.
        font.addObjects(doc)
        doc.delayedFonts.remove(font)
        for name, subset in zip(names, subsets, strict=True):
            if not any(cp in _PRIVATE for cp in subset):
                continue
            texts = [_glyph_text(font, cp) if cp in _PRIVATE else chr(cp) for cp in subset]
            fixed += sum(1 for cp, text in zip(subset, texts, strict=True) if text != chr(cp))
            pdf_font = doc.idToObject["BasicFonts"].dict[name]
            cmap = doc.idToObject[pdf_font.ToUnicode.name]
            cmap.content = _cmap(str(pdf_font.BaseFont), texts)
    return fixed


@functools.lru_cache(maxsize=4096)
def _glyph_text(font: Any, cp: int) -> str:
    """What a private-use glyph draws, from its name (``uni0E4D0E32`` → two characters); else the code itself."""
    glyph = font.hbFont(10).glyph_to_string(font.face.charToGlyph[cp])
    found = _UNI.match(glyph)
    if not found:
        return chr(cp)
    digits = found.group(1)
    return "".join(chr(int(digits[i : i + 4], 16)) for i in range(0, len(digits), 4))


def _cmap(name: str, texts: Sequence[str]) -> str:
    # At most 100 mappings per bfchar block (the CMap format's limit, which ReportLab's own CMaps ignore).
    body: list[str] = []
    for start in range(0, len(texts), 100):
        chunk = texts[start : start + 100]
        body.append(f"{len(chunk)} beginbfchar")
        body += [f"<{start + i:02X}> <{text.encode('utf-16-be').hex().upper()}>" for i, text in enumerate(chunk)]
        body.append("endbfchar")
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
        f"/CMapName /{name} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(texts) - 1:02X}>", "endcodespacerange",
        *body,
        "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])  # fmt: skip
