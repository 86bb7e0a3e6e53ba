"""The public entry points: render a briefing to bytes or text, or save it to a file or a stream."""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, Protocol, overload

from attrs import field, frozen

from ._deadline import render_deadline
from ._io import check_target, write_atomic
from .compose import PRODUCTS, compose
from .errors import OutputError, TipReportsError
from .load import load
from .model import Briefing, Marking, Withheld, for_audience
from .model.briefing import iter_text
from .render import WRITERS, Writer, writer_for, writer_named
from .render._base import Fit
from .theme import DEFAULT_THEME, Theme

__all__ = ["FORMATS", "BinaryFormat", "Rendered", "TextFormat", "build", "build_and_write", "render", "save", "write"]

#: The writers by format name (``tr.FORMATS["pdf"].suffixes``): the table in :mod:`tipreports.render`.
FORMATS: Mapping[str, Writer] = WRITERS

#: Formats rendered as bytes, and as text.
BinaryFormat = Literal["docx", "pdf"]
TextFormat = Literal["html", "md"]


class Writable(Protocol):
    """Anything with ``write``: a file opened ``"wb"`` or ``"w"``, ``io.BytesIO``, ``sys.stdout``, a web response."""

    def write(self, data: Any, /) -> Any: ...


def _size(data: bytes | str) -> str:
    return f"{len(data):,} bytes" if isinstance(data, bytes) else f"{len(data):,} characters"


@frozen(kw_only=True, repr=False)
class Rendered:
    """
    A rendered product and its report.

    ``withheld`` counts what the audience did not get (never the text);
    ``fit`` says which one-page policy applied (PDF one-pagers); ``files``
    holds what is written beside the output (a Markdown file's chart, by file
    name). ``repr()`` is one line, never the data.
    """

    data: bytes | str
    product: str
    format: str
    marking: Marking
    withheld: Withheld
    fit: Fit | None = None
    pages: int | None = None
    files: tuple[tuple[str, bytes], ...] = field(default=())

    @property
    def report(self) -> str:
        """One line for people: the banner, what was withheld, the fit."""
        return render_report(self.withheld, self.fit)

    def __repr__(self) -> str:
        pages = f", {self.pages} page(s)" if self.pages is not None else ""
        beside = f", {len(self.files)} file(s) beside" if self.files else ""
        return (
            f"<Rendered {self.product} as {self.format}: {_size(self.data)}{pages}{beside}, "
            f"{self.marking.label}, {self.withheld.total} withheld>"
        )


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


def _briefing(briefing: object, caller: str) -> Briefing:
    """``briefing`` itself, or the mapping loaded strictly (as ``tr.load`` would)."""
    if isinstance(briefing, Briefing):
        return briefing
    if isinstance(briefing, Mapping):
        return load(briefing)
    hint = " (to read a file, tr.load(path) it first)" if isinstance(briefing, (str, os.PathLike)) else ""
    raise TypeError(f"{caller} takes a Briefing or a mapping of its fields, got {type(briefing).__name__}{hint}")


def build(
    briefing: Briefing | Mapping[str, Any],
    product: str | None = None,
    format: str | None = None,
    *,
    audience: Marking | str | None = None,
    theme: Theme | None = None,
    template_dir: str | os.PathLike[str] | None = None,
    fragment: bool = False,
    stem: str | None = None,
) -> Rendered:
    """
    Compose and write ``briefing``; return the data with its report.

    ``fragment=True`` gives HTML or Markdown to embed in a document of one's
    own (see :func:`render`). ``stem`` names the files written beside a
    Markdown file (``stem-tier-history.png``, in ``Rendered.files``); without
    it the chart is embedded in the text.

    Composing and writing together stop with a
    :class:`~tipreports.errors.RenderError` after ``MAX_RENDER_SECONDS``.
    """
    briefing = _briefing(briefing, "build")
    writer = _writer(format, product)
    product = product or writer.product
    theme = theme or DEFAULT_THEME
    writer.check_fragment(fragment)  # before any work
    if writer.check is not None:
        # Vet what the audience will get, so an error names the input field, not a block of the document.
        writer.check_fields(iter_text(for_audience(briefing, audience)[0]))
    with render_deadline():  # one clock for the template, the layout and the files beside
        document = compose(briefing, product, audience=audience, theme=theme, template_dir=template_dir)
        out = writer.write(document, theme, fragment=fragment, stem=stem)
        files = writer.files_beside(document, theme, stem) if stem is not None and not fragment else {}
    return Rendered(
        data=out.data,
        product=product,
        format=writer.name,
        marking=document.marking,
        withheld=document.withheld,
        fit=out.fit,
        pages=out.pages,
        files=tuple(files.items()),
    )


@overload
def render(
    briefing: Briefing | Mapping[str, Any],
    product: str | None,
    format: BinaryFormat,
    *,
    audience: Marking | str | None = ...,
    theme: Theme | None = ...,
    template_dir: str | os.PathLike[str] | None = ...,
    fragment: Literal[False] = ...,
) -> bytes: ...
@overload
def render(
    briefing: Briefing | Mapping[str, Any],
    product: str | None = ...,
    *,
    format: BinaryFormat,
    audience: Marking | str | None = ...,
    theme: Theme | None = ...,
    template_dir: str | os.PathLike[str] | None = ...,
    fragment: Literal[False] = ...,
) -> bytes: ...
@overload
def render(
    briefing: Briefing | Mapping[str, Any],
    product: str | None,
    format: TextFormat,
    *,
    audience: Marking | str | None = ...,
    theme: Theme | None = ...,
    template_dir: str | os.PathLike[str] | None = ...,
    fragment: bool = ...,
) -> str: ...
@overload
def render(
    briefing: Briefing | Mapping[str, Any],
    product: str | None = ...,
    *,
    format: TextFormat,
    audience: Marking | str | None = ...,
    theme: Theme | None = ...,
    template_dir: str | os.PathLike[str] | None = ...,
    fragment: bool = ...,
) -> str: ...
@overload
def render(
    briefing: Briefing | Mapping[str, Any],
    product: str | None = ...,
    format: str | None = ...,
    *,
    audience: Marking | str | None = ...,
    theme: Theme | None = ...,
    template_dir: str | os.PathLike[str] | None = ...,
    fragment: bool = ...,
) -> bytes | str: ...
def render(
    briefing: Briefing | Mapping[str, Any],
    product: str | None = None,
    format: str | None = None,
    *,
    audience: Marking | str | None = None,
    theme: Theme | None = None,
    template_dir: str | os.PathLike[str] | None = None,
    fragment: bool = False,
) -> bytes | str:
    """
    ``briefing`` as ``product`` in ``format``: bytes for docx/pdf, text for html/md.

    ``product`` defaults by format (pdf → one-pager, otherwise briefing-note),
    ``format`` by product. ``audience`` leaves out everything marked above it.
    A mapping is loaded first, as :func:`tipreports.load` would.

    HTML is a standalone page (doctype, charset, title, language, print
    rules); Markdown starts with front matter Pandoc and Quarto read and
    embeds the chart as a ``data:`` URI. ``fragment=True`` gives the HTML card
    alone (what a notebook shows) or the Markdown dialect without front matter.
    """
    return build(
        _briefing(briefing, "render"), product, format, audience=audience, theme=theme, template_dir=template_dir, fragment=fragment
    ).data


def write(rendered: Rendered, path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """
    Write a :class:`Rendered` to ``path`` atomically, with its files beside it.

    Every file is checked before any is written: without ``overwrite`` an
    existing one is refused and nothing is written.
    """
    target = Path(path)
    beside = [(target.parent / name, data) for name, data in rendered.files]
    for extra, _data in beside:
        check_target(extra, overwrite=overwrite)
    check_target(target, overwrite=overwrite)
    done: list[Path] = []
    try:
        for extra, data in beside:
            done.append(write_atomic(extra, data, overwrite=overwrite))
        write_atomic(target, rendered.data, overwrite=overwrite)
    except BaseException:
        # The text without its chart, or a chart without its text, is not left behind when new.
        if not overwrite:
            for written in done:
                written.unlink(missing_ok=True)
        raise
    return target


def build_and_write(
    briefing: Briefing | Mapping[str, Any],
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    product: str | None = None,
    audience: Marking | str | None = None,
    theme: Theme | None = None,
    template_dir: str | os.PathLike[str] | None = None,
    overwrite: bool = False,
) -> Rendered:
    """
    Render ``briefing`` and write it to ``path``: the one path every file takes (``save``, batch, CLI).

    ``format`` defaults to the one ``path``'s suffix names. An existing file
    is refused before any rendering unless ``overwrite``; the data is written
    whole or not at all. A Markdown file gets its chart beside it
    (``path``'s stem + ``-tier-history.png``), checked and written the same way.
    Returns what was written, with its report.
    """
    target = Path(path)
    writer = writer_for(target) if format is None else writer_named(format)
    check_target(target, overwrite=overwrite)
    rendered = build(briefing, product, writer.name, audience=audience, theme=theme, template_dir=template_dir, stem=target.stem)
    write(rendered, target, overwrite=overwrite)
    return rendered


def _is_text_stream(stream: object) -> bool:
    if isinstance(stream, io.TextIOBase):
        return True
    if isinstance(stream, (io.RawIOBase, io.BufferedIOBase)):
        return False
    # Neither (a wrapper, a web response): a 'b' in its mode, or no encoding, means bytes.
    mode = getattr(stream, "mode", None)
    if isinstance(mode, str):
        return "b" not in mode
    return isinstance(getattr(stream, "encoding", None), str)


def _to_stream(rendered: Rendered, stream: Writable) -> None:
    data = rendered.data
    if _is_text_stream(stream):
        if isinstance(data, bytes):
            raise OutputError(
                f"{rendered.format} is binary and this stream takes text; open the file with 'wb', "
                "use io.BytesIO, or sys.stdout.buffer"
            )
        stream.write(data)
    else:
        stream.write(data.encode("utf-8") if isinstance(data, str) else data)
    flush = getattr(stream, "flush", None)
    if callable(flush):
        flush()


@overload
def save(
    briefing: Briefing | Mapping[str, Any],
    path: str | os.PathLike[str],
    *,
    format: str | None = ...,
    product: str | None = ...,
    audience: Marking | str | None = ...,
    theme: Theme | None = ...,
    template_dir: str | os.PathLike[str] | None = ...,
    overwrite: bool = ...,
) -> Path: ...
@overload
def save(
    briefing: Briefing | Mapping[str, Any],
    path: Writable,
    *,
    format: str,
    product: str | None = ...,
    audience: Marking | str | None = ...,
    theme: Theme | None = ...,
    template_dir: str | os.PathLike[str] | None = ...,
    overwrite: bool = ...,
) -> None: ...
def save(
    briefing: Briefing | Mapping[str, Any],
    path: str | os.PathLike[str] | Writable,
    *,
    format: str | None = None,
    product: str | None = None,
    audience: Marking | str | None = None,
    theme: Theme | None = None,
    template_dir: str | os.PathLike[str] | None = None,
    overwrite: bool = False,
) -> Path | None:
    """
    Render ``briefing`` and write it to ``path``, a file or a stream.

    For a file the format comes from the suffix (or ``format``): ``.docx`` →
    briefing note, ``.pdf`` → one-pager unless ``product`` says otherwise. The
    file is written whole or not at all; an existing file is replaced only
    with ``overwrite=True``. A Markdown file gets its chart as a PNG beside it
    (``note.md`` → ``note-tier-history.png``). Returns the path written.

    A stream (anything with ``write``) needs ``format``. DOCX and PDF need a
    binary stream (``open(..., "wb")``, ``io.BytesIO``, ``sys.stdout.buffer``);
    HTML and Markdown go to a text stream as text and to a binary one as
    UTF-8. Everything is rendered before the one ``write``; the stream is
    flushed, not closed. A Markdown stream embeds its chart. Returns None.

    A mapping is loaded first, as :func:`tipreports.load` would.
    """
    briefing = _briefing(briefing, "save")
    if isinstance(path, (str, os.PathLike)):
        target = Path(path)
        build_and_write(
            briefing, target, format=format, product=product, audience=audience, theme=theme,
            template_dir=template_dir, overwrite=overwrite,
        )  # fmt: skip
        return target
    if not callable(getattr(path, "write", None)):
        raise TypeError(f"save writes to a path or a stream with write(), got {type(path).__name__}")
    if format is None:
        raise TipReportsError(f"saving to a stream needs format=; one of {', '.join(repr(n) for n in WRITERS)}")
    rendered = build(briefing, product, format, audience=audience, theme=theme, template_dir=template_dir)
    _to_stream(rendered, path)
    return None
