"""
Per-language text in input data: ``{en: "...", th: "..."}`` wherever text goes.

Before structuring, the raw data is resolved for one language: every language
mapping is replaced by its text in that language. A plain string is the same in
every language (names, codes). A mapping without the language asked for is a
problem naming the field, unless the caller allows falling back to English.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import Problem
from .model.briefing import LANGUAGES

__all__ = ["LANGUAGES", "is_language_map", "resolve"]

FALLBACK = "en"


def is_language_map(value: object) -> bool:
    """A mapping whose keys are all language codes (and that has at least one)."""
    return isinstance(value, Mapping) and bool(value) and all(isinstance(k, str) and k in LANGUAGES for k in value)


def resolve(data: Any, language: str, *, allow_fallback: bool = False, path: str = "") -> tuple[Any, list[Problem]]:
    """``data`` with every language mapping replaced by its ``language`` text, and the problems found."""
    problems: list[Problem] = []

    def walk(value: Any, where: str) -> Any:
        if is_language_map(value):
            if language in value:
                return value[language]
            if allow_fallback and FALLBACK in value:
                return value[FALLBACK]
            have = ", ".join(repr(k) for k in value)
            hint = " (or allow falling back to English)" if FALLBACK in value else ""
            problems.append(Problem(path=where, message=f"no {language!r} text; this field has {have}. Add a {language!r} translation{hint}"))
            return next(iter(value.values()))
        if isinstance(value, Mapping):
            return {k: walk(v, f"{where}.{k}" if where else str(k)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, f"{where}[{i}]") for i, v in enumerate(value)]
        return value

    return walk(data, path), problems
