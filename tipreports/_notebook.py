"""
The notebook mixin: Jupyter shows a model object or a document as its HTML preview.

The model and the document inherit :class:`_ReprHTML`, so this module imports
nothing of tipreports: :mod:`tipreports.preview`, which imports them, installs
the preview here when the package is imported. Imports so point one way only:
preview → document → model → _notebook.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

__all__ = ["_ReprHTML", "install"]


def _plain(obj: object) -> str:
    # Until the preview is installed (while tipreports itself is being imported): the attrs repr, escaped.
    return f"<pre>{escape(repr(obj))}</pre>"


_preview: Callable[[object], str] = _plain


def install(preview: Callable[[object], str]) -> None:
    """Show every :class:`_ReprHTML` object in a notebook as ``preview(obj)`` renders it."""
    # A hook rather than an import: the preview sits above the model and the document it shows.
    global _preview
    _preview = preview


class _ReprHTML:
    """Mixin: Jupyter shows the object as the HTML writer renders it; ``repr()`` stays the attrs repr."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        return _preview(self)
