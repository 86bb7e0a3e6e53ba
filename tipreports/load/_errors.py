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


def unknown_key(key: object, cls: type[Any]) -> tuple[str, str]:
    """The path (the key, cut short) and message for a key ``cls`` does not have: the closest one, and all."""
    allowed = _allowed_keys(cls)
    shown = str(key)[:40]
    message = f"unknown key {shown!r}"
    close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
    if close:
        message += f"; did you mean {close[0]!r}?"
    message += " (allowed keys: " + ", ".join(allowed) + ")"
    return shown, message


def _described(err: BaseException) -> list[tuple[str, str]]:
    """``(path, message)`` for one exception, the path relative to where it was raised."""
    if isinstance(err, KeyError):
        return [("", "required field missing")]
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

    def index(exc: BaseException, _type: Any) -> str:
        found.append(_described(exc))
        return str(len(found) - 1)

    for line in cattrs.transform_error(err, path="", format_exception=index):
        number, _, path = line.partition(" @ ")
        for field, message in found[int(number)]:
            yield join(path.removeprefix("."), field), message


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
