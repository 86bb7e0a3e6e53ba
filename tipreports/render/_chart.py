"""
The tier-history figure: one layout, three backends.

:func:`_layout` computes every mark of the chart (bands, grid, line, dots,
labels) in points with the origin at the top left. The backends only
translate those marks: :func:`draw_chart` onto a ReportLab canvas
(vector, for the PDF), :func:`chart_png` into PNG bytes drawn with Pillow (for
the DOCX) and :func:`chart_svg` into inline SVG (for the HTML preview).

Years run along the x axis from the first TIP Report (2001) to the latest year
shown; the four tiers run down the y axis, best at the top. Watch List and
Tier 3 rows carry a light tinted band, dots are coloured by tier, consecutive
years are joined by a line that breaks at gaps, Special Case years are hollow
markers on a row of their own (only when there are any), and the highlighted
year gets a larger dot and a bold axis label. A year under a waiver of the
downgrade to Tier 3 gets a ring round its dot, a year on a designation list
(state-sponsored trafficking, the CSPA list) a mark above it, and a legend
under the axis names them. The moves that tell the story (``labels.moves``,
from :meth:`~tipreports.model.TierHistory.story_moves`) get a short label by
their dot where it fits clear of everything else; where none fits, none is drawn.

Every word comes from the chart's :class:`~tipreports.document.ChartLabels`
(the document's phrasebook). Thai is drawn in Noto Sans Thai, script run by
script run, without shaping: the labels a phrasebook gives the chart avoid a
tone mark over an upper vowel, the one case that would need it.
"""

from __future__ import annotations

import functools
import io
import itertools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, assert_never

from ..model.tier import FIRST_REPORT_YEAR, Designation, Movement, Tier
from ..theme import Theme
from ._colour import legible, mix
from ._fonts import (
    FONT_BOLD,
    FONT_REGULAR,
    THAI_BOLD,
    THAI_REGULAR,
    font_path,
    register_fonts,
    register_thai_fonts,
)
from ._script import has_thai, script_runs

if TYPE_CHECKING:
    from PIL import Image, ImageDraw, ImageFont

    from ..document import TierChart

__all__ = ["TIER_3_COLOUR", "chart_png", "chart_svg", "draw_chart", "tier_colours"]

#: Row labels, top to bottom; the Special Case row is added only when needed.
_ROWS = (Tier.TIER_1, Tier.TIER_2, Tier.TIER_2_WATCH_LIST, Tier.TIER_3)

# Fixed, restrained warning colours: the theme's accent carries Tiers 1 and 2.
_WATCH_LIST = "#B7822E"
_TIER_3 = "#962D2D"
#: The colour of Tier 3 (and of the designation badge on the one-pager).
TIER_3_COLOUR = _TIER_3
_WHITE = "#FFFFFF"


Measure: TypeAlias = Callable[[str, bool, float], float]
"""Width in points of ``text`` set in bold or regular at ``size`` points."""


def _font_name(thai: bool, bold: bool) -> str:
    if thai:
        return THAI_BOLD if bold else THAI_REGULAR
    return FONT_BOLD if bold else FONT_REGULAR


def _measure_reportlab(text: str, bold: bool, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics

    if has_thai(text):
        register_thai_fonts()
    return sum(float(pdfmetrics.stringWidth(piece, _font_name(thai, bold), size)) for thai, piece in script_runs(text))


@functools.cache
def _pil_font(bold: bool, size: float, thai: bool = False) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    # BASIC layout: no dependency on libraqm, so the same pixels on every install.
    return ImageFont.truetype(str(font_path(_font_name(thai, bold))), size, layout_engine=ImageFont.Layout.BASIC)


def _measure_pillow(text: str, bold: bool, size: float) -> float:
    return _width_1000(text, bold) * size / 1000.0


# The same words are measured again and again: for the layout, the story labels' room and the anchors.
@functools.lru_cache(maxsize=4096)
def _width_1000(text: str, bold: bool) -> float:
    # Measured at a large size: unhinted advances, equal to ReportLab's widths.
    return sum(float(_pil_font(bold, 1000.0, thai).getlength(piece)) for thai, piece in script_runs(text))


# --------------------------------------------------------------------------- marks

Anchor: TypeAlias = Literal["start", "middle", "end"]


@dataclass(frozen=True, slots=True)
class _Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str


@dataclass(frozen=True, slots=True)
class _Line:
    points: tuple[tuple[float, float], ...]
    stroke: str
    width: float
    #: A grid line, axis, tick or guide: layout, not data (an artifact in a tagged PDF).
    decoration: bool = False


@dataclass(frozen=True, slots=True)
class _Dot:
    x: float
    y: float
    radius: float
    fill: str
    stroke: str
    stroke_width: float


@dataclass(frozen=True, slots=True)
class _Text:
    x: float
    y: float  # baseline
    text: str
    size: float
    bold: bool
    anchor: Anchor
    fill: str


@dataclass(frozen=True, slots=True)
class _Polygon:
    points: tuple[tuple[float, float], ...]
    fill: str


_Mark: TypeAlias = _Rect | _Line | _Dot | _Text | _Polygon


@dataclass(frozen=True, slots=True)
class _Layout:
    width: float
    height: float
    marks: tuple[_Mark, ...]


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def tier_colours(theme: Theme) -> dict[Tier, str]:
    """Each tier's colour in the chart (and on the one-pager's badge)."""
    return {
        Tier.TIER_1: mix(theme.accent, theme.ink, 0.25),
        Tier.TIER_2: mix(theme.accent, _WHITE, 0.25),
        Tier.TIER_2_WATCH_LIST: _WATCH_LIST,
        Tier.TIER_3: _TIER_3,
        Tier.SPECIAL_CASE: theme.muted,
    }


def _year_labels(
    years: range, centre: Callable[[int], float], width: Callable[[int], float], highlight: int | None
) -> list[int]:
    """
    The years that get a label: every year when they fit, else every 2nd, 5th or 10th.

    The highlighted, last and first years always win a place; a regular label
    that would touch one of them is dropped.
    """
    pitch = centre(years[0] + 1) - centre(years[0]) if len(years) > 1 else math.inf
    room = max(width(y) for y in years) * 1.35
    step = next((s for s in (1, 2, 5, 10) if s * pitch >= room), 20)
    if step <= 2:
        regular = [y for y in years if (y - years[0]) % step == 0]
    else:
        regular = [y for y in years if y % step == 0]
    wanted = [y for y in (highlight, years[-1], years[0]) if y is not None and y in years]
    chosen: list[int] = []
    gap = room - max(width(y) for y in years)
    for year in [*wanted, *regular]:
        if year in chosen:
            continue
        left, right = centre(year) - width(year) / 2, centre(year) + width(year) / 2
        if all(
            right + gap <= centre(c) - width(c) / 2 or left - gap >= centre(c) + width(c) / 2 for c in chosen
        ):
            chosen.append(year)
    return sorted(chosen)


def _layout(chart: TierChart, width: float, height: float, theme: Theme, measure: Measure) -> _Layout:
    """Every mark of the chart, in points, origin at the top left, in paint order."""
    if not (width > 0 and height > 0 and math.isfinite(width) and math.isfinite(height)):
        raise ValueError(f"chart size must be positive, got {width!r} x {height!r}")
    placements = chart.history.placements
    labels = chart.labels
    shown = [p.year for p in placements] + ([chart.highlight] if chart.highlight is not None else [])
    years = range(FIRST_REPORT_YEAR, max([*shown, FIRST_REPORT_YEAR]) + 1)
    special = any(p.tier is Tier.SPECIAL_CASE for p in placements)
    rows = (*_ROWS, Tier.SPECIAL_CASE) if special else _ROWS
    colours = tier_colours(theme)

    # Type: 6.5 pt on the one-pager (~240 pt wide), 8 pt from ~450 pt (the DOCX).
    size = _clamp(6.5 + (width - 240) / 210 * 1.5, 6.5, 8.0)
    size = min(size, height / 11)
    year_text = {y: labels.year(y) for y in years}
    year_width = {y: measure(year_text[y], y == chart.highlight, size) for y in years}

    label_width = max(measure(labels.tier(t), False, size) for t in rows)
    x0 = label_width + size * 0.9
    right = max(year_width.values()) / 2
    pitch = (width - x0 - right) / len(years)
    right = max(1.0, right - pitch / 2 + size * 0.15)
    pitch = max((width - x0 - right) / len(years), 0.1)
    x1 = x0 + pitch * len(years)

    legend = _legend(chart, width, size, measure, label_width + size * 0.9)
    top = 1.0
    axis = height - (size * 1.0 + size * 0.75) - legend.height  # room for ticks, one line of year labels, the legend
    sc_gap = 0.4
    row_height = (axis - top) / (len(_ROWS) + (1 + sc_gap if special else 0))
    row_top = {t: top + i * row_height for i, t in enumerate(_ROWS)}
    if special:
        row_top[Tier.SPECIAL_CASE] = top + (len(_ROWS) + sc_gap) * row_height

    def cx(year: int) -> float:
        return x0 + (year - years[0] + 0.5) * pitch

    def cy(tier: Tier) -> float:
        return row_top[tier] + row_height / 2

    radius = _clamp(min(pitch * 0.33, row_height * 0.28), 1.2, 3.4)
    line_width = _clamp(radius * 0.32, 0.6, 1.0)
    hair = 0.5
    grid = mix(theme.rule, _WHITE, 0.25)

    marks: list[_Mark] = []
    # Bands for the two warning rows; hairlines for the others.
    for tier in rows:
        if tier in (Tier.TIER_2_WATCH_LIST, Tier.TIER_3):
            inset = hair / 2
            marks.append(_Rect(x0, row_top[tier] + inset, x1 - x0, row_height - 2 * inset, _band(colours, tier)))
        else:
            marks.append(_Line(((x0, cy(tier)), (x1, cy(tier))), grid, hair, decoration=True))

    # Secondary words in the theme's muted colour, darkened only for a theme whose muted is too pale to read.
    grounds = _grounds(theme)
    muted = legible(theme.muted, grounds, theme.ink)

    # Axis, a tick for every year, a label for some.
    tick_colour = mix(theme.muted, _WHITE, 0.35)
    marks.append(_Line(((x0, axis), (x1, axis)), tick_colour, hair, decoration=True))
    labelled = _year_labels(years, cx, year_width.__getitem__, chart.highlight)
    for year in years:
        long = year in labelled
        marks.append(
            _Line(((cx(year), axis), (cx(year), axis + size * (0.45 if long else 0.25))), tick_colour, hair, decoration=True)
        )
    baseline = axis + size * 0.45 + size * 0.95
    for year in labelled:
        bold = year == chart.highlight
        marks.append(
            _Text(cx(year), baseline, year_text[year], size, bold, "middle", theme.ink if bold else muted)
        )

    # Row labels, coloured like their dots for the warning rows, darkened where that is too pale to read
    # (the Watch List's ochre is 3.4:1 on white): every word of the chart meets WCAG AA (4.5:1) on the page and the bands.
    for tier in rows:
        fill = legible(colours[tier], grounds, theme.ink) if tier in (Tier.TIER_2_WATCH_LIST, Tier.TIER_3) else muted
        marks.append(_Text(x0 - size * 0.6, cy(tier) + size * 0.35, labels.tier(tier), size, False, "end", fill))

    # The highlighted year: a guide from its dot down to its bold label.
    chosen = chart.history.get(chart.highlight) if chart.highlight is not None else None
    if chosen is not None:
        guide = ((cx(chosen.year), cy(chosen.tier)), (cx(chosen.year), axis))
        marks.append(_Line(guide, theme.rule, hair, decoration=True))

    # The line joins consecutive ranked years and breaks at gaps and Special Case years.
    line_colour = mix(theme.muted, _WHITE, 0.45)
    run: list[tuple[float, float]] = []
    previous: int | None = None
    for p in placements:
        if p.tier is Tier.SPECIAL_CASE or previous is None or p.year != previous + 1:
            if len(run) > 1:
                marks.append(_Line(tuple(run), line_colour, line_width))
            run = []
        if p.tier is not Tier.SPECIAL_CASE:
            run.append((cx(p.year), cy(p.tier)))
        previous = p.year
    if len(run) > 1:
        marks.append(_Line(tuple(run), line_colour, line_width))

    # Dots last, the highlighted one on top; a waiver year inside a ring of its tier's colour.
    ring = _clamp(radius * 0.25, 0.35, 0.7)
    for p in sorted(placements, key=lambda p: p.year == chart.highlight):
        r = radius * 1.6 if p.year == chart.highlight else radius
        if p.waiver:
            marks.append(_Dot(cx(p.year), cy(p.tier), r + radius * 0.75, _WHITE, colours[p.tier], line_width))
        if p.tier is Tier.SPECIAL_CASE:
            marks.append(_Dot(cx(p.year), cy(p.tier), r, _WHITE, colours[p.tier], line_width * 1.1))
        else:
            marks.append(
                _Dot(cx(p.year), cy(p.tier), r, colours[p.tier], _WHITE, ring * (1.4 if r > radius else 1))
            )
        # Designations: a mark above the dot, one per list, side by side.
        listed = [d for d in Designation if d in p.designations]
        for index, designation in enumerate(listed):
            x = cx(p.year) + (index - (len(listed) - 1) / 2) * radius * 2.2
            y = cy(p.tier) - r - radius * 0.6 - radius
            marks.append(_designation_mark(designation, x, y, radius, theme.ink))

    # The story: a short label by the dot of each move that tells it, where there is room.
    dots = {p.year: (cx(p.year), cy(p.tier)) for p in placements if p.tier is not Tier.SPECIAL_CASE}
    marks += _story_labels(
        chart, marks, dots, _Plot(left=x0, top=0.0, right=width, bottom=axis - hair), size, row_height, pitch, measure, theme
    )

    # The legend: what the rings and marks mean, in the document's words, under the year labels.
    key = size * 0.3  # the legend's dot radius: its symbols are drawn to the type's scale
    y = height - legend.height + _LEGEND_TOP * size + size
    for line in legend.lines:
        x = x0
        for entry in line:
            middle = y - size * 0.35
            if entry.designation is None:
                marks.append(_Dot(x + key * 1.75, middle, key * 1.75, _WHITE, theme.muted, line_width))
                marks.append(_Dot(x + key * 1.75, middle, key, theme.muted, _WHITE, ring))
            else:
                marks.append(_designation_mark(entry.designation, x + key * 1.75, middle, key * 1.2, theme.ink))
            marks.append(_Text(x + size * _LEGEND_SYMBOL, y, entry.text, size, False, "start", muted))
            x += entry.width
        y += size * _LEGEND_LINE

    return _Layout(width, height, tuple(marks))


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
class _Plot:
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


def _obstacles(marks: Iterable[_Mark], plot: _Plot, measure: Measure) -> _Obstacles:
    """What a story label must keep clear of: dots, marks, words, the data line and the guide (not the bands or the grid)."""
    found = _Obstacles(boxes=[], segments=[], data=[])
    for mark in marks:
        match mark:
            case _Dot():
                r = mark.radius + mark.stroke_width / 2
                found.boxes.append((mark.x - r, mark.y - r, mark.x + r, mark.y + r))
            case _Rect():
                # A band spans the plot: labels sit on it. A small square is a designation mark.
                if mark.width < (plot.right - plot.left) / 2:
                    found.boxes.append((mark.x, mark.y, mark.x + mark.width, mark.y + mark.height))
            case _Polygon():
                xs, ys = [x for x, _ in mark.points], [y for _, y in mark.points]
                found.boxes.append((min(xs), min(ys), max(xs), max(ys)))
            case _Text():
                # The row labels left of the plot and the years under it are out of reach: not measured.
                if mark.y - mark.size * _ASCENT > plot.bottom or (mark.anchor == "end" and mark.x <= plot.left):
                    continue
                left = mark.x - _anchor_offset(mark, measure)
                right = left + measure(mark.text, mark.bold, mark.size)
                found.boxes.append((left, mark.y - mark.size * _ASCENT, right, mark.y + mark.size * _DESCENT))
            case _Line():
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


def _story_labels(
    chart: TierChart,
    marks: list[_Mark],
    dots: dict[int, tuple[float, float]],
    plot: _Plot,
    size: float,
    row_height: float,
    pitch: float,
    measure: Measure,
    theme: Theme,
) -> list[_Mark]:
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
    backgrounds = _grounds(theme)
    clear = size * _CLEAR
    radius: dict[tuple[float, float], float] = {}  # the outermost circle at each dot: a waiver's ring round it
    for m in marks:
        if isinstance(m, _Dot):
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
    out: list[_Mark] = []
    for (text, fill, _spots_of), spot in zip(wanted, chosen, strict=True):
        if spot is None:
            continue
        if spot.leader is not None:
            out.append(_Line(spot.leader, mix(theme.muted, _WHITE, 0.35), 0.5, decoration=True))
        out.append(_Text(spot.box[0], spot.box[1] + size * _ASCENT, text, size, False, "start", fill))
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


def _fits(spot: _Spot, labels: Iterable[_Spot], found: _Obstacles, plot: _Plot, size: float, clear: float) -> bool:
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
    t = 0.0 if length == 0 else _clamp(((px - ax) * dx + (py - ay) * dy) / length, 0.0, 1.0)
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


def _grounds(theme: Theme) -> tuple[str, ...]:
    """What the chart's words may sit on: the page and the two warning bands."""
    colours = tier_colours(theme)
    return (_WHITE, *(_band(colours, t) for t in (Tier.TIER_2_WATCH_LIST, Tier.TIER_3)))


def _band(colours: dict[Tier, str], tier: Tier) -> str:
    """The tint of a warning row's band."""
    return mix(colours[tier], _WHITE, 0.88 if tier is Tier.TIER_2_WATCH_LIST else 0.9)


def _designation_mark(designation: Designation, x: float, y: float, radius: float, fill: str) -> _Mark:
    """State-sponsored trafficking: a triangle pointing down at the dot; the CSPA list: a square."""
    half = radius * 0.95
    if designation is Designation.STATE_SPONSORED_TRAFFICKING:
        return _Polygon(((x - half, y - half), (x + half, y - half), (x, y + half)), fill)
    return _Rect(x - half * 0.8, y - half * 0.8, half * 1.6, half * 1.6, fill)


@dataclass(frozen=True, slots=True)
class _Entry:
    text: str
    designation: Designation | None  # None: the waiver ring
    width: float


@dataclass(frozen=True, slots=True)
class _Legend:
    lines: tuple[tuple[_Entry, ...], ...]
    height: float


#: The legend, in units of the type size: space above it, one line, a symbol with its gap, the gap between entries.
_LEGEND_TOP = 0.55
_LEGEND_LINE = 1.35
_LEGEND_SYMBOL = 1.3
_LEGEND_GAP = 1.2


def _legend(chart: TierChart, width: float, size: float, measure: Measure, start: float) -> _Legend:
    """The legend's entries, wrapped to the plot's width from ``start``: only for what the chart shows, only when it has words."""
    history, labels = chart.history, chart.labels
    wanted: list[tuple[str, Designation | None]] = []
    if labels.waiver and history.waiver_years():
        wanted.append((labels.waiver, None))
    for designation in Designation:
        text = labels.designation(designation)
        if text and history.designation_years(designation):
            wanted.append((text, designation))
    if not wanted:
        return _Legend(lines=(), height=0.0)
    lines: list[list[_Entry]] = [[]]
    used = 0.0
    room = width - start
    for text, listed in wanted:
        entry_width = size * _LEGEND_SYMBOL + measure(text, False, size) + size * _LEGEND_GAP
        if lines[-1] and used + entry_width - size * _LEGEND_GAP > room:
            lines.append([])
            used = 0.0
        lines[-1].append(_Entry(text, listed, entry_width))
        used += entry_width
    return _Legend(lines=tuple(tuple(line) for line in lines), height=size * (_LEGEND_TOP + _LEGEND_LINE * len(lines)))


# --------------------------------------------------------------------------- ReportLab


def draw_chart(canvas: Any, chart: TierChart, *, width: float, height: float, theme: Theme) -> None:
    """
    Paint the tier-history figure as vector graphics on a ReportLab canvas, ``width`` x ``height``
    points with its lower-left corner at the canvas origin (translate first to place it).

    The marks go straight to the canvas: a ``Drawing`` would validate and dispatch
    every shape on each page, several times the cost for the same PDF operators.
    On a tagged canvas (one with a ``tags`` layer) bands, grid lines, axis and
    ticks are layout artifacts; the labels, line and dots are the figure's content.
    """
    register_fonts()
    if any(has_thai(text) for text in chart.labels.texts()):
        register_thai_fonts()
    layout = _canvas_layout(chart, width, height, theme)
    layer: Any = getattr(canvas, "tags", None)
    decorating, token = False, None
    canvas.saveState()
    canvas.setLineCap(1)
    canvas.setLineJoin(1)
    fill: str | None = None  # only changes reach the content stream
    stroke: str | None = None
    font: tuple[str, float] | None = None
    line_width: float | None = None
    for mark in layout.marks:
        if layer is not None and _decoration(mark) != decorating:
            if decorating:
                layer.end_artifact(token)
            else:
                token = layer.begin_artifact("Layout")
            decorating = not decorating
        match mark:
            case _Rect():
                if fill != mark.fill:
                    canvas.setFillColor(_colour(fill := mark.fill))
                canvas.rect(mark.x, height - mark.y - mark.height, mark.width, mark.height, stroke=0, fill=1)
            case _Line():
                if stroke != mark.stroke:
                    canvas.setStrokeColor(_colour(stroke := mark.stroke))
                if line_width != mark.width:
                    canvas.setLineWidth(line_width := mark.width)
                if len(mark.points) == 2:
                    (ax, ay), (bx, by) = mark.points
                    canvas.line(ax, height - ay, bx, height - by)
                else:
                    path = canvas.beginPath()
                    (x0, y0), *rest = mark.points
                    path.moveTo(x0, height - y0)
                    for x, y in rest:
                        path.lineTo(x, height - y)
                    canvas.drawPath(path, stroke=1, fill=0)
            case _Dot():
                if fill != mark.fill:
                    canvas.setFillColor(_colour(fill := mark.fill))
                if stroke != mark.stroke:
                    canvas.setStrokeColor(_colour(stroke := mark.stroke))
                if line_width != mark.stroke_width:
                    canvas.setLineWidth(line_width := mark.stroke_width)
                canvas.circle(mark.x, height - mark.y, mark.radius, stroke=1 if mark.stroke_width > 0 else 0, fill=1)
            case _Text():
                if fill != mark.fill:
                    canvas.setFillColor(_colour(fill := mark.fill))
                x = mark.x - _anchor_offset(mark, _measure_reportlab)
                for thai, piece in script_runs(mark.text):
                    # One font per script run: Noto Sans has no Thai, Noto Sans Thai no Latin digits.
                    name = _font_name(thai, mark.bold)
                    if font != (name, mark.size):
                        font = (name, mark.size)
                        canvas.setFont(name, mark.size)
                    canvas.drawString(x, height - mark.y, piece)
                    x += _measure_reportlab(piece, mark.bold, mark.size)
            case _Polygon():
                if fill != mark.fill:
                    canvas.setFillColor(_colour(fill := mark.fill))
                path = canvas.beginPath()
                (px0, py0), *others = mark.points
                path.moveTo(px0, height - py0)
                for px, py in others:
                    path.lineTo(px, height - py)
                path.close()
                canvas.drawPath(path, stroke=0, fill=1)
            case _:
                assert_never(mark)
    if decorating:
        layer.end_artifact(token)
    canvas.restoreState()


def _anchor_offset(mark: _Text, measure: Measure) -> float:
    """How far left of ``mark.x`` the text starts, for its anchor."""
    if mark.anchor == "start":
        return 0.0
    width = measure(mark.text, mark.bold, mark.size)
    return width / 2 if mark.anchor == "middle" else width


def _decoration(mark: _Mark) -> bool:
    return isinstance(mark, _Rect) or (isinstance(mark, _Line) and mark.decoration)


@functools.cache
def _colour(hex_colour: str) -> Any:
    from reportlab.lib.colors import HexColor

    return HexColor(hex_colour)


@functools.lru_cache(maxsize=32)
def _canvas_layout(chart: TierChart, width: float, height: float, theme: Theme) -> _Layout:
    # The same chart at the same size is laid out once (the one-pager draws it after measuring passes).
    return _layout(chart, width, height, theme, _measure_reportlab)


# --------------------------------------------------------------------------- Pillow

#: Dots per inch written into the PNG: 1600 px print 16 cm wide.
PNG_DPI = 254.0
_SUPERSAMPLE = 2


# The bytes depend on the arguments alone (the chart's data and words, the theme, the size), so
# the same chart is painted once per process: re-rendering a note (an edit, a preview, the DOCX
# and the Markdown of one briefing) takes it from here. The last 16 charts, ~20 kB each.
@functools.lru_cache(maxsize=16)
def chart_png(
    chart: TierChart, *, width_px: int, height_px: int, theme: Theme, dpi: float = PNG_DPI
) -> bytes:
    """
    The tier-history figure as PNG bytes of ``width_px`` x ``height_px`` pixels.

    The chart is laid out in points for a print size of ``width_px / dpi`` inches
    (1600 px at the default 254 dpi: 16 cm), drawn at twice the size and
    reduced, so edges are smooth. The bytes depend on the input only.
    """
    if width_px < 1 or height_px < 1 or dpi <= 0:
        raise ValueError(f"PNG size must be positive, got {width_px!r} x {height_px!r} px at {dpi!r} dpi")
    from PIL import Image

    scale = dpi / 72
    layout = _layout(chart, width_px / scale, height_px / scale, theme, _measure_pillow)
    image = _paint(layout, scale * _SUPERSAMPLE, (width_px * _SUPERSAMPLE, height_px * _SUPERSAMPLE))
    # A palette of 128 colours keeps the antialiased edges and halves the time
    # (and the size) of the PNG encoding, which dominates the cost.
    image = image.reduce(_SUPERSAMPLE).quantize(
        128, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
    )
    image.putpalette(_snap(image.getpalette() or [], _colours_of(layout)))
    out = io.BytesIO()
    # Named, not told format="PNG": Pillow then imports its PNG plugin alone rather than five
    # (BMP, GIF, JPEG, PPM, PNG; ~8 ms of a fresh process's first chart).
    out.name = "chart.png"
    # Pillow writes no time or software chunk; the pHYs chunk gives the print size.
    image.save(out, dpi=(dpi, dpi), compress_level=3)
    return out.getvalue()


def _colours_of(layout: _Layout) -> list[tuple[int, int, int]]:
    found = {_WHITE}
    for mark in layout.marks:
        match mark:
            case _Rect() | _Text() | _Polygon():
                found.add(mark.fill)
            case _Line():
                found.add(mark.stroke)
            case _Dot():
                found.update((mark.fill, mark.stroke))
            case _:
                assert_never(mark)
    # Sorted, so that ties resolve the same way in every process.
    return sorted((int(c[1:3], 16), int(c[3:5], 16), int(c[5:7], 16)) for c in found)


def _snap(palette: list[int], exact: list[tuple[int, int, int]]) -> list[int]:
    """Palette entries within 3 levels of a colour of the chart become the nearest such colour."""
    # The octree averages each bucket, so flat areas come out a level or two off
    # (a white page as #FEFEFE); put the designed colours back.
    out = list(palette)
    for i in range(0, len(out) - 2, 3):
        r, g, b = out[i : i + 3]
        best: tuple[int, tuple[int, int, int]] | None = None
        for c in exact:
            # The Chebyshev distance written out: this runs for every palette entry and colour.
            distance = max(abs(r - c[0]), abs(g - c[1]), abs(b - c[2]))
            if distance <= 3 and (best is None or (distance, c) < best):
                best = (distance, c)
        if best is not None:
            out[i : i + 3] = best[1]
    return out


def _draw_text(draw: ImageDraw.ImageDraw, x: float, y: float, text: str, fill: str, font: ImageFont.FreeTypeFont) -> None:
    """``draw.text((x, y), text, fill, font, anchor="ls")``, the rasterised text taken from a cache."""
    if x < 0 or y < 0:
        # Pillow places text by int() and modf(), which split a negative coordinate differently.
        draw.text((x, y), text, fill=fill, font=font, anchor="ls")
        return
    # Pillow rasterises text at the fractional part of its position and pastes it at the whole part:
    # the same words at the same fraction give the same pixels, wherever they land.
    mask, left, top = _text_mask(text, font, math.modf(x)[0], math.modf(y)[0])
    draw.bitmap((int(x) - left, int(y) - top), mask, fill=fill)


# Years, tier names and the legend repeat in every country's chart, at the same fractions of a
# pixel when the charts share a size: FreeType's hinting (~40 us a glyph) is paid once per process.
@functools.lru_cache(maxsize=1024)
def _text_mask(text: str, font: ImageFont.FreeTypeFont, fx: float, fy: float) -> tuple[Image.Image, int, int]:
    """``text`` drawn at (fx, fy) in white on black, with the whole pixels left of and above that point."""
    from PIL import Image, ImageDraw

    left, top, right, bottom = font.getbbox(text, anchor="ls")
    # A pixel of margin round the box: getbbox rounds, the glyphs' antialiased edges may not.
    pad_left, pad_top = max(0, -math.floor(left)) + 2, max(0, -math.floor(top)) + 2
    mask = Image.new("L", (pad_left + math.ceil(right) + 3, pad_top + math.ceil(bottom) + 3), 0)
    ImageDraw.Draw(mask).text((pad_left + fx, pad_top + fy), text, fill=255, font=font, anchor="ls")
    return mask, pad_left, pad_top


def _paint(layout: _Layout, k: float, size: tuple[int, int]) -> Image.Image:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, _WHITE)
    draw = ImageDraw.Draw(image)

    def px(value: float) -> int:
        return max(1, round(value * k))

    for mark in layout.marks:
        match mark:
            case _Rect():
                draw.rectangle(
                    (mark.x * k, mark.y * k, (mark.x + mark.width) * k - 1, (mark.y + mark.height) * k - 1),
                    fill=mark.fill,
                )
            case _Line():
                points = [(x * k, y * k) for x, y in mark.points]
                draw.line(points, fill=mark.stroke, width=px(mark.width), joint="curve")
                if len(points) > 2:
                    # Round caps, as in the PDF.
                    r = mark.width * k / 2
                    for x, y in (points[0], points[-1]):
                        draw.ellipse((x - r, y - r, x + r, y + r), fill=mark.stroke)
            case _Dot():
                r = (mark.radius + mark.stroke_width / 2) * k
                x, y = mark.x * k, mark.y * k
                draw.ellipse(
                    (x - r, y - r, x + r, y + r),
                    fill=mark.fill,
                    outline=mark.stroke,
                    width=px(mark.stroke_width),
                )
            case _Text():
                x = mark.x - _anchor_offset(mark, _measure_pillow)
                for thai, piece in script_runs(mark.text):
                    _draw_text(draw, x * k, mark.y * k, piece, mark.fill, _pil_font(mark.bold, mark.size * k, thai))
                    x += _measure_pillow(piece, mark.bold, mark.size)
            case _Polygon():
                draw.polygon([(x * k, y * k) for x, y in mark.points], fill=mark.fill)
            case _:
                assert_never(mark)
    return image


# --------------------------------------------------------------------------- SVG


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _svg_marks(marks: Iterable[_Mark]) -> Iterable[str]:
    from xml.sax.saxutils import escape  # imported for SVG alone: it brings urllib along

    for mark in marks:
        match mark:
            case _Rect():
                yield (
                    f'<rect x="{_num(mark.x)}" y="{_num(mark.y)}" width="{_num(mark.width)}" '
                    f'height="{_num(mark.height)}" fill="{mark.fill}"/>'
                )
            case _Line():
                points = " ".join(f"{_num(x)},{_num(y)}" for x, y in mark.points)
                yield (
                    f'<polyline points="{points}" fill="none" stroke="{mark.stroke}" '
                    f'stroke-width="{_num(mark.width)}" stroke-linecap="round" stroke-linejoin="round"/>'
                )
            case _Dot():
                yield (
                    f'<circle cx="{_num(mark.x)}" cy="{_num(mark.y)}" r="{_num(mark.radius)}" fill="{mark.fill}" '
                    f'stroke="{mark.stroke}" stroke-width="{_num(mark.stroke_width)}"/>'
                )
            case _Text():
                weight = ' font-weight="bold"' if mark.bold else ""
                yield (
                    f'<text x="{_num(mark.x)}" y="{_num(mark.y)}" font-size="{_num(mark.size)}"{weight} '
                    f'text-anchor="{mark.anchor}" fill="{mark.fill}">{escape(mark.text)}</text>'
                )
            case _Polygon():
                points = " ".join(f"{_num(x)},{_num(y)}" for x, y in mark.points)
                yield f'<polygon points="{points}" fill="{mark.fill}"/>'
            case _:
                assert_never(mark)


def chart_svg(chart: TierChart, *, width: float, height: float, theme: Theme, alt: str) -> str:
    """
    The tier-history figure as a self-contained ``<svg>`` element, ``width`` x ``height`` CSS pixels.

    ``role="img"`` with ``alt`` (the figure's, from the phrasebook) as its
    ``<title>``. No scripts, no external references; the type is Noto Sans
    (and Noto Sans Thai) where the page has it, else a sans-serif.
    """
    from xml.sax.saxutils import escape, quoteattr

    # CSS pixels are 3/4 of a point: lay out in points, let the viewBox scale.
    layout = _layout(chart, width * 0.75, height * 0.75, theme, _measure_pillow)
    family = "'Noto Sans', 'Noto Sans Thai', 'Helvetica Neue', Arial, sans-serif"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{_num(width)}" height="{_num(height)}" '
        f'viewBox="0 0 {_num(layout.width)} {_num(layout.height)}" font-family={quoteattr(family)} '
        'style="max-width:100%;height:auto">'
    )
    return "".join([head, f"<title>{escape(alt)}</title>", *_svg_marks(layout.marks), "</svg>"])

