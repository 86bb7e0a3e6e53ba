"""
Writers: one per format, each a single match over the document blocks.

:data:`WRITERS` is the table from format to writer (as pandoc's writer table
is): its name, its file suffixes, the product it makes by default and where its
write function lives. Adding a format is one writer module and one row here.
A writer's module is imported only when a document is first written in its
format, so writing Markdown loads neither python-docx nor ReportLab.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import PurePath
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from attrs import field, frozen

from .._deadline import render_deadline
from ..errors import FieldError, TipReportsError
from ._base import Output

if TYPE_CHECKING:
    from ..document import Document
    from ..theme import Theme

__all__ = ["WRITERS", "Writer", "format_names", "writer_for", "writer_named"]


def _suffixes(_instance: Any, attribute: Any, value: tuple[str, ...]) -> None:
    # The suffix lookup compares lower-case suffixes with their dot.
    if not value or any(not s.startswith(".") or s != s.lower() for s in value):
        raise FieldError(attribute.name, f"expected lower-case suffixes such as '.docx', got {value!r}")


@frozen(kw_only=True)
class Writer:
    """
    One output format: a row of :data:`WRITERS`.

    ``suffixes[0]`` is the one tipreports names files with; the others are
    also recognised by :func:`writer_for`. ``function`` in ``module`` takes a
    ``Document`` and a ``Theme`` and returns an ``Output``. ``check``, when
    set, names a function of the same module that vets the input's texts, as
    ``(field path, text)`` pairs of the briefing the audience will get, before
    it is composed, so an error names the input field rather than a block of
    the composed document.

    ``fragments`` says the writer can also write a fragment to embed in a page
    or document of one's own (``write(..., fragment=True)``). ``beside``, when
    set, names a function of the module that returns the files written beside
    the output (``{"note-tier-history.png": b"..."}``) for a file stem;
    ``write(..., stem=...)`` then references them by those names.
    """

    name: str
    suffixes: tuple[str, ...] = field(validator=_suffixes)
    product: str
    module: str
    function: str
    check: str | None = None
    fragments: bool = False
    beside: str | None = None

    @property
    def suffix(self) -> str:
        """The suffix of the files tipreports writes in this format (``.html``, not ``.htm``)."""
        return self.suffixes[0]

    def write(self, document: Document, theme: Theme, *, fragment: bool = False, stem: str | None = None) -> Output:
        """
        Render ``document`` in this format (importing the writer on first use), within the render's time limit.

        ``fragment`` asks for a fragment (formats with ``fragments`` only);
        ``stem`` makes a writer with ``beside`` files reference them as the
        files :meth:`files_beside` gives for the same stem.
        """
        self.check_fragment(fragment)
        options: dict[str, Any] = {"fragment": True} if fragment else {}
        if stem is not None and self.beside is not None:
            options["stem"] = stem
        write: Callable[..., Output] = getattr(importlib.import_module(self.module), self.function)
        with render_deadline():
            return write(document, theme, **options)

    def check_fragment(self, fragment: bool) -> None:
        """Refuse ``fragment=True`` for a format that has no fragment (DOCX, PDF)."""
        if fragment and not self.fragments:
            with_fragments = ", ".join(repr(w.name) for w in WRITERS.values() if w.fragments)
            raise TipReportsError(f"fragment=True applies to {with_fragments} output, not {self.name!r}")

    def files_beside(self, document: Document, theme: Theme, stem: str) -> dict[str, bytes]:
        """The files this format writes beside an output named ``stem`` (none for most formats), within the render's time limit."""
        if self.beside is None:
            return {}
        files: Callable[[Document, Theme, str], dict[str, bytes]] = getattr(importlib.import_module(self.module), self.beside)
        with render_deadline():
            return files(document, theme, stem)

    def check_fields(self, fields: Iterable[tuple[str, str]]) -> None:
        """Run the writer's check of the input's ``(field path, text)`` pairs, if it has one."""
        if self.check is not None:
            check: Callable[[Iterable[tuple[str, str]]], None] = getattr(importlib.import_module(self.module), self.check)
            check(fields)


#: Writers by format name, in the order formats are listed to users.
WRITERS: Mapping[str, Writer] = MappingProxyType(
    {
        writer.name: writer
        for writer in (
            Writer(name="docx", suffixes=(".docx",), product="briefing-note", module="tipreports.render.docx", function="write_docx"),
            Writer(name="pdf", suffixes=(".pdf",), product="one-pager", module="tipreports.render.pdf", function="write_pdf", check="check_glyphs"),
            Writer(name="html", suffixes=(".html", ".htm"), product="briefing-note", module="tipreports.render.html", function="write_html", fragments=True),
            Writer(name="md", suffixes=(".md",), product="briefing-note", module="tipreports.render.markdown", function="write_markdown", fragments=True, beside="figure_files"),
        )
    }
)  # fmt: skip


def format_names() -> str:
    """``'docx', 'pdf', 'html', 'md'``: the formats, for messages."""
    return ", ".join(repr(name) for name in WRITERS)


def writer_named(name: str) -> Writer:
    """The writer of format ``name``; an unknown name is an error listing the supported ones."""
    writer = WRITERS.get(name)
    if writer is None:
        raise TipReportsError(f"unknown format {name!r}; supported: {format_names()}")
    return writer


def writer_for(path: PurePath) -> Writer:
    """The writer whose suffixes include the suffix of ``path`` (in any case)."""
    suffix = path.suffix.lower()
    for writer in WRITERS.values():
        if suffix in writer.suffixes:
            return writer
    known = sorted(s for writer in WRITERS.values() for s in writer.suffixes)
    raise TipReportsError(f"cannot tell the format of {path.name!r} from its suffix; supported: " + ", ".join(known))
