"""
Reading a briefing from YAML, JSON or a mapping, strictly, and writing it back.

Strict means: a value is never coerced into the type a field wants. YAML 1.1
would read ``NO`` as false and ``0123`` as 83; here plain scalars stay text
unless they are exactly ``true``/``false``, ``null``/``~``/empty, or a decimal
number. Tags, anchors, aliases, merge keys and duplicate keys are refused. Every
problem of a file is collected into one :class:`~tipreports.errors.InputError`
whose problems name the field path (``assessment.progress[2].marking``), the line
and the file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import enum
import itertools
import json
import math
import os
import re
import typing
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

import attrs
import cattrs
import yaml
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn

from ._io import write_atomic
from ._languages import LANGUAGES
from ._languages import resolve as resolve_languages
from .errors import FieldError, InputError, Problem
from .model import (
    Briefing,
    Count,
    Country,
    Finding,
    Form,
    Marking,
    Organisation,
    Purpose,
    Qualifier,
    Recommendation,
    Tier,
    TierHistory,
    TierPlacement,
)
from .model._checks import MAX_ITEMS

__all__ = ["MAX_BYTES", "MAX_DEPTH", "SUFFIXES", "dump", "load", "loads"]

#: Largest input file, checked before the file is read.
MAX_BYTES = 5 * 1024 * 1024
#: Deepest nesting of mappings and lists; a briefing needs five levels.
MAX_DEPTH = 32
#: Most values (scalars, lists, mappings) in one input; a full briefing has a few thousand.
MAX_VALUES = 50_000
#: Most items in one list or keys in one mapping while reading: far above any field's own
#: limit, low enough that a list of a million items is refused after reading a thousand.
_MAX_CONTAINER = MAX_ITEMS * 5
#: Most problems listed in one error: the rest are left for the next run.
MAX_PROBLEMS = 100
#: File suffixes :func:`load` reads, and their format.
SUFFIXES: Mapping[str, Literal["yaml", "json"]] = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}

Format = Literal["yaml", "json"]


# -- public API ----------------------------------------------------------------------------------


def load(source: str | os.PathLike[str] | Mapping[str, Any], *, fallback: bool = False) -> Briefing:
    """
    Read a :class:`~tipreports.model.Briefing` from a ``.yaml``/``.yml``/``.json`` file or a mapping.

    A mapping is checked exactly like a file, only without line numbers.
    Raises :class:`~tipreports.errors.InputError` listing every problem found.
    Text may be given per language (``{en: ..., th: ...}``); a missing
    translation is an error unless ``fallback=True`` allows the English text.
    """
    if isinstance(source, Mapping):
        _check_shape(source)
        return _structure(source, lines={}, name=None, fallback=fallback)
    path = Path(os.fspath(source))
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        accepted = ", ".join(SUFFIXES)
        shown = path.suffix[:20] or "no suffix"
        raise InputError.single(
            "",
            f"cannot read a file with {shown!r}; expected one of {accepted} (use tipreports.loads for text)",
            source=path.name[:100],
        )
    data = _read_bytes(path)
    return loads(_decode(data, path.name), format=fmt, name=path.name, fallback=fallback)


def loads(text: str, *, format: Format, name: str | None = None, fallback: bool = False) -> Briefing:
    """
    Read a :class:`~tipreports.model.Briefing` from YAML or JSON text.

    ``name`` (a file name) is shown in error messages.
    """
    if len(text) > MAX_BYTES // 4 and len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InputError.single("", f"the input is too large; at most {MAX_BYTES:,} bytes allowed", source=name)
    text = text.removeprefix("\ufeff")
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    try:
        if format == "yaml":
            data = _YamlReader(text, problems, lines).read()
        elif format == "json":
            data = _JsonReader(text, problems, lines).read()
        else:
            raise ValueError(f"unknown format {format!r}; expected 'yaml' or 'json'")
    except _Abort:
        pass
    if problems:
        raise InputError(attrs.evolve(p, source=name) for p in problems)
    if not isinstance(data, Mapping):
        raise InputError.single(
            "", f"expected a mapping of keys to values at the top level, got {_kind(data)}", line=1, source=name
        )
    return _structure(data, lines=lines, name=name, fallback=fallback)


def dump(
    briefing: Briefing,
    path: str | os.PathLike[str] | None = None,
    *,
    format: Format | None = None,
) -> str:
    """
    The briefing as YAML (default) or JSON text, in the shape :func:`load` reads.

    Dates are ISO, tiers and markings their printed names (``"Tier 2"``,
    ``"TLP:CLEAR"``), counts as written (``"more than 170"``); fields at their
    default are left out. With ``path`` the text is also written there
    atomically; ``format`` then defaults to the path's suffix.
    ``load(dump(b)) == b`` for every valid briefing.
    """
    target = None if path is None else Path(os.fspath(path))
    if format is None:
        format = SUFFIXES.get(target.suffix.lower(), "yaml") if target is not None else "yaml"
    data = _plain(briefing)
    if format == "yaml":
        text = yaml.dump(
            data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=88, default_flow_style=False
        )
    elif format == "json":
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        raise ValueError(f"unknown format {format!r}; expected 'yaml' or 'json'")
    if target is not None:
        write_atomic(target, text, overwrite=True)
    return text


# -- reading bytes -----------------------------------------------------------------------------


def _read_bytes(path: Path) -> bytes:
    with path.open("rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        too_big = f"the file is too large: {{:,}} bytes; at most {MAX_BYTES:,} allowed"
        if size > MAX_BYTES:
            raise InputError.single("", too_big.format(size), source=path.name)
        # st_size can be 0 or stale for pipes and growing files: never read past the limit
        data = fh.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError.single("", too_big.format(len(data)), source=path.name)
    return data


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise InputError.single(
            "",
            f"not valid UTF-8: byte 0x{data[err.start]:02X} at offset {err.start}; save the file as UTF-8",
            line=line,
            source=name,
        ) from None


# -- parsing -------------------------------------------------------------------------------------


class _Abort(Exception):
    """Parsing cannot go on; the reason is already in the problem list."""


def _join(path: str, field: str) -> str:
    if not field:
        return path
    if not path or field.startswith("["):
        return path + field
    return f"{path}.{field}"


def _kind(value: object) -> str:
    """How a value's type is named to users: the words of YAML and JSON, not Python's."""
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
    if isinstance(value, dt.date):
        return "a date"
    return f"a {type(value).__name__}"


_YAML_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_YAML_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+")
#: Longer digit strings stay text: Python refuses to parse more than 4,300 digits anyway.
_MAX_DIGITS = 30


def _plain_scalar(text: str) -> Any:
    """A plain (unquoted, untagged) YAML scalar: the few forms that are not text."""
    if text in ("", "~", "null"):
        return None
    if text == "true":
        return True
    if text == "false":
        return False
    if len(text) <= _MAX_DIGITS:
        if _YAML_INT.fullmatch(text):
            return int(text)
        if _YAML_FLOAT.fullmatch(text):
            return float(text)
    return text


_BaseLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]  # the C loader has no stubs
    """Only the parser's events are used: nothing is constructed, so no tag can run code."""


_TOO_MANY_VALUES = f"more than {MAX_VALUES:,} values; a briefing needs far fewer"


def _too_many_items() -> str:
    return f"too many items: more than {_MAX_CONTAINER:,}; at most {MAX_ITEMS:,} allowed"


def _too_many_keys() -> str:
    return f"too many keys: more than {_MAX_CONTAINER:,}"


def _check_shape(data: Mapping[str, Any]) -> None:
    """
    Refuse a mapping that is too deep, too wide or too big before anything walks it recursively.

    The readers enforce the same limits on files as they read them; a mapping
    built in Python gets them here, without recursion.
    """
    stack: list[tuple[str, Any, int]] = [("", data, 0)]
    count = 0
    while stack:
        path, value, depth = stack.pop()
        count += 1
        if count > MAX_VALUES:
            raise InputError.single("", _TOO_MANY_VALUES)
        if isinstance(value, Mapping):
            size, message = len(value), _too_many_keys()
        elif isinstance(value, (list, tuple)):
            size, message = len(value), _too_many_items()
        else:
            continue
        if depth >= MAX_DEPTH:
            raise InputError.single(path, f"nested more than {MAX_DEPTH} levels deep")
        if size > _MAX_CONTAINER:
            raise InputError.single(path, message)
        if isinstance(value, Mapping):
            stack.extend((_join(path, str(k)[:40]), v, depth + 1) for k, v in value.items())
        else:
            stack.extend((f"{path}[{i}]", v, depth + 1) for i, v in enumerate(value))


@dataclasses.dataclass(slots=True)
class _Frame:
    container: Any
    path: str
    keys: dict[str, int] = dataclasses.field(default_factory=dict)
    key: str | None = None  # the pending key of a mapping, None between pairs
    keep: bool = True  # False when the pending key was refused: its value is dropped


class _YamlReader:
    """Builds plain dicts, lists and scalars from YAML parser events, recording each value's line."""

    def __init__(self, text: str, problems: list[Problem], lines: dict[str, int]) -> None:
        self.text = text
        self.problems = problems
        self.lines = lines
        self.count = 0

    def problem(self, path: str, message: str, line: int | None) -> None:
        self.problems.append(Problem(path=path, message=message, line=line))

    def read(self) -> Any:
        root: Any = None
        stack: list[_Frame] = []
        documents = 0
        try:
            event: Any
            for event in yaml.parse(self.text, Loader=_Loader):
                line = event.start_mark.line + 1
                if isinstance(event, yaml.DocumentStartEvent):
                    documents += 1
                    if documents > 1:
                        self.problem("", "more than one YAML document ('---'); put everything in one", line)
                        raise _Abort
                    continue
                if isinstance(event, (yaml.StreamStartEvent, yaml.DocumentEndEvent, yaml.StreamEndEvent)):
                    continue
                if isinstance(event, yaml.CollectionEndEvent):
                    done = stack.pop()
                    root = self.attach(stack, done.container, root)
                    continue
                parent = stack[-1] if stack else None
                if parent is not None and isinstance(parent.container, dict) and parent.key is None:
                    self.key(parent, event, line)
                    continue
                path = self.path_of(parent)
                self.count += 1
                if self.count > MAX_VALUES:
                    self.problem("", _TOO_MANY_VALUES, line)
                    raise _Abort
                if parent is not None and isinstance(parent.container, list) and len(parent.container) >= _MAX_CONTAINER:
                    self.problem(parent.path, _too_many_items(), line)
                    raise _Abort
                self.lines.setdefault(path, line)
                self.check_node(event, path, line)
                if isinstance(event, yaml.CollectionStartEvent):
                    if len(stack) >= MAX_DEPTH:
                        self.problem(path, f"nested more than {MAX_DEPTH} levels deep", line)
                        raise _Abort
                    is_map = isinstance(event, yaml.MappingStartEvent)
                    stack.append(_Frame(container={} if is_map else [], path=path))
                    continue
                value = None if isinstance(event, yaml.AliasEvent) else self.scalar(event)
                root = self.attach(stack, value, root)
        except yaml.MarkedYAMLError as err:
            message = f"invalid YAML: {err.problem}" if err.problem else "invalid YAML"
            if err.context:
                message += f" ({err.context})"
            mark = err.problem_mark or err.context_mark
            self.problem("", message, None if mark is None else mark.line + 1)
            raise _Abort from None
        except yaml.YAMLError:
            # the reader refuses characters YAML does not allow; find the first to say where
            bad = re.search("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", self.text)
            if bad is None:
                self.problem("", "invalid YAML", None)
            else:
                offset = bad.start()
                self.problem(
                    "",
                    f"character U+{ord(bad.group()):04X} at offset {offset} is not allowed in YAML; remove it",
                    self.text.count("\n", 0, offset) + 1,
                )
            raise _Abort from None
        if documents == 0:
            self.problem("", "the input is empty; expected a mapping such as 'title: ...'", 1)
            raise _Abort
        return root

    @staticmethod
    def path_of(parent: _Frame | None) -> str:
        if parent is None:
            return ""
        if isinstance(parent.container, dict):
            assert parent.key is not None
            return _join(parent.path, parent.key)
        return f"{parent.path}[{len(parent.container)}]"

    @staticmethod
    def attach(stack: list[_Frame], value: Any, root: Any) -> Any:
        if not stack:
            return value
        parent = stack[-1]
        if isinstance(parent.container, dict):
            assert parent.key is not None
            if parent.keep:
                parent.container[parent.key] = value
            parent.key, parent.keep = None, True
        else:
            parent.container.append(value)
        return root

    def check_node(self, event: Any, path: str, line: int) -> None:
        """Refuse what could make a value mean something other than it reads as."""
        if isinstance(event, yaml.AliasEvent):
            self.problem(path, f"aliases ('*{str(event.anchor)[:40]}') are not allowed; write the value out", line)
            return
        if event.anchor is not None:
            self.problem(path, f"anchors ('&{event.anchor[:40]}') are not allowed; write the value out", line)
        if event.tag is not None:
            tag = str(event.tag)
            # shown as written: the parser expands '!!str' to 'tag:yaml.org,2002:str'
            if tag.startswith("tag:yaml.org,2002:"):
                tag = "!!" + tag.removeprefix("tag:yaml.org,2002:")
            self.problem(
                path,
                f"tags such as {tag[:60]!r} are not allowed; write a plain value (quote text)",
                line,
            )

    @staticmethod
    def scalar(event: Any) -> Any:
        plain = event.style in (None, "") and event.tag is None
        return _plain_scalar(event.value) if plain else event.value

    def key(self, parent: _Frame, event: Any, line: int) -> None:
        if isinstance(event, yaml.CollectionStartEvent):
            self.problem(parent.path, "a key must be text, not a list or mapping", line)
            raise _Abort
        if isinstance(event, yaml.AliasEvent):
            self.check_node(event, parent.path, line)
            parent.key, parent.keep = f"*{event.anchor}", False
            return
        if len(parent.keys) >= _MAX_CONTAINER:
            self.problem(parent.path, _too_many_keys(), line)
            raise _Abort
        key = event.value
        path = _join(parent.path, key)
        self.check_node(event, path, line)
        value = self.scalar(event)
        parent.key, parent.keep = key, False
        if value is not None and not isinstance(value, str):
            self.problem(path, f"keys must be text, got {_kind(value)}; put the key in quotes", line)
        elif value is None:
            self.problem(path or parent.path, "a key is empty or null", line)
        elif key == "<<" and event.style in (None, ""):
            self.problem(path, "merge keys ('<<') are not allowed; write the keys out", line)
        elif key in parent.keys:
            self.problem(path, f"duplicate key {key[:40]!r} (first on line {parent.keys[key]})", line)
        else:
            parent.keys[key] = line
            parent.keep = True


class _Constant(ValueError):
    """JSON's NaN, Infinity and -Infinity (Python's json reads them by default)."""


def _refuse_constant(name: str) -> Any:
    raise _Constant(name)


_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_JSON_CONSTANT = re.compile(r"-?(?:NaN|Infinity)")


class _JsonReader:
    """
    Walks JSON structure to record each value's line and refuse duplicate keys.

    Only the brackets, commas and colons are read here; every scalar is decoded
    by :meth:`json.JSONDecoder.raw_decode`.
    """

    def __init__(self, text: str, problems: list[Problem], lines: dict[str, int]) -> None:
        self.text = text
        self.problems = problems
        self.lines = lines
        self.decoder = json.JSONDecoder(parse_constant=_refuse_constant)
        self.count = 0
        # positions are visited left to right, so counting newlines incrementally is linear
        self._pos = 0
        self._line = 1

    def line(self, pos: int) -> int:
        if pos >= self._pos:
            self._line += self.text.count("\n", self._pos, pos)
        else:
            self._line = self.text.count("\n", 0, pos) + 1
        self._pos = pos
        return self._line

    def fail(self, pos: int, message: str) -> _Abort:
        self.problems.append(Problem(path="", message=f"invalid JSON: {message}", line=self.line(pos)))
        return _Abort()

    def space(self, pos: int) -> int:
        match = _JSON_SPACE.match(self.text, pos)
        assert match is not None
        return match.end()

    def read(self) -> Any:
        start = self.space(0)
        if start == len(self.text):
            self.problems.append(Problem(path="", message="the input is empty; expected a JSON object", line=1))
            raise _Abort
        value, end = self.value(start, "", 0)
        end = self.space(end)
        if end != len(self.text):
            raise self.fail(end, "extra data after the top-level value")
        return value

    def value(self, pos: int, path: str, depth: int) -> tuple[Any, int]:
        pos = self.space(pos)
        self.count += 1
        if self.count > MAX_VALUES:
            self.problems.append(Problem(path="", message=_TOO_MANY_VALUES, line=self.line(pos)))
            raise _Abort
        self.lines.setdefault(path, self.line(pos))
        opening = self.text[pos : pos + 1]
        if opening in ("{", "["):
            if depth >= MAX_DEPTH:
                self.problems.append(
                    Problem(path=path, message=f"nested more than {MAX_DEPTH} levels deep", line=self.line(pos))
                )
                raise _Abort
            if opening == "{":
                return self.object(pos + 1, path, depth + 1)
            return self.array(pos + 1, path, depth + 1)
        try:
            value, end = self.decoder.raw_decode(self.text, pos)
        except _Constant:
            self.problems.append(
                Problem(path=path, message="NaN and Infinity are not allowed; write a number", line=self.line(pos))
            )
            match = _JSON_CONSTANT.match(self.text, pos)
            assert match is not None
            return None, match.end()
        except json.JSONDecodeError as err:
            raise self.fail(err.pos, err.msg.lower()) from None
        except ValueError:
            # more digits than Python converts (sys.get_int_max_str_digits)
            raise self.fail(pos, "a number with too many digits") from None
        if isinstance(value, float) and not math.isfinite(value):
            self.problems.append(Problem(path=path, message="number out of range", line=self.line(pos)))
            value = None
        return value, end

    def object(self, pos: int, path: str, depth: int) -> tuple[dict[str, Any], int]:
        out: dict[str, Any] = {}
        first: dict[str, int] = {}
        pos = self.space(pos)
        if self.text.startswith("}", pos):
            return out, pos + 1
        while True:
            pos = self.space(pos)
            if not self.text.startswith('"', pos):
                raise self.fail(pos, "expected a key in double quotes")
            key_line = self.line(pos)
            try:
                key, pos = self.decoder.raw_decode(self.text, pos)
            except json.JSONDecodeError as err:
                raise self.fail(err.pos, err.msg.lower()) from None
            pos = self.space(pos)
            if not self.text.startswith(":", pos):
                raise self.fail(pos, "expected ':' after a key")
            key_path = _join(path, key)
            value, pos = self.value(pos + 1, key_path, depth)
            if len(first) >= _MAX_CONTAINER:
                self.problems.append(Problem(path=path, message=_too_many_keys(), line=key_line))
                raise _Abort
            if key in first:
                self.problems.append(
                    Problem(path=key_path, message=f"duplicate key {key[:40]!r} (first on line {first[key]})", line=key_line)
                )
            else:
                first[key] = key_line
                out[key] = value
            pos = self.space(pos)
            if self.text.startswith(",", pos):
                pos += 1
            elif self.text.startswith("}", pos):
                return out, pos + 1
            else:
                raise self.fail(pos, "expected ',' or '}'")

    def array(self, pos: int, path: str, depth: int) -> tuple[list[Any], int]:
        out: list[Any] = []
        pos = self.space(pos)
        if self.text.startswith("]", pos):
            return out, pos + 1
        while True:
            if len(out) >= _MAX_CONTAINER:
                self.problems.append(Problem(path=path, message=_too_many_items(), line=self.line(pos)))
                raise _Abort
            value, pos = self.value(pos, f"{path}[{len(out)}]", depth)
            out.append(value)
            pos = self.space(pos)
            if self.text.startswith(",", pos):
                pos += 1
            elif self.text.startswith("]", pos):
                return out, pos + 1
            else:
                raise self.fail(pos, "expected ',' or ']'")


# -- structuring ---------------------------------------------------------------------------------


class _Mismatch(ValueError):
    """A value of the wrong type for its field; the message is shown as is."""


def _structure_str(value: Any, _type: Any) -> str:
    if isinstance(value, str):
        return value
    hint = "; put it in quotes" if isinstance(value, (bool, int, float)) else ""
    raise _Mismatch(f"expected text, got {_kind(value)}{hint}")


def _structure_int(value: Any, _type: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    hint = "; remove the quotes" if isinstance(value, str) and _YAML_INT.fullmatch(value.strip()) else ""
    raise _Mismatch(f"expected a whole number, got {_kind(value)}{hint}")


def _structure_bool(value: Any, _type: Any) -> bool:
    if isinstance(value, bool):
        return value
    hint = "; write true or false" if isinstance(value, str) else ""
    raise _Mismatch(f"expected true or false, got {_kind(value)}{hint}")


def _structure_raw(value: Any, _type: Any) -> Any:
    """Fields whose model converter reads text (tiers, markings, dates, counts) get the value as is."""
    return value


#: Classes that may be written as a single string, and the field that string fills.
_FROM_TEXT: Mapping[type, str] = {Organisation: "name", Finding: "text", Recommendation: "text", Country: "name"}


def _is_homogeneous_tuple(type_: Any) -> bool:
    args = typing.get_args(type_)
    return typing.get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    for raw in (dt.date, Tier, Marking, Purpose, Form, Qualifier, Count):
        conv.register_structure_hook(raw, _structure_raw)

    def tuple_hook(type_: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
        item_type = typing.get_args(type_)[0]

        def structure(value: Any, _type: Any) -> tuple[Any, ...]:
            if not isinstance(value, (list, tuple)):
                raise _Mismatch(f"expected a list, got {_kind(value)}")
            if len(value) > MAX_ITEMS:
                # refuse before structuring thousands of items only to be refused by the model
                raise _Mismatch(f"too many items: {len(value):,}; at most {MAX_ITEMS:,} allowed")
            items: list[Any] = []
            errors: list[Exception] = []
            for index, item in enumerate(value):
                try:
                    items.append(conv.structure(item, item_type))
                except Exception as err:
                    err.__notes__ = [*getattr(err, "__notes__", []), IterableValidationNote(f"item {index}", index, item_type)]
                    errors.append(err)
            if errors:
                raise IterableValidationError("while structuring a list", errors, type_)
            return tuple(items)

        return structure

    conv.register_structure_hook_factory(_is_homogeneous_tuple, tuple_hook)

    def history(value: Any, _type: Any) -> TierHistory:
        if isinstance(value, TierHistory):
            return value
        placements = conv.structure(value, tuple[TierPlacement, ...])
        try:
            return TierHistory(placements=placements)
        except FieldError as err:
            # the history is written as the list itself: 'placements[3]' is 'tier_history[3]'
            raise FieldError(err.field.removeprefix("placements"), err.message) from None

    conv.register_structure_hook(TierHistory, history)

    def class_hook(cls: type[Any]) -> Callable[[Any, Any], Any]:
        attrs.resolve_types(cls)
        generated = make_dict_structure_fn(cls, conv)
        text_field = _FROM_TEXT.get(cls)
        expected = "a mapping or text" if text_field else "a mapping"

        def structure(value: Any, _type: Any) -> Any:
            if text_field is not None and isinstance(value, str):
                try:
                    return cls(**{text_field: value})
                except FieldError as err:
                    # the user wrote a string here: point at it, not at a field they did not write
                    raise FieldError("", err.message) from None
            if isinstance(value, cls):
                return value
            if not isinstance(value, Mapping):
                raise _Mismatch(f"expected {expected}, got {_kind(value)}")
            for key in value:
                if not isinstance(key, str):
                    raise _Mismatch(f"keys must be text, got {_kind(key)}")
            try:
                return generated(value, cls)
            except ClassValidationError as err:
                # attrs stops at the first failing validator, and cattrs does not construct at all
                # once a field failed to structure: check each field alone to report them all
                noted, _plain = err.group_exceptions()
                failed = {note.name for _, note in noted if isinstance(note, AttributeValidationNote)}
                found = _each_field(conv, cls, value, skip=failed)
                if not found:
                    raise
                raise ClassValidationError(err.message, [*err.exceptions, *found], cls) from None

        return structure

    conv.register_structure_hook_factory(attrs.has, class_hook)
    return conv


def _each_field(
    conv: cattrs.Converter, cls: type[Any], value: Mapping[str, Any], *, skip: set[str]
) -> list[Exception]:
    """The validators' complaints about each field that structured, checked one by one."""
    found: list[Exception] = []
    for attribute in attrs.fields(cls):
        if attribute.alias not in value or attribute.name in skip:
            continue
        item = conv.structure(value[attribute.alias], attribute.type)
        try:
            if callable(attribute.converter):
                item = attribute.converter(item)
            if attribute.validator is not None:
                attribute.validator(None, attribute, item)
        except FieldError as err:
            found.append(err)
        except Exception:
            # a validator that needs the whole object (Briefing.translation) cannot run alone;
            # the constructor's own error is still reported
            continue
    return found


_CONVERTER = _make_converter()

_PYTHON_TYPE = re.compile(r"\bgot (int|float|bool|NoneType|list|tuple|dict|str)\b")
_USER_TYPE = {
    "int": "a number",
    "float": "a decimal number",
    "bool": "true/false",
    "NoneType": "nothing (null)",
    "list": "a list",
    "tuple": "a list",
    "dict": "a mapping",
    "str": "text",
}


def _humanise(message: str) -> str:
    """The model names Python types ('got int'); users wrote YAML or JSON."""
    return _PYTHON_TYPE.sub(lambda m: "got " + _USER_TYPE[m.group(1)], message)


#: Keys the input format has in place of a model field: a translation is written as
#: per-language text ({en: ..., th: ...}) plus 'bilingual: true', never as a second briefing.
_INPUT_KEYS: Mapping[type, tuple[tuple[str, str], ...]] = {Briefing: (("translation", "bilingual"),)}


def _allowed_keys(cls: type[Any]) -> list[str]:
    allowed = [a.alias for a in attrs.fields(cls)]
    for model_key, input_key in _INPUT_KEYS.get(cls, ()):
        allowed[allowed.index(model_key)] = input_key
    return allowed


def _unknown_key(path: str, key: object, cls: type[Any]) -> tuple[str, str]:
    allowed = _allowed_keys(cls)
    shown = str(key)[:40]
    message = f"unknown key {shown!r}"
    close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
    if close:
        message += f"; did you mean {close[0]!r}?"
    message += " (allowed keys: " + ", ".join(allowed) + ")"
    return _join(path, shown), message


def _problems(err: BaseException, path: str = "") -> Iterator[tuple[str, str]]:
    """``(path, message)`` for every problem inside a cattrs error tree."""
    if isinstance(err, (ClassValidationError, IterableValidationError)):
        noted, plain = err.group_exceptions()
        for sub, note in noted:
            if isinstance(note, AttributeValidationNote):
                sub_path = _join(path, note.name)
            elif isinstance(note, IterableValidationNote):
                sub_path = f"{path}[{note.index}]"
            else:
                sub_path = path
            if isinstance(sub, KeyError) and isinstance(note, AttributeValidationNote):
                yield sub_path, "required field missing"
            else:
                yield from _problems(sub, sub_path)
        for sub in plain:
            yield from _problems(sub, path)
    elif isinstance(err, ForbiddenExtraKeysError):
        for key in sorted(err.extra_fields, key=str):
            yield _unknown_key(path, key, err.cl)
    elif isinstance(err, InputError):
        for problem in err.problems:
            yield _join(path, problem.path), _humanise(problem.message)
    elif isinstance(err, FieldError):
        yield _join(path, err.field), _humanise(err.message)
    elif isinstance(err, _Mismatch):
        yield path, str(err)
    else:
        raise err


_LAST_PART = re.compile(r"(?:\.[^.\[]*|\[\d+\])$")


def _line(path: str, lines: Mapping[str, int]) -> int | None:
    """The line of ``path``, or of the nearest enclosing value that has one."""
    while True:
        if path in lines:
            return lines[path]
        if not path:
            return None
        shorter = _LAST_PART.sub("", path)
        path = "" if shorter == path else shorter


def _structure(
    data: Mapping[str, Any], *, lines: Mapping[str, int], name: str | None, fallback: bool = False
) -> Briefing:
    """
    Structure ``data`` strictly; resolve per-language text first.

    ``{en: ..., th: ...}`` anywhere text goes is resolved for the briefing's
    ``language``; with ``bilingual: true`` the other language is resolved too
    and becomes :attr:`Briefing.translation`. ``fallback`` lets a missing Thai
    text fall back to the English one.
    """
    found: list[tuple[str, str]] = []
    data = dict(data)
    if "translation" in data:
        path, message = _unknown_key("", "translation", Briefing)
        found.append((path, message))
        del data["translation"]
    bilingual = data.pop("bilingual", False)
    if not isinstance(bilingual, bool):
        found.append(("bilingual", f"expected true or false, got {_kind(bilingual)}"))
        bilingual = False
    language = data.get("language", "en")
    if isinstance(language, str) and language in LANGUAGES:
        primary, missing = resolve_languages(data, language, allow_fallback=fallback)
        found.extend((p.path, p.message) for p in missing)
    else:
        primary = data
        bilingual = False
    second: Any = None
    if bilingual:
        other = next(code for code in LANGUAGES if code != language)
        second, missing = resolve_languages({**data, "language": other}, other, allow_fallback=fallback)
        found.extend((p.path, f"{p.message} (bilingual)") for p in missing)
    briefing: Briefing | None = None
    try:
        briefing = _CONVERTER.structure(primary, Briefing)
        if second is not None and not found:
            briefing = attrs.evolve(briefing, translation=_CONVERTER.structure(second, Briefing))
    except (ClassValidationError, IterableValidationError, InputError, FieldError, _Mismatch) as err:
        found.extend(itertools.islice(_problems(err), MAX_PROBLEMS))
    if found or briefing is None:
        unique = list(dict.fromkeys(found))[:MAX_PROBLEMS]
        problems = [Problem(path=p, message=m, line=_line(p, lines), source=name) for p, m in unique]
        # in file order, so that the listing reads like the file
        problems.sort(key=lambda p: p.line if p.line is not None else 0)
        raise InputError(problems) from None
    return briefing


# -- writing -------------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """
    PyYAML's safe dumper, writing dates unquoted.

    It quotes every string another YAML 1.1 reader would take for something
    else (``'NO'``, ``'0123'``); dates are the exception, as ``date: 2025-10-15``
    is how people write them and :func:`load` keeps it as text for the model.
    """


_Dumper.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}


def _is_default(attribute: attrs.Attribute[Any], value: Any) -> bool:
    default = attribute.default
    if default is attrs.NOTHING:
        return False
    # attrs.Factory is typed as a function in attrs' stubs, so look for its 'factory' instead
    factory = getattr(default, "factory", None)
    if callable(factory):
        return bool(value == factory())
    return bool(value == default)


#: Fields written even at their default: a reader of the file should see how it is marked.
_ALWAYS_WRITTEN: Mapping[type, tuple[str, ...]] = {Briefing: ("purpose", "marking")}


def _merge_languages(first: Any, second: Any, la: str, lb: str) -> Any:
    """Two plain trees of the same shape as one, with ``{la: ..., lb: ...}`` where their text differs."""
    if isinstance(first, dict) and isinstance(second, dict):
        return {k: _merge_languages(v, second.get(k), la, lb) for k, v in first.items()}
    if isinstance(first, list) and isinstance(second, list) and len(first) == len(second):
        return [_merge_languages(a, b, la, lb) for a, b in zip(first, second, strict=True)]
    if isinstance(first, str) and isinstance(second, str) and first != second:
        return {la: first, lb: second}
    return first


def _plain(value: Any) -> Any:
    """A model object as the plain data :func:`load` reads back to an equal object."""
    if isinstance(value, Briefing) and value.translation is not None:
        other = value.translation
        merged = _merge_languages(
            _plain(attrs.evolve(value, translation=None)),
            _plain(attrs.evolve(other, language=value.language)),
            value.language,
            other.language,
        )
        merged["bilingual"] = True
        return merged
    if isinstance(value, TierHistory):
        return [_plain(p) for p in value.placements]
    if isinstance(value, Count):
        return str(value)
    if attrs.has(type(value)):
        always = _ALWAYS_WRITTEN.get(type(value), ())
        out = {
            a.alias: _plain(getattr(value, a.name))
            for a in attrs.fields(type(value))
            if getattr(value, a.name) is not None
            and (a.name in always or not _is_default(a, getattr(value, a.name)))
        }
        text_field = _FROM_TEXT.get(type(value))
        if text_field is not None and type(value) is not Country and list(out) == [text_field]:
            return out[text_field]
        return out
    if isinstance(value, Marking):
        return value.label
    if isinstance(value, enum.Enum):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value
