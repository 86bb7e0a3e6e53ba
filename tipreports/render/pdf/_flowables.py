"""
The writer's own flowables (headings with outline entries, boxes, columns, the chart) and stacking.

:func:`stack` wraps flowables one under another as a platypus frame does;
the one-pager and the boxes and columns measure with it and draw with
:func:`draw_stack`, so what is measured is what is drawn.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from ...document import TierChart
from ...theme import Theme
from .._chart import draw_chart

__all__ = [
    "BoxFlowable",
    "ChartFlowable",
    "ColumnsFlowable",
    "HeadingFlowable",
    "SymbolFlowable",
    "TierBadgeFlowable",
    "checking",
    "draw_stack",
    "stack",
]

_CHECK: contextvars.ContextVar[Callable[[Any], None] | None] = contextvars.ContextVar("tipreports_layout_check", default=None)


@contextlib.contextmanager
def checking(check: Callable[[Any], None]) -> Iterator[None]:
    """Call ``check(flowable)`` before and after :func:`stack` wraps each flowable, at any depth (boxes, columns)."""
    token = _CHECK.set(check)
    try:
        yield
    finally:
        _CHECK.reset(token)


def _spacing(flowable: Any) -> tuple[float, float]:
    return float(flowable.getSpaceBefore()), float(flowable.getSpaceAfter())


def stack(flowables: Sequence[Any], width: float) -> tuple[float, list[tuple[float, float]]]:
    """
    Wrap ``flowables`` one under another, as a platypus frame does (attached space overlaps).

    Returns the total height and each flowable's (top offset, height). The
    space before the first and after the last flowable is dropped.
    """
    y = 0.0
    placed: list[tuple[float, float]] = []
    previous_after: float | None = None
    check = _CHECK.get()
    for f in flowables:
        if check is not None:
            check(f)
        before, after = _spacing(f)
        if previous_after is not None:
            y += max(before, previous_after)
        _w, h = f.wrap(width, 1e9)
        if check is not None:
            check(f)  # the time a long paragraph takes is its own
        placed.append((y, float(h)))
        y += float(h)
        previous_after = after
    return y, placed


def draw_stack(
    canv: Any, flowables: Sequence[Any], placed: Sequence[tuple[float, float]], x: float, top: float
) -> None:
    """
    Draw flowables already wrapped by :func:`stack`, the top of the first at ``top``.

    The one place this writer draws body flowables itself: the one-pager's
    page, boxes and columns (platypus frames draw the paged note's).
    """
    for f, (offset, h) in zip(flowables, placed, strict=True):
        f.drawOn(canv, x, top - offset - h)


class HeadingFlowable(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """A heading paragraph that adds a bookmark and outline entry, with an optional rule above."""

    def __init__(
        self, para: Any, outline: str, level: int, key: str, style: ParagraphStyle, rule: Color | None
    ) -> None:
        super().__init__()
        self.para = para
        self.outline = outline
        self.level = level
        self.key = key
        self.rule = rule
        self.gap = style.fontSize * 0.45 if rule is not None else 0.0
        self.keepWithNext = 1
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        _w, h = self.para.wrap(available_width, available_height)
        self.width = available_width
        self.height = h + self.gap
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        if self.rule is not None:
            canv.saveState()
            canv.setStrokeColor(self.rule)
            canv.setLineWidth(0.9)
            canv.line(0, self.height, self.width, self.height)
            canv.restoreState()
        self.para.drawOn(canv, 0, 0)
        canv.bookmarkHorizontal(self.key, 0, self.height)
        canv.addOutlineEntry(self.outline, self.key, level=self.level, closed=False)


class BoxFlowable(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """
    Flowables in a tinted box with an accent bar on the left: callouts and the tier badge.

    A box taller than a whole frame gives up its box and flows on unboxed.
    """

    def __init__(self, content: list[Any], *, fill: Color | None, bar: Color, bar_width: float,
                 pad: float, space: float, frame_height: float | None) -> None:  # fmt: skip
        super().__init__()
        self.content = content
        self.fill = fill
        self.bar = bar
        self.bar_width = bar_width
        self.pad = pad
        self.spaceBefore = space
        self.spaceAfter = space
        self.frame_height = frame_height

    def _inner(self, width: float) -> float:
        return width - self.bar_width - 2 * self.pad

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        h, self._placed = stack(self.content, self._inner(available_width))
        self.width = available_width
        self.height = h + 2 * self.pad
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        if self.fill is not None:
            canv.setFillColor(self.fill)
            canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        canv.setFillColor(self.bar)
        canv.rect(0, 0, self.bar_width, self.height, stroke=0, fill=1)
        canv.restoreState()
        draw_stack(canv, self.content, self._placed, self.bar_width + self.pad, self.height - self.pad)

    def split(self, available_width: float, available_height: float) -> list[Any]:
        if self.frame_height is not None and self.height > self.frame_height:
            return list(self.content)
        return []


class ColumnsFlowable(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """
    Side-by-side columns of flowables with a hairline between them.

    Columns taller than a whole frame are stacked one after the other instead.
    """

    def __init__(self, columns: list[list[Any]], *, gutter: float, rule: Color,
                 space: float, frame_height: float | None) -> None:  # fmt: skip
        super().__init__()
        self.columns = columns
        self.gutter = gutter
        self.rule = rule
        self.spaceBefore = space
        self.spaceAfter = space
        self.frame_height = frame_height

    def column_width(self, width: float) -> float:
        n = max(1, len(self.columns))
        return (width - self.gutter * (n - 1)) / n

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        cw = self.column_width(available_width)
        self._layouts = [stack(column, cw) for column in self.columns]
        self.width = available_width
        self.height = max((h for h, _ in self._layouts), default=0.0)
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        cw = self.column_width(self.width)
        if len(self.columns) > 1 and self.height > 0:
            canv.saveState()
            canv.setStrokeColor(self.rule)
            canv.setLineWidth(0.5)
            for i in range(1, len(self.columns)):
                x = i * (cw + self.gutter) - self.gutter / 2
                canv.line(x, 0, x, self.height)
            canv.restoreState()
        for i, (column, (_h, placed)) in enumerate(zip(self.columns, self._layouts, strict=True)):
            draw_stack(canv, column, placed, i * (cw + self.gutter), self.height)

    def split(self, available_width: float, available_height: float) -> list[Any]:
        if self.frame_height is not None and self.height > self.frame_height:
            return [f for column in self.columns for f in column]
        return []


class ChartFlowable(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """
    The tier-history figure, as wide as its frame and of a fixed height, with space around it.

    The vector chart is painted only when the page is drawn (never in the
    one-pager's measuring passes); its layout is reused for the same chart, size and theme.
    """

    def __init__(
        self, chart: TierChart, width: float, height: float, theme: Theme, before: float, after: float,
        most: float | None = None,
    ) -> None:
        super().__init__()
        self.chart = chart
        self.width = width
        self.height = height
        self.theme = theme
        self.spaceBefore = before
        self.spaceAfter = after
        #: The tallest the chart may grow to fill a page's free room (the one-pager); its own height elsewhere.
        self.most = height if most is None else most

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return self.width, self.height

    def draw(self) -> None:
        draw_chart(
            self.canv, self.chart, width=round(self.width, 3), height=round(self.height, 3), theme=self.theme
        )


class SymbolFlowable(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """
    A paragraph led by a symbol drawn as a shape: ``▲`` up, ``▼`` down, ``■`` kept, ``+`` and ``-``.

    Noto Sans has none of the three; drawing them keeps the meaning in shape,
    not in colour alone. The paragraph is indented by the symbol's room.
    """

    def __init__(self, para: Any, symbol: str, size: float, colour: Color) -> None:
        super().__init__()
        self.para = para
        self.symbol = symbol
        self.size = size
        self.colour = colour
        self.spaceBefore = float(para.getSpaceBefore())
        self.spaceAfter = float(para.getSpaceAfter())

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        _w, h = self.para.wrap(available_width - self.size * 1.3, available_height)
        self.width, self.height = available_width, float(h)
        return self.width, self.height

    def draw(self) -> None:
        canv, s = self.canv, self.size
        side = s * 0.62
        # The middle of the first line's x-height.
        cy = self.height - s * 0.68
        canv.saveState()
        canv.setFillColor(self.colour)
        path = canv.beginPath()
        if self.symbol == "\u25b2":
            path.moveTo(0, cy - side * 0.45)
            path.lineTo(side, cy - side * 0.45)
            path.lineTo(side / 2, cy + side * 0.5)
        elif self.symbol == "\u25bc":
            path.moveTo(0, cy + side * 0.45)
            path.lineTo(side, cy + side * 0.45)
            path.lineTo(side / 2, cy - side * 0.5)
        elif self.symbol in "+-":
            # A plus or a minus: one shape for good news, another for bad (each bar filled on its own).
            bar = side * 0.26
            path.rect(0, cy - bar / 2, side, bar)
            if self.symbol == "+":
                canv.rect(side / 2 - bar / 2, cy - side / 2, bar, side, stroke=0, fill=1)
        else:
            side *= 0.85
            path.rect(0, cy - side / 2, side, side)
        path.close()
        canv.drawPath(path, stroke=0, fill=1)
        canv.restoreState()
        self.para.drawOn(canv, s * 1.3, 0)


class TierBadgeFlowable(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """
    The tier at a glance: a block in the tier's colour (the tier large, then its movement),
    a second block per designation beneath it, and the key messages beside them;
    ``under``: what fills the badge's column beneath the blocks (the panel's title and presenters).
    """

    def __init__(self, badge: list[Any], designations: list[Any], beside: list[Any], under: list[Any], *, fill: Color,
                 designation_fill: Color, badge_width: float, gutter: float, pad: float, space: float) -> None:  # fmt: skip
        super().__init__()
        self.badge = badge
        self.designations = designations
        self.beside = beside
        self.under = under
        self.gap = space
        self.fill = fill
        self.designation_fill = designation_fill
        self.badge_width = badge_width
        self.gutter = gutter
        self.pad = pad
        self.spaceBefore = space
        self.spaceAfter = space

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        inner = self.badge_width - 2 * self.pad
        self._badge_h, self._badge = stack(self.badge, inner)
        self._designation = [stack([d], inner) for d in self.designations]
        left = (
            self._badge_h
            + 2 * self.pad
            + sum(h + 2 * self.pad * 0.6 + self.pad * 0.5 for h, _ in self._designation)
        )
        self._under_h, self._under = stack(self.under, self.badge_width) if self.under else (0.0, [])
        if self.under:
            left += self.gap + self._under_h
        right_width = available_width - self.badge_width - self.gutter
        self._beside_h, self._beside = stack(self.beside, right_width) if self.beside else (0.0, [])
        self.width = available_width
        self.height = max(left, self._beside_h)
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        top = self.height
        box = self._badge_h + 2 * self.pad
        canv.saveState()
        canv.setFillColor(self.fill)
        canv.roundRect(0, top - box, self.badge_width, box, self.pad * 0.4, stroke=0, fill=1)
        canv.restoreState()
        draw_stack(canv, self.badge, self._badge, self.pad, top - self.pad)
        top -= box
        for flowable, (h, placed) in zip(self.designations, self._designation, strict=True):
            top -= self.pad * 0.5
            box = h + 2 * self.pad * 0.6
            canv.saveState()
            canv.setFillColor(self.designation_fill)
            canv.roundRect(0, top - box, self.badge_width, box, self.pad * 0.4, stroke=0, fill=1)
            canv.restoreState()
            draw_stack(canv, [flowable], placed, self.pad, top - self.pad * 0.6)
            top -= box
        if self.beside:
            draw_stack(canv, self.beside, self._beside, self.badge_width + self.gutter, self.height)
        if self.under:
            # After the key messages: a reader hears the tier, the messages, then who said them.
            draw_stack(canv, self.under, self._under, 0, top - self.gap)
