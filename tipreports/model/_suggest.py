"""The closest accepted spelling of a misspelt value, for "did you mean" in error messages."""

from __future__ import annotations

import difflib
from collections.abc import Mapping

__all__ = ["suggest"]


def suggest(key: str, names: Mapping[str, str]) -> str:
    """
    ``"did you mean 'X'? "`` for the one name ``key`` is closest to, or ``""``.

    ``names`` maps each accepted spelling (normalised as ``key`` is) to the name
    shown. When the closest spellings lead to different names equally well
    (``'TIER 4'`` is as close to Tier 1 as to Tier 3), nothing is suggested:
    a wrong guess misleads more than none.
    """
    if not key or len(key) > 40:
        return ""
    scored: dict[str, float] = {}
    for spelling, shown in names.items():
        ratio = difflib.SequenceMatcher(None, key, spelling).ratio()
        if ratio >= 0.75:
            scored[shown] = max(ratio, scored.get(shown, 0.0))
    ranked = sorted(scored.items(), key=lambda item: -item[1])
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return ""
    return f"did you mean {ranked[0][0]!r}? "
