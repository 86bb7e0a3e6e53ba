"""Traffic Light Protocol 2.0 markings."""

from __future__ import annotations

import enum
import functools
from typing import Any

from .._text import MARKING_SHAPE, quoted
from ..errors import FieldError
from ._checks import kind
from ._suggest import suggest

__all__ = ["Marking", "marking_value", "optional_marking_value", "renamed", "to_marking"]


@functools.total_ordering
class Marking(enum.Enum):
    """
    A TLP 2.0 label, ordered from least to most restrictive.

    ``Marking.CLEAR < Marking.GREEN < Marking.AMBER < Marking.AMBER_STRICT < Marking.RED``.
    ``str(m)`` is the label as FIRST writes it (``TLP:AMBER+STRICT``); labels are
    never translated.
    """

    CLEAR = 0
    GREEN = 1
    AMBER = 2
    AMBER_STRICT = 3
    RED = 4

    @property
    def label(self) -> str:
        """The label as written on documents: ``TLP:AMBER+STRICT``."""
        return "TLP:" + self.name.replace("_", "+")

    @property
    def colour(self) -> str:
        """FIRST's TLP 2.0 text colour (on a black background), as ``#RRGGBB``."""
        return _COLOURS[self]

    def __str__(self) -> str:
        return self.label

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Marking):
            return NotImplemented
        return self.value < other.value

    @classmethod
    def parse(cls, value: str | Marking) -> Marking:
        """
        Parse ``TLP:AMBER+STRICT``, ``amber+strict``, ``AMBER_STRICT``; ``TLP:WHITE`` (TLP 1.0) is CLEAR.

        Raises ``ValueError`` naming the accepted labels for anything else, with
        the closest one when a label looks misspelt; it quotes the value only
        when it is shaped like a label (``'TLP:BLUE'``), never text that could
        be content.
        """
        if isinstance(value, Marking):
            return value
        if not isinstance(value, str):
            raise ValueError(f"expected a TLP label, got {kind(value)}; expected one of {_ACCEPTED}")
        key = _key(value)
        if key in _RENAMED:
            return _RENAMED[key]
        try:
            return cls[key]
        except KeyError:
            hint = suggest(key, {**{m.name: m.label for m in cls}, **{k: m.label for k, m in _RENAMED.items()}})
            raise ValueError(f"unknown marking{quoted(value, MARKING_SHAPE)}; {hint}expected one of {_ACCEPTED}") from None


def _key(value: str) -> str:
    """A label as :meth:`Marking.parse` looks it up: ``' tlp:amber+strict'`` → ``'AMBER_STRICT'``."""
    key = value.strip().upper()
    if key.startswith("TLP:") or key.startswith("TLP "):
        key = key[4:]
    return key.replace("+", "_").replace(" ", "_")


#: TLP 1.0 labels that TLP 2.0 renamed: still read, with a warning from the loader.
_RENAMED = {"WHITE": Marking.CLEAR}


def renamed(value: object) -> Marking | None:
    """The TLP 2.0 marking of an old TLP 1.0 label (``'TLP:WHITE'`` → CLEAR), else None."""
    return _RENAMED.get(_key(value)) if isinstance(value, str) else None


_COLOURS = {
    Marking.CLEAR: "#FFFFFF",
    Marking.GREEN: "#33FF00",
    Marking.AMBER: "#FFC000",
    Marking.AMBER_STRICT: "#FFC000",
    Marking.RED: "#FF2B2B",
}
_ACCEPTED = ", ".join(repr(m.label) for m in Marking)


def to_marking(value: Any) -> Any:
    """Converter: a label string becomes a :class:`Marking`; anything else is left to the validator."""
    if isinstance(value, str):
        try:
            return Marking.parse(value)
        except ValueError:
            return value
    return value


def marking_value(_instance: Any, attribute: Any, value: Any) -> None:
    """Validator: a :class:`Marking`, or the parse error naming the labels."""
    if not isinstance(value, Marking):
        try:
            Marking.parse(value)
        except ValueError as err:
            raise FieldError(attribute.name, str(err), quiet=f"unknown marking; expected one of {_ACCEPTED}") from None


def optional_marking_value(instance: Any, attribute: Any, value: Any) -> None:
    """Validator: None (inherit the document's marking) or :func:`marking_value`."""
    if value is not None:
        marking_value(instance, attribute, value)
