"""
From what went wrong while structuring to the problems a user reads: field path, message, line.

cattrs collects every failure of a mapping into a tree of exception groups, and
:func:`cattrs.transform_error` walks that tree into field paths. What each
exception says is already in the user's words: the model's validators and the
loader's hooks write it so. Only unknown keys are described here, with the
closest allowed key.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs
import cattrs
from cattrs.errors import ForbiddenExtraKeysError

from .._languages import LANGUAGES
from .._text import KEY_SHAPE, quoted
from ..errors import FieldError, InputError, Problem
from ..model import Briefing, Marking
from ._limits import join, key_path

MISSING = "required field missing"


class Mismatch(ValueError):
    """A value of the wrong type for its field; the message is shown as is."""


@dataclasses.dataclass(frozen=True)
class Found:
    """
    One problem while structuring: where it is shown, what it says, and what it says without quoting the input.

    ``at`` is where its line is looked up (an unknown key's own line, though
    the key may not be shown in ``path``).
    """

    path: str
    message: str
    quiet: str | None = None
    at: str | None = None
    #: For a 'required field missing': the path of the misspelt key whose "did you mean" names this field;
    #: the problem is left out where that suggestion is shown (see :func:`unexplained`).
    explained_by: str | None = None


#: Keys the input format has in place of a model field: a translation is written as
#: per-language text ({en: ..., th: ...}) plus 'bilingual: true', never as a second briefing.
_INPUT_KEYS: Mapping[type, tuple[tuple[str, str], ...]] = {Briefing: (("translation", "bilingual"),)}


def _allowed_keys(cls: type[Any]) -> list[str]:
    allowed = [a.alias for a in attrs.fields(cls)]
    for model_key, input_key in _INPUT_KEYS.get(cls, ()):
        allowed[allowed.index(model_key)] = input_key
    return allowed


def _closest_key(key: object, cls: type[Any]) -> str | None:
    """The allowed key ``key`` was probably meant to be; none for a key that is not shown."""
    if not quoted(key, KEY_SHAPE):
        return None
    close = difflib.get_close_matches(str(key), _allowed_keys(cls), n=1, cutoff=0.6)
    return close[0] if close else None


def unknown_key(key: object, cls: type[Any]) -> Found:
    """
    A key ``cls`` does not have: the closest allowed key, and all of them.

    The key is named (in the message and the path) only when it is a plain
    name of at most 32 letters, digits and '_'; else the problem is the mapping's.
    """
    allowed = _allowed_keys(cls)
    shown = quoted(key, KEY_SHAPE)
    message = f"unknown key{shown}"
    close = _closest_key(key, cls)
    if close:
        message += f"; did you mean {close!r}?"
    listed = " (allowed keys: " + ", ".join(allowed) + ")"
    return Found(
        path=str(key) if shown else "",
        message=message + listed,
        quiet="unknown key (not shown: what holds it is not marked TLP:CLEAR)" + listed,
        at=key_path("", str(key)),
    )


def _described(err: BaseException) -> list[Found]:
    """What one exception says, its path relative to where it was raised."""
    if isinstance(err, KeyError):
        return [Found("", MISSING)]
    if isinstance(err, ForbiddenExtraKeysError):
        return [unknown_key(key, err.cl) for key in sorted(err.extra_fields, key=str)]
    if isinstance(err, InputError):
        return [Found(problem.path, problem.message, problem.quiet) for problem in err.problems]
    if isinstance(err, FieldError):
        return [Found(err.field, err.message, err.quiet)]
    if isinstance(err, Mismatch):
        return [Found("", str(err))]
    # anything else is a bug in tipreports, not a problem with the input
    raise err


def problems(err: BaseException) -> Iterator[Found]:
    """Every problem inside a cattrs error tree, in the tree's order, with its path from the top."""
    # transform_error wants one line per exception, but one exception can hold several
    # problems (every unknown key of a mapping, every cross-check of a briefing): the
    # line it formats is an index into what was found, followed by the path it built.
    found: list[list[Found]] = []
    # the keys a misspelt key was probably meant to be, by exception, with where that key is: their
    # 'required field missing' is the same mistake, reported with its suggestion wherever it is shown
    meant: dict[int, list[tuple[str, str]]] = {}

    def index(exc: BaseException, _type: Any) -> str:
        found.append(_described(exc))
        if isinstance(exc, ForbiddenExtraKeysError):
            meant[len(found) - 1] = [(close, str(key)) for key in exc.extra_fields if (close := _closest_key(key, exc.cl))]
        return str(len(found) - 1)

    listed: list[Found] = []
    suggested: dict[str, str] = {}
    for line in cattrs.transform_error(err, path="", format_exception=index):
        number, _, path = line.partition(" @ ")
        where = path.removeprefix(".")
        for close, key in meant.get(int(number), ()):
            suggested[join(where, close)] = key_path(where, key)
        for one in found[int(number)]:
            listed.append(
                dataclasses.replace(one, path=join(where, one.path), at=join(where, one.at if one.at is not None else one.path))
            )
    for one in listed:
        if one.message == MISSING and one.path in suggested:
            one = dataclasses.replace(one, explained_by=suggested[one.path])
        yield one


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


# -- what an error may quote, by how the input around it is marked ---------------------------------------

_PART = re.compile(r"\[(\d+)\]|\.?([^.\[]+)")


def _schema_words() -> frozenset[str]:
    words: set[str] = {"bilingual", *LANGUAGES}
    todo: list[type[Any]] = [Briefing]
    while todo:
        cls = todo.pop()
        attrs.resolve_types(cls)
        for attribute in attrs.fields(cls):
            words.add(attribute.alias)
            for inner in _classes_in(attribute.type):
                if inner not in todo and inner.__name__ not in words:
                    words.add(inner.__name__)
                    todo.append(inner)
    return frozenset(words)


def _classes_in(type_: Any) -> Iterator[type[Any]]:
    import typing

    if isinstance(type_, type) and attrs.has(type_):
        yield type_
    for arg in typing.get_args(type_):
        yield from _classes_in(arg)


_SCHEMA = _schema_words()


def _marking_of(node: Mapping[str, Any], default: Any) -> Marking | None:
    value = node.get("marking", default)
    if value is None:
        return default if isinstance(default, Marking) else None
    try:
        return Marking.parse(value)
    except ValueError:
        return None


def _shareable(data: Any, path: str) -> bool:
    """
    Whether the input around ``path`` is marked TLP:CLEAR: the document and every item on the way there.

    A marking that cannot be read counts as restricted, and so does a
    document without one, except for the problem about that marking itself
    (naming a typo such as 'TLP:BLUE' is what makes its error useful).
    """
    if not isinstance(data, Mapping):
        return False
    parts = [m.group(2) if m.group(2) is not None else int(m.group(1)) for m in _PART.finditer(path)]
    node: Any = data
    for depth in range(len(parts) + 1):
        if isinstance(node, Mapping) and not (depth == len(parts) - 1 and parts[depth] == "marking"):
            marking = _marking_of(node, None)
            if depth == 0 and marking is None:
                return False
            if marking is not None and marking is not Marking.CLEAR:
                return False
            if marking is None and "marking" in node:
                return False
        if depth == len(parts):
            break
        part = parts[depth]
        if isinstance(node, Mapping) and isinstance(part, str):
            node = node.get(part)
        elif isinstance(node, (list, tuple)) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            break
    return True


def _schema_path(path: str) -> str:
    """``path`` up to its first part that is not a field name of the model: keys a user made up are not shown."""
    kept = []
    for match in _PART.finditer(path):
        if match.group(2) is not None and match.group(2) not in _SCHEMA:
            break
        kept.append(match.group(0))
    return "".join(kept).removeprefix(".")


def unexplained(found: Iterable[Found], data: Any) -> list[Found]:
    """
    ``found`` without each 'required field missing' that a shown "did you mean" already names.

    Where the input around the misspelt key is not TLP:CLEAR its suggestion is
    not shown, so the missing field is still reported.
    """
    return [one for one in found if one.explained_by is None or not _shareable(data, one.explained_by)]


def shareable(data: Any, path: str) -> bool:
    """Whether a problem at ``path`` may quote the input (see :func:`redact`)."""
    return _shareable(data, path)


def redact(found: Iterable[Problem], data: Any) -> list[Problem]:
    """
    The problems as they may be shown: where the input around one is not TLP:CLEAR (or its marking is
    unknown), its quiet message and a path of field names only.
    """
    out = []
    for problem in found:
        if not _shareable(data, problem.path):
            problem = attrs.evolve(problem, path=_schema_path(problem.path), message=problem.quiet or problem.message, quiet=None)
        out.append(problem)
    return out
