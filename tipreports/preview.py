"""
Previews in a notebook: objects as HTML, and a product as the page it will be.

A briefing, a document, an assessment, a panel or an event shows itself in
Jupyter as the HTML writer renders it (:func:`repr_html`, installed into the
model's notebook mixin when tipreports is imported), in words from the
phrasebook of its language: a briefing's own, and for its parts Thai when
their text is Thai. :func:`preview` renders a
product to PDF and shows its pages as PNG:

>>> page = tr.preview(brief, product="one-pager")      # doctest: +SKIP
>>> page                                               # doctest: +SKIP  (the page, in Jupyter)
>>> page.save("out/thailand-one-pager.png")            # doctest: +SKIP
"""

from __future__ import annotations

import base64
import io
import os
from html import escape
from pathlib import Path
from typing import Any

import attrs
from attrs import frozen

from . import _notebook
from ._io import write_atomic
from .api import build
from .compose import compose, tier_chart
from .document import (
    Block,
    BulletList,
    Document,
    Figure,
    Heading,
    KeyFact,
    KeyFacts,
    NumberedList,
    Paragraph,
    Run,
    Runs,
    Table,
)
from .errors import OutputError, TipReportsError
from .model import Briefing, Event, Finding, Marking, Panel, Recommendation, Statistic, TIPAssessment
from .model.briefing import MARKED, iter_items, iter_text
from .render import WRITERS
from .render._script import has_thai
from .theme import DEFAULT_THEME, Theme
from .wording import Phrasebook, phrasebook

__all__ = ["PagePreview", "preview", "repr_html"]

#: Default resolution: 110 dpi shows an A4 page about 910 px wide.
DEFAULT_DPI = 110.0


@frozen(kw_only=True, repr=False)
class PagePreview:
    """
    The pages of a rendered PDF as PNG images, with the render report.

    In Jupyter it shows as the pages themselves, stored once in the notebook:
    a one-page product as a PNG image, more pages as HTML holding each page
    (:meth:`_repr_mimebundle_`). ``repr()`` is one line; :meth:`save` writes a
    page as PNG, :meth:`to_html` gives the HTML.
    """

    pages: tuple[bytes, ...]
    sizes: tuple[tuple[int, int], ...]
    product: str
    title: str
    marking: Marking
    report: str
    dpi: float
    #: The alt text of each page, in the document's language.
    alts: tuple[str, ...] = ()

    def __repr__(self) -> str:
        width, height = self.sizes[0] if self.sizes else (0, 0)
        return f"<PagePreview {self.product}: {len(self.pages)} page(s), {width} x {height} px at {self.dpi:g} dpi, {self.marking.label}>"

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, bytes | str]:
        # One representation of the image and a short text: Jupyter stores every mime type it is given,
        # so a separate _repr_png_ and _repr_html_ (and a repr holding the bytes) kept the page three times.
        if len(self.pages) == 1:
            return {"image/png": self.pages[0], "text/plain": repr(self)}
        return {"text/html": self.to_html(), "text/plain": repr(self)}

    def to_html(self) -> str:
        """Every page as an ``<img>`` with alt text, and the render report beneath."""
        images = []
        for number, (png, (width, height)) in enumerate(zip(self.pages, self.sizes, strict=True), start=1):
            alt = self.alts[number - 1] if len(self.alts) == len(self.pages) else self.title
            data = base64.b64encode(png).decode("ascii")
            images.append(
                f'<img src="data:image/png;base64,{data}" width="{width}" height="{height}" alt="{escape(alt, quote=True)}" '
                'style="display:block;max-width:100%;height:auto;margin:0 0 0.5rem;background:#ffffff;'
                'box-shadow:0 1px 4px rgba(0,0,0,0.35)">'
            )
        # The caption is the render report, for the person running the notebook (like the command line's).
        caption = f"{self.product}, {len(self.pages)} page(s): {self.report}"
        return (
            '<div class="tipreports-page">' + "".join(images)
            + f'<p style="font-family:sans-serif;font-size:12px;margin:0.2rem 0">{escape(caption)}</p></div>'
        )  # fmt: skip

    def save(self, path: str | os.PathLike[str], *, page: int = 1, overwrite: bool = False) -> Path:
        """Write page ``page`` (from 1) as PNG to ``path``; an existing file is replaced only with ``overwrite=True``."""
        if not 1 <= page <= len(self.pages):
            raise OutputError(f"page {page} does not exist; the {self.product} has {len(self.pages)} page(s)")
        if Path(path).suffix.lower() != ".png":
            raise OutputError(f"a page preview is saved as PNG; use a '.png' file name, not {Path(path).name!r}")
        return write_atomic(path, self.pages[page - 1], overwrite=overwrite)


def preview(
    briefing: Briefing,
    product: str = "one-pager",
    *,
    audience: Marking | str | None = None,
    theme: Theme | None = None,
    template_dir: str | os.PathLike[str] | None = None,
    dpi: float = DEFAULT_DPI,
) -> PagePreview:
    """
    Render ``briefing`` as ``product`` to PDF and return its pages as images.

    Exactly what :func:`tipreports.save` would write to a ``.pdf`` for the same
    audience, so the one-pager shows as the page it will be.
    """
    import pypdfium2 as pdfium

    if not 20 <= dpi <= 600:
        raise ValueError(f"dpi must be between 20 and 600, got {dpi!r}")
    rendered = build(briefing, product, "pdf", audience=audience, theme=theme, template_dir=template_dir)
    assert isinstance(rendered.data, bytes)
    pages: list[bytes] = []
    sizes: list[tuple[int, int]] = []
    pdf = pdfium.PdfDocument(rendered.data)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                image = page.render(scale=dpi / 72).to_pil()
            finally:
                page.close()
            out = io.BytesIO()
            image.save(out, format="PNG", dpi=(dpi, dpi))
            pages.append(out.getvalue())
            sizes.append(image.size)
    finally:
        pdf.close()
    say = phrasebook(briefing.language)
    return PagePreview(
        pages=tuple(pages),
        sizes=tuple(sizes),
        product=rendered.product,
        title=briefing.title,
        marking=rendered.marking,
        report=rendered.report,
        dpi=dpi,
        alts=tuple(say.page_alt(number, len(pages), rendered.product, briefing.title) for number in range(1, len(pages) + 1)),
    )


# -- HTML previews of objects (Jupyter's _repr_html_) ----------------------------------------------


def repr_html(obj: object) -> str:
    """The HTML preview of a briefing, a document, an assessment, a panel or an event."""
    # Imported here: a notebook that never shows a preview never loads the HTML writer.

    try:
        match obj:
            case Briefing():
                return _briefing(obj)
            case Document():
                html = WRITERS["html"].write(obj, DEFAULT_THEME, fragment=True).data
                assert isinstance(html, str)
                return html
            case TIPAssessment():
                say = _language_of(obj)
                return _part(obj, _assessment(obj, say), "assessment", say)
            case Panel():
                say = _language_of(obj)
                return _part(obj, _panel(obj, say), "panel", say)
            case Event():
                say = _language_of(obj)
                return _part(obj, _event(obj, say), "event", say)
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


def _briefing(briefing: Briefing) -> str:
    from .render.html import card

    # The preview shows what tr.save would write by default: the briefing note for the document's marking.
    document = compose(briefing, "briefing-note", theme=DEFAULT_THEME)
    meta = " · ".join(part for part in (document.organisation, document.date_text) if part)
    say = phrasebook(briefing.language)
    return card(
        document.blocks,
        DEFAULT_THEME,
        title=document.title,
        subtitle=document.subtitle,
        meta=meta,
        marking=document.marking,
        footer=say.preview_footer(document.product, document.withheld),
        product=document.product,
        language=document.metadata.language,
    )


def _part(obj: object, blocks: tuple[Block, ...], product: str, say: Phrasebook) -> str:
    """
    A part of a briefing, every item shown: the banner is the highest marking an item carries, each marked item says its marking.

    A part does not know its briefing's marking: the footer says that unmarked items carry it.
    """
    from .render.html import card

    own = [item.marking for _path, item in iter_items(obj) if item.marking is not None]
    banner = max(own) if own else None
    restricted = sum(1 for marking in own if marking is not Marking.CLEAR)
    footer = say.part_preview_footer(restricted)
    return card(blocks, DEFAULT_THEME, marking=banner, footer=footer, product=product, language=say.language)


# -- model objects as blocks --------------------------------------------------------------------


def _text(text: str, **style: Any) -> Runs:
    return (Run(text=text, **style),)


def _tagged(item: Finding | Recommendation) -> Runs:
    """An item's text, followed by its theme and its marking when it has one of its own."""
    runs: list[Run] = [Run(text=item.text)]
    notes = [note for note in (item.theme, item.marking.label if item.marking is not None else None) if note]
    if notes:
        runs.append(Run(text=" (" + "; ".join(notes) + ")", italic=True))
    return tuple(runs)


def _language_of(part: TIPAssessment | Panel | Event) -> Phrasebook:
    """
    The phrasebook for a part of a briefing shown on its own.

    A part does not know its briefing's language; its text does: Thai when any
    of its text is Thai (the country's name from the table is not text of the
    part, so an assessment given as ``{iso3: THA}`` with English findings is English).
    """
    thai = any(has_thai(text) for _path, text in iter_text(part))
    return phrasebook("th" if thai else "en")


def _title(obj: Any, name: str, label: str, say: Phrasebook) -> str:
    """The heading of the marked list ``name`` of ``obj`` in the part's language; a list without one shows its report label."""
    match obj, name:
        case TIPAssessment(), "progress" | "concerns" | "statistics":
            return say.label(name)
        case TIPAssessment(), "recommendations":
            return say.recommendations_heading(obj)
        case Panel(), "strengths" | "challenges" | "recommendations":
            return say.label(name)
    return label[:1].upper() + label[1:]


def _sections(obj: Any, say: Phrasebook) -> list[Block]:
    """Every list of marked items in ``obj``, as the model declares them, each item with its marking."""
    blocks: list[Block] = []
    for attribute in attrs.fields(type(obj)):
        label = attribute.metadata.get(MARKED)
        items = getattr(obj, attribute.name) if label is not None else ()
        if not items:
            continue
        blocks.append(Heading(level=2, runs=_text(_title(obj, attribute.name, label, say))))
        if all(isinstance(item, Statistic) for item in items):
            header = tuple(_text(name) for name in (say.label("measure"), say.label("form"), say.statistics_when(items), say.label("value")))
            cells = tuple(
                (_marked_text(s.metric, s.marking), _text(say.form(s.form)), _text(say.statistic_when(s)), _text(say.statistic_value(s)))
                for s in items
            )
            blocks.append(Table(header=header, rows=cells))
        elif all(isinstance(item, (Finding, Recommendation)) for item in items):
            rows = tuple(_tagged(item) for item in items)
            # A partial list of the report's recommendations is bulleted: its numbers would not be the report's.
            numbered = all(isinstance(item, Recommendation) for item in items) and getattr(obj, "recommendations_complete", True)
            blocks.append(NumberedList(items=rows) if numbered else BulletList(items=rows))
        else:
            blocks.append(BulletList(items=tuple(_marked_text(str(item), getattr(item, "marking", None)) for item in items)))
    return blocks


def _marked_text(text: str, marking: Marking | None) -> Runs:
    if marking is None:
        return _text(text)
    return (Run(text=text), Run(text=f" ({marking.label})", italic=True))


def _assessment(assessment: TIPAssessment, say: Phrasebook) -> tuple[Block, ...]:
    sentences = [say.tier_sentence(assessment), *say.designation_sentences(assessment)]
    blocks: list[Block] = [
        Heading(level=1, runs=_text(say.assessment_card(assessment))),
        Paragraph(runs=_text(say.badge(assessment)), style="badge"),
        Paragraph(runs=_text(" ".join(sentences))),
    ]
    if standard := say.standard_sentence(assessment):
        blocks.append(Paragraph(runs=_text(standard)))
    if assessment.summary:
        blocks.append(Paragraph(runs=_text(assessment.summary)))
    if assessment.history:
        chart, alt = tier_chart(assessment, say)
        blocks.append(Figure(name="chart:tier-history", alt=alt, caption=None, chart=chart))
    blocks += _sections(assessment, say)
    return tuple(blocks)


def _panel(panel: Panel, say: Phrasebook) -> tuple[Block, ...]:
    blocks: list[Block] = [Heading(level=1, runs=_text(panel.title))]
    if panel.co_presenters:
        names = say.join([str(organisation) for organisation in panel.co_presenters])
        blocks.append(Paragraph(runs=(Run(text=f"{say.label('co_presenters')}: ", italic=True), Run(text=names)), style="small"))
    if panel.representatives_from:
        names = say.join([str(organisation) for organisation in panel.representatives_from])
        blocks.append(Paragraph(runs=(Run(text=f"{say.label('representatives_from')}: ", italic=True), Run(text=names)), style="small"))
    if panel.summary:
        blocks.append(Paragraph(runs=_text(panel.summary)))
    blocks += _sections(panel, say)
    return tuple(blocks)


def _event(event: Event, say: Phrasebook) -> tuple[Block, ...]:
    facts: list[KeyFact] = []
    if event.date is not None:
        facts.append(KeyFact(label=say.label("date"), value=_text(say.dates(event.date, event.end_date))))
    if event.location:
        facts.append(KeyFact(label=say.label("location"), value=_text(event.location)))
    if event.convenor is not None:
        facts.append(KeyFact(label=say.label("convenor"), value=_text(str(event.convenor))))
    if event.collaborators:
        facts.append(KeyFact(label=say.label("collaborators"), value=_text(say.join([str(o) for o in event.collaborators]))))
    if event.supporters:
        facts.append(KeyFact(label=say.label("supporters"), value=_text(say.join([str(o) for o in event.supporters]))))
    if attendance := say.event_attendance(event):
        facts.append(KeyFact(label=say.label("participants"), value=_text(attendance)))
    blocks: list[Block] = [Heading(level=1, runs=_text(event.name))]
    if facts:
        blocks.append(KeyFacts(items=tuple(facts)))
    for text in (event.description, event.focus):
        if text:
            blocks.append(Paragraph(runs=_text(text)))
    blocks += _sections(event, say)
    return tuple(blocks)


_notebook.install(repr_html)
