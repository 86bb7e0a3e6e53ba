"""
See a product as the page it will be: the PDF rendered to PNG, shown in a notebook.

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

from attrs import frozen

from ._io import write_atomic
from .api import build
from .errors import OutputError
from .model import Briefing, Marking
from .theme import Theme

__all__ = ["PagePreview", "preview"]

#: Default resolution: 110 dpi shows an A4 page about 910 px wide.
DEFAULT_DPI = 110.0


@frozen(kw_only=True)
class PagePreview:
    """
    The pages of a rendered PDF as PNG images, with the render report.

    In Jupyter it shows as the pages themselves (``_repr_html_``, or
    ``_repr_png_`` for the first page); :meth:`save` writes a page as PNG.
    """

    pages: tuple[bytes, ...]
    sizes: tuple[tuple[int, int], ...]
    product: str
    title: str
    marking: Marking
    report: str
    dpi: float

    def _repr_png_(self) -> bytes:
        return self.pages[0]

    def _repr_html_(self) -> str:
        images = []
        for number, (png, (width, height)) in enumerate(zip(self.pages, self.sizes, strict=True), start=1):
            alt = f"Page {number} of {len(self.pages)} of the {self.product}: {self.title}"
            data = base64.b64encode(png).decode("ascii")
            images.append(
                f'<img src="data:image/png;base64,{data}" width="{width}" height="{height}" alt="{escape(alt, quote=True)}" '
                'style="display:block;max-width:100%;height:auto;margin:0 0 0.5rem;background:#ffffff;'
                'box-shadow:0 1px 4px rgba(0,0,0,0.35)">'
            )
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
    return PagePreview(
        pages=tuple(pages),
        sizes=tuple(sizes),
        product=rendered.product,
        title=briefing.title,
        marking=rendered.marking,
        report=rendered.report,
        dpi=dpi,
    )
