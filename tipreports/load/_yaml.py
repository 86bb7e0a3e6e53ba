"""
YAML read from the parser's events, so that nothing is constructed and every value keeps its line.

YAML 1.1 would read ``NO`` as false and ``0123`` as 83; here plain scalars stay
text unless they are exactly ``true``/``false``, ``null``/``~``/empty, or a
decimal number. Tags, anchors, aliases, merge keys and duplicate keys are refused.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import yaml

from .._text import KEY_SHAPE, quoted
from ..errors import Problem
from ..model._checks import kind
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

WHOLE_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)")
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+")
#: Longer digit strings stay text: Python refuses to parse more than 4,300 digits anyway.
_MAX_DIGITS = 30
#: What YAML allows in a stream; the first character outside it is named in the error.
#: Tags shown in errors: a YAML or local tag name, not free text.
_TAG_SHAPE = re.compile(r"!!?[A-Za-z][A-Za-z0-9_./:-]{0,58}")
_NOT_YAML = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def plain_scalar(text: str) -> Any:
    """A plain (unquoted, untagged) YAML scalar: the few forms that are not text."""
    if text in ("", "~", "null"):
        return None
    if text == "true":
        return True
    if text == "false":
        return False
    if len(text) <= _MAX_DIGITS:
        if WHOLE_NUMBER.fullmatch(text):
            return int(text)
        if _DECIMAL.fullmatch(text):
            return float(text)
    return text


_BaseLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]  # the C loader has no stubs
    """Only the parser's events are used: nothing is constructed, so no tag can run code."""


@dataclasses.dataclass(slots=True)
class _Frame:
    container: Any
    path: str
    keys: dict[str, int] = dataclasses.field(default_factory=dict)
    key: str | None = None  # the pending key of a mapping, None between pairs
    keep: bool = True  # False when the pending key was refused: its value is dropped


class YamlReader:
    """Builds plain dicts, lists and scalars from YAML parser events, recording each value's line."""

    def __init__(self, text: str, problems: list[Problem], lines: dict[str, int]) -> None:
        self.text = text
        self.problems = problems
        self.lines = lines
        self.count = 0
        #: The top-level mapping as far as it was read, for deciding what errors may quote when reading stops early.
        self.partial: Any = None

    def problem(self, path: str, message: str, line: int | None, quiet: str | None = None) -> None:
        self.problems.append(Problem(path=path, message=message, line=line, quiet=quiet))

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
                        raise Abort
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
                    self.problem("", TOO_MANY_VALUES, line)
                    raise Abort
                if parent is not None and isinstance(parent.container, list) and len(parent.container) >= MAX_CONTAINER:
                    self.problem(parent.path, TOO_MANY_ITEMS, line)
                    raise Abort
                self.lines.setdefault(path, line)
                self.check_node(event, path, line)
                if isinstance(event, yaml.CollectionStartEvent):
                    if len(stack) >= MAX_DEPTH:
                        self.problem(path, TOO_DEEP, line)
                        raise Abort
                    is_map = isinstance(event, yaml.MappingStartEvent)
                    stack.append(_Frame(container={} if is_map else [], path=path))
                    if len(stack) == 1:
                        self.partial = stack[0].container
                    continue
                value = None if isinstance(event, yaml.AliasEvent) else self.scalar(event)
                root = self.attach(stack, value, root)
        except yaml.MarkedYAMLError as err:
            message = f"invalid YAML: {err.problem}" if err.problem else "invalid YAML"
            if err.context:
                message += f" ({err.context})"
            mark = err.problem_mark or err.context_mark
            self.problem("", message, None if mark is None else mark.line + 1)
            raise Abort from None
        except yaml.YAMLError:
            # the reader refuses characters YAML does not allow; find the first to say where
            bad = _NOT_YAML.search(self.text)
            if bad is None:
                self.problem("", "invalid YAML", None)
            else:
                offset = bad.start()
                self.problem(
                    "",
                    f"character U+{ord(bad.group()):04X} at offset {offset} is not allowed in YAML; remove it",
                    self.text.count("\n", 0, offset) + 1,
                )
            raise Abort from None
        if documents == 0:
            self.problem("", "the input is empty; expected a mapping such as 'title: ...'", 1)
            raise Abort
        return root

    @staticmethod
    def path_of(parent: _Frame | None) -> str:
        if parent is None:
            return ""
        if isinstance(parent.container, dict):
            assert parent.key is not None
            return key_path(parent.path, parent.key)
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
        # Names and tags are shown only when they are plain names: they may be anything a user typed.
        if isinstance(event, yaml.AliasEvent):
            name = f" ('*{event.anchor}')" if quoted(event.anchor, KEY_SHAPE) else ""
            self.problem(path, f"aliases{name} are not allowed; write the value out", line, "aliases are not allowed; write the value out")
            return
        if event.anchor is not None:
            name = f" ('&{event.anchor}')" if quoted(event.anchor, KEY_SHAPE) else ""
            self.problem(path, f"anchors{name} are not allowed; write the value out", line, "anchors are not allowed; write the value out")
        if event.tag is not None:
            tag = str(event.tag)
            # shown as written: the parser expands '!!str' to 'tag:yaml.org,2002:str'
            if tag.startswith("tag:yaml.org,2002:"):
                tag = "!!" + tag.removeprefix("tag:yaml.org,2002:")
            shown = f" such as {tag!r}" if _TAG_SHAPE.fullmatch(tag) else ""
            quiet = "tags are not allowed; write a plain value (quote text)"
            self.problem(path, f"tags{shown} are not allowed; write a plain value (quote text)", line, quiet)

    @staticmethod
    def scalar(event: Any) -> Any:
        plain = event.style in (None, "") and event.tag is None
        return plain_scalar(event.value) if plain else event.value

    def key(self, parent: _Frame, event: Any, line: int) -> None:
        if isinstance(event, yaml.CollectionStartEvent):
            self.problem(parent.path, "a key must be text, not a list or mapping", line)
            raise Abort
        if isinstance(event, yaml.AliasEvent):
            self.check_node(event, parent.path, line)
            parent.key, parent.keep = f"*{event.anchor}", False
            return
        if len(parent.keys) >= MAX_CONTAINER:
            self.problem(parent.path, TOO_MANY_KEYS, line)
            raise Abort
        key = event.value
        path = key_path(parent.path, key)
        self.check_node(event, path, line)
        value = self.scalar(event)
        parent.key, parent.keep = key, False
        if value is not None and not isinstance(value, str):
            self.problem(path, f"keys must be text, got {kind(value)}; put the key in quotes", line)
        elif value is None:
            self.problem(path or parent.path, "a key is empty or null", line)
        elif key == "<<" and event.style in (None, ""):
            self.problem(path, "merge keys ('<<') are not allowed; write the keys out", line)
        elif key in parent.keys:
            first = f"(first on line {parent.keys[key]})"
            self.problem(path, f"duplicate key{quoted(key, KEY_SHAPE)} {first}", line, f"duplicate key {first}")
        else:
            parent.keys[key] = line
            parent.keep = True
