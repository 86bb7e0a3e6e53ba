"""
From what went wrong while structuring to the problems a user reads: field path, message, line.

cattrs collects every failure of a mapping into a tree of exception groups, and
:func:`cattrs.transform_error` walks that tree into field paths. What each
exception says is already in the user's words: the model's validators and the
loader's hooks write it so. Only unknown keys are described here, with the
closest allowed key.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
import cattrs
from cattrs.errors import ForbiddenExtraKeysError

from ..errors import FieldError, InputError
from ..model import Briefing
from ._limits import join

MISSING = "required field missing"


class Mismatch(ValueError):
    """A value of the wrong type for its field; the message is shown as is."""


#: Keys the input format has in place of a model field: a translation is written as
#: per-language text ({en: ..., th: ...}) plus 'bilingual: true', never as a second briefing.
_INPUT_KEYS: Mapping[type, tuple[tuple[str, str], ...]] = {Briefing: (("translation", "bilingual"),)}


def _allowed_keys(cls: type[Any]) -> list[str]:
    allowed = [a.alias for a in attrs.fields(cls)]
    for model_key, input_key in _INPUT_KEYS.get(cls, ()):
        allowed[allowed.index(model_key)] = input_key
    return allowed


def _closest_key(key: object, cls: type[Any]) -> str | None:
    close = difflib.get_close_matches(str(key), _allowed_keys(cls), n=1, cutoff=0.6)
    return close[0] if close else None


def unknown_key(key: object, cls: type[Any]) -> tuple[str, str]:
    """The path (the key, cut short) and message for a key ``cls`` does not have: the closest one, and all."""
    allowed = _allowed_keys(cls)
    shown = str(key)[:40]
    message = f"unknown key {shown!r}"
    close = _closest_key(key, cls)
    if close:
        message += f"; did you mean {close!r}?"
    message += " (allowed keys: " + ", ".join(allowed) + ")"
    return shown, message


def _described(err: BaseException) -> list[tuple[str, str]]:
    """``(path, message)`` for one exception, the path relative to where it was raised."""
    if isinstance(err, KeyError):
        return [("", MISSING)]
    if isinstance(err, ForbiddenExtraKeysError):
        return [unknown_key(key, err.cl) for key in sorted(err.extra_fields, key=str)]
    if isinstance(err, InputError):
        return [(problem.path, problem.message) for problem in err.problems]
    if isinstance(err, FieldError):
        return [(err.field, err.message)]
    if isinstance(err, Mismatch):
        return [("", str(err))]
    # anything else is a bug in tipreports, not a problem with the input
    raise err


def problems(err: BaseException) -> Iterator[tuple[str, str]]:
    """``(path, message)`` for every problem inside a cattrs error tree, in the tree's order."""
    # transform_error wants one line per exception, but one exception can hold several
    # problems (every unknown key of a mapping, every cross-check of a briefing): the
    # line it formats is an index into what was found, followed by the path it built.
    found: list[list[tuple[str, str]]] = []
    # the keys a misspelt key was probably meant to be, by exception: their 'required field
    # missing' is the same mistake, already reported with its suggestion
    meant: dict[int, list[str]] = {}

    def index(exc: BaseException, _type: Any) -> str:
        found.append(_described(exc))
        if isinstance(exc, ForbiddenExtraKeysError):
            meant[len(found) - 1] = [close for key in exc.extra_fields if (close := _closest_key(key, exc.cl))]
        return str(len(found) - 1)

    listed: list[tuple[str, str]] = []
    suggested: set[str] = set()
    for line in cattrs.transform_error(err, path="", format_exception=index):
        number, _, path = line.partition(" @ ")
        path = path.removeprefix(".")
        suggested.update(join(path, key) for key in meant.get(int(number), ()))
        listed.extend((join(path, field), message) for field, message in found[int(number)])
    for path, message in listed:
        if not (message == MISSING and path in suggested):
            yield path, message


#: Lists whose items are named by a field as well as by their position: ``tier_history[3] (2019)``.
_NAMED_ITEMS: Mapping[str, str] = {"assessment.tier_history": "year"}
_ITEM = re.compile(r"(?P<list>[\w.]+)\[(?P<index>\d+)\]")


def named(path: str, data: Mapping[str, Any]) -> str:
    """``path`` as people read it: an item of a list in :data:`_NAMED_ITEMS` also names its year."""
    m = _ITEM.match(path)
    if m is None or m["list"] not in _NAMED_ITEMS:
        return path
    value: Any = data
    for part in m["list"].split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    index = int(m["index"])
    item = value[index] if isinstance(value, list) and index < len(value) else None
    label = item.get(_NAMED_ITEMS[m["list"]]) if isinstance(item, Mapping) else None
    if not isinstance(label, int) or isinstance(label, bool):
        return path
    return f"{m.group()} ({label}){path[m.end():]}"


_LAST_PART = re.compile(r"(?:\.[^.\[]*|\[\d+\])$")


def line_of(path: str, lines: Mapping[str, int]) -> int | None:
    """The line of ``path``, or of the nearest enclosing value that has one."""
    while True:
        if path in lines:
            return lines[path]
        if not path:
            return None
        shorter = _LAST_PART.sub("", path)
        path = "" if shorter == path else shorter
