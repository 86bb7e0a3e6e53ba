"""
The input format as a JSON Schema (draft 2020-12), generated from the model.

The schema is read off the attrs classes: each field's type hint gives its
JSON type, its validator's bounds give lengths and ranges, its metadata gives
the description (:func:`tipreports.model._about.about`), and a field without a
default is required. A field added to the model appears here, in
``tipreports schema`` and in the documentation's field reference, with nothing
else to change. The loader stays the judge: the schema describes what it
accepts, as closely as JSON Schema can, so that an editor completes field
names, offers the tiers and markings, and flags a misspelt key as it is typed.

This module imports the model and the loader; neither imports it.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs

from .load._errors import _INPUT_KEYS
from .load._structure import FROM_TEXT
from .model import Briefing, Count, Form, Marking, Purpose, Tier, TierHistory, TierPlacement
from .model._about import DESCRIPTION, EXAMPLE, REQUIRED
from .model._checks import MAX_ITEMS
from .model.briefing import (
    _COUNT,
    _QUALIFIER_WORDS,
    _SOURCE_ID,
    _URL,
    FORM_SYNONYMS,
    LANGUAGES,
    _language,
    _optional_source_id,
    _optional_url,
    _source_id,
)
from .model.tier import _ALIASES, _CODE

__all__ = ["DIALECT", "FieldInfo", "briefing_schema", "field_reference", "fields", "schema_text"]

#: The JSON Schema dialect the schema is written in.
DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: Keys the input has that the model does not: written instead of a model field (see ``_INPUT_KEYS``).
_INPUT_ONLY: Mapping[str, dict[str, Any]] = {
    "bilingual": {
        "type": "boolean",
        "default": False,
        DESCRIPTION: "true: text is given per language ({en: ..., th: ...}) and the briefing note sets the "
        "second language beneath the first.",
    },
}


# -- spellings: what the model's parsers read, as ECMA-262 patterns ----------------------------------


def _letters(word: str) -> str:
    """A word in any case: ``tier`` → ``[Tt][Ii][Ee][Rr]``; digits and signs as they are."""
    out = []
    for ch in word:
        if ch.isalpha():
            out.append(f"[{ch.upper()}{ch.lower()}]")
        elif ch in ".^$*+?()[]{}|\\/":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def _spelled(phrase: str, between: str) -> str:
    """A phrase in any case, with any run of ``between`` where it has a space."""
    return f"{between}+".join(_letters(word) for word in phrase.split(" "))


def _any_of(phrases: Iterator[str] | list[str], between: str, edge: str) -> str:
    alternatives = "|".join(_spelled(p, between) for p in sorted(set(phrases), key=lambda p: (-len(p), p)))
    return f"^{edge}*(?:{alternatives}){edge}*$"


def _choice(names: list[str], pattern: str, description: str) -> dict[str, Any]:
    """A value written as one of ``names`` (offered by editors) or any other spelling ``pattern`` allows."""
    return {"type": "string", "anyOf": [{"enum": names}, {"pattern": pattern}], DESCRIPTION: description}


def _tier() -> dict[str, Any]:
    # Tier.parse reads '_' and '-' as spaces, folds runs of spaces and ignores case
    names = [t.value for t in Tier] + [_CODE[t] for t in Tier]
    pattern = _any_of([key for key in _ALIASES], r"[\s_-]", r"[\s_-]")
    return _choice(names, pattern, "A tier: " + ", ".join(t.value for t in Tier) + "; codes such as 2WL are read too.")


def _marking() -> dict[str, Any]:
    # Marking.parse: any case, an optional 'TLP:' or 'TLP ', '+', ' ' or '_' inside AMBER+STRICT; WHITE is CLEAR
    names = [m.label for m in Marking]
    levels = "|".join(_letters(name.replace("_", " ")).replace(" ", "[+ _]") for name in [*Marking.__members__, "WHITE"])
    pattern = rf"^\s*(?:{_letters('TLP')}[: ])?(?:{levels})\s*$"
    return _choice(names, pattern, "A TLP 2.0 label: " + ", ".join(names) + " (TLP:WHITE is read as TLP:CLEAR).")


def _purpose() -> dict[str, Any]:
    names = [p.value for p in Purpose]
    pattern = rf"^\s*(?:{_letters('for')} \s*)?(?:{'|'.join(_letters(n) for n in names)})\s*$"
    return _choice(names, pattern, "Why the briefing is sent: " + " or ".join(names) + ".")


def _form() -> dict[str, Any]:
    names = [f.value for f in Form]
    pattern = _any_of([*names, *FORM_SYNONYMS], r"[\s_]", r"[\s_]")
    return _choice(names, pattern, "A form of trafficking: " + ", ".join(names) + ".")


def _count() -> dict[str, Any]:
    number = r"(?:\d{1,3}(?:,\d{3})+|\d+)"
    words = "|".join(_spelled(q, r"\s") for q in sorted(_QUALIFIER_WORDS, key=lambda q: (-len(q), q)))
    assert "(?P<plus>\\+)?" in _COUNT.pattern  # the form read below; change both together
    return {
        "anyOf": [
            {"type": "integer", "minimum": 0, "maximum": 10**12},
            {"type": "string", "pattern": rf"^\s*(?:(?:{words})\s*{number}|{number}\s*\+?)\s*$"},
        ],
        DESCRIPTION: "A count as the sources give it: 170, 'more than 170', 'about 1,200', '170+'.",
    }


_DATE_PATTERN = r"^\s*(?:20\d{2}|2100)-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\s*$"

#: Types written as one scalar, and their schema.
_SCALARS: Mapping[Any, Callable[[], dict[str, Any]]] = {
    Tier: _tier,
    Marking: _marking,
    Purpose: _purpose,
    Form: _form,
    Count: _count,
    dt.date: lambda: {"type": "string", "format": "date", "pattern": _DATE_PATTERN},
    bool: lambda: {"type": "boolean"},
}

#: Named validators that say more than the type: patterns, a closed set of values.
_VALIDATED: Mapping[Any, dict[str, Any]] = {
    _source_id: {"name": "SourceId", "pattern": f"^(?:{_SOURCE_ID.pattern})$"},
    _optional_source_id: {"name": "SourceId", "pattern": f"^(?:{_SOURCE_ID.pattern})$"},
    _optional_url: {"name": "Link", "pattern": rf"^\s*(?:{_URL.pattern})\s*$"},
    _language: {"enum": list(LANGUAGES)},
}


# -- the walk ----------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class FieldInfo:
    """One input field as the reference documents it: where, what type, whether required, what default."""

    owner: str
    name: str
    type: str
    required: bool
    default: Any
    description: str
    schema: Mapping[str, Any]


def _validators(attribute: attrs.Attribute[Any]) -> list[Any]:
    validator = attribute.validator
    if validator is None:
        return []
    # attrs combines a list of validators into one that keeps them in '_validators'
    return list(getattr(validator, "_validators", [validator]))


def _hints(attribute: attrs.Attribute[Any]) -> dict[str, Any]:
    """What the field's validators say: its bounds and patterns, as JSON Schema keywords."""
    out: dict[str, Any] = {}
    for validator in _validators(attribute):
        out.update(_VALIDATED.get(validator, {}))
        bounds = getattr(validator, "limits", {})
        keywords = {"max_length": "maxLength", "minimum": "minimum", "maximum": "maximum", "max_items": "maxItems"}
        out.update({keywords[name]: value for name, value in bounds.items() if name in keywords})
    return out


def _strip_optional(tp: Any) -> tuple[Any, bool]:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(tp)) == 2:
            return args[0], True
    return tp, False


def _is_list(tp: Any) -> bool:
    args = typing.get_args(tp)
    return typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def _default(attribute: attrs.Attribute[Any]) -> Any:
    default: Any = attribute.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]  # attrs.Factory is a class at run time
        default = default.factory()  # the model's factories take no arguments
    if isinstance(default, TierHistory):
        return []
    if isinstance(default, Marking):
        return default.label
    if isinstance(default, enum.Enum):
        return str(default)
    if isinstance(default, tuple):
        return list(default)
    return default


class _Walker:
    """Builds the schema of a class and of every class it refers to, once each."""

    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}
        self.fields: list[FieldInfo] = []

    def text(self, hints: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
        """Text, or text per language (``{en: ..., th: ...}``): one definition per set of bounds, shared."""
        plain: dict[str, Any] = {"type": "string", **{k: v for k, v in hints.items() if k != "name"}}
        if "enum" in hints:
            return plain, "one of " + ", ".join(f"`{v}`" for v in hints["enum"])
        words = "text" + (f" (at most {hints['maxLength']:,} characters)" if "maxLength" in hints else "")
        words = _TEXT_WORDS.get(hints.get("name", ""), words)
        name = hints.get("name") or "Text" + (str(hints["maxLength"]) if "maxLength" in hints else "")
        if name not in self.defs:
            per_language = {
                "type": "object",
                "propertyNames": {"enum": list(LANGUAGES)},
                "minProperties": 1,
                "additionalProperties": plain,
            }
            self.defs[name] = {"anyOf": [plain, per_language]}
        return {"$ref": f"#/$defs/{name}"}, words

    def value(self, tp: Any, hints: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
        """The schema of a value of type ``tp``, and its type in words."""
        tp, optional = _strip_optional(tp)
        schema, words = self._value(tp, hints)
        if optional:
            if set(schema) <= {"type", "format", "pattern", "enum", "maxLength", "minimum", "maximum"} and isinstance(schema.get("type"), str):
                schema = {**schema, "type": [schema["type"], "null"]}
                if "enum" in schema:
                    schema["enum"] = [*schema["enum"], None]
            else:
                schema = {"anyOf": [schema, {"type": "null"}]}
        return schema, words

    def _value(self, tp: Any, hints: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
        if tp is str:
            return self.text(hints)
        if tp is int:
            schema = {"type": "integer", **{k: v for k, v in hints.items() if k in ("minimum", "maximum")}}
            low, high = schema.get("minimum"), schema.get("maximum")
            return schema, "whole number" + (f" from {low} to {high}" if low is not None and high is not None else "")
        if tp in _SCALARS:
            return dict(_SCALARS[tp]()), _WORDS.get(tp, tp.__name__)
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            # an enumeration without a schema of its own: its printed values, in any case
            names = [str(member) for member in tp]
            pattern = _any_of(names, r"[\s_]", r"\s")
            return _choice(names, pattern, f"One of: {', '.join(names)}."), "one of " + ", ".join(f"`{n}`" for n in names)
        if typing.get_origin(tp) is typing.Literal:
            names = list(typing.get_args(tp))
            return {"enum": names}, "one of " + ", ".join(f"`{n}`" for n in names)
        if tp is float:
            return {"type": "number", **{k: v for k, v in hints.items() if k in ("minimum", "maximum")}}, "number"
        if tp is TierHistory:
            # written as the list of placements itself
            return self._value(tuple[TierPlacement, ...], {"maxItems": MAX_ITEMS})
        if _is_list(tp):
            item, item_words = self._value(typing.get_args(tp)[0], {})
            return {"type": "array", "items": item, "maxItems": hints.get("maxItems", MAX_ITEMS)}, f"list of {item_words}"
        if attrs.has(tp):
            ref = {"$ref": f"#/$defs/{self.define(tp)}"}
            text_field = FROM_TEXT.get(tp)
            if text_field is None:
                return ref, f"[{tp.__name__}](#{tp.__name__.lower()})"
            text_schema, _ = self.text(_hints(attrs.fields_dict(tp)[text_field]))
            return {"anyOf": [text_schema, ref]}, f"text or [{tp.__name__}](#{tp.__name__.lower()})"
        if typing.get_origin(tp) in (typing.Union, types.UnionType):
            # a value of several kinds (a number or text, a count or words): any of them
            kinds = [arg for arg in typing.get_args(tp) if arg is not type(None)]
            parts = [self.value(arg, hints) for arg in kinds]
            choices: list[dict[str, Any]] = [part for part, _ in parts]
            if len(kinds) < len(typing.get_args(tp)):
                choices.append({"type": "null"})
            return {"anyOf": choices}, " or ".join(words for _, words in parts)
        raise TypeError(f"no schema for the type {tp!r}; add it to tipreports.schema")

    def define(self, cls: type[Any]) -> str:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placed first: a class may refer to itself
            self.defs[name] = self.object(cls)
        return name

    def object(self, cls: type[Any]) -> dict[str, Any]:
        attrs.resolve_types(cls)
        dropped = {model_key for model_key, _input_key in _INPUT_KEYS.get(cls, ())}
        properties: dict[str, Any] = {}
        required: list[str] = []
        for attribute in attrs.fields(cls):
            if attribute.alias in dropped:
                continue
            schema, words = self.value(attribute.type, _hints(attribute))
            description = attribute.metadata.get(DESCRIPTION, "")
            is_required = attribute.default is attrs.NOTHING or bool(attribute.metadata.get(REQUIRED))
            default = None if is_required else _default(attribute)
            # the field's own description, not its type's
            prop = {DESCRIPTION: description, **{k: v for k, v in schema.items() if k != DESCRIPTION}} if description else dict(schema)
            if not is_required:
                prop["default"] = default
            if EXAMPLE in attribute.metadata:
                prop["examples"] = [attribute.metadata[EXAMPLE]]
            properties[attribute.alias] = prop
            if is_required:
                required.append(attribute.alias)
            self.fields.append(FieldInfo(owner=cls.__name__, name=attribute.alias, type=words, required=is_required,
                                         default=default, description=description, schema=prop))  # fmt: skip
        for _model_key, input_key in _INPUT_KEYS.get(cls, ()):
            prop = dict(_INPUT_ONLY[input_key])
            properties[input_key] = prop
            words = "true or false" if prop.get("type") == "boolean" else "value"
            self.fields.append(FieldInfo(owner=cls.__name__, name=input_key, type=words, required=False,
                                         default=prop.get("default"), description=prop[DESCRIPTION], schema=prop))  # fmt: skip
        out: dict[str, Any] = {"type": "object"}
        doc = _first_paragraph(cls.__doc__)
        if doc:
            out[DESCRIPTION] = doc
        out["properties"] = properties
        if required:
            out["required"] = required
        out["additionalProperties"] = False
        return out


_TEXT_WORDS: Mapping[str, str] = {"SourceId": "source id", "Link": "link (https:// or mailto:)"}

_WORDS: Mapping[Any, str] = {
    Tier: "tier",
    Marking: "TLP marking",
    Purpose: "purpose",
    Form: "form",
    Count: "count (a number, or text such as 'more than 170')",
    dt.date: "date (YYYY-MM-DD)",
    bool: "true or false",
}


def _first_paragraph(doc: str | None) -> str:
    if not doc:
        return ""
    return " ".join(doc.strip().split("\n\n")[0].split())


def _walk() -> tuple[dict[str, Any], list[FieldInfo]]:
    walker = _Walker()
    walker.define(Briefing)
    root = walker.defs.pop(Briefing.__name__)
    schema = {
        "$schema": DIALECT,
        "title": "tipreports briefing",
        DESCRIPTION: "A briefing for tipreports (YAML or JSON): the event, the panel, the TIP Report's assessment and "
        "the sources. Any text may be given per language: {en: ..., th: ...}.",
        **{k: v for k, v in root.items() if k != DESCRIPTION},
        "$defs": dict(sorted(walker.defs.items())),
    }
    return schema, walker.fields


def briefing_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a briefing as :func:`tipreports.load` reads it."""
    return _walk()[0]


def fields() -> list[FieldInfo]:
    """Every input field, the briefing's first, then each part's in the order they are first met."""
    return _walk()[1]


def schema_text() -> str:
    """The schema as the JSON that ``tipreports schema`` prints and ``schema/briefing.schema.json`` holds."""
    return json.dumps(briefing_schema(), indent=2, ensure_ascii=False) + "\n"


# -- the field reference -------------------------------------------------------------------------------


def _allowed(schema: Mapping[str, Any]) -> str:
    """The values a field takes, in words, from its schema: the names it offers."""
    if schema.get("enum"):
        return ", ".join(f"`{v}`" for v in schema["enum"] if v is not None)
    for branch in schema.get("anyOf", []):
        found = _allowed(branch)
        if found:
            return found
    return ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def field_reference(examples: Mapping[str, Any] | None = None) -> str:
    """
    The input fields as Markdown: a table per part, each field with its type, default, values and description.

    ``examples`` (plain data of a briefing, such as the bundled example) gives each field an example
    value where it has one.
    """
    infos = fields()
    owners = list(dict.fromkeys([Briefing.__name__, *(info.owner for info in infos)]))
    first_path = _paths(examples or {}, Briefing.__name__)
    lines = [
        "# Input fields",
        "",
        "Generated from the model by `tipreports.schema` (the same walk as `tipreports schema`):",
        "every field a briefing may have, its type, whether it is required, its default, the values it",
        "takes and, where the bundled example has one, an example. Text fields also take text per",
        "language: `{en: ..., th: ...}`.",
        "",
    ]
    for owner in owners:
        anchor = owner.lower()
        lines += [f"## {owner} {{#{anchor}}}", ""]
        doc = _first_paragraph(_CLASSES[owner].__doc__) if owner in _CLASSES else ""
        if doc:
            lines += [doc, ""]
        lines += ["| field | type | required / default | values | description |", "|---|---|---|---|---|"]
        for info in (i for i in infos if i.owner == owner):
            need = "**required**" if info.required else f"default `{json.dumps(info.default, ensure_ascii=False)}`"
            lines.append(
                f"| `{info.name}` | {_cell(info.type)} | {need} | {_cell(_allowed(info.schema))} | {_cell(info.description)} |"
            )
        # scalars only: a list or a mapping is better read in the example file itself
        shown = [
            (i.name, first_path[(owner, i.name)])
            for i in infos
            if i.owner == owner and isinstance(first_path.get((owner, i.name)), (str, int, float, bool))
        ]
        if shown:
            lines += ["", "Examples from the bundled example:", "", "```yaml"]
            for name, value in shown:
                lines.append(f"{name}: {_short(value)}")
            lines += ["```"]
        lines.append("")
    return "\n".join(lines)


_CLASSES: dict[str, type[Any]] = {}


def _register_classes() -> None:
    def visit(cls: type[Any]) -> None:
        if cls.__name__ in _CLASSES:
            return
        _CLASSES[cls.__name__] = cls
        attrs.resolve_types(cls)
        for attribute in attrs.fields(cls):
            tp, _ = _strip_optional(attribute.type)
            if tp is TierHistory:
                tp = TierPlacement
            elif _is_list(tp):
                tp = typing.get_args(tp)[0]
            if attrs.has(tp) and tp not in (Count, TierHistory):
                visit(tp)

    visit(Briefing)


_register_classes()


def _paths(data: Any, owner: str) -> dict[tuple[str, str], Any]:
    """The first example value of each (class, field) in plain briefing data, walked with the model's types."""
    found: dict[tuple[str, str], Any] = {}

    def walk(value: Any, cls: type[Any]) -> None:
        if not isinstance(value, Mapping):
            return
        for attribute in attrs.fields(cls):
            if attribute.alias not in value:
                continue
            item = value[attribute.alias]
            found.setdefault((cls.__name__, attribute.alias), item)
            tp, _ = _strip_optional(attribute.type)
            if tp is TierHistory:
                tp = tuple[TierPlacement, ...]
            if _is_list(tp) and isinstance(item, list):
                inner = typing.get_args(tp)[0]
                if attrs.has(inner):
                    for element in item:
                        walk(element, inner)
            elif attrs.has(tp):
                walk(item, tp)

    walk(data, _CLASSES[owner])
    return found


def _short(value: Any) -> str:
    """A scalar as YAML would show it, long text cut short (still valid YAML)."""
    if isinstance(value, str) and len(value) > 90:
        value = value[:90].rstrip() + "…"
    if isinstance(value, str) and re.fullmatch(r"[\w][\w .,:'()–…-]*", value) and ": " not in value:
        return value
    return json.dumps(value, ensure_ascii=False)
