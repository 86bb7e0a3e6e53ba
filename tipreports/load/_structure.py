"""
Plain data to a :class:`~tipreports.model.Briefing`, strictly, reporting every problem at once.

cattrs builds the model objects; the hooks here refuse to coerce (no ``None``
→ ``'None'``, no string → list of characters, no float → int, no unknown keys)
and name a wrong value by its kind, never by its text. Fields whose model
converter reads text (tiers, markings, dates, counts) get the value as written,
so that the model's own validators say what is wrong with it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import cattrs
from cattrs.cols import list_structure_factory
from cattrs.errors import AttributeValidationNote, ClassValidationError, IterableValidationError
from cattrs.gen import make_dict_structure_fn

from .._languages import LANGUAGES
from .._languages import resolve as resolve_languages
from ..errors import FieldError, InputError, Problem
from ..model import (
    Briefing,
    Count,
    Country,
    Designation,
    EventKind,
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
from ..model._checks import MAX_ITEMS, kind
from ..wording import problems as wording_problems
from ._errors import Found, Mismatch, line_of, named, problems, redact, shareable, unexplained, unknown_key
from ._limits import MAX_PROBLEMS
from ._yaml import WHOLE_NUMBER

#: Classes that may be written as a single string, and the field that string fills.
FROM_TEXT: Mapping[type, str] = {Organisation: "name", Finding: "text", Recommendation: "text", Country: "name"}


def _text(value: Any, _type: Any) -> str:
    if isinstance(value, str):
        return value
    hint = "; put it in quotes" if isinstance(value, (bool, int, float)) else ""
    raise Mismatch(f"expected text, got {kind(value)}{hint}")


def _whole_number(value: Any, _type: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    hint = "; remove the quotes" if isinstance(value, str) and WHOLE_NUMBER.fullmatch(value.strip()) else ""
    raise Mismatch(f"expected a whole number, got {kind(value)}{hint}")


def _true_or_false(value: Any, _type: Any) -> bool:
    if isinstance(value, bool):
        return value
    hint = "; write true or false" if isinstance(value, str) else ""
    raise Mismatch(f"expected true or false, got {kind(value)}{hint}")


def _as_written(value: Any, _type: Any) -> Any:
    return value


def _is_list(type_: Any) -> bool:
    """``tuple[X, ...]``: the model's lists."""
    args = typing.get_args(type_)
    return typing.get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


def _list_hook(type_: Any, conv: cattrs.Converter) -> Callable[[Any, Any], tuple[Any, ...]]:
    items = list_structure_factory(type_, conv)

    def structure(value: Any, _type: Any) -> tuple[Any, ...]:
        # cattrs would take any iterable: a string as its characters, a mapping as its keys
        if not isinstance(value, (list, tuple)):
            raise Mismatch(f"expected a list, got {kind(value)}")
        if len(value) > MAX_ITEMS:
            # refuse before structuring thousands of items only to be refused by the model
            raise Mismatch(f"too many items: {len(value):,}; at most {MAX_ITEMS:,} allowed")
        return tuple(items(value, type_))

    return structure


def _class_hook(cls: type[Any], conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    attrs.resolve_types(cls)
    generated = make_dict_structure_fn(cls, conv)
    text_field = FROM_TEXT.get(cls)
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
            raise Mismatch(f"expected {expected}, got {kind(value)}")
        for key in value:
            if not isinstance(key, str):
                raise Mismatch(f"keys must be text, got {kind(key)}")
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


def _each_field(conv: cattrs.Converter, cls: type[Any], value: Mapping[str, Any], *, skip: set[str]) -> list[Exception]:
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


#: Fields that take a number or text, as written.
_EITHER = (int | str, int | str | None, Count | str | None)


def _converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(str, _text)
    conv.register_structure_hook(int, _whole_number)
    conv.register_structure_hook(bool, _true_or_false)
    for written in (dt.date, Tier, Marking, Purpose, Form, Qualifier, Count, Designation, EventKind):
        conv.register_structure_hook(written, _as_written)
    # A figure is a number or text ("at least 3,000"), a count a number, text or words: the model's
    # validators read them and say what is wrong.
    conv.register_structure_hook_func(lambda type_: type_ in _EITHER, _as_written)
    conv.register_structure_hook_factory(_is_list, _list_hook)

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
    conv.register_structure_hook_factory(attrs.has, _class_hook)
    return conv


_CONVERTER = _converter()


def structure(data: Mapping[str, Any], *, lines: Mapping[str, int], name: str | None, fallback: bool = False) -> Briefing:
    """
    Structure ``data`` strictly; resolve per-language text first.

    ``{en: ..., th: ...}`` anywhere text goes is resolved for the briefing's
    ``language``; with ``bilingual: true`` the other language is resolved too
    and becomes :attr:`Briefing.translation`. ``fallback`` lets a missing Thai
    text fall back to the English one. Raises one
    :class:`~tipreports.errors.InputError` with every problem, in file order.
    """
    found: list[Found] = []
    data = dict(data)
    if "translation" in data:
        found.append(unknown_key("translation", Briefing))
        del data["translation"]
    bilingual = data.pop("bilingual", False)
    if not isinstance(bilingual, bool):
        found.append(Found("bilingual", f"expected true or false, got {kind(bilingual)}"))
        bilingual = False
    language = data.get("language", "en")
    if isinstance(language, str) and language in LANGUAGES:
        primary, missing = resolve_languages(data, language, allow_fallback=fallback)
        found.extend(Found(p.path, p.message) for p in missing)
    else:
        primary = data
        bilingual = False
    second: Any = None
    if bilingual:
        other = next(code for code in LANGUAGES if code != language)
        second, missing = resolve_languages({**data, "language": other}, other, allow_fallback=fallback)
        found.extend(Found(p.path, f"{p.message} (bilingual)") for p in missing)
    briefing: Briefing | None = None
    try:
        briefing = _CONVERTER.structure(primary, Briefing)
        if second is not None and not found:
            briefing = attrs.evolve(briefing, translation=_CONVERTER.structure(second, Briefing))
    except (ClassValidationError, IterableValidationError, InputError, FieldError, Mismatch) as err:
        found.extend(itertools.islice(problems(err), MAX_PROBLEMS))
    if briefing is not None:
        # What the model cannot know: whether the wording can name the country given by its code alone.
        found.extend(Found(p.path, p.message, p.quiet) for p in wording_problems(briefing))
    if found or briefing is None:
        unique = list(dict.fromkeys(unexplained(found, data)))[:MAX_PROBLEMS]
        listed = [
            Problem(path=f.path, message=f.message, line=line_of(f.at if f.at is not None else f.path, lines), source=name, quiet=f.quiet)
            for f in unique
        ]
        # in file order, so that the listing reads like the file
        listed.sort(key=lambda p: p.line if p.line is not None else 0)
        # a tier-history entry also names its year, where the input around it may be quoted
        shown = [
            attrs.evolve(one, path=named(one.path, primary)) if shareable(data, problem.path) else one
            for problem, one in zip(listed, redact(listed, data), strict=True)
        ]
        raise InputError(shown) from None
    return briefing
