"""
A briefing as the plain data :func:`~tipreports.load.load` reads back: the text of ``dump``.

cattrs unstructures the model with hooks generated per class that leave out
fields at their default; the hooks here write values as people write them
(ISO dates, ``"Tier 2"``, ``"TLP:CLEAR"``, ``"more than 170"``) and an item with
nothing but its text as that text.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Callable
from typing import Any, Literal

import attrs
import cattrs
import yaml
from cattrs.gen import make_dict_unstructure_fn, override

from ..model import Briefing, Count, Country, Marking, TierHistory, TierPlacement
from ._structure import FROM_TEXT


class _Dumper(yaml.SafeDumper):
    """
    PyYAML's safe dumper, writing dates unquoted.

    It quotes every string another YAML 1.1 reader would take for something
    else (``'NO'``, ``'0123'``); dates are the exception, as ``date: 2025-10-15``
    is how people write them and the loader keeps it as text for the model.
    """


_Dumper.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}


def _merge_languages(first: Any, second: Any, la: str, lb: str) -> Any:
    """Two plain trees of the same shape as one, with ``{la: ..., lb: ...}`` where their text differs."""
    if isinstance(first, dict) and isinstance(second, dict):
        return {k: _merge_languages(v, second.get(k), la, lb) for k, v in first.items()}
    if isinstance(first, list) and isinstance(second, list) and len(first) == len(second):
        return [_merge_languages(a, b, la, lb) for a, b in zip(first, second, strict=True)]
    if isinstance(first, str) and isinstance(second, str) and first != second:
        return {la: first, lb: second}
    return first


def _label(marking: Marking) -> str:
    return marking.label


def _iso(date: dt.date) -> str:
    return date.isoformat()


def _class_hook(cls: type[Any], conv: cattrs.Converter) -> Callable[[Any], Any]:
    if cls is Briefing:
        fields = make_dict_unstructure_fn(
            cls,
            conv,
            _cattrs_omit_if_default=True,
            # written even at their default: a reader of the file should see how it is marked
            purpose=override(omit_if_default=False),
            marking=override(omit_if_default=False),
            # written as per-language text instead
            translation=override(omit=True),
        )
    else:
        fields = make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True)
    # the generated function puts the fields it always writes first; a file reads in the model's order
    order = [a.alias for a in attrs.fields(cls)]
    # a country stays a mapping, the shape the input documentation shows ('country: {name: Thailand, iso3: THA}')
    text_field = None if cls is Country else FROM_TEXT.get(cls)

    def unstructure(value: Any) -> Any:
        written = fields(value)
        out = {key: written[key] for key in order if key in written}
        if text_field is not None and list(out) == [text_field]:
            return out[text_field]
        return out

    if cls is not Briefing:
        return unstructure

    def briefing(value: Briefing) -> Any:
        out = unstructure(value)
        other = value.translation
        if other is None:
            return out
        second = unstructure(attrs.evolve(other, language=value.language))
        merged = _merge_languages(out, second, value.language, other.language)
        merged["bilingual"] = True
        return merged

    return briefing


def _converter() -> cattrs.Converter:
    conv = cattrs.Converter()
    conv.register_unstructure_hook(dt.date, _iso)
    conv.register_unstructure_hook(enum.Enum, str)
    conv.register_unstructure_hook(Marking, _label)
    conv.register_unstructure_hook(Count, str)

    def history(value: TierHistory) -> Any:
        return conv.unstructure(value.placements, tuple[TierPlacement, ...])

    conv.register_unstructure_hook(TierHistory, history)
    conv.register_unstructure_hook_factory(attrs.has, _class_hook)
    return conv


_CONVERTER = _converter()


def dump_text(briefing: Briefing, format: Literal["yaml", "json"]) -> str:
    """The briefing as YAML or JSON text."""
    data = _CONVERTER.unstructure(briefing)
    if format == "yaml":
        text: str = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=88, default_flow_style=False)
        return text
    if format == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown format {format!r}; expected 'yaml' or 'json'")
