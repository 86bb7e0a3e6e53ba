"""
Notebook previews: ``_repr_html_`` for the model objects and the document.

The preview *is* the HTML writer. This module imports only the standard
library at import time (the model inherits :class:`_ReprHTML` from it); the
composer and the writer are imported when a notebook first asks for a preview.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .document import Block, Run, Runs
    from .model import Briefing, Event, Finding, Panel, Recommendation, TIPAssessment
    from .theme import Theme

__all__ = ["_ReprHTML", "repr_html"]


class _ReprHTML:
    """Mixin: Jupyter shows the object as the HTML writer renders it; ``repr()`` stays the attrs repr."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        return repr_html(self)


def repr_html(obj: object, theme: Theme | None = None) -> str:
    """The HTML preview of a briefing, a document, an assessment, a panel or an event."""
    from .document import Document
    from .errors import TipReportsError
    from .model import Briefing, Event, Panel, TIPAssessment
    from .render.html import fragment, write_html
    from .theme import DEFAULT_THEME

    theme = theme or DEFAULT_THEME
    try:
        match obj:
            case Briefing():
                return _briefing(obj, theme)
            case Document():
                html = write_html(obj, theme).data
                assert isinstance(html, str)
                return html
            case TIPAssessment():
                return fragment(_assessment(obj), theme, product="assessment")
            case Panel():
                return fragment(_panel(obj), theme, product="panel")
            case Event():
                return fragment(_event(obj), theme, product="event")
    except TipReportsError as err:
        # A notebook shows the reason in place of a traceback; the attrs repr is still print(obj).
        return _error(type(obj).__name__, str(err))
    return f"<pre>{escape(repr(obj))}</pre>"


def _error(kind: str, message: str) -> str:
    return (
        '<div class="tipreports-error" style="border:1px solid #962D2D;border-radius:4px;padding:0.5rem 0.8rem;'
        'background:#FFF5F5;color:#3A0D0D;font-family:sans-serif">'
        f"<strong>cannot preview this {escape(kind)}:</strong><pre style=\"white-space:pre-wrap;margin:0.3rem 0 0;"
        f'background:transparent;color:inherit">{escape(message)}</pre></div>'
    )


def _briefing(briefing: Briefing, theme: Theme) -> str:
    from .compose import compose
    from .render.html import fragment

    # The preview shows what tr.save would write by default: the briefing note for the document's marking.
    document = compose(briefing, "briefing-note", theme=theme)
    meta = " · ".join(x for x in (document.organisation, document.date_text) if x)
    return fragment(
        document.blocks,
        theme,
        title=document.title,
        subtitle=document.subtitle,
        meta=meta,
        marking=document.marking,
        footer=f"Preview of the briefing note; {document.withheld}.",
        product=document.product,
        language=document.metadata.language,
    )


# -- model objects as blocks --------------------------------------------------------------------


def _text(text: str, **style: Any) -> Runs:
    from .document import Run

    return (Run(text=text, **style),)


def _tagged(item: Finding | Recommendation) -> Runs:
    """An item's text, followed by its theme and its marking when it has one of its own."""
    from .document import Run

    runs: list[Run] = [Run(text=item.text)]
    notes = [x for x in (item.theme, item.marking.label if item.marking is not None else None) if x]
    if notes:
        runs.append(Run(text=" (" + "; ".join(notes) + ")", italic=True))
    return tuple(runs)


def _section(title: str, items: tuple[Finding, ...] | tuple[Recommendation, ...], numbered: bool = False) -> list[Block]:
    from .document import BulletList, Heading, NumberedList

    if not items:
        return []
    rows = tuple(_tagged(i) for i in items)
    return [Heading(level=2, runs=_text(title)), NumberedList(items=rows) if numbered else BulletList(items=rows)]


def _assessment(a: TIPAssessment) -> tuple[Block, ...]:
    from .compose import tier_history_alt
    from .document import Figure, Heading, Paragraph, Run, Table, TierChart

    blocks: list[Block] = [
        Heading(level=1, runs=_text(f"{a.country.name}: {a.tier} in the {a.report_year} TIP Report")),
        Paragraph(runs=_text(f"{a.tier} — {a.movement_badge}"), style="badge"),
        Paragraph(runs=_text(a.tier_sentence)),
    ]
    if a.summary:
        blocks.append(Paragraph(runs=_text(a.summary)))
    if a.history:
        chart = TierChart(history=a.history, highlight=a.report_year, country=a.country.name)
        alt = tier_history_alt(a.history, a.country.name, a.report_year)
        blocks.append(Figure(name="chart:tier-history", alt=alt, caption=None, chart=chart))
    blocks += _section("Progress", a.progress)
    blocks += _section("Concerns", a.concerns)
    blocks += _section("Prioritized recommendations", a.recommendations, numbered=True)
    if a.statistics:
        header = tuple(_text(h) for h in ("Metric", "Form", "Data year", "Value"))
        rows = tuple(
            (_text(s.metric), _text(str(s.form)), _text(str(s.data_year)), (Run(text=f"{s.value:,}"),))
            for s in a.statistics
        )
        blocks += [Heading(level=2, runs=_text("Statistics")), Table(header=header, rows=rows)]
    return tuple(blocks)


def _panel(p: Panel) -> tuple[Block, ...]:
    from .document import Heading, Paragraph

    blocks: list[Block] = [Heading(level=1, runs=_text(p.title))]
    if p.co_presenters:
        names = ", ".join(str(o) for o in p.co_presenters)
        blocks.append(Paragraph(runs=_text("Co-presented by " + names + "."), style="small"))
    if p.summary:
        blocks.append(Paragraph(runs=_text(p.summary)))
    blocks += _section("Strengths", p.strengths)
    blocks += _section("Challenges", p.challenges)
    blocks += _section("Recommendations", p.recommendations, numbered=True)
    return tuple(blocks)


def _event(e: Event) -> tuple[Block, ...]:
    from .document import Heading, KeyFact, KeyFacts, Paragraph

    facts: list[KeyFact] = []
    if e.date is not None:
        facts.append(KeyFact(label="Date", value=_text(e.date.isoformat())))
    if e.location:
        facts.append(KeyFact(label="Location", value=_text(e.location)))
    if e.convenor is not None:
        facts.append(KeyFact(label="Convenor", value=_text(str(e.convenor))))
    if e.collaborators:
        facts.append(KeyFact(label="Collaborators", value=_text(", ".join(str(o) for o in e.collaborators))))
    if e.supporters:
        facts.append(KeyFact(label="Supporters", value=_text(", ".join(str(o) for o in e.supporters))))
    if e.participants is not None:
        who = f"{e.participants}" + (f" from {e.agencies} agencies" if e.agencies is not None else "")
        facts.append(KeyFact(label="Participants", value=_text(who)))
    blocks: list[Block] = [Heading(level=1, runs=_text(e.name))]
    if facts:
        blocks.append(KeyFacts(items=tuple(facts)))
    for text in (e.description, e.focus):
        if text:
            blocks.append(Paragraph(runs=_text(text)))
    return tuple(blocks)
