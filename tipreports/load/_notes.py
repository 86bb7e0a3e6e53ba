"""
What the loader reads but warns about: values written in a form that has since been renamed.

The data is walked with the model's types (a marking is wherever a field's type
is :class:`~tipreports.model.Marking`), so a marking field added to the model
is covered without a list of names here.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from ..errors import Problem
from ..model import Briefing, Marking, TierHistory, TierPlacement
from ..model.marking import renamed
from ._errors import line_of
from ._limits import join


def _bare(tp: Any) -> Any:
    """``X | None`` → ``X``; the written form of a tier history is its list of placements."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        tp = args[0] if len(args) == 1 else tp
    return tuple[TierPlacement, ...] if tp is TierHistory else tp


def _walk(value: Any, tp: Any, path: str) -> Iterator[tuple[str, str]]:
    tp = _bare(tp)
    if tp is Marking:
        new = renamed(value)
        if new is not None:
            yield path, f"{value.strip()[:40]!r} is the TLP 1.0 name of {new.label!r}; read as {new.label} (write {new.label} to silence this warning)"
    elif typing.get_origin(tp) is tuple and isinstance(value, list):
        (item_type, *_rest) = typing.get_args(tp)
        for index, item in enumerate(value):
            yield from _walk(item, item_type, f"{path}[{index}]")
    elif attrs.has(tp) and isinstance(value, Mapping):
        attrs.resolve_types(tp)
        for attribute in attrs.fields(tp):
            if attribute.alias in value:
                yield from _walk(value[attribute.alias], attribute.type, join(path, attribute.alias))


def notes(data: Mapping[str, Any], *, lines: Mapping[str, int], name: str | None) -> list[Problem]:
    """The warnings for a briefing's plain data that loaded without error, in file order."""
    found = [Problem(path=path, message=message, line=line_of(path, lines), source=name) for path, message in _walk(data, Briefing, "")]
    return sorted(found, key=lambda p: p.line if p.line is not None else 0)
