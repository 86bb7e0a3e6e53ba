"""
The story's labels on the tier chart: a short label by the dot of each move that tells it, where it fits.

:func:`story_labels` places the moves a history's :meth:`~tipreports.model.TierHistory.story_moves`
chose, in their order of importance, clear of dots, the data line, other words,
other labels and the plot's edges: by the dot first (below a fall, above a
rise), then further off with a thin leader kept clear of the line. A label with
no clear place is dropped, never overlapped.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias, assert_never

from ..model.tier import Movement
from ..theme import Theme
from ._chart_marks import (
    WHITE,
    Dot,
    Line,
    Mark,
    Measure,
    Polygon,
    Rect,
    Text,
    anchor_offset,
    clamp,
    grounds,
    tier_colours,
)
from ._colour import legible, mix

if TYPE_CHECKING:
    from ..document import TierChart

__all__ = ["Plot", "story_labels"]
# --------------------------------------------------------------------------- the story's labels

#: The smallest type a story label is set in: below it the chart keeps its dots and drops the words.
_STORY_MIN_SIZE = 5.0
#: Labels drawn at most: three, and a fourth where it finds room.
_STORY_MOST = 4
#: A text box, in units of the type size: above the baseline (Thai marks included), below it, and the clear space round it.
_ASCENT, _DESCENT, _CLEAR = 0.82, 0.26, 0.18
#: The least distance, in units of the type size, between a leader and the data line (about 3 pt).
_LEADER_CLEAR = 0.4


@dataclass(frozen=True, slots=True)
class Plot:
    """Where story labels may go: inside the plot, clear of the row labels, the axis and what lies under it."""

    left: float
    top: float
    right: float
    bottom: float


_Box: TypeAlias = tuple[float, float, float, float]  # left, top, right, bottom
_Segment: TypeAlias = tuple[tuple[float, float], tuple[float, float]]


def _overlaps(a: _Box, b: _Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _crosses(segment: _Segment, box: _Box) -> bool:
    """Whether ``segment`` passes through ``box`` (Liang–Barsky clipping)."""
    (ax, ay), (bx, by) = segment
    if max(ax, bx) < box[0] or min(ax, bx) > box[2] or max(ay, by) < box[1] or min(ay, by) > box[3]:
        return False
    dx, dy = bx - ax, by - ay
    low, high = 0.0, 1.0
    for p, q in ((-dx, ax - box[0]), (dx, box[2] - ax), (-dy, ay - box[1]), (dy, box[3] - ay)):
        if p == 0:
            if q < 0:
                return False
        else:
            t = q / p
            if p < 0:
                low = max(low, t)
            else:
                high = min(high, t)
            if low > high:
                return False
    return True


@dataclass(frozen=True, slots=True)
class _Obstacles:
    """What a story label must keep clear of: boxes (dots, marks, words), lines, and the data line on its own."""

    boxes: list[_Box]
    segments: list[_Segment]
    #: The data line's segments: a leader keeps :data:`_LEADER_CLEAR` from them, not only off them.
    data: list[_Segment]


def _obstacles(marks: Iterable[Mark], plot: Plot, measure: Measure) -> _Obstacles:
    """What a story label must keep clear of: dots, marks, words, the data line and the guide (not the bands or the grid)."""
    found = _Obstacles(boxes=[], segments=[], data=[])
    for mark in marks:
        match mark:
            case Dot():
                r = mark.radius + mark.stroke_width / 2
                found.boxes.append((mark.x - r, mark.y - r, mark.x + r, mark.y + r))
            case Rect():
                # A band spans the plot: labels sit on it. A small square is a designation mark.
                if mark.width < (plot.right - plot.left) / 2:
                    found.boxes.append((mark.x, mark.y, mark.x + mark.width, mark.y + mark.height))
            case Polygon():
                xs, ys = [x for x, _ in mark.points], [y for _, y in mark.points]
                found.boxes.append((min(xs), min(ys), max(xs), max(ys)))
            case Text():
                # The row labels left of the plot and the years under it are out of reach: not measured.
                if mark.y - mark.size * _ASCENT > plot.bottom or (mark.anchor == "end" and mark.x <= plot.left):
                    continue
                left = mark.x - anchor_offset(mark, measure)
                right = left + measure(mark.text, mark.bold, mark.size)
                found.boxes.append((left, mark.y - mark.size * _ASCENT, right, mark.y + mark.size * _DESCENT))
            case Line():
                # A horizontal hairline of the grid may run under a label, as under the bands' tint.
                if mark.decoration and len({y for _, y in mark.points}) == 1:
                    continue
                pieces = list(itertools.pairwise(mark.points))
                found.segments.extend(pieces)
                if not mark.decoration:
                    found.data.extend(pieces)
            case _:
                assert_never(mark)
    return found


@dataclass(frozen=True, slots=True)
class _Spot:
    """A place for a story label: its text box, the leader to its dot (if any), and whether it is the best kind."""

    box: _Box
    leader: _Segment | None
    #: By the dot, no leader, centred nearer its own year than any other: an earlier label may give way for one.
    near: bool


def story_labels(
    chart: TierChart,
    marks: list[Mark],
    dots: dict[int, tuple[float, float]],
    plot: Plot,
    size: float,
    row_height: float,
    pitch: float,
    measure: Measure,
    theme: Theme,
) -> list[Mark]:
    """
    A label by the dot of each of the story's moves (``chart.labels.moves``), most important first.

    Each label tries the spots of :func:`_spots` in turn: first right by its dot
    on the side the line does not come from (below a fall, above a rise),
    centred on its year or leaning no further than half a year, so that it
    reads as that year's and not a neighbour's. When none is clear, an earlier
    label may move to another such spot of its own to make room; then come
    spots further off with a thin leader to the dot (never one running within
    :data:`_LEADER_CLEAR` of the data line, where it would read as part of it),
    and last spots beside the dot or leaning further. A spot must be clear of
    every dot, mark, word, line and leader, inside the plot, and an em from
    another label on its line (half an em above or below), or two labels read
    as one phrase. Every label has its near spots before any takes a leader
    (see :func:`_place`); when that leaves one out, each label in turn is
    tried too, and the order that places the more important labels wins, then
    the one with more labels by their dots. A label with no such spot is left out, so a small chart
    shows fewer labels and never a collision.
    """
    if size < _STORY_MIN_SIZE or not chart.labels.moves:
        return []
    found = _obstacles(marks, plot, measure)
    colours = tier_colours(theme)
    backgrounds = grounds(theme)
    clear = size * _CLEAR
    radius: dict[tuple[float, float], float] = {}  # the outermost circle at each dot: a waiver's ring round it
    for m in marks:
        if isinstance(m, Dot):
            radius[m.x, m.y] = max(radius.get((m.x, m.y), 0.0), m.radius + m.stroke_width / 2)
    moves = {m.year: m for m in chart.history.moves()}
    wanted: list[tuple[str, str, list[_Spot]]] = []
    for year, text in chart.labels.moves[:_STORY_MOST]:
        # A label for a year the history shows no move in (a hand-made chart) is not drawn: it would claim one.
        move = moves.get(year)
        if move is None or not text:
            continue
        x, y = dots[year]
        width = measure(text, False, size)
        spots = _spots(x, y, radius.get((x, y), 0.0), width, size, row_height, pitch, move.movement is Movement.UPGRADED)
        wanted.append((text, legible(colours[move.after], backgrounds, theme.ink), spots))

    def fits(spot: _Spot, others: Iterable[_Spot]) -> bool:
        return _fits(spot, others, found, plot, size, clear)

    chosen = _place([spots for _t, _f, spots in wanted], fits, near_first=True)
    if None in chosen:
        # The other order may place a more important label: then it wins, else the one with more labels by their dots.
        options = [chosen, _place([spots for _t, _f, spots in wanted], fits, near_first=False)]
        chosen = max(options, key=lambda spots: ([spot is not None for spot in spots], sum(bool(s and s.near) for s in spots)))
    out: list[Mark] = []
    for (text, fill, _spots_of), spot in zip(wanted, chosen, strict=True):
        if spot is None:
            continue
        if spot.leader is not None:
            out.append(Line(spot.leader, mix(theme.muted, WHITE, 0.35), 0.5, decoration=True))
        out.append(Text(spot.box[0], spot.box[1] + size * _ASCENT, text, size, False, "start", fill))
    return out


def _place(
    wanted: list[list[_Spot]], fits: Callable[[_Spot, Iterable[_Spot]], bool], *, near_first: bool
) -> list[_Spot | None]:
    """
    A spot (or None) for each label, given its spots best first, most important label first.

    Each label takes its first near spot that fits, or one made by moving an
    earlier label to another near spot of its own. Then, in the same order,
    the labels without one take their first other spot that fits: with
    ``near_first`` after every label has had its near spots (so that an
    earlier label's leader does not take a later one's place by its dot), else
    straight away.
    """
    chosen: list[_Spot | None] = [None] * len(wanted)

    def others(index: int) -> list[_Spot]:
        return [spot for i, spot in enumerate(chosen) if spot is not None and i != index]

    def far(index: int) -> _Spot | None:
        return next((s for s in wanted[index] if not s.near and fits(s, others(index))), None)

    for index, spots in enumerate(wanted):
        chosen[index] = next((s for s in spots if s.near and fits(s, others(index))), None)
        if chosen[index] is None:
            chosen[index] = _make_room(index, wanted, chosen, fits)
        if chosen[index] is None and not near_first:
            chosen[index] = far(index)
    for index in range(len(wanted)):
        if chosen[index] is None and near_first:
            chosen[index] = far(index)
    return chosen


def _make_room(
    index: int, wanted: list[list[_Spot]], chosen: list[_Spot | None], fits: Callable[[_Spot, Iterable[_Spot]], bool]
) -> _Spot | None:
    """
    A near spot for label ``index``, made by moving one earlier label to another near spot of its own.

    Only near spots are traded, each label keeping to its own year, so the
    earlier label loses nothing a reader sees; the first such pair wins.
    """
    near = [spot for spot in wanted[index] if spot.near]
    for other, current in enumerate(chosen):
        if current is None or not current.near or other == index:
            continue
        rest = [spot for i, spot in enumerate(chosen) if spot is not None and i not in (index, other)]
        for alternative in wanted[other]:
            if not alternative.near or alternative is current or not fits(alternative, rest):
                continue
            best = next((spot for spot in near if fits(spot, [*rest, alternative])), None)
            if best is not None:
                chosen[other] = alternative
                return best
    return None


def _spots(
    x: float, y: float, r: float, width: float, size: float, row_height: float, pitch: float, rise: bool
) -> list[_Spot]:
    """
    The spots for a label ``width`` wide by the dot at ``x, y`` (outer radius ``r``), best first.

    Near spots first: right above or below the dot (below a fall, above a
    rise: the side the line does not come from, then the other), centred on
    the year or shifted by a quarter or nine-twentieths of a year, so that the
    label's centre stays nearer its own year than a neighbour's. Then the same
    shifts further above or below, half a row at a time, with a leader. Last,
    beside the dot and leaning further (the label then reaches over a
    neighbour's year), near and with a leader.
    """
    height = size * (_ASCENT + _DESCENT)
    gap = size * 0.25
    sides = (-1, 1) if rise else (1, -1)  # -1: above the dot
    close = [0.0, 0.25 * pitch, -0.25 * pitch, 0.45 * pitch, -0.45 * pitch]  # the label's centre, right of the dot
    far = [o for o in ((0.35 * width, -0.35 * width)) if abs(o) >= pitch / 2]

    def at(side: int, offset: float, lead: float, near: bool) -> _Spot:
        left = x + offset - width / 2
        if side < 0:
            top = y - r - gap - lead - height
            stem: _Segment = ((x, top + height + gap * 0.5), (x, y - r - gap * 0.5))
        else:
            top = y + r + gap + lead
            stem = ((x, y + r + gap * 0.5), (x, top - gap * 0.5))
        return _Spot((left, top, left + width, top + height), stem if lead else None, near)

    leads = [row_height * 0.5 * step for step in range(1, 6)]
    spots = [at(side, offset, 0.0, True) for side in sides for offset in close]
    spots += [at(side, offset, lead, False) for lead in leads for side in sides for offset in close]
    for left in (x + r + gap * 1.5, x - r - gap * 1.5 - width):
        top = y - height / 2
        spots.append(_Spot((left, top, left + width, top + height), None, False))
    spots += [at(side, offset, 0.0, False) for side in sides for offset in far]
    spots += [at(side, offset, lead, False) for lead in leads for side in sides for offset in far]
    return spots


def _fits(spot: _Spot, labels: Iterable[_Spot], found: _Obstacles, plot: Plot, size: float, clear: float) -> bool:
    """Whether ``spot`` is inside the plot and clear of everything, of the data line by its leader, and apart from ``labels``."""
    box = spot.box
    if box[0] < plot.left or box[1] < plot.top or box[2] > plot.right or box[3] > plot.bottom:
        return False
    padded = (box[0] - clear, box[1] - clear, box[2] + clear, box[3] + clear)
    if any(_overlaps(padded, b) for b in found.boxes) or any(_crosses(s, padded) for s in found.segments):
        return False
    for other in labels:
        # An em between two labels on one line, half an em above or below: closer, they read as one phrase.
        if _overlaps((box[0] - size, box[1] - size / 2, box[2] + size, box[3] + size / 2), other.box):
            return False
        if other.leader is not None and _crosses(other.leader, padded):
            return False
    leader = spot.leader
    if leader is None:
        return True
    lane = _thin(leader, clear * 0.5)
    if any(_overlaps(lane, b) for b in found.boxes) or any(_crosses(s, lane) for s in found.segments):
        return False
    if any(_overlaps(lane, other.box) or (other.leader is not None and _crosses(other.leader, lane)) for other in labels):
        return False
    # A leader beside the data line reads as part of it: it keeps its distance from every segment.
    return all(_distance(leader, segment) >= size * _LEADER_CLEAR for segment in found.data)


def _thin(segment: _Segment, pad: float) -> _Box:
    """The box round a vertical leader, ``pad`` either side."""
    (ax, ay), (bx, by) = segment
    return (min(ax, bx) - pad, min(ay, by), max(ax, bx) + pad, max(ay, by))


def _to_segment(point: tuple[float, float], segment: _Segment) -> float:
    (px, py), ((ax, ay), (bx, by)) = point, segment
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else clamp(((px - ax) * dx + (py - ay) * dy) / length, 0.0, 1.0)
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def _distance(a: _Segment, b: _Segment) -> float:
    """The shortest distance between two segments (0 when they cross)."""
    (ax, ay), (bx, by) = a
    (cx, cy), (dx, dy) = b

    def side(px: float, py: float, qx: float, qy: float, rx: float, ry: float) -> float:
        return (qx - px) * (ry - py) - (qy - py) * (rx - px)

    d1, d2 = side(cx, cy, dx, dy, ax, ay), side(cx, cy, dx, dy, bx, by)
    d3, d4 = side(ax, ay, bx, by, cx, cy), side(ax, ay, bx, by, dx, dy)
    if ((d1 > 0) != (d2 > 0)) and ((d3 > 0) != (d4 > 0)) and d1 and d2 and d3 and d4:
        return 0.0
    return min(_to_segment(a[0], b), _to_segment(a[1], b), _to_segment(b[0], a), _to_segment(b[1], a))

