"""
Reading a briefing from YAML, JSON or a mapping, strictly, and writing it back.

Strict means: a value is never coerced into the type a field wants, and every
problem of a file is collected into one :class:`~tipreports.errors.InputError`
whose problems name the field path (``assessment.progress[2].marking``), the line
and the file. The rooms: ``_limits`` (what reading may cost), ``_yaml`` and
``_json`` (text to plain data with lines), ``_structure`` and ``_errors`` (plain
data to the model, and what went wrong), ``_dump`` (the model back to text).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any, Literal

import attrs

from .._io import read_regular_file, write_atomic
from ..errors import InputError, InputWarning, Problem
from ..model import Briefing
from ..model._checks import kind
from ._dump import dump_text
from ._errors import redact
from ._json import JsonReader
from ._limits import MAX_BYTES, MAX_DEPTH, MAX_PROBLEMS, MAX_VALUES, Abort, check_shape
from ._notes import notes
from ._structure import structure
from ._yaml import YamlReader

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_PROBLEMS", "MAX_VALUES", "STREAM", "SUFFIXES", "dump", "load", "loads"]

#: File suffixes :func:`load` reads, and their format.
SUFFIXES: Mapping[str, Literal["yaml", "json"]] = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}

Format = Literal["yaml", "json"]
_FORMATS = ("yaml", "json")


#: The name a stream goes by in error messages.
STREAM = "<stream>"


def load(
    source: str | os.PathLike[str] | Mapping[str, Any] | IO[str] | IO[bytes],
    *,
    format: Format | None = None,
    fallback: bool = False,
) -> Briefing:
    """
    Read a :class:`~tipreports.model.Briefing` from a file, a stream or a mapping.

    ``source`` is a path (``.yaml``, ``.yml`` or ``.json``; ``format`` overrides
    the suffix), an open text or binary stream (``sys.stdin``, ``io.BytesIO``;
    YAML unless ``format="json"``, at most :data:`MAX_BYTES` read, named
    ``<stream>`` in errors) or a mapping, checked exactly like a file, only
    without line numbers. Raises :class:`~tipreports.errors.InputError` listing
    every problem found. Text may be given per language (``{en: ..., th: ...}``);
    a missing translation is an error unless ``fallback=True`` allows the
    English text.

    Input that is read but should be written differently (``TLP:WHITE``, now
    ``TLP:CLEAR``) gives an :class:`~tipreports.errors.InputWarning` through
    :mod:`warnings`, naming the field and line.
    """
    briefing, found = _load(source, format=format, fallback=fallback)
    _warn(found)
    return briefing


def loads(text: str, *, format: Format, name: str | None = None, fallback: bool = False) -> Briefing:
    """
    Read a :class:`~tipreports.model.Briefing` from YAML or JSON text.

    ``name`` (a file name) is shown in error messages. Warnings as for :func:`load`.
    """
    briefing, found = _loads(text, format=format, name=name, fallback=fallback)
    _warn(found)
    return briefing


def _warn(found: list[Problem]) -> None:
    for problem in found:
        # stacklevel 3: the warning points at the line that called load() or loads()
        warnings.warn(InputWarning(problem), stacklevel=3)


def _load(source: Any, *, format: Format | None, fallback: bool) -> tuple[Briefing, list[Problem]]:
    if format is not None and format not in _FORMATS:
        raise ValueError(f"unknown format {format!r}; expected 'yaml' or 'json'")
    if isinstance(source, Mapping):
        check_shape(source)
        return structure(source, lines={}, name=None, fallback=fallback), notes(source, lines={}, name=None)
    if hasattr(source, "read"):
        return _loads(_read_stream(source), format=format or "yaml", name=STREAM, fallback=fallback)
    path = Path(os.fspath(source))
    fmt = format or SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        accepted = ", ".join(SUFFIXES)
        shown = path.suffix[:20] or "no suffix"
        raise InputError.single(
            "",
            f"cannot read a file with {shown!r}; expected one of {accepted} (or say format='yaml' or 'json')",
            source=path.name[:100],
        )
    # A FIFO, device or folder is refused at once; a missing file is the OSError open() raises.
    data = read_regular_file(path, MAX_BYTES)
    return _loads(_decode(data, path.name), format=fmt, name=path.name, fallback=fallback)


def _loads(text: str, *, format: Format, name: str | None, fallback: bool) -> tuple[Briefing, list[Problem]]:
    if len(text) > MAX_BYTES // 4 and len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InputError.single("", f"the input is too large; at most {MAX_BYTES:,} bytes allowed", source=name)
    text = text.removeprefix("\ufeff")
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    reader: YamlReader | JsonReader
    if format == "yaml":
        reader = YamlReader(text, problems, lines)
    elif format == "json":
        reader = JsonReader(text, problems, lines)
    else:
        raise ValueError(f"unknown format {format!r}; expected 'yaml' or 'json'")
    try:
        data = reader.read()
    except Abort:
        data = reader.partial
    if problems:
        # What the file says around each problem decides what its message may quote (see ._errors.redact).
        raise InputError(redact([attrs.evolve(p, source=name) for p in problems], data))
    if not isinstance(data, Mapping):
        raise InputError.single(
            "", f"expected a mapping of keys to values at the top level, got {kind(data)}", line=1, source=name
        )
    briefing = structure(data, lines=lines, name=name, fallback=fallback)
    return briefing, notes(data, lines=lines, name=name)


def _read_stream(stream: IO[str] | IO[bytes]) -> str:
    """A stream's text, reading at most one byte (or character) past the limit."""
    data = stream.read(MAX_BYTES + 1)
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise InputError.single("", f"the input is too large: more than {MAX_BYTES:,} bytes; at most {MAX_BYTES:,} allowed", source=STREAM)
        return _decode(data, STREAM)
    if not isinstance(data, str):
        raise TypeError(f"expected a stream of text or bytes; its read() gave {type(data).__name__}")
    return data


def dump(
    briefing: Briefing,
    path: str | os.PathLike[str] | None = None,
    *,
    format: Format | None = None,
    overwrite: bool = False,
) -> str:
    """
    The briefing as YAML (default) or JSON text, in the shape :func:`load` reads.

    Dates are ISO, tiers and markings their printed names (``"Tier 2"``,
    ``"TLP:CLEAR"``), counts as written (``"more than 170"``); fields at their
    default are left out. With ``path`` the text is also written there
    atomically; ``format`` then defaults to the path's suffix, and an
    existing file is replaced only with ``overwrite=True``.
    ``load(dump(b)) == b`` for every valid briefing.
    """
    target = None if path is None else Path(os.fspath(path))
    if format is None:
        format = SUFFIXES.get(target.suffix.lower(), "yaml") if target is not None else "yaml"
    text = dump_text(briefing, format)
    if target is not None:
        write_atomic(target, text, overwrite=overwrite)
    return text


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
