"""
Leaving out what an audience may not see (TLP), and saying how much was left out.

Items without a marking carry the document's. Anything marked above the
audience is removed entirely, and citations of withheld sources go with it.
Which lists hold marked items, and which fields cite sources, is declared on
the model's fields (:func:`~tipreports.model.briefing.marked`,
:data:`~tipreports.model.briefing.CITES`): the filter reads the declarations.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
from attrs import field, frozen

from ..errors import InputError
from .briefing import CITED, MARKED, Briefing, cites
from .marking import Marking

__all__ = ["Withheld", "for_audience"]


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

    # Citations of a withheld source go with it: first, what the audience may cite.
    visible = {
        item.id
        for attribute in attrs.fields(Briefing)
        if attribute.metadata.get(CITED)
        for item in getattr(briefing, attribute.name)
        if level(item) <= aud
    }

    def filtered(obj: Any) -> Any:
        """``obj`` without what is marked above the audience, by the lists declared with ``marked()``."""
        changes: dict[str, Any] = {}
        # The cited lists first, as the render report lists them.
        for attribute in sorted(attrs.fields(type(obj)), key=lambda a: not a.metadata.get(CITED)):
            if attribute.name == "translation":
                continue
            value = getattr(obj, attribute.name)
            if (label := attribute.metadata.get(MARKED)) is not None:
                kept = []
                for item in value:
                    if level(item) <= aud:
                        kept.append(filtered(item))
                        seen.append(level(item))
                    else:
                        counts[label] = counts.get(label, 0) + 1
                if len(kept) != len(value) or any(k is not v for k, v in zip(kept, value, strict=True)):
                    changes[attribute.name] = tuple(kept)
            elif cites(attribute):
                if value is not None and value not in visible:
                    changes[attribute.name] = None
            elif attrs.has(type(value)):
                inner = filtered(value)
                if inner is not value:
                    changes[attribute.name] = inner
        return attrs.evolve(obj, **changes) if changes else obj

    result = filtered(briefing)
    if briefing.translation is not None:
        # Same items, same markings: the translation loses exactly what the briefing loses.
        result = attrs.evolve(result, translation=for_audience(briefing.translation, aud)[0])
    return result, Withheld(audience=aud, marking=max(seen), counts=counts)
