"""
JSON read by walking its brackets, so that every value keeps its line and no key is given twice.

Only the brackets, commas and colons are read here; every scalar is decoded by
:meth:`json.JSONDecoder.raw_decode`. NaN and Infinity, which Python's json
reads by default, are refused.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from .._text import KEY_SHAPE, quoted
from ..errors import Problem
from ._limits import (
    MAX_CONTAINER,
    MAX_DEPTH,
    MAX_VALUES,
    TOO_DEEP,
    TOO_MANY_ITEMS,
    TOO_MANY_KEYS,
    TOO_MANY_VALUES,
    Abort,
    key_path,
)


class _Constant(ValueError):
    """JSON's NaN, Infinity or -Infinity."""


def _refuse_constant(name: str) -> Any:
    raise _Constant(name)


_SPACE = re.compile(r"[ \t\n\r]*")
_CONSTANT = re.compile(r"-?(?:NaN|Infinity)")


class JsonReader:
    """Builds plain dicts, lists and scalars from JSON text, recording each value's line."""

    def __init__(self, text: str, problems: list[Problem], lines: dict[str, int]) -> None:
        self.text = text
        self.problems = problems
        self.lines = lines
        self.decoder = json.JSONDecoder(parse_constant=_refuse_constant)
        self.count = 0
        #: The top-level object as far as it was read, for deciding what errors may quote when reading stops early.
        self.partial: Any = None
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

    def problem(self, path: str, message: str, line: int) -> None:
        self.problems.append(Problem(path=path, message=message, line=line))

    def fail(self, pos: int, message: str) -> Abort:
        self.problem("", f"invalid JSON: {message}", self.line(pos))
        return Abort()

    def space(self, pos: int) -> int:
        match = _SPACE.match(self.text, pos)
        assert match is not None
        return match.end()

    def read(self) -> Any:
        start = self.space(0)
        if start == len(self.text):
            self.problems.append(Problem(path="", message="the input is empty; expected a JSON object", line=1))
            raise Abort
        value, end = self.value(start, "", 0)
        end = self.space(end)
        if end != len(self.text):
            raise self.fail(end, "extra data after the top-level value")
        return value

    def value(self, pos: int, path: str, depth: int) -> tuple[Any, int]:
        pos = self.space(pos)
        self.count += 1
        if self.count > MAX_VALUES:
            self.problem("", TOO_MANY_VALUES, self.line(pos))
            raise Abort
        self.lines.setdefault(path, self.line(pos))
        opening = self.text[pos : pos + 1]
        if opening in ("{", "["):
            if depth >= MAX_DEPTH:
                self.problem(path, TOO_DEEP, self.line(pos))
                raise Abort
            if opening == "{":
                return self.object(pos + 1, path, depth + 1)
            return self.array(pos + 1, path, depth + 1)
        try:
            value, end = self.decoder.raw_decode(self.text, pos)
        except _Constant:
            self.problem(path, "NaN and Infinity are not allowed; write a number", self.line(pos))
            match = _CONSTANT.match(self.text, pos)
            assert match is not None
            return None, match.end()
        except json.JSONDecodeError as err:
            raise self.fail(err.pos, err.msg.lower()) from None
        except ValueError:
            # more digits than Python converts (sys.get_int_max_str_digits)
            raise self.fail(pos, "a number with too many digits") from None
        if isinstance(value, float) and not math.isfinite(value):
            self.problem(path, "number out of range", self.line(pos))
            value = None
        return value, end

    def object(self, pos: int, path: str, depth: int) -> tuple[dict[str, Any], int]:
        out: dict[str, Any] = {}
        if self.partial is None:
            self.partial = out
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
            below = key_path(path, key)
            value, pos = self.value(pos + 1, below, depth)
            if len(first) >= MAX_CONTAINER:
                self.problem(path, TOO_MANY_KEYS, key_line)
                raise Abort
            if key in first:
                earlier = f"(first on line {first[key]})"
                self.problems.append(
                    Problem(path=below, message=f"duplicate key{quoted(key, KEY_SHAPE)} {earlier}", line=key_line, quiet=f"duplicate key {earlier}")
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
            if len(out) >= MAX_CONTAINER:
                self.problem(path, TOO_MANY_ITEMS, self.line(pos))
                raise Abort
            value, pos = self.value(pos, f"{path}[{len(out)}]", depth)
            out.append(value)
            pos = self.space(pos)
            if self.text.startswith(",", pos):
                pos += 1
            elif self.text.startswith("]", pos):
                return out, pos + 1
            else:
                raise self.fail(pos, "expected ',' or ']'")
