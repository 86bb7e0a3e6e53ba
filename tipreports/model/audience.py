"""
Leaving out what an audience may not see (TLP), and saying how much was left out.

Items without a marking carry the document's. Anything marked above the
audience is removed entirely, and citations of withheld sources go with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import attrs
from attrs import field, frozen

from ..errors import InputError
from .briefing import Briefing
from .marking import Marking

__all__ = ["Withheld", "for_audience"]

T = TypeVar("T")


@frozen(kw_only=True)
class Withheld:
    """
    What rendering for an audience left out: a count per section, never the text.

    ``marking`` is the highest marking among what was included: the banner.
    """

    audience: Marking
    marking: Marking
    counts: Mapping[str, int] = field(factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def __str__(self) -> str:
        if not self.total:
            return f"rendered for {self.audience}: nothing withheld; banner {self.marking}"
        parts = ", ".join(f"{n} from {section}" for section, n in self.counts.items() if n)
        return f"rendered for {self.audience}: withheld {self.total} item(s) ({parts}); banner {self.marking}"


def for_audience(briefing: Briefing, audience: Marking | str | None = None) -> tuple[Briefing, Withheld]:
    """
    The briefing as ``audience`` may see it, and what was withheld.

    ``audience`` defaults to the document's marking. An audience below the
    document's marking is refused: the document's own fields (title, event,
    summary) carry that marking and cannot be left out.
    """
    doc = briefing.marking
    aud = doc if audience is None else Marking.parse(audience)
    if aud < doc:
        raise InputError.single(
            "audience",
            f"{aud} is below the document's marking {doc}; unmarked content carries {doc}. "
            f"Lower the document's 'marking' and mark the restricted items instead",
        )
    counts: dict[str, int] = {}
    seen: list[Marking] = [doc]

    def level(item: Any) -> Marking:
        m = item.marking
        return doc if m is None else m

    sources = []
    for s in briefing.sources:
        if level(s) <= aud:
            sources.append(s)
            seen.append(level(s))
        else:
            counts["sources"] = counts.get("sources", 0) + 1
    visible = {s.id for s in sources}

    def keep(section: str, items: tuple[T, ...]) -> tuple[T, ...]:
        out = []
        for item in items:
            if level(item) <= aud:
                if getattr(item, "source", None) is not None and item.source not in visible:  # type: ignore[attr-defined]
                    item = attrs.evolve(item, source=None)  # type: ignore[misc]
                out.append(item)
                seen.append(level(item))
            else:
                counts[section] = counts.get(section, 0) + 1
        return tuple(out)

    def cite(source: str | None) -> str | None:
        return source if source in visible else None

    changes: dict[str, Any] = {
        "key_messages": keep("key messages", briefing.key_messages),
        "considerations": keep("considerations", briefing.considerations),
        "sources": tuple(sources),
    }
    if (event := briefing.event) is not None:
        changes["event"] = attrs.evolve(event, source=cite(event.source))
    if (panel := briefing.panel) is not None:
        changes["panel"] = attrs.evolve(
            panel,
            source=cite(panel.source),
            strengths=keep("panel strengths", panel.strengths),
            challenges=keep("panel challenges", panel.challenges),
            recommendations=keep("panel recommendations", panel.recommendations),
        )
    if (a := briefing.assessment) is not None:
        changes["assessment"] = attrs.evolve(
            a,
            source=cite(a.source),
            tier_history_source=cite(a.tier_history_source),
            progress=keep("progress", a.progress),
            concerns=keep("concerns", a.concerns),
            recommendations=keep("TIP recommendations", a.recommendations),
            statistics=keep("statistics", a.statistics),
        )
    if briefing.translation is not None:
        # Same items, same markings: the translation loses exactly what the briefing loses.
        changes["translation"] = for_audience(briefing.translation, aud)[0]
    filtered = attrs.evolve(briefing, **changes)
    return filtered, Withheld(audience=aud, marking=max(seen), counts=counts)
