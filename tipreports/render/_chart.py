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
their dot where it fits clear of everything else; where none fits, none is drawn
(:mod:`._chart_story` places them). The marks, the palette and the measure of
words are :mod:`._chart_marks`; WCAG contrast is :mod:`._colour`.

Every word comes from the chart's :class:`~tipreports.document.ChartLabels`
(the document's phrasebook). Thai is drawn in Noto Sans Thai, script run by
script run, without shaping: the labels a phrasebook gives the chart avoid a
tone mark over an upper vowel, the one case that would need it.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, assert_never

from ..model.tier import FIRST_REPORT_YEAR, Designation, Tier
from ..theme import Theme
from ._chart_marks import (
    TIER_3_COLOUR,
    WHITE,
    Dot,
    Layout,
    Line,
    Mark,
    Measure,
    Polygon,
    Rect,
    Text,
    anchor_offset,
    band,
    clamp,
    grounds,
    tier_colours,
)
from ._chart_story import Plot, story_labels
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


def _layout(chart: TierChart, width: float, height: float, theme: Theme, measure: Measure) -> Layout:
    """Every mark of the chart, in points, origin at the top left, in paint order."""
    if not (width > 0 and height > 0 and math.isfinite(width) and math.isfinite(height)):
        raise ValueError(f"chart size must be positive, got {width!r} x {height!r}")
    placements = chart.history.placements
    labels = chart.labels
    shown = [p.year for p in placements] + ([chart.highlight] if chart.highlight is not None else [])
    years = range(FIRST_REPORT_YEAR, max([*shown, FIRST_REPORT_YEAR]) + 1)
    rows = chart.history.tiers()
    special = Tier.SPECIAL_CASE in rows
    colours = tier_colours(theme)

    # Type: 6.5 pt on the one-pager (~240 pt wide), 8 pt from ~450 pt (the DOCX).
    size = clamp(6.5 + (width - 240) / 210 * 1.5, 6.5, 8.0)
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

    radius = clamp(min(pitch * 0.33, row_height * 0.28), 1.2, 3.4)
    line_width = clamp(radius * 0.32, 0.6, 1.0)
    hair = 0.5
    grid = mix(theme.rule, WHITE, 0.25)

    marks: list[Mark] = []
    # Bands for the two warning rows; hairlines for the others.
    for tier in rows:
        if tier in (Tier.TIER_2_WATCH_LIST, Tier.TIER_3):
            inset = hair / 2
            marks.append(Rect(x0, row_top[tier] + inset, x1 - x0, row_height - 2 * inset, band(colours, tier)))
        else:
            marks.append(Line(((x0, cy(tier)), (x1, cy(tier))), grid, hair, decoration=True))

    # Secondary words in the theme's muted colour, darkened only for a theme whose muted is too pale to read.
    backgrounds = grounds(theme)
    muted = legible(theme.muted, backgrounds, theme.ink)

    # Axis, a tick for every year, a label for some.
    tick_colour = mix(theme.muted, WHITE, 0.35)
    marks.append(Line(((x0, axis), (x1, axis)), tick_colour, hair, decoration=True))
    labelled = _year_labels(years, cx, year_width.__getitem__, chart.highlight)
    for year in years:
        long = year in labelled
        marks.append(
            Line(((cx(year), axis), (cx(year), axis + size * (0.45 if long else 0.25))), tick_colour, hair, decoration=True)
        )
    baseline = axis + size * 0.45 + size * 0.95
    for year in labelled:
        bold = year == chart.highlight
        marks.append(
            Text(cx(year), baseline, year_text[year], size, bold, "middle", theme.ink if bold else muted)
        )

    # Row labels, coloured like their dots for the warning rows, darkened where that is too pale to read
    # (the Watch List's ochre is 3.4:1 on white): every word of the chart meets WCAG AA (4.5:1) on the page and the bands.
    for tier in rows:
        fill = legible(colours[tier], backgrounds, theme.ink) if tier in (Tier.TIER_2_WATCH_LIST, Tier.TIER_3) else muted
        marks.append(Text(x0 - size * 0.6, cy(tier) + size * 0.35, labels.tier(tier), size, False, "end", fill))

    # The highlighted year: a guide from its dot down to its bold label.
    chosen = chart.history.get(chart.highlight) if chart.highlight is not None else None
    if chosen is not None:
        guide = ((cx(chosen.year), cy(chosen.tier)), (cx(chosen.year), axis))
        marks.append(Line(guide, theme.rule, hair, decoration=True))

    # The line joins consecutive ranked years and breaks at gaps and Special Case years.
    line_colour = mix(theme.muted, WHITE, 0.45)
    run: list[tuple[float, float]] = []
    previous: int | None = None
    for p in placements:
        if p.tier is Tier.SPECIAL_CASE or previous is None or p.year != previous + 1:
            if len(run) > 1:
                marks.append(Line(tuple(run), line_colour, line_width))
            run = []
        if p.tier is not Tier.SPECIAL_CASE:
            run.append((cx(p.year), cy(p.tier)))
        previous = p.year
    if len(run) > 1:
        marks.append(Line(tuple(run), line_colour, line_width))

    # Dots last, the highlighted one on top; a waiver year inside a ring of its tier's colour.
    ring = clamp(radius * 0.25, 0.35, 0.7)
    for p in sorted(placements, key=lambda p: p.year == chart.highlight):
        r = radius * 1.6 if p.year == chart.highlight else radius
        if p.waiver:
            marks.append(Dot(cx(p.year), cy(p.tier), r + radius * 0.75, WHITE, colours[p.tier], line_width))
        if p.tier is Tier.SPECIAL_CASE:
            marks.append(Dot(cx(p.year), cy(p.tier), r, WHITE, colours[p.tier], line_width * 1.1))
        else:
            marks.append(
                Dot(cx(p.year), cy(p.tier), r, colours[p.tier], WHITE, ring * (1.4 if r > radius else 1))
            )
        # Designations: a mark above the dot, one per list, side by side.
        listed = [d for d in Designation if d in p.designations]
        for index, designation in enumerate(listed):
            x = cx(p.year) + (index - (len(listed) - 1) / 2) * radius * 2.2
            y = cy(p.tier) - r - radius * 0.6 - radius
            marks.append(_designation_mark(designation, x, y, radius, theme.ink))

    # The story: a short label by the dot of each move that tells it, where there is room.
    dots = {p.year: (cx(p.year), cy(p.tier)) for p in placements if p.tier is not Tier.SPECIAL_CASE}
    marks += story_labels(
        chart, marks, dots, Plot(left=x0, top=0.0, right=width, bottom=axis - hair), size, row_height, pitch, measure, theme
    )

    # The legend: what the rings and marks mean, in the document's words, under the year labels.
    key = size * 0.3  # the legend's dot radius: its symbols are drawn to the type's scale
    y = height - legend.height + _LEGEND_TOP * size + size
    for line in legend.lines:
        x = x0
        for entry in line:
            middle = y - size * 0.35
            if entry.designation is None:
                marks.append(Dot(x + key * 1.75, middle, key * 1.75, WHITE, theme.muted, line_width))
                marks.append(Dot(x + key * 1.75, middle, key, theme.muted, WHITE, ring))
            else:
                marks.append(_designation_mark(entry.designation, x + key * 1.75, middle, key * 1.2, theme.ink))
            marks.append(Text(x + size * _LEGEND_SYMBOL, y, entry.text, size, False, "start", muted))
            x += entry.width
        y += size * _LEGEND_LINE

    return Layout(width, height, tuple(marks))


def _designation_mark(designation: Designation, x: float, y: float, radius: float, fill: str) -> Mark:
    """State-sponsored trafficking: a triangle pointing down at the dot; the CSPA list: a square."""
    half = radius * 0.95
    if designation is Designation.STATE_SPONSORED_TRAFFICKING:
        return Polygon(((x - half, y - half), (x + half, y - half), (x, y + half)), fill)
    return Rect(x - half * 0.8, y - half * 0.8, half * 1.6, half * 1.6, fill)


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
            case Rect():
                if fill != mark.fill:
                    canvas.setFillColor(_colour(fill := mark.fill))
                canvas.rect(mark.x, height - mark.y - mark.height, mark.width, mark.height, stroke=0, fill=1)
            case Line():
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
            case Dot():
                if fill != mark.fill:
                    canvas.setFillColor(_colour(fill := mark.fill))
                if stroke != mark.stroke:
                    canvas.setStrokeColor(_colour(stroke := mark.stroke))
                if line_width != mark.stroke_width:
                    canvas.setLineWidth(line_width := mark.stroke_width)
                canvas.circle(mark.x, height - mark.y, mark.radius, stroke=1 if mark.stroke_width > 0 else 0, fill=1)
            case Text():
                if fill != mark.fill:
                    canvas.setFillColor(_colour(fill := mark.fill))
                x = mark.x - anchor_offset(mark, _measure_reportlab)
                for thai, piece in script_runs(mark.text):
                    # One font per script run: Noto Sans has no Thai, Noto Sans Thai no Latin digits.
                    name = _font_name(thai, mark.bold)
                    if font != (name, mark.size):
                        font = (name, mark.size)
                        canvas.setFont(name, mark.size)
                    canvas.drawString(x, height - mark.y, piece)
                    x += _measure_reportlab(piece, mark.bold, mark.size)
            case Polygon():
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


def _decoration(mark: Mark) -> bool:
    return isinstance(mark, Rect) or (isinstance(mark, Line) and mark.decoration)


@functools.cache
def _colour(hex_colour: str) -> Any:
    from reportlab.lib.colors import HexColor

    return HexColor(hex_colour)


@functools.lru_cache(maxsize=32)
def _canvas_layout(chart: TierChart, width: float, height: float, theme: Theme) -> Layout:
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


def _colours_of(layout: Layout) -> list[tuple[int, int, int]]:
    found = {WHITE}
    for mark in layout.marks:
        match mark:
            case Rect() | Text() | Polygon():
                found.add(mark.fill)
            case Line():
                found.add(mark.stroke)
            case Dot():
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


def _paint(layout: Layout, k: float, size: tuple[int, int]) -> Image.Image:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, WHITE)
    draw = ImageDraw.Draw(image)

    def px(value: float) -> int:
        return max(1, round(value * k))

    for mark in layout.marks:
        match mark:
            case Rect():
                draw.rectangle(
                    (mark.x * k, mark.y * k, (mark.x + mark.width) * k - 1, (mark.y + mark.height) * k - 1),
                    fill=mark.fill,
                )
            case Line():
                points = [(x * k, y * k) for x, y in mark.points]
                draw.line(points, fill=mark.stroke, width=px(mark.width), joint="curve")
                if len(points) > 2:
                    # Round caps, as in the PDF.
                    r = mark.width * k / 2
                    for x, y in (points[0], points[-1]):
                        draw.ellipse((x - r, y - r, x + r, y + r), fill=mark.stroke)
            case Dot():
                r = (mark.radius + mark.stroke_width / 2) * k
                x, y = mark.x * k, mark.y * k
                draw.ellipse(
                    (x - r, y - r, x + r, y + r),
                    fill=mark.fill,
                    outline=mark.stroke,
                    width=px(mark.stroke_width),
                )
            case Text():
                x = mark.x - anchor_offset(mark, _measure_pillow)
                for thai, piece in script_runs(mark.text):
                    _draw_text(draw, x * k, mark.y * k, piece, mark.fill, _pil_font(mark.bold, mark.size * k, thai))
                    x += _measure_pillow(piece, mark.bold, mark.size)
            case Polygon():
                draw.polygon([(x * k, y * k) for x, y in mark.points], fill=mark.fill)
            case _:
                assert_never(mark)
    return image


# --------------------------------------------------------------------------- SVG


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _svg_marks(marks: Iterable[Mark]) -> Iterable[str]:
    from xml.sax.saxutils import escape  # imported for SVG alone: it brings urllib along

    for mark in marks:
        match mark:
            case Rect():
                yield (
                    f'<rect x="{_num(mark.x)}" y="{_num(mark.y)}" width="{_num(mark.width)}" '
                    f'height="{_num(mark.height)}" fill="{mark.fill}"/>'
                )
            case Line():
                points = " ".join(f"{_num(x)},{_num(y)}" for x, y in mark.points)
                yield (
                    f'<polyline points="{points}" fill="none" stroke="{mark.stroke}" '
                    f'stroke-width="{_num(mark.width)}" stroke-linecap="round" stroke-linejoin="round"/>'
                )
            case Dot():
                yield (
                    f'<circle cx="{_num(mark.x)}" cy="{_num(mark.y)}" r="{_num(mark.radius)}" fill="{mark.fill}" '
                    f'stroke="{mark.stroke}" stroke-width="{_num(mark.stroke_width)}"/>'
                )
            case Text():
                weight = ' font-weight="bold"' if mark.bold else ""
                yield (
                    f'<text x="{_num(mark.x)}" y="{_num(mark.y)}" font-size="{_num(mark.size)}"{weight} '
                    f'text-anchor="{mark.anchor}" fill="{mark.fill}">{escape(mark.text)}</text>'
                )
            case Polygon():
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

