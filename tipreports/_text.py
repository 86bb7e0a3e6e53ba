"""
Clean text: the rule every text field follows, in the model and in the theme.

A value is text, not empty (unless allowed), within its length, free of control
characters (bar newline and tab where a field may hold lines) and of
surrogates, and in Unicode NFC. Errors never echo the text: it may be marked
above TLP:CLEAR.
"""

from __future__ import annotations

import re
import unicodedata

from .errors import FieldError

__all__ = ["KEY_SHAPE", "MARKING_SHAPE", "MAX_LABEL", "MAX_TEXT", "WORD_SHAPE", "check_text", "describe_char", "quoted"]

#: Longest text of one item (a finding, a recommendation, a summary paragraph).
MAX_TEXT = 2_000
#: Longest single-line label (a title, a name).
MAX_LABEL = 300

_ALLOWED_CONTROLS = {"\n", "\t"}


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
        raise FieldError(name, f"expected text, got {type(value).__name__}")
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
    if unicodedata.normalize("NFC", value) != value:
        raise FieldError(name, "text is not in Unicode NFC form")
