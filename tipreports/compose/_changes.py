"""
What a template gets when a briefing is composed with its previous edition.

The comparison itself (:func:`~tipreports.model.compare`) is facts; here the
sources both editions' items cite are numbered into one list, and the banner
and the withheld counts take in what is shown of the earlier edition.

Sources: the briefing note keeps every source of its briefing and adds those
the earlier edition's shown items cite; the ``comparison`` product lists only
the sources cited by what it shows (each edition's items, its assessment and
tier history). A source identical to one already listed is that one; one whose
id is taken gets the edition's year after its id (``tier-history.2024``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from ..model import Briefing, Changes, Marking, Source, TIPAssessment, Withheld, for_audience

__all__ = ["with_changes"]

#: The lists of an assessment a comparison uses, as :func:`~tipreports.model.for_audience` counts them.
_COMPARED_SECTIONS = ("progress", "concerns", "TIP recommendations", "statistics")


def with_changes(
    current: Briefing,
    withheld: Withheld,
    previous: Briefing | TIPAssessment,
    changes: Changes,
    *,
    sources: str,
) -> tuple[Briefing, Withheld, dict[str, Any]]:
    """
    The briefing (its source list completed for a note), the withheld report, and the template's names.

    ``sources``: "added" (the briefing's sources, then those the earlier
    edition's items cite), "cited" (only the sources the comparison cites) or
    "none" (the briefing's own; the earlier edition's items are not quoted).
    """
    cited_only = sources == "cited"
    shown_before = for_audience(previous, changes.audience)[0] if isinstance(previous, Briefing) else None
    before_sources = shown_before.sources if shown_before is not None else ()
    before_marking = changes.previous_marking
    # The chart is the later edition's history: the earlier one's history source is not cited.
    after_cited = _cited(_items(changes, "current"), current.assessment, chart=True)
    before_cited = _cited(_items(changes, "previous"), shown_before.assessment if shown_before is not None else None, chart=False)

    listed: list[Source] = [s for s in current.sources if not cited_only or s.id in after_cited]
    taken = {s.id: s for s in current.sources}
    placed: dict[str, str] = {}
    added: list[Source] = []
    for source in before_sources if sources != "none" else ():
        if source.id not in before_cited:
            continue
        if taken.get(source.id) == source:
            placed[source.id] = source.id
            if cited_only and source not in listed:
                listed.append(source)
            continue
        new_id = source.id
        while new_id in taken:
            new_id = f"{source.id[:58]}.{changes.previous_year}" if new_id == source.id else f"{new_id}x"
        placed[source.id] = new_id
        moved = attrs.evolve(source, id=new_id)
        taken[new_id] = moved
        added.append(moved)
        listed.append(moved)

    numbers_after = {s.id: n for n, s in enumerate(listed, start=1)}
    numbers_before = {old: numbers_after[new] for old, new in placed.items() if new in numbers_after}

    def level(source: Source, document: Marking) -> Marking:
        return source.marking or document

    shown_levels = [changes.marking]
    shown_levels += [level(s, before_marking) for s in added]
    counts = {k: v for k, v in withheld.counts.items() if not cited_only or k in _COMPARED_SECTIONS}
    for section, count in changes.previous_withheld.counts.items():
        if section in _COMPARED_SECTIONS and count:
            counts[f"{changes.previous_year} {section}"] = count
    if cited_only:
        shown_levels += [level(s, changes.current_marking) for s in listed if s.id in after_cited]
        banner = max(shown_levels)
    else:
        banner = max([withheld.marking, *shown_levels])
        if added:
            current = _with_sources(current, added, shown_before)
    report = Withheld(audience=withheld.audience, marking=banner, counts=counts)

    def cite_id(source_id: str | None) -> str:
        return f"[{numbers_after[source_id]}]" if source_id in numbers_after else ""

    def cite(item: Any) -> str:
        return cite_id(getattr(item, "source", None))

    def cite_previous(item: Any) -> str:
        source_id = getattr(item, "source", None)
        return f"[{numbers_before[source_id]}]" if source_id in numbers_before else ""

    def cite_both(earlier: Any, later: Any) -> list[str]:
        # One sentence citing both editions (the tier line): ascending, as a reader scans a source list; a source
        # both cite is cited once. A list: the template binds each mark to its word with a no-break space.
        numbers = {numbers_before.get(getattr(earlier, "source", None) or ""), numbers_after.get(getattr(later, "source", None) or "")}
        return [f"[{n}]" for n in sorted(n for n in numbers if n is not None)]

    names: dict[str, Any] = {
        "changes": changes,
        "cite_previous": cite_previous,
        "cite_both": cite_both,
        "sources": tuple(listed),
    }
    if cited_only:
        # The comparison's own numbering: its source list is not the briefing's.
        names["cite"] = cite
        names["cite_id"] = cite_id
    return current, report, names


def _items(changes: Changes, edition: str) -> list[Any]:
    items: list[Any] = []
    for lst in changes.lists:
        for change in (*lst.continued, *lst.new, *lst.no_longer_mentioned, *lst.unmatched_previous, *lst.unmatched_current):
            item = change.previous if edition == "previous" else change.current
            if item is not None:
                items.append(item)
    for pair in changes.statistics.pairs:
        items.append(pair.previous if edition == "previous" else pair.current)
    items.extend(changes.statistics.only_previous if edition == "previous" else changes.statistics.only_current)
    return items


def _cited(items: Iterable[Any], assessment: TIPAssessment | None, *, chart: bool) -> set[str]:
    """The sources the items cite, the assessment's own, and the tier history's when its chart is shown."""
    cited = {item.source for item in items if getattr(item, "source", None) is not None}
    if assessment is not None:
        cited.update(s for s in (assessment.source, assessment.tier_history_source if chart else None) if s is not None)
    return cited


def _with_sources(current: Briefing, added: list[Source], shown_before: Briefing | None) -> Briefing:
    """``current`` listing ``added`` after its own sources (and its translation the same ids, in its language)."""
    changed: dict[str, Any] = {"sources": (*current.sources, *added)}
    if current.translation is not None:
        language = current.translation.language
        second = shown_before.translation if shown_before is not None and shown_before.translation is not None else None
        own = {s.id: s for s in second.sources} if second is not None and second.language == language else {}
        originals = {s.id: s for s in shown_before.sources} if shown_before is not None else {}
        extra = []
        for source in added:
            # The earlier edition's translation of the same source, if it has one in that language.
            original_id = next((old for old, s in originals.items() if attrs.evolve(s, id=source.id) == source), None)
            match = own.get(original_id) if original_id is not None else None
            extra.append(attrs.evolve(match, id=source.id) if match is not None else source)
        changed["translation"] = attrs.evolve(current.translation, sources=(*current.translation.sources, *extra))
    return attrs.evolve(current, **changed)
