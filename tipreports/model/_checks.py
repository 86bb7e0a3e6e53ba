"""
Converters and validators shared by the model classes.

Every validator raises :class:`~tipreports.errors.FieldError` naming the
attribute, the rule and (for non-text values) the value. Text values are never
echoed: they may be marked above TLP:CLEAR. A value of the wrong type is named
by :func:`kind`, in the words of the YAML or JSON a user wrote, so the loader
shows these messages as they are.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import attrs

# One rule for text, the theme's and the model's: kept in _text, used here by its names.
from .._text import MAX_LABEL as MAX_LABEL
from .._text import MAX_TEXT as MAX_TEXT
from .._text import check_text as check_text
from .._text import kind as kind
from ..errors import FieldError

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., None])

#: Most items in one list.
MAX_ITEMS = 200


def limits(validate: F, **bounds: int | None) -> F:
    """The validator, carrying its bounds (``max_length``, ``minimum``, ``maximum``, ``max_items``) for the input schema to read."""
    # an attribute on the function: a closure's bounds cannot be read back any other way
    vars(validate)["limits"] = {name: value for name, value in bounds.items() if value is not None}
    return validate


def nfc_optional(value: object) -> object:
    """Converter: NFC-normalise strings, and an empty string becomes None; anything else is left to the validator."""
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value)
        return value if value.strip() else None
    return value


def text(max_length: int = MAX_TEXT, *, multiline: bool = True) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    """Validator: non-empty clean text."""

    def validate(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        check_text(attribute.name, value, max_length=max_length, multiline=multiline)

    return limits(validate, max_length=max_length)


def label(max_length: int = MAX_LABEL) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    """Validator: non-empty clean single-line text."""
    return text(max_length, multiline=False)


def optional_text(max_length: int = MAX_TEXT, *, multiline: bool = True) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    """Validator: None or clean text."""

    def validate(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            check_text(attribute.name, value, max_length=max_length, multiline=multiline)

    return limits(validate, max_length=max_length)


def optional_label(max_length: int = MAX_LABEL) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    """Validator: None or clean single-line text."""
    return optional_text(max_length, multiline=False)


def integer(low: int | None = None, high: int | None = None) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    """Validator: an int (never a bool) within bounds."""

    def validate(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise FieldError(attribute.name, f"expected a whole number, got {kind(value)}")
        if low is not None and value < low:
            raise FieldError(attribute.name, f"{value} is too small; expected at least {low}", quiet=f"too small; expected at least {low}")
        if high is not None and value > high:
            raise FieldError(attribute.name, f"{value} is too large; expected at most {high}", quiet=f"too large; expected at most {high}")

    return limits(validate, minimum=low, maximum=high)


def optional_integer(low: int | None = None, high: int | None = None) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    """Validator: None or :func:`integer`."""
    inner = integer(low, high)

    def validate(instance_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            inner(instance_, attribute, value)

    return validate


def boolean(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator: exactly True or False."""
    if not isinstance(value, bool):
        raise FieldError(attribute.name, f"expected true or false, got {kind(value)}")


def instance(cls: type | tuple[type, ...], what: str) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    """Validator: an instance of ``cls``, described to users as ``what``."""

    def validate(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, cls):
            raise FieldError(attribute.name, f"expected {what}, got {kind(value)}")

    return validate


def optional_instance(cls: type | tuple[type, ...], what: str) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    """Validator: None or an instance of ``cls``."""
    inner = instance(cls, what)

    def validate(obj: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            inner(obj, attribute, value)

    return validate


def items_of(cls: type | tuple[type, ...], what: str, *, max_items: int = MAX_ITEMS) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    """Validator: a tuple of at most ``max_items`` instances of ``cls``."""

    def validate(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple):
            raise FieldError(attribute.name, f"expected a list, got {kind(value)}")
        if len(value) > max_items:
            raise FieldError(
                attribute.name, f"too many items: {len(value):,}; at most {max_items:,} allowed"
            )
        for index, item in enumerate(value):
            if not isinstance(item, cls):
                raise FieldError(
                    f"{attribute.name}[{index}]", f"expected {what}, got {kind(item)}"
                )

    return limits(validate, max_items=max_items)


def to_tuple(value: object) -> object:
    """Converter: lists become tuples; a string is never split into characters."""
    if isinstance(value, list):
        return tuple(value)
    return value


def to_date(value: object) -> object:
    """Converter: ISO ``YYYY-MM-DD`` strings become dates; anything else is left to the validator."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return value
    return value


def date_value(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator: a date (not a datetime) between 2000 and 2100."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        # Text is not echoed (it may be marked); its kind is enough to correct it.
        shown = "text that is not a valid date" if isinstance(value, str) else kind(value)
        raise FieldError(attribute.name, f"expected a date as YYYY-MM-DD, got {shown}")
    if not 2000 <= value.year <= 2100:
        raise FieldError(attribute.name, f"{value.isoformat()} is not a plausible date (2000–2100)", quiet="not a plausible date (2000–2100)")


def optional_date(instance_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator: None or :func:`date_value`."""
    if value is not None:
        date_value(instance_, attribute, value)


def unique(values: Sequence[T], name: str, key: Callable[[T], object], what: str) -> None:
    """Raise FieldError on the first duplicate ``key`` in ``values``."""
    seen: dict[object, int] = {}
    for index, item in enumerate(values):
        k = key(item)
        if k in seen:
            raise FieldError(f"{name}[{index}]", f"duplicate {what} {k!r} (first at [{seen[k]}])")
        seen[k] = index
