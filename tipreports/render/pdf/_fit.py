"""
The one-page policy: lay the page out at full size, shrink it in declared steps, or say what is too long.

Lay the page out at full size; if it does not fit, shrink type and spacing
together in steps of :data:`SHRINK_STEP` down to the floor
(:data:`MIN_SCALE`, and never below :data:`MIN_BODY_SIZE` pt body type); if it
still does not fit, raise :class:`~tipreports.errors.FitError` naming the
longest sections. The page is laid out here (one frame, measured and drawn
by the same code, the shrunk page being the full-size layout drawn through
``canvas.scale``), so a second page cannot happen. The room a page has left
is then given to the chart and to the gaps where sections start
(:func:`_fill`), so no empty band sits above the sources.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import HexColor

from ...document import Block, Document, Heading, SourceList
from ...errors import FitError
from ...theme import Theme
from .._base import Fit, Output
from .._fonts import FontSet
from ._build import Builder, Built, Clock, top_heading_level
from ._chrome import Chrome, PagedCanvas
from ._flowables import ChartFlowable, ColumnsFlowable, HeadingFlowable, checking, draw_stack, stack
from ._styles import Styles, styles_for

__all__ = ["MIN_BODY_SIZE", "MIN_SCALE", "SHRINK_STEP", "one_pager"]

#: The one-pager's body type at full size, as a fraction of ``theme.base_size`` (10.5 pt → 9 pt).
ONE_PAGER_BODY = 9.0 / 10.5
#: The smallest scale the one-pager may be shrunk to.
MIN_SCALE = 0.85
#: The smallest body type the one-pager may be shrunk to, in points.
MIN_BODY_SIZE = 7.5
#: The one-pager shrinks in steps of this much of full size.
SHRINK_STEP = 0.025

_FUZZ = 1e-6
#: The most a gap between blocks is widened to fill a short page, in body sizes.
MOST_GAP = 2.5
_HEIGHT_EXPONENT = 1.7


def _full_body(theme: Theme) -> float:
    return theme.base_size * ONE_PAGER_BODY


def _scales(theme: Theme) -> list[float]:
    """The declared shrink levels, largest first: 1.0, 0.975, ... down to the floor."""
    floor = max(MIN_SCALE, min(1.0, MIN_BODY_SIZE / _full_body(theme)))
    levels = [1.0]
    while levels[-1] - SHRINK_STEP > floor + _FUZZ:
        levels.append(round(levels[-1] - SHRINK_STEP, 6))
    if levels[-1] > floor + _FUZZ:
        levels.append(floor)
    return levels


@dataclass
class _Pass:
    """The one-pager's blocks laid out at one scale: in layout units, which the page scales by ``scale``."""

    scale: float
    width: float
    frame_height: float
    height: float
    placed: list[tuple[float, float]]

    @property
    def fits(self) -> bool:
        return self.height <= self.frame_height + _FUZZ


def one_pager(document: Document, theme: Theme, fonts: FontSet, chrome: Chrome) -> Output:
    """
    Lay the blocks out once at full size; shrink by scaling the page, never by rebuilding it.

    Type, spacing, rules and the chart all scale together, so the layout at
    scale ``s`` is the full-size layout in a frame ``1/s`` times as large,
    drawn through ``canvas.scale(s)``. A measuring pass only re-breaks lines.
    """
    width = chrome.first_frame()[2]
    styles = styles_for(theme, fonts, _full_body(theme), dense=True)
    builder = Builder(styles=styles, one_page=True, frame_height=None, top_heading=top_heading_level(document.blocks))
    built = builder.build(document.blocks, width)
    with checking(Clock.of(document.product, built, builder).check):
        return _fit(document, theme, chrome, styles, builder, built)


def _fit(document: Document, theme: Theme, chrome: Chrome, styles: Styles, builder: Builder, built: Built) -> Output:
    x, y, width, height = chrome.first_frame()
    levels = _scales(theme)
    passes: dict[int, _Pass] = {}
    wrapped_at: list[int] = []

    def measure(i: int, *, again: bool = False) -> _Pass:
        if again or i not in passes:
            scale = levels[i]
            total, placed = stack(built.flowables, width / scale)
            passes[i] = _Pass(scale, width / scale, height / scale, total, placed)
            wrapped_at.append(i)
        return passes[i]

    def fits(i: int) -> bool:
        return measure(i).fits

    chosen: int | None = 0 if fits(0) else None
    if chosen is None:
        last = len(levels) - 1
        # Height goes with about the 1.7th power of the scale (fewer, shorter lines):
        # the guess saves passes, the walk makes the choice exact.
        guess = (height / measure(0).height) ** (1 / _HEIGHT_EXPONENT)
        i = min(range(1, last + 1), key=lambda k: abs(levels[k] - guess))
        if fits(i):
            while i > 1 and fits(i - 1):
                i -= 1
            chosen = i
        else:
            while i < last and not fits(i + 1):
                i += 1
            chosen = i + 1 if i < last else None
    if chosen is None:
        floor = len(levels) - 1
        raise _fit_error(measure(floor, again=wrapped_at[-1] != floor), built, builder)
    # Flowables keep the line breaks of their latest wrap: draw from the chosen one.
    result = _fill(measure(chosen, again=wrapped_at[-1] != chosen), built, document.blocks, styles)
    buffer = io.BytesIO()
    canv = PagedCanvas(buffer, pagesize=(chrome.page_width, chrome.page_height), chrome=chrome)
    chrome.first_header(canv)
    canv.saveState()
    canv.translate(x, y + height)
    canv.scale(result.scale, result.scale)
    _draw_one_page(canv, result, built, document.blocks, styles)
    canv.restoreState()
    canv.showPage()
    canv.save()
    assert canv.pages == 1
    fit = Fit(
        policy="as-is" if chosen == 0 else "shrunk",
        scale=result.scale,
        body_size=round(styles.body_size * result.scale, 3),
    )
    return Output(data=buffer.getvalue(), pages=1, fit=fit)


def _fill(result: _Pass, built: Built, blocks: Sequence[Block], s: Styles) -> _Pass:
    """
    Share the page's free room out, so that no empty band is left above the sources.

    The chart takes it first, up to its tallest (its height changes no line
    break: the blocks under it only move down); what is left widens the gaps
    where sections start above the sources, by at most :data:`MOST_GAP` body
    sizes each, so a short page looks set rather than cut off.
    """
    room = result.frame_height - result.height
    if room <= _FUZZ:
        return result
    flowables = built.flowables
    grow = [0.0] * len(flowables)
    charts = [i for i, f in enumerate(flowables) if isinstance(f, ChartFlowable)]
    if charts:
        chart = flowables[charts[0]]
        grow[charts[0]] = min(room, max(0.0, chart.most - chart.height))
        chart.height += grow[charts[0]]
        room -= grow[charts[0]]
    body = len(flowables) - _tail(blocks, flowables)
    # Only where a section starts: list items and paragraphs keep their spacing.
    gaps = [k for k in range(1, body) if isinstance(flowables[k], (HeadingFlowable, ColumnsFlowable))]
    widen = min(room / len(gaps), s.body_size * MOST_GAP) if room > _FUZZ and gaps else 0.0
    moved, placed = 0.0, []
    for k, (offset, h) in enumerate(result.placed):
        if k in gaps:
            moved += widen
        placed.append((offset + moved, h + grow[k]))
        moved += grow[k]
    return _Pass(result.scale, result.width, result.frame_height, result.height + moved, placed)


def _tail(blocks: Sequence[Block], flowables: Sequence[Any]) -> int:
    """How many of the last flowables are the sources (and their heading), which sit at the frame's foot."""
    tail = 0
    if blocks and isinstance(blocks[-1], SourceList):
        tail = len(blocks[-1].items)
        if len(blocks) > 1 and isinstance(blocks[-2], Heading):
            tail += 1
    return tail if 0 < tail < len(flowables) else 0


def _draw_one_page(canv: Any, result: _Pass, built: Built, blocks: Sequence[Block], s: Styles) -> None:
    """Draw in layout units from the frame's top (y = 0); trailing sources sit at its foot."""
    flowables, placed = built.flowables, result.placed
    tail = _tail(blocks, flowables)
    if not tail:
        draw_stack(canv, flowables, placed, 0, 0)
        return
    draw_stack(canv, flowables[:-tail], placed[:-tail], 0, 0)
    # The foot keeps its own spacing; only its offset from the frame's top changes.
    first = placed[-tail][0]
    foot = [(offset - first, h) for offset, h in placed[-tail:]]
    foot_top = -result.frame_height + foot[-1][0] + foot[-1][1]
    draw_stack(canv, flowables[-tail:], foot, 0, foot_top)
    if not isinstance(blocks[-2] if len(blocks) > 1 else None, Heading):
        # Without a heading of their own, a hairline sets the sources apart.
        rule_y = foot_top + s.body_size * 0.7
        canv.saveState()
        canv.setStrokeColor(HexColor(s.theme.rule))
        canv.setLineWidth(0.5)
        canv.line(0, rule_y, result.width, rule_y)
        canv.restoreState()


def _fit_error(floor: _Pass, built: Built, builder: Builder) -> FitError:
    """What is too long, by how much, named by section (and its longest subsection)."""
    sections: dict[str, float] = {}
    subsections: dict[tuple[str, str], float] = {}

    def add(label: tuple[str, str | None], height: float) -> None:
        sections[label[0]] = sections.get(label[0], 0.0) + height
        if label[1] is not None:
            key = (label[0], label[1])
            subsections[key] = subsections.get(key, 0.0) + height

    for f, label, (_o, h) in zip(built.flowables, built.sections, floor.placed, strict=True):
        column_labels = builder.column_sections.get(id(f))
        if column_labels is None:
            add(label, h)
            continue
        for labels, (_ch, column_placed) in zip(column_labels, f._layouts, strict=True):
            for child_label, (_co, child_h) in zip(labels, column_placed, strict=True):
                add(child_label, child_h)
    page = floor.frame_height
    parts = []
    for name, height in sorted(sections.items(), key=lambda kv: -kv[1])[:3]:
        part = f"{_short(name)!r} {height / page:.0%} of the page"
        subs = sorted(((k[1], v) for k, v in subsections.items() if k[0] == name), key=lambda kv: -kv[1])
        if subs:
            part += f" (of which {_short(subs[0][0])!r} {subs[0][1] / page:.0%})"
        parts.append(part)
    size = builder.styles.body_size * floor.scale
    return FitError(
        f"the one-pager needs {floor.height / page:.2f} pages at the smallest allowed size "
        f"({size:.2g} pt body type, {floor.scale:.0%} scale); longest sections: {'; '.join(parts)}. "
        "Shorten them, or move detail to the briefing note"
    )


def _short(label: str, limit: int = 60) -> str:
    label = " ".join(label.split())
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"
