"""
Text to paragraphs: ReportLab's ``Paragraph`` for Latin text, :class:`ThaiParagraph` for text holding Thai.

ReportLab's ``Paragraph`` parses its text as markup, so every string from the
data is XML-escaped here and the only markup is built from :class:`Run` flags;
links come only from ``Run.link`` and only for ``https:`` and ``mailto:``.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

import attrs
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph as RLParagraph

from ...document import Run, Runs, allowed_link
from ...theme import Theme
from .._fonts import FontSet
from .._script import has_thai
from ._styles import Styles
from ._thai import ThaiParagraph

__all__ = ["latin", "para", "text_para"]



def _esc(text: str) -> str:
    """Text for ReportLab's paragraph parser: data, never markup."""
    return escape(text, {'"': "&quot;", "'": "&#39;"})


def _safe_link(link: str | None) -> str | None:
    """``link`` if it is an ``https:`` or ``mailto:`` URL that is safe inside the markup's ``href``, else None."""
    # A Run cannot hold another (document.allowed_link); checked again where the link enters markup.
    return link if allowed_link(link) else None


def _markup(runs: Runs, styles: Styles, links: list[str] | None = None) -> str:
    """Paragraph markup built from the run flags only; every text escaped. ``links`` gets each link's text."""
    parts: list[str] = []
    for run in runs:
        text = _esc(run.text)
        if "\n" in text:  # a hard line break (the English beneath the Thai of a bilingual note)
            text = text.replace("\n", "<br/>")
        if run.code:
            text = f'<font backColor="{styles.theme.tint}">{text}</font>'
        if run.italic:
            text = f"<i>{text}</i>"
        if run.bold:
            text = f"<b>{text}</b>"
        if (href := _safe_link(run.link)) is not None:
            text = f'<a href="{_esc(href)}" color="{styles.theme.accent}">{text}</a>'
            if links is not None:
                links.append(" ".join(run.text.split()))
        parts.append(text)
    return "".join(parts)


def latin(fonts: FontSet) -> tuple[str, str, str, str]:
    """The faces that set everything but Thai: regular, bold, italic, bold italic."""
    return fonts.regular, fonts.bold, fonts.italic, fonts.bold_italic


def para(runs: Runs, style: ParagraphStyle, s: Styles, bullet: str | None = None) -> Any:
    """ReportLab's paragraph for the runs, or a :class:`ThaiParagraph` when they hold Thai."""
    if any(has_thai(r.text) for r in runs):
        # ThaiParagraph draws links itself: it gets only those the markup would take.
        runs = tuple(r if _safe_link(r.link) == r.link else attrs.evolve(r, link=None) for r in runs)
        return ThaiParagraph(runs, style, latin=latin(s.fonts), link_colour=s.theme.accent,
                             code_colour=s.theme.tint, bulletText=bullet)  # fmt: skip
    links: list[str] = []
    paragraph = RLParagraph(_markup(runs, s, links), style, bulletText=bullet)
    if links:
        # ReportLab numbers a paragraph's links in order; a tagged PDF's Link elements and annotations
        # say their text (their /Contents), which the drawn text object no longer holds.
        paragraph._tag_link_texts = tuple(links)
    return paragraph


def text_para(text: str, style: ParagraphStyle, fonts: FontSet, theme: Theme) -> Any:
    """A paragraph of plain ``text`` (a title, a label, a caption)."""
    if has_thai(text):
        return ThaiParagraph((Run(text=text),), style, latin=latin(fonts), link_colour=theme.accent,
                             code_colour=theme.tint)  # fmt: skip
    return RLParagraph(_esc(text), style)
