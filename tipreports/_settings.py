"""
Small settings files read strictly: a theme file (YAML or JSON) and the project file.

The briefing loader's YAML reader is private to it; a settings file needs far
less (a mapping of scalars, a nested mapping at most), so this module reads the
YAML parser's events itself with the loader's refusals: no tags, anchors,
aliases, merge keys or duplicate keys, nothing constructed. A file must be a
regular file within :data:`MAX_BYTES`. Every key's line is kept, so an unknown
key is reported with its line and a "did you mean".
"""

from __future__ import annotations

import difflib
import json
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from attrs import frozen

from ._io import RefusedFile, read_regular_file
from .errors import InputError, Problem

__all__ = ["MAX_BYTES", "Settings", "parse_yaml", "read_bytes", "read_settings", "suggest", "toml_table"]

#: Largest settings file: a theme is a dozen lines; ``pyproject.toml`` may be long.
MAX_BYTES = 512 * 1024
#: Deepest nesting of mappings and lists in a settings file.
MAX_DEPTH = 4
#: Most keys and values in one settings file.
MAX_VALUES = 2_000


@frozen(kw_only=True)
class Settings:
    """A settings file's mapping, the line of each key path (``theme.accent``), its name and folder."""

    data: Mapping[str, Any]
    lines: Mapping[str, int]
    source: str
    folder: Path

    def problem(self, path: str, message: str) -> Problem:
        """A problem at ``path`` in this file, with its line when known."""
        return Problem(path=path, message=message, line=self.lines.get(path), source=self.source)


def _error(message: str, source: str, line: int | None = None) -> InputError:
    return InputError.single("", message, line=line, source=source)


def read_bytes(path: Path, *, what: str, max_bytes: int = MAX_BYTES) -> bytes:
    """
    The bytes of the regular file ``path``; a folder, FIFO or device, or a file over ``max_bytes``, is refused.

    Read by :func:`~tipreports._io.read_regular_file`, the one reader of input files; only the words
    are a settings file's.
    """
    shown = path.name[:80]
    try:
        return read_regular_file(path, max_bytes)
    except RefusedFile as err:
        if err.too_large:
            raise _error(f"the {what} is larger than {max_bytes:,} bytes", shown) from None
        raise _error(f"the {what} {shown!r} is not a regular file", shown) from None
    except FileNotFoundError:
        raise _error(f"the {what} {shown!r} does not exist", shown) from None
    except OSError as err:
        reason = (err.strerror or type(err).__name__).lower()
        raise _error(f"cannot read the {what} {shown!r}: {reason}", shown) from None


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        raise _error("not valid UTF-8; save the file as UTF-8", source, data.count(b"\n", 0, err.start) + 1) from None


# -- YAML (and JSON, which is read as YAML for its lines once it has parsed as JSON) -----------------

_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]{0,17})\.[0-9]{1,17}")


def _plain(text: str) -> Any:
    """A plain (unquoted) scalar: as in the briefing loader, only these few forms are not text."""
    if text in ("", "~", "null"):
        return None
    if text in ("true", "false"):
        return text == "true"
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    return text


_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str, source: str) -> tuple[Any, dict[str, int]]:
    """The value a YAML text holds, and the line of each key path; refusals raise one :class:`InputError`."""
    lines: dict[str, int] = {}
    stack: list[tuple[Any, str, dict[str, int]]] = []  # (container, its path, its keys' lines)
    pending: list[str | None] = []  # the key awaiting its value, per open mapping
    root: Any = None
    count = 0

    def fail(message: str, line: int | None, path: str = "") -> InputError:
        return InputError.single(path, message, line=line, source=source)

    def attach(value: Any) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        container = stack[-1][0]
        if isinstance(container, dict):
            key = pending[-1]
            if key is not None:
                container[key] = value
            pending[-1] = None
        else:
            container.append(value)

    try:
        event: Any
        for event in yaml.parse(text, Loader=_Loader):
            line = event.start_mark.line + 1
            if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
                continue
            if isinstance(event, yaml.DocumentStartEvent):
                if root is not None or stack:
                    raise fail("more than one YAML document ('---'); put everything in one", line)
                continue
            if isinstance(event, yaml.CollectionEndEvent):
                container, _path, _keys = stack.pop()
                if isinstance(container, dict):
                    pending.pop()
                attach(container)
                continue
            count += 1
            if count > MAX_VALUES:
                raise fail(f"more than {MAX_VALUES:,} values; a settings file needs a few dozen", line)
            if isinstance(event, yaml.AliasEvent):
                raise fail("aliases ('*') are not allowed; write the value out", line)
            if event.anchor is not None:
                raise fail("anchors ('&') are not allowed; write the value out", line)
            if event.tag is not None:
                raise fail("tags ('!') are not allowed; write a plain value (quote text)", line)
            parent = stack[-1] if stack else None
            if parent is not None and isinstance(parent[0], dict) and pending[-1] is None:
                # A key of the open mapping.
                if not isinstance(event, yaml.ScalarEvent):
                    raise fail("a key must be text, not a list or mapping", line, parent[1])
                key = event.value if event.style not in (None, "") else _plain(event.value)
                path = f"{parent[1]}.{key}" if parent[1] else str(key)
                if not isinstance(key, str) or not key:
                    raise fail("a key must be text; put it in quotes", line, path)
                if key == "<<" and event.style in (None, ""):
                    raise fail("merge keys ('<<') are not allowed; write the keys out", line, path)
                if key in parent[2]:
                    raise fail(f"duplicate key {key[:40]!r} (first on line {parent[2][key]})", line, path)
                parent[2][key] = line
                lines[path] = line
                pending[-1] = key
                continue
            if isinstance(event, yaml.CollectionStartEvent):
                if len(stack) >= MAX_DEPTH:
                    raise fail(f"nested more than {MAX_DEPTH} levels deep", line)
                if parent is None:
                    path = ""
                elif isinstance(parent[0], dict):
                    path = f"{parent[1]}.{pending[-1]}" if parent[1] else str(pending[-1])
                else:
                    path = f"{parent[1]}[{len(parent[0])}]"
                if isinstance(event, yaml.MappingStartEvent):
                    stack.append(({}, path, {}))
                    pending.append(None)
                else:
                    stack.append(([], path, {}))
                continue
            attach(_plain(event.value) if event.style in (None, "") else event.value)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        raise _error(f"invalid YAML: {err.problem or 'cannot parse'}", source, None if mark is None else mark.line + 1) from None
    except yaml.YAMLError:
        raise _error("invalid YAML: a character YAML does not allow", source) from None
    return root, lines


def _parse_json(text: str, source: str) -> tuple[Any, dict[str, int]]:
    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in pairs]
        for key in keys:
            if keys.count(key) > 1:
                raise _error(f"duplicate key {key[:40]!r}", source)
        return dict(pairs)

    try:
        json.loads(text, object_pairs_hook=unique)
    except json.JSONDecodeError as err:
        raise _error(f"invalid JSON: {err.msg}", source, err.lineno) from None
    except RecursionError:
        raise _error(f"nested more than {MAX_DEPTH} levels deep", source) from None
    # Valid JSON is valid YAML: read again as YAML for the line of each key.
    return parse_yaml(text, source)


def read_settings(path: str | os.PathLike[str], *, what: str) -> Settings:
    """Read a ``.yaml``/``.yml``/``.json`` settings file whose top level is a mapping."""
    target = Path(os.fspath(path))
    source = target.name[:100]
    suffix = target.suffix.lower()
    if suffix not in (".yaml", ".yml", ".json"):
        raise _error(f"a {what} is .yaml, .yml or .json, not {suffix[:20] or 'without a suffix'!r}", source)
    text = _decode(read_bytes(target, what=what), source)
    data, lines = (_parse_json if suffix == ".json" else parse_yaml)(text, source)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise _error(f"expected a mapping of keys to values at the top level of the {what}", source, 1)
    return Settings(data=data, lines=lines, source=source, folder=target.resolve().parent)


# -- TOML (pyproject.toml) -----------------------------------------------------------------------


def _toml_lines(text: str, table: str, data: Mapping[str, Any]) -> dict[str, int]:
    """Best-effort lines of the keys of ``[table]`` and its sub-tables (tomllib keeps none)."""
    lines: dict[str, int] = {}
    rows = text.splitlines()

    def find(header: str, keys: Iterable[str], prefix: str) -> None:
        start = next((i for i, row in enumerate(rows) if row.strip().replace(" ", "") == f"[{header}]"), None)
        if start is None:
            return
        for key in keys:
            pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
            for i in range(start + 1, len(rows)):
                if rows[i].lstrip().startswith("["):
                    break
                if pattern.match(rows[i]):
                    lines[f"{prefix}{key}"] = i + 1
                    break

    find(table, data, "")
    for key, value in data.items():
        if isinstance(value, Mapping):
            find(f"{table}.{key}", value, f"{key}.")
    return lines


def toml_table(path: Path, table: tuple[str, ...]) -> Settings | None:
    """The table ``table`` (``("tool", "tipreports")``) of a TOML file, or None when the file has none."""
    source = path.name[:100]
    text = _decode(read_bytes(path, what="project file"), source)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise _error(f"invalid TOML: {err}", source) from None
    value: Any = document
    for name in table:
        if not isinstance(value, Mapping) or name not in value:
            return None
        value = value[name]
    if not isinstance(value, dict):
        raise _error(f"[{'.'.join(table)}] must be a table", source)
    return Settings(data=value, lines=_toml_lines(text, ".".join(table), value), source=source, folder=path.resolve().parent)


def suggest(key: str, allowed: Iterable[str]) -> str:
    """``unknown key 'accnt'; did you mean 'accent'? (allowed keys: ...)``, as the loader words it."""
    names = list(allowed)
    message = f"unknown key {key[:40]!r}"
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
    if close:
        message += f"; did you mean {close[0]!r}?"
    return message + " (allowed keys: " + ", ".join(names) + ")"
