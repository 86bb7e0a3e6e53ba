"""
The tier chart's vocabulary: its marks, its palette and the measure of its words.

The layout (:mod:`._chart`), the story's labels (:mod:`._chart_story`) and
the three backends (ReportLab, Pillow, SVG) all speak it: a mark is in
points, with the origin at the top left.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, TypeAlias

from ..model.tier import Tier
from ..theme import Theme
from ._colour import mix

__all__ = [
    "TIER_3_COLOUR", "WHITE", "Anchor", "Dot", "Layout", "Line", "Mark", "Measure", "Polygon", "Rect", "Text",
    "anchor_offset", "band", "clamp", "grounds", "tier_colours",
]

# Fixed, restrained warning colours: the theme's accent carries Tiers 1 and 2.
_WATCH_LIST = "#B7822E"
#: The colour of Tier 3 (and of the designation badge on the one-pager).
TIER_3_COLOUR = "#962D2D"
WHITE = "#FFFFFF"

Measure: TypeAlias = Callable[[str, bool, float], float]
"""Width in points of ``text`` set in bold or regular at ``size`` points."""


# --------------------------------------------------------------------------- marks

Anchor: TypeAlias = Literal["start", "middle", "end"]


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str


@dataclass(frozen=True, slots=True)
class Line:
    points: tuple[tuple[float, float], ...]
    stroke: str
    width: float
    #: A grid line, axis, tick or guide: layout, not data (an artifact in a tagged PDF).
    decoration: bool = False


@dataclass(frozen=True, slots=True)
class Dot:
    x: float
    y: float
    radius: float
    fill: str
    stroke: str
    stroke_width: float


@dataclass(frozen=True, slots=True)
class Text:
    x: float
    y: float  # baseline
    text: str
    size: float
    bold: bool
    anchor: Anchor
    fill: str


@dataclass(frozen=True, slots=True)
class Polygon:
    points: tuple[tuple[float, float], ...]
    fill: str


Mark: TypeAlias = Rect | Line | Dot | Text | Polygon


@dataclass(frozen=True, slots=True)
class Layout:
    width: float
    height: float
    marks: tuple[Mark, ...]


def clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def tier_colours(theme: Theme) -> dict[Tier, str]:
    """Each tier's colour in the chart (and on the one-pager's badge)."""
    return {
        Tier.TIER_1: mix(theme.accent, theme.ink, 0.25),
        Tier.TIER_2: mix(theme.accent, WHITE, 0.25),
        Tier.TIER_2_WATCH_LIST: _WATCH_LIST,
        Tier.TIER_3: TIER_3_COLOUR,
        Tier.SPECIAL_CASE: theme.muted,
    }


def grounds(theme: Theme) -> tuple[str, ...]:
    """What the chart's words may sit on: the page and the two warning bands."""
    colours = tier_colours(theme)
    return (WHITE, *(band(colours, t) for t in (Tier.TIER_2_WATCH_LIST, Tier.TIER_3)))


def band(colours: dict[Tier, str], tier: Tier) -> str:
    """The tint of a warning row's band."""
    return mix(colours[tier], WHITE, 0.88 if tier is Tier.TIER_2_WATCH_LIST else 0.9)


def anchor_offset(mark: Text, measure: Measure) -> float:
    """How far left of ``mark.x`` the text starts, for its anchor."""
    if mark.anchor == "start":
        return 0.0
    width = measure(mark.text, mark.bold, mark.size)
    return width / 2 if mark.anchor == "middle" else width


