"""
WordprocessingML building blocks for the DOCX writer.

Elements are built with lxml, never by joining strings: lxml escapes text and
attribute values, so data stays data. :func:`check_text` runs first so that a
character XML 1.0 cannot hold is reported with the field it came from instead
of lxml's bare ``ValueError``.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
import zipfile
from collections.abc import Callable, Mapping
from typing import Any

from lxml import etree  # untyped: pyproject lets mypy treat lxml as Any

from ..errors import FieldError

__all__ = [
    "NS",
    "check_text",
    "embed_fonts",
    "normalise_zip",
    "ppr_child",
    "qn",
    "sub",
]

NS: Mapping[str, str] = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "xml": "http://www.w3.org/XML/1998/namespace",
}

_QN: dict[str, str] = {}


def qn(tag: str) -> str:
    """``'w:p'`` → Clark notation ``'{http://...}p'`` (memoised: called for every element)."""
    name = _QN.get(tag)
    if name is None:
        prefix, local = tag.split(":")
        name = _QN[tag] = f"{{{NS[prefix]}}}{local}"
    return name


def sub(parent: Any, tag: str, attrs: Mapping[str, str] | None = None, text: str | None = None) -> Any:
    """Append a ``tag`` element to ``parent`` with prefixed ``attrs`` (``{'w:val': 'x'}``) and ``text``."""
    child = etree.SubElement(parent, qn(tag))
    if attrs:
        for key, value in attrs.items():
            child.set(qn(key), value)
    if text is not None:
        child.text = text
    return child


# w:pPr's children in the order the schema (CT_PPrBase) requires them; Word refuses a file that mixes them up.
PPR_ORDER = {tag: i for i, tag in enumerate((
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr", "suppressLineNumbers",
    "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct",
    "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
    "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl",
    "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
))}


def ppr_child(paragraph: Any, tag: str) -> Any:
    """The ``tag`` child (``'w:keepLines'``) of ``paragraph``'s w:pPr, added in schema order if missing."""
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is None:
        ppr = etree.Element(qn("w:pPr"))
        paragraph.insert(0, ppr)
    found = ppr.find(qn(tag))
    if found is not None:
        return found
    rank = PPR_ORDER[tag.split(":")[1]]
    child = etree.Element(qn(tag))
    for i, existing in enumerate(ppr):
        if PPR_ORDER.get(etree.QName(existing).localname, len(PPR_ORDER)) > rank:
            ppr.insert(i, child)
            return child
    ppr.append(child)
    return child


# Characters XML 1.0 cannot carry (C0 controls but tab/newline/CR, lone surrogates, U+FFFE/U+FFFF).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def check_text(text: str, field: str) -> str:
    """``text`` unchanged, or a :class:`FieldError` naming ``field`` and the first illegal character."""
    found = _ILLEGAL.search(text)
    if found is not None:
        raise FieldError(
            field,
            f"character U+{ord(found.group()):04X} at position {found.start()} cannot be written to a DOCX "
            "file (XML 1.0 forbids it); remove it from the input",
        )
    return text


_EPOCH = (1980, 1, 1, 0, 0, 0)
_STORED_SUFFIXES = (".png", ".jpeg", ".jpg")


def _entry_order(name: str) -> tuple[int, str]:
    # [Content_Types].xml first, as Office writes it; then the rest by name.
    return (0 if name == "[Content_Types].xml" else 1, name)


def normalise_zip(data: bytes, edit: Callable[[dict[str, bytes]], None] | None = None) -> bytes:
    """
    The same package with fixed timestamps, attributes, entry order and compression.

    Two renders of the same document give the same bytes, whatever the clock,
    the platform or the order python-docx happened to write the parts in.
    ``edit`` may change the parts (name → bytes) first.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    if edit is not None:
        edit(entries)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in sorted(entries, key=_entry_order):
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.create_system = 0
            info.external_attr = 0
            # Images are compressed already; deflating them again costs time for nothing.
            if name.endswith(_STORED_SUFFIXES):
                info.compress_type = zipfile.ZIP_STORED
                target.writestr(info, entries[name])
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(info, entries[name], compresslevel=6)
    return out.getvalue()


_FONT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
_OBFUSCATED = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_EMBED_ORDER = ("regular", "bold", "italic", "boldItalic")


def _font_key(font: bytes) -> str:
    # From the font's own bytes: the same font always gets the same key (and the file the same bytes).
    return "{" + str(uuid.UUID(bytes=hashlib.sha256(font).digest()[:16])).upper() + "}"


def _obfuscate(font: bytes, key: str) -> bytes:
    """
    Word's font obfuscation (ECMA-376 Part 1, 17.8.1): the first 32 bytes XORed with the key.

    The key's 16 bytes are the GUID's hex digits read from the end.
    """
    digits = key.strip("{}").replace("-", "")
    xor = bytes.fromhex(digits)[::-1]
    head = bytes(b ^ xor[i % 16] for i, b in enumerate(font[:32]))
    return head + font[32:]


def embed_fonts(entries: dict[str, bytes], *, font: str, files: Mapping[str, bytes]) -> None:
    """
    Embed ``files`` (style → TrueType bytes: ``regular``, ``bold``) as the font ``font``, as Word does.

    Adds obfuscated ``word/fonts/fontN.odttf`` parts, their relationships from
    the font table, ``w:embedRegular``/``w:embedBold`` under the font's entry
    in ``word/fontTable.xml`` (created if missing) and the content type.
    Word and LibreOffice then draw the font on computers that lack it.
    """
    table = etree.fromstring(entries["word/fontTable.xml"])
    if table.nsmap.get("r") != NS["r"]:
        # r: declared on the root, as Word writes it, rather than on every embed element.
        root = etree.Element(table.tag, table.attrib, nsmap={**table.nsmap, "r": NS["r"]})
        root.text = table.text
        root.extend(list(table))
        table = root
    rels_name = "word/_rels/fontTable.xml.rels"
    if rels_name in entries:
        rels = etree.fromstring(entries[rels_name])
    else:
        rels = etree.Element(f"{{{_PACKAGE_RELS}}}Relationships", nsmap={None: _PACKAGE_RELS})
    entry = next((f for f in table.iter(qn("w:font")) if f.get(qn("w:name")) == font), None)
    if entry is None:
        entry = sub(table, "w:font", {"w:name": font})
    for old in [c for c in entry if c.tag.startswith(f"{{{NS['w']}}}embed")]:
        entry.remove(old)
    taken = {r.get("Id") for r in rels}
    number = 1 + sum(1 for name in entries if name.startswith("word/fonts/"))
    for style in _EMBED_ORDER:
        data = files.get(style)
        if data is None:
            continue
        key = _font_key(data)
        part = f"fonts/font{number}.odttf"
        number += 1
        rel_id = next(f"rIdFont{n}" for n in range(1, 100) if f"rIdFont{n}" not in taken)
        taken.add(rel_id)
        entries[f"word/{part}"] = _obfuscate(data, key)
        etree.SubElement(rels, f"{{{_PACKAGE_RELS}}}Relationship", Id=rel_id, Type=_FONT_REL, Target=part)
        embed = etree.SubElement(entry, qn(f"w:embed{style[0].upper()}{style[1:]}"))
        embed.set(qn("r:id"), rel_id)
        embed.set(qn("w:fontKey"), key)
    entries["word/fontTable.xml"] = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)
    entries[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    types = etree.fromstring(entries["[Content_Types].xml"])
    if not any(d.get("Extension") == "odttf" for d in types):
        default = etree.Element(f"{{{_CONTENT_TYPES}}}Default", Extension="odttf", ContentType=_OBFUSCATED)
        types.insert(0, default)
    entries["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
