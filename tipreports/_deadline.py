"""
The time limit of one rendering, template and layout together.

:func:`render_deadline` starts the clock (a rendering inside another shares the
outer one); the writers call :func:`check_deadline` between the blocks they lay
out, so that no document keeps a writer busy for minutes (one paragraph of
400,000 characters took ReportLab 35 seconds).
"""

from __future__ import annotations

import contextlib
import contextvars
import time
from collections.abc import Iterator

from .errors import RenderError

__all__ = ["MAX_RENDER_SECONDS", "check_deadline", "render_deadline"]

#: Most seconds one rendering (template and layout) may take.
MAX_RENDER_SECONDS = 60.0

_DEADLINE: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar("tipreports_render_deadline", default=None)


@contextlib.contextmanager
def render_deadline() -> Iterator[None]:
    """Start the clock of a rendering, unless one is running already."""
    if _DEADLINE.get() is not None:
        yield
        return
    token = _DEADLINE.set((time.monotonic() + MAX_RENDER_SECONDS, MAX_RENDER_SECONDS))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check_deadline(where: str) -> None:
    """Raise :class:`~tipreports.errors.RenderError` naming ``where`` (``"the one-pager's section 'Concerns'"``) once time is up."""
    running = _DEADLINE.get()
    if running is not None and time.monotonic() >= running[0]:
        raise RenderError(f"{where} took longer than {running[1]:g} seconds to lay out; shorten it")


def product_name(product: str) -> str:
    """How an error names a product: ``briefing note``, ``one-pager``."""
    return product.replace("-", " ") if product == "briefing-note" else product
