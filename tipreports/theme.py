"""The look shared by every writer: organisation, logo, accent colour, fonts, page size."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from attrs import field, frozen

from ._text import MAX_LABEL, check_text
from .errors import FieldError

__all__ = ["Theme"]

_HEX = re.compile(r"#[0-9A-Fa-f]{6}")
FONT_FAMILIES = ("Noto Sans",)


def _label(_instance: Any, attribute: Any, value: Any) -> None:
    if value is not None:
        check_text(attribute.name, value, max_length=MAX_LABEL, multiline=False)


def _colour(_instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, str) or not _HEX.fullmatch(value):
        raise FieldError(attribute.name, "expected a colour as '#RRGGBB'")


def _font(_instance: Any, attribute: Any, value: Any) -> None:
    if value not in FONT_FAMILIES:
        raise FieldError(attribute.name, f"unknown font family {str(value)[:40]!r}; bundled: " + ", ".join(repr(f) for f in FONT_FAMILIES))


def _page(_instance: Any, attribute: Any, value: Any) -> None:
    if value not in ("A4", "Letter"):
        raise FieldError(attribute.name, f"unknown page size {str(value)[:20]!r}; expected 'A4' or 'Letter'")


def _logo(_instance: Any, attribute: Any, value: Any) -> None:
    if value is not None and not isinstance(value, Path):
        raise FieldError(attribute.name, "expected a path to a file")


def _size(_instance: Any, attribute: Any, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 8 <= value <= 14:
        raise FieldError(attribute.name, "expected a type size in points from 8 to 14")


def _to_path(value: Any) -> Any:
    return Path(value) if isinstance(value, str) else value


@frozen(kw_only=True)
class Theme:
    """
    How documents look, whatever their format.

    ``organisation`` overrides the briefing's ``prepared_by`` in headers when set;
    ``logo`` is read only when a document is rendered, checked and re-encoded.
    """

    organisation: str | None = field(default=None, validator=_label)
    logo: Path | None = field(default=None, converter=_to_path, validator=_logo)
    #: A Word file whose styles the DOCX writer uses (a copy of tipreports/reference.docx, restyled).
    reference_docx: Path | None = field(default=None, converter=_to_path, validator=_logo)
    accent: str = field(default="#1F4E79", validator=_colour)
    ink: str = field(default="#1A1A1A", validator=_colour)
    muted: str = field(default="#5F6B7A", validator=_colour)
    rule: str = field(default="#C9D3DE", validator=_colour)
    tint: str = field(default="#EEF3F8", validator=_colour)
    font_family: str = field(default="Noto Sans", validator=_font)
    page_size: Literal["A4", "Letter"] = field(default="A4", validator=_page)
    #: Body type of the briefing note in points; the one-pager sets its body a little smaller.
    base_size: float = field(default=10.5, validator=_size)


DEFAULT_THEME = Theme()
