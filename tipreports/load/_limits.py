"""
The limits enforced while reading, and what the readers share to report them.

Files are checked as they are read, so a hostile input stops early; a mapping
built in Python is checked by :func:`check_shape` before anything walks it
recursively.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._text import KEY_SHAPE
from ..errors import InputError
from ..model._checks import MAX_ITEMS

#: Largest input file, checked before the file is read.
MAX_BYTES = 5 * 1024 * 1024
#: Deepest nesting of mappings and lists; a briefing needs five levels.
MAX_DEPTH = 32
#: Most values (scalars, lists, mappings) in one input; a full briefing has a few thousand.
MAX_VALUES = 50_000
#: Most items in one list or keys in one mapping while reading: far above any field's own
#: limit, low enough that a list of a million items is refused after reading a thousand.
MAX_CONTAINER = MAX_ITEMS * 5
#: Most problems listed in one error: the rest are left for the next run.
MAX_PROBLEMS = 100

TOO_MANY_VALUES = f"more than {MAX_VALUES:,} values; a briefing needs far fewer"
TOO_MANY_ITEMS = f"too many items: more than {MAX_CONTAINER:,}; at most {MAX_ITEMS:,} allowed"
TOO_MANY_KEYS = f"too many keys: more than {MAX_CONTAINER:,}"
TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep"


class Abort(Exception):
    """Reading cannot go on; the reason is already in the problem list."""


def join(path: str, field: str) -> str:
    """``path`` and a field below it: ``join('a', 'b') == 'a.b'``, ``join('a', '[0]') == 'a[0]'``."""
    if not field:
        return path
    if not path or field.startswith("["):
        return path + field
    return f"{path}.{field}"


def key_path(path: str, key: str) -> str:
    """``path`` and a key below it; a key that is not a plain name (it may be anything a user typed) is ``<key>``."""
    return join(path, key if KEY_SHAPE.fullmatch(key) or key == "<<" else "<key>")


def check_shape(data: Mapping[str, Any]) -> None:
    """
    Refuse a mapping that is too deep, too wide or too big, without recursion.

    The readers enforce the same limits on files as they read them.
    """
    stack: list[tuple[str, Any, int]] = [("", data, 0)]
    count = 0
    while stack:
        path, value, depth = stack.pop()
        count += 1
        if count > MAX_VALUES:
            raise InputError.single("", TOO_MANY_VALUES)
        if isinstance(value, Mapping):
            size, message = len(value), TOO_MANY_KEYS
        elif isinstance(value, (list, tuple)):
            size, message = len(value), TOO_MANY_ITEMS
        else:
            continue
        if depth >= MAX_DEPTH:
            raise InputError.single(path, TOO_DEEP)
        if size > MAX_CONTAINER:
            raise InputError.single(path, message)
        if isinstance(value, Mapping):
            stack.extend((key_path(path, str(k)), v, depth + 1) for k, v in value.items())
        else:
            stack.extend((f"{path}[{i}]", v, depth + 1) for i, v in enumerate(value))
