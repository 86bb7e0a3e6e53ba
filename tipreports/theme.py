"""The look shared by every writer: organisation, logo, accent colour, fonts, page size."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import attrs
from attrs import field, frozen

from ._settings import Settings, read_settings, suggest
from ._text import MAX_LABEL, check_text
from .errors import FieldError, InputError, Problem

__all__ = ["DEFAULT_THEME", "PATH_FIELDS", "Theme", "theme_from"]

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

    Every field has a default; a theme file (``Theme.from_file("house.yaml")``,
    ``tipreports build --theme house.yaml``) names only the fields it changes.

    Attributes:
        organisation: Name shown in page headers in place of the briefing's
            ``prepared_by`` (one line, at most 300 characters); ``None`` keeps
            ``prepared_by``.
        logo: PNG or JPEG file drawn in the DOCX header and the PDF header band.
            Read only when a document is rendered, then checked and re-encoded;
            ``None`` for no logo.
        reference_docx: Word file whose styles the DOCX writer uses: a copy of
            the bundled ``reference.docx`` (``tipreports reference-docx
            house.docx`` writes one), restyled in Word keeping the style names.
            ``None`` uses the bundled one.
        accent: Colour of titles, headings, rules and the tier badge, as
            ``'#RRGGBB'`` (default ``'#1F4E79'``).
        ink: Colour of body text (default ``'#1A1A1A'``).
        muted: Colour of secondary text: subtitles, captions, sources (default ``'#5F6B7A'``).
        rule: Colour of table borders and thin rules (default ``'#C9D3DE'``).
        tint: Background of table headers and callouts (default ``'#EEF3F8'``).
        font_family: Typeface; ``'Noto Sans'``, bundled, is the one choice
            (Thai text is set in the bundled Noto Sans Thai beside it).
        page_size: ``'A4'`` (default) or ``'Letter'``, for DOCX, PDF and HTML print.
        base_size: Body type of the briefing note in points, 8 to 14 (default
            10.5); the one-pager sets its body a little smaller.
    """

    organisation: str | None = field(default=None, validator=_label)
    logo: Path | None = field(default=None, converter=_to_path, validator=_logo)
    reference_docx: Path | None = field(default=None, converter=_to_path, validator=_logo)
    accent: str = field(default="#1F4E79", validator=_colour)
    ink: str = field(default="#1A1A1A", validator=_colour)
    muted: str = field(default="#5F6B7A", validator=_colour)
    rule: str = field(default="#C9D3DE", validator=_colour)
    tint: str = field(default="#EEF3F8", validator=_colour)
    font_family: str = field(default="Noto Sans", validator=_font)
    page_size: Literal["A4", "Letter"] = field(default="A4", validator=_page)
    base_size: float = field(default=10.5, validator=_size)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Theme:
        """
        Read a theme from a YAML or JSON file holding some of the fields above.

        Relative ``logo`` and ``reference_docx`` paths are taken from the
        theme file's folder. An unknown key, a wrong value, a folder, a device
        or a file over 512 kB is an :class:`~tipreports.errors.InputError`
        naming the key and its line.
        """
        settings = read_settings(path, what="theme file")
        return theme_from(settings.data, settings, prefix="")

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, folder: str | os.PathLike[str] | None = None) -> Theme:
        """A theme from a mapping of its fields; relative paths are taken from ``folder`` (default: as given)."""
        base = Path(os.fspath(folder)) if folder is not None else Path()
        settings = Settings(data=data, lines={}, source="", folder=base)
        return theme_from(data, settings, prefix="")


#: Theme fields that name files: relative paths in a theme file resolve against its folder.
PATH_FIELDS = ("logo", "reference_docx")


def theme_from(data: Mapping[str, Any], settings: Settings, *, prefix: str) -> Theme:
    """
    A :class:`Theme` from ``data`` (part of ``settings``, at key path ``prefix``), every problem at once.

    Unknown keys get a "did you mean"; each field is checked on its own, so a
    file with three mistakes reports three, each with its line.
    """
    names = [a.name for a in attrs.fields(Theme)]
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, value in data.items():
        path = f"{prefix}{key}"
        if key not in names:
            problems.append(settings.problem(path, suggest(str(key), names)))
            continue
        if key in PATH_FIELDS and isinstance(value, str) and value.strip():
            # A relative path means "beside the theme file", wherever the command runs.
            value = settings.folder / value
        elif key in PATH_FIELDS and isinstance(value, str):
            problems.append(settings.problem(path, "expected a path to a file, got empty text"))
            continue
        if value is None and key in _COLOURS:
            problems.append(settings.problem(path, "expected a colour as '#RRGGBB'; in YAML a '#' starts a comment, so quote it: \"#1F4E79\""))
            continue
        try:
            Theme(**{key: value})
        except FieldError as err:
            problems.append(settings.problem(path, err.message))
            continue
        except (TypeError, ValueError) as err:
            problems.append(settings.problem(path, str(err)))
            continue
        values[key] = value
    if problems:
        raise InputError(problems)
    return Theme(**values)


_COLOURS = ("accent", "ink", "muted", "rule", "tint")


DEFAULT_THEME = Theme()
