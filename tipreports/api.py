"""The public entry points: render a briefing to bytes or text, or save it to a file."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Literal

from attrs import frozen

from ._io import check_target, write_atomic
from .compose import PRODUCTS, compose
from .document import Document
from .errors import TipReportsError
from .model import Briefing, Marking, Withheld, for_audience
from .model.briefing import iter_text
from .render._base import Fit, Output
from .render._fonts import check_glyphs
from .theme import DEFAULT_THEME, Theme

__all__ = ["FORMATS", "Rendered", "build", "render", "save", "write"]

Format = Literal["docx", "pdf", "html", "md"]
Writer = Callable[[Document, Theme], Output]


def _docx(document: Document, theme: Theme) -> Output:
    from .render.docx import write_docx

    return write_docx(document, theme)


def _pdf(document: Document, theme: Theme) -> Output:
    from .render.pdf import write_pdf

    return write_pdf(document, theme)


def _html(document: Document, theme: Theme) -> Output:
    from .render.html import write_html

    return write_html(document, theme)


def _markdown(document: Document, theme: Theme) -> Output:
    from .render.markdown import write_markdown

    return write_markdown(document, theme)


#: Writers by format; writers import their backend only when first used.
FORMATS: Mapping[str, Writer] = {"docx": _docx, "pdf": _pdf, "html": _html, "md": _markdown}
_SUFFIXES: Mapping[str, str] = {".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html", ".md": "md"}
_DEFAULT_PRODUCT: Mapping[str, str] = {"docx": "briefing-note", "pdf": "one-pager", "html": "briefing-note", "md": "briefing-note"}


@frozen(kw_only=True)
class Rendered:
    """
    A rendered product and its report.

    ``withheld`` counts what the audience did not get (never the text);
    ``fit`` says which one-page policy applied (PDF one-pagers).
    """

    data: bytes | str
    product: str
    format: str
    marking: Marking
    withheld: Withheld
    fit: Fit | None = None
    pages: int | None = None

    @property
    def report(self) -> str:
        """One line for people: the banner, what was withheld, the fit."""
        return render_report(self.withheld, self.fit)


def render_report(withheld: Withheld, fit: Fit | None) -> str:
    """``rendered for TLP:CLEAR: nothing withheld; banner TLP:CLEAR; one page as-is``: counts only, never text."""
    text = str(withheld)
    if fit is not None:
        text += f"; one page {fit.policy}"
        if fit.policy == "shrunk":
            text += f" at {fit.scale:.0%} ({fit.body_size:g} pt body)"
    return text


def _format(format: str | None, product: str | None) -> str:
    if format is None:
        if product is None:
            return "docx"
        spec = PRODUCTS.get(product)
        return spec.default_format if spec is not None else "docx"
    if format not in FORMATS:
        raise TipReportsError(f"unknown format {format!r}; supported: " + ", ".join(repr(f) for f in FORMATS))
    return format


def build(
    briefing: Briefing,
    product: str | None = None,
    format: str | None = None,
    *,
    audience: Marking | str | None = None,
    theme: Theme | None = None,
    template_dir: str | os.PathLike[str] | None = None,
) -> Rendered:
    """Compose and write ``briefing``; return the data with its report."""
    fmt = _format(format, product)
    product = product or _DEFAULT_PRODUCT[fmt]
    theme = theme or DEFAULT_THEME
    if fmt == "pdf":
        # Name the input field, not a block of the composed document, when a font cannot draw a character.
        check_glyphs(iter_text(for_audience(briefing, audience)[0]))
    document = compose(briefing, product, audience=audience, theme=theme, template_dir=template_dir)
    out = FORMATS[fmt](document, theme)
    return Rendered(
        data=out.data,
        product=product,
        format=fmt,
        marking=document.marking,
        withheld=document.withheld,
        fit=out.fit,
        pages=out.pages,
    )


def render(
    briefing: Briefing,
    product: str | None = None,
    format: str | None = None,
    *,
    audience: Marking | str | None = None,
    theme: Theme | None = None,
    template_dir: str | os.PathLike[str] | None = None,
) -> bytes | str:
    """
    ``briefing`` as ``product`` in ``format``: bytes for docx/pdf, text for html/md.

    ``product`` defaults by format (pdf → one-pager, otherwise briefing-note),
    ``format`` by product. ``audience`` leaves out everything marked above it.
    """
    return build(briefing, product, format, audience=audience, theme=theme, template_dir=template_dir).data


def write(rendered: Rendered, path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Write a :class:`Rendered` to ``path`` atomically."""
    return write_atomic(path, rendered.data, overwrite=overwrite)


def save(
    briefing: Briefing,
    path: str | os.PathLike[str],
    *,
    product: str | None = None,
    audience: Marking | str | None = None,
    theme: Theme | None = None,
    template_dir: str | os.PathLike[str] | None = None,
    overwrite: bool = False,
) -> Path:
    """
    Render ``briefing`` and write it to ``path``; the format comes from the suffix.

    ``.docx`` → briefing note, ``.pdf`` → one-pager unless ``product`` says
    otherwise. The file is written whole or not at all; an existing file is
    replaced only with ``overwrite=True``. Returns the path written.
    """
    target = Path(path)
    fmt = _SUFFIXES.get(target.suffix.lower())
    if fmt is None:
        raise TipReportsError(
            f"cannot tell the format of {target.name!r} from its suffix; supported: " + ", ".join(sorted(_SUFFIXES))
        )
    check_target(target, overwrite=overwrite)
    rendered = build(briefing, product, fmt, audience=audience, theme=theme, template_dir=template_dir)
    return write(rendered, target, overwrite=overwrite)
