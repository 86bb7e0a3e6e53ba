"""
tipreports: briefing notes (DOCX) and one-pagers (PDF) from conference panels and the TIP Report.

>>> import tipreports as tr
>>> brief = tr.load("examples/thailand_2025.yaml")          # doctest: +SKIP
>>> tr.save(brief, "out/thailand.docx")                      # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from .errors import FitError, GlyphError, InputError, OutputError, Problem, TemplateError, TipReportsError
from .model import (
    Briefing,
    Comparison,
    Count,
    Country,
    Event,
    Finding,
    Form,
    Marking,
    Movement,
    Organisation,
    Panel,
    Person,
    Purpose,
    Qualifier,
    Recommendation,
    Source,
    Statistic,
    Tier,
    TierHistory,
    TierPlacement,
    TIPAssessment,
    Withheld,
)
from .theme import Theme

if TYPE_CHECKING:
    from .api import FORMATS, Rendered, build, render, save, write
    from .batch import BatchResult, render_many
    from .compose import PRODUCTS, compose
    from .document import Document
    from .load import dump, load, loads
    from .preview import PagePreview, preview

# The pipeline (Jinja2, YAML, the writers) is imported on first use, so that
# `import tipreports.model` stays free of rendering libraries and the command
# line starts quickly.
_LAZY = {
    "FORMATS": "api", "Rendered": "api", "build": "api", "render": "api", "save": "api", "write": "api",
    "BatchResult": "batch", "render_many": "batch",
    "PRODUCTS": "compose", "compose": "compose",
    "Document": "document",
    "dump": "load", "load": "load", "loads": "load",
    "PagePreview": "preview", "preview": "preview",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'tipreports' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)

try:
    __version__ = version("tipreports")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

__all__ = [
    "FORMATS",
    "PRODUCTS",
    "BatchResult",
    "Briefing",
    "Comparison",
    "Count",
    "Country",
    "Document",
    "Event",
    "Finding",
    "FitError",
    "Form",
    "GlyphError",
    "InputError",
    "Marking",
    "Movement",
    "Organisation",
    "OutputError",
    "PagePreview",
    "Panel",
    "Person",
    "Problem",
    "Purpose",
    "Qualifier",
    "Recommendation",
    "Rendered",
    "Source",
    "Statistic",
    "TIPAssessment",
    "TemplateError",
    "Theme",
    "Tier",
    "TierHistory",
    "TierPlacement",
    "TipReportsError",
    "Withheld",
    "__version__",
    "build",
    "compose",
    "dump",
    "load",
    "loads",
    "preview",
    "render",
    "render_many",
    "save",
    "write",
]
