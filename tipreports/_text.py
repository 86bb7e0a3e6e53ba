"""
Clean text: the rule every text field follows, in the model and in the theme.

A value is text, not empty (unless allowed), within its length, free of control
characters (bar newline and tab where a field may hold lines), of the
bidirectional controls that reorder how text reads (embeddings, overrides,
isolates; the zero-width space, joiner and non-joiner that Thai and other
scripts need are kept) and of surrogates, and in Unicode NFC. Errors never
echo the text: it may be marked above TLP:CLEAR.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping

from .errors import FieldError

__all__ = ["BIDI_CONTROLS", "KEY_SHAPE", "MARKING_SHAPE", "MAX_LABEL", "MAX_TEXT", "WORD_SHAPE", "check_text", "describe_char", "kind", "quoted"]

#: Longest text of one item (a finding, a recommendation, a summary paragraph).
MAX_TEXT = 2_000
#: Longest single-line label (a title, a name).
MAX_LABEL = 300

_ALLOWED_CONTROLS = {"\n", "\t"}
#: Embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069): they reorder how text reads
#: ("cod\u202egnp.exe" shows as "codexe.png"). The marks U+200E/U+200F and the zero-width characters stay.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def kind(value: object) -> str:
    """
    What kind of value this is, as YAML and JSON name it: ``'a number'``, ``'text'``, ``'a list'``.

    Never the value itself, so that it is safe for anything, marked or not.
    """
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, dt.datetime):
        return "a date and time"
    if isinstance(value, dt.date):
        return "a date"
    name = type(value).__name__
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


#: What an error may quote of a marking that failed to parse: a short token shaped like a TLP label.
MARKING_SHAPE = re.compile(r"[A-Z:+_ -]{1,16}")
#: ... of a tier, a language or a code that failed to parse: a short word or two ('Tier 4', 'fr').
WORD_SHAPE = re.compile(r"[A-Za-z0-9 +_-]{1,16}")
#: ... of an unknown or repeated key: a plain name ('dat', 'titel').
KEY_SHAPE = re.compile(r"[A-Za-z0-9_]{1,32}")


def quoted(value: object, shape: re.Pattern[str]) -> str:
    """
    ``" 'TLP:BLUE'"`` (with its leading space) when ``value`` is a short token of ``shape``; else ``""``.

    A value that failed to parse may be anything a user typed, restricted text
    included: an error names it only when it looks like what was meant.
    """
    return f" {value!r}" if isinstance(value, str) and shape.fullmatch(value) else ""


def describe_char(ch: str) -> str:
    """``U+00A0 NO-BREAK SPACE``: a character as an error names it."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def check_text(name: str, value: object, *, max_length: int, multiline: bool, allow_empty: bool = False) -> None:
    """Raise FieldError unless ``value`` is clean NFC text within the limits."""
    if not isinstance(value, str):
        raise FieldError(name, f"expected text, got {kind(value)}")
    if not allow_empty and not value.strip():
        raise FieldError(name, "must not be empty")
    if len(value) > max_length:
        raise FieldError(name, f"too long: {len(value):,} characters; at most {max_length:,} allowed")
    for position, ch in enumerate(value):
        category = unicodedata.category(ch)
        if category == "Cc" and not (multiline and ch in _ALLOWED_CONTROLS):
            raise FieldError(
                name,
                f"control character {describe_char(ch)} at position {position}; "
                "remove it" + ("" if multiline else " (this field is a single line)"),
            )
        if category == "Cs" or ch in "\ufffe\uffff":
            raise FieldError(name, f"invalid character {describe_char(ch)} at position {position}")
        if ch in BIDI_CONTROLS:
            raise FieldError(
                name, f"bidirectional control character {describe_char(ch)} at position {position}; remove it (it changes the order the text reads in)"
            )
    if unicodedata.normalize("NFC", value) != value:
        raise FieldError(name, "text is not in Unicode NFC form")
