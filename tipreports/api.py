"""The public entry points: render a briefing to bytes or text, or save it to a file."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from attrs import frozen

from ._io import check_target, write_atomic
from .compose import PRODUCTS, compose
from .model import Briefing, Marking, TIPAssessment, Withheld, compare, for_audience
from .model.briefing import iter_text
from .render import WRITERS, Writer, writer_for, writer_named
from .render._base import Fit
from .theme import DEFAULT_THEME, Theme

__all__ = ["FORMATS", "Rendered", "build", "build_and_write", "render", "save", "write"]

#: The writers by format name (``tr.FORMATS["pdf"].suffixes``): the table in :mod:`tipreports.render`.
FORMATS: Mapping[str, Writer] = WRITERS


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


def _writer(format: str | None, product: str | None) -> Writer:
    """The writer of ``format``; without one, the product's default format (DOCX for an unknown product)."""
    if format is None:
        spec = PRODUCTS.get(product) if product is not None else None
        format = spec.default_format if spec is not None else "docx"
    return writer_named(format)


def build(
    briefing: Briefing,
    product: str | None = None,
    format: str | None = None,
    *,
    audience: Marking | str | None = None,
    theme: Theme | None = None,
    template_dir: str | os.PathLike[str] | None = None,
    previous: Briefing | TIPAssessment | None = None,
) -> Rendered:
    """Compose and write ``briefing``; return the data with its report."""
    writer = _writer(format, product)
    product = product or writer.product
    theme = theme or DEFAULT_THEME
    if writer.check is not None:
        # Vet what the audience will get, so an error names the input field, not a block of the document.
        if previous is not None:
            changes = compare(previous, briefing, audience=audience)
            audience = changes.audience
            writer.check_fields((f"previous.assessment.{path}", text) for path, text in iter_text(changes.previous))
        writer.check_fields(iter_text(for_audience(briefing, audience)[0]))
    document = compose(briefing, product, audience=audience, theme=theme, template_dir=template_dir, previous=previous)
    out = writer.write(document, theme)
    return Rendered(
        data=out.data,
        product=product,
        format=writer.name,
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
    previous: Briefing | TIPAssessment | None = None,
) -> bytes | str:
    """
    ``briefing`` as ``product`` in ``format``: bytes for docx/pdf, text for html/md.

    ``product`` defaults by format (pdf → one-pager, otherwise briefing-note),
    ``format`` by product. ``audience`` leaves out everything marked above it.
    ``previous``, an earlier edition of the same country's assessment, adds
    what changed since (see :func:`save`).
    """
    return build(briefing, product, format, audience=audience, theme=theme, template_dir=template_dir, previous=previous).data


def write(rendered: Rendered, path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Write a :class:`Rendered` to ``path`` atomically."""
    return write_atomic(path, rendered.data, overwrite=overwrite)


def build_and_write(
    briefing: Briefing,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    product: str | None = None,
    audience: Marking | str | None = None,
    theme: Theme | None = None,
    template_dir: str | os.PathLike[str] | None = None,
    overwrite: bool = False,
    previous: Briefing | TIPAssessment | None = None,
) -> Rendered:
    """
    Render ``briefing`` and write it to ``path``: the one path every file takes (``save``, batch, CLI).

    ``format`` defaults to the one ``path``'s suffix names. An existing file
    is refused before any rendering unless ``overwrite``; the data is written
    whole or not at all. Returns what was written, with its report.
    """
    target = Path(path)
    writer = writer_for(target) if format is None else writer_named(format)
    check_target(target, overwrite=overwrite)
    rendered = build(briefing, product, writer.name, audience=audience, theme=theme, template_dir=template_dir, previous=previous)
    write(rendered, target, overwrite=overwrite)
    return rendered


def save(
    briefing: Briefing,
    path: str | os.PathLike[str],
    *,
    product: str | None = None,
    audience: Marking | str | None = None,
    theme: Theme | None = None,
    template_dir: str | os.PathLike[str] | None = None,
    overwrite: bool = False,
    previous: Briefing | TIPAssessment | None = None,
) -> Path:
    """
    Render ``briefing`` and write it to ``path``; the format comes from the suffix.

    ``.docx`` → briefing note, ``.pdf`` → one-pager unless ``product`` says
    otherwise. The file is written whole or not at all; an existing file is
    replaced only with ``overwrite=True``. Returns the path written.

    ``previous``, an earlier edition of the same country's assessment (a
    briefing or an assessment), adds what changed since: a "Since the 2024
    report" section in the note, a line under the one-pager's tier badge; the
    ``comparison`` product is the two side by side. Both are filtered for the
    audience before they are compared (:func:`tipreports.compare`).
    """
    target = Path(path)
    build_and_write(
        briefing, target, product=product, audience=audience, theme=theme, template_dir=template_dir,
        overwrite=overwrite, previous=previous,
    )  # fmt: skip
    return target
