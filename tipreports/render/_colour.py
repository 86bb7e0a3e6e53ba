"""
Colours as ``#RRGGBB``: mixing, and WCAG 2 contrast for the chart's words and the badge's fill.

One place for both writers: the chart (every backend) and the PDF's badge
move a colour towards another until text on it, or it on a ground, reaches
WCAG AA.
"""

from __future__ import annotations

import functools

__all__ = ["AA", "contrast", "legible", "luminance", "mix"]

#: WCAG 2 AA for small text.
AA = 4.5


def mix(colour: str, other: str, t: float) -> str:
    """``colour`` moved a fraction ``t`` towards ``other``."""
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02X}" for x, y in zip(a, b, strict=True))


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``#RRGGBB``."""
    channels = []
    for i in (1, 3, 5):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``#RRGGBB`` colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@functools.cache
def legible(colour: str, grounds: tuple[str, ...], toward: str, minimum: float = AA) -> str:
    """``colour`` moved towards ``toward`` in twentieths until it reaches ``minimum`` against every colour of ``grounds``."""
    for step in range(21):
        mixed = mix(colour, toward, step / 20)
        if all(contrast(mixed, ground) >= minimum for ground in grounds):
            return mixed
    return toward
