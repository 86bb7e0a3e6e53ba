"""
Paragraph styles and spacing of the PDF body, all derived from one body size.

The one-pager builds them at its full-size body type and shrinks the whole
page; the paged note at ``theme.base_size``. Every option ReportLab would
otherwise take from ``rl_config`` is set here, so no global setting changes a page.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from ...theme import Theme
from .._fonts import FontSet

__all__ = ["Styles", "style", "styles_for"]

#: Good news (strengths, progress) and bad (challenges, concerns): green and red, each 4.5:1 or more on white.
_POSITIVE = "#2B6A2F"
_NEGATIVE = "#A12A2A"


@dataclass(frozen=True)
class Styles:
    """Every paragraph style and spacing at one body size; built once per (theme, size)."""

    theme: Theme
    fonts: FontSet
    body_size: float
    body: ParagraphStyle
    lead: ParagraphStyle
    small: ParagraphStyle
    badge: ParagraphStyle
    #: The tier badge: the tier set large, its movement, a designation; white on the tier's colour.
    badge_tier: ParagraphStyle
    badge_line: ParagraphStyle
    badge_designation: ParagraphStyle
    #: The badge's share of the text width (the key messages take the rest).
    badge_share: float
    #: Sub-heads over good news and bad (strengths, concerns): by colour, with a drawn + or − beside.
    tones: dict[str, ParagraphStyle]
    headings: tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]
    item: ParagraphStyle
    number: ParagraphStyle
    source: ParagraphStyle
    source_first: ParagraphStyle
    caption: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    fact_label: ParagraphStyle
    callout_title: ParagraphStyle
    gutter: float
    box_pad: float
    bar: float
    figure_height: float


def style(name: str, fonts: FontSet, size: float, leading: float, colour: str, **kw: Any) -> ParagraphStyle:
    """A paragraph style in the regular face, every option explicit; ``kw`` overrides."""
    # Every option that rl_config would otherwise supply is set here.
    base: dict[str, Any] = {
        "fontName": fonts.regular,
        "fontSize": size,
        "leading": leading,
        "textColor": HexColor(colour),
        "alignment": TA_LEFT,
        "spaceBefore": 0,
        "spaceAfter": 0,
        "leftIndent": 0,
        "rightIndent": 0,
        "firstLineIndent": 0,
        "bulletFontName": fonts.regular,
        "bulletFontSize": size,
        "bulletIndent": 0,
        "bulletColor": HexColor(colour),
        "wordWrap": None,
        "shaping": 0,
        "allowWidows": 1,
        "allowOrphans": 0,
        "splitLongWords": 1,
        "hyphenationLang": "",
        "embeddedHyphenation": 0,
        "uriWasteReduce": 0,
        "spaceShrinkage": 0,
        "linkUnderline": 0,
        "justifyLastLine": 0,
        "justifyBreaks": 0,
        "textTransform": None,
        "backColor": None,
        "borderWidth": 0,
        "borderPadding": 0,
        "borderColor": None,
    }
    base.update(kw)
    return ParagraphStyle(name, **base)


@functools.lru_cache(maxsize=64)
def styles_for(theme: Theme, fonts: FontSet, body: float, *, dense: bool = False) -> Styles:
    """
    The styles at ``body`` pt; ``dense``: the one-pager's, with body and list lines set closer.

    A page read at a glance is short lines in columns: 1.3 × the type size
    spaces them enough, where the note's long lines want 1.36–1.38.
    """
    b = body
    line = 1.3
    ink, accent, muted = theme.ink, theme.accent, theme.muted
    h1 = style(
        "h1", fonts, b * 1.45, b * 1.75, accent, fontName=fonts.bold, spaceBefore=b * 1.2, spaceAfter=b * 0.45
    )
    h2 = style(
        "h2", fonts, b * 1.2, b * 1.5, accent, fontName=fonts.bold, spaceBefore=b * 1.05, spaceAfter=b * 0.4
    )
    h3 = style(
        "h3", fonts, b * 0.98, b * 1.3, ink, fontName=fonts.bold, spaceBefore=b * 0.55, spaceAfter=b * 0.2
    )
    indent = b * 1.15
    return Styles(
        theme=theme,
        fonts=fonts,
        body_size=b,
        body=style("body", fonts, b, b * (line if dense else 1.38), ink, spaceAfter=b * 0.5),
        lead=style("lead", fonts, b * 1.16, b * 1.16 * 1.42, ink, spaceAfter=b * 0.9),
        small=style("small", fonts, b * 0.82, b * 0.82 * 1.32, muted, spaceAfter=b * 0.3),
        badge=style(
            "badge", fonts, b * 1.38, b * 1.38 * 1.25, accent, fontName=fonts.bold, spaceAfter=b * 0.25
        ),
        # 2.6 × body: 23 pt at full size, still 18 pt or more at the smallest scale.
        badge_tier=style(
            "badge_tier", fonts, b * 2.6, b * 2.6 * 1.1, "#FFFFFF", fontName=fonts.bold, spaceAfter=b * 0.35
        ),
        badge_line=style(
            "badge_line", fonts, b * 0.95, b * 0.95 * 1.3, "#FFFFFF", fontName=fonts.bold, spaceAfter=b * 0.15
        ),
        badge_designation=style(
            "badge_designation", fonts, b * 0.9, b * 0.9 * 1.3, "#FFFFFF", fontName=fonts.bold
        ),
        badge_share=0.33,
        # Both colours reach 4.5:1 on white (WCAG AA for small text); told apart by the marker too.
        tones={
            tone: style(
                f"h3-{tone}", fonts, b * 0.98, b * 1.3, colour, fontName=fonts.bold, spaceBefore=b * 0.6, spaceAfter=b * 0.2
            )
            for tone, colour in (("positive", _POSITIVE), ("negative", _NEGATIVE))
        },
        headings=(h1, h2, h3),
        item=style(
            "item",
            fonts,
            b,
            b * (line if dense else 1.36),
            ink,
            leftIndent=indent,
            spaceAfter=b * 0.28,
            bulletColor=HexColor(accent),
            bulletFontName=fonts.bold,
        ),
        number=style(
            "number",
            fonts,
            b,
            b * (line if dense else 1.36),
            ink,
            leftIndent=indent * 1.25,
            spaceAfter=b * 0.32,
            bulletColor=HexColor(accent),
            bulletFontName=fonts.bold,
        ),
        source=style(
            "source",
            fonts,
            b * 0.78,
            b * 0.78 * 1.3,
            muted,
            leftIndent=b * 1.5,
            spaceAfter=b * 0.12,
            bulletFontSize=b * 0.78,
        ),
        source_first=style(
            "source_first",
            fonts,
            b * 0.78,
            b * 0.78 * 1.3,
            muted,
            leftIndent=b * 1.5,
            spaceAfter=b * 0.12,
            bulletFontSize=b * 0.78,
            spaceBefore=b * 1.4,
        ),
        caption=style(
            "caption", fonts, b * 0.8, b * 0.8 * 1.3, muted, fontName=fonts.italic, spaceAfter=b * 0.6
        ),
        cell=style("cell", fonts, b * 0.92, b * 0.92 * 1.3, ink),
        cell_head=style("cell_head", fonts, b * 0.92, b * 0.92 * 1.3, accent, fontName=fonts.bold),
        fact_label=style("fact_label", fonts, b * 0.92, b * 1.3, muted, fontName=fonts.bold),
        callout_title=style(
            "callout_title", fonts, b, b * 1.35, accent, fontName=fonts.bold, spaceAfter=b * 0.25
        ),
        gutter=b * 2.2,
        box_pad=b * 0.85,
        bar=max(2.0, b * 0.3),
        figure_height=b * 9.0,
    )
