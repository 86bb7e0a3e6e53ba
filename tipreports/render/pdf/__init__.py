"""
The PDF writer: a designed one-pager (exactly one page, by a declared policy) or a multi-page note.

One module per job, each importing only those listed before it:

* ``_structure``: the structure tree (what each flowable is) and how it is written;
* ``_tounicode``: shaped Thai glyphs mapped back to characters in ToUnicode CMaps;
* ``_sweep``: a page's marks into marked content and artifacts;
* ``_marked``: the tag layer: elements, marks, artifacts, spans, links;
* ``_canvas``: the tagged canvas (PDF/UA-1) the layer draws on;
* ``_thai``: Thai paragraphs (shaped, broken at word boundaries);
* ``_styles``: paragraph styles and spacing at one body size;
* ``_text``: runs to paragraphs, every text escaped;
* ``_flowables``: headings, boxes, columns, the chart, and stacking;
* ``_build``: blocks to flowables, one ``match`` over the block union;
* ``_chrome``: header band, running header, footer, and the canvas;
* ``_glyphs``: every text the page will draw, for the glyph check;
* ``_fit``: the one-page policy (:data:`SHRINK_STEP`, :data:`MIN_SCALE`,
  :data:`MIN_BODY_SIZE`, :class:`~tipreports.errors.FitError`);
* ``_paged``: the multi-page note in platypus frames;
* ``_settings``: ReportLab's global output settings held at its defaults.

Every PDF is tagged: a structure tree in reading order, marked content for all
text and graphics, page furniture as artifacts, XMP with ``pdfuaid:part`` 1.
Nothing here reads ``rl_config`` for safety: every style and canvas option
that matters is set explicitly, and the globals ReportLab reads while it
writes are held at its defaults (``RL_*`` variables and a
``reportlab_settings.py`` change nothing in the file). The writer takes everything from the
:class:`~tipreports.document.Document`, never from the model.
"""

from __future__ import annotations

from reportlab.platypus.doctemplate import LayoutError

from ..._deadline import product_name
from ...document import Document
from ...errors import RenderError
from ...theme import Theme
from .._base import Output
from .._fonts import check_glyphs, register_fonts
from ._chrome import Chrome, read_logo
from ._fit import MIN_BODY_SIZE, MIN_SCALE, SHRINK_STEP, one_pager
from ._glyphs import drawn_texts
from ._paged import paged
from ._settings import reportlab_defaults

__all__ = ["MIN_BODY_SIZE", "MIN_SCALE", "SHRINK_STEP", "check_glyphs", "write_pdf"]


def write_pdf(document: Document, theme: Theme) -> Output:
    """
    The document as PDF bytes: a one-pager when ``document.one_page``, else a paged note.

    Raises :class:`~tipreports.errors.GlyphError` (before any layout) when a
    field holds characters the bundled fonts cannot draw, and
    :class:`~tipreports.errors.FitError` when a one-pager does not fit on one
    page at the smallest allowed size, and :class:`~tipreports.errors.RenderError`
    naming the section when layout passes the render's time limit
    (:data:`tipreports._deadline.MAX_RENDER_SECONDS`) or a block cannot fit any
    page. ``Output.fit`` says how a one-pager was
    made to fit; ``Output.pages`` is the page count.
    """
    fonts = register_fonts(theme)
    check_glyphs(drawn_texts(document, theme), fonts)
    logo = read_logo(theme.logo) if theme.logo is not None else None
    chrome = Chrome(document, theme, fonts, logo)
    try:
        with reportlab_defaults():
            if document.one_page:
                return one_pager(document, theme, fonts, chrome)
            return paged(document, theme, fonts, chrome)
    except LayoutError:
        # Where the paged note knows the section it names it; anywhere else, ReportLab's message
        # (which quotes the block's text) is replaced all the same.
        raise RenderError(f"the {product_name(document.product)} holds a block too large for a page; shorten it") from None
