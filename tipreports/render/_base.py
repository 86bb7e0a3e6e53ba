"""What every writer returns, and how a one-page product was made to fit."""

from __future__ import annotations

from typing import Literal

from attrs import frozen

__all__ = ["Fit", "Output"]


@frozen(kw_only=True)
class Fit:
    """
    The one-page policy that applied: ``as-is`` (fitted at full size) or ``shrunk``.

    ``scale`` is the factor applied to type and spacing (1.0 when as-is);
    ``body_size`` the resulting body font size in points.
    """

    policy: Literal["as-is", "shrunk"]
    scale: float
    body_size: float


@frozen(kw_only=True)
class Output:
    """A writer's result: the bytes (DOCX, PDF) or text (HTML, Markdown), and the fit for one-pagers."""

    data: bytes | str
    pages: int | None = None
    fit: Fit | None = None
