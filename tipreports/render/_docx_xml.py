"""
WordprocessingML building blocks for the DOCX writer.

Elements are built with lxml, never by joining strings: lxml escapes text and
attribute values, so data stays data. :func:`check_text` runs first so that a
character XML 1.0 cannot hold is reported with the field it came from instead
of lxml's bare ``ValueError``.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type stubs (python-docx depends on it)

from ..errors import FieldError

__all__ = [
    "NS",
    "check_text",
    "normalise_zip",
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


def normalise_zip(data: bytes) -> bytes:
    """
    The same package with fixed timestamps, attributes, entry order and compression.

    Two renders of the same document give the same bytes, whatever the clock,
    the platform or the order python-docx happened to write the parts in.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
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
