"""
tipreports: briefing notes (DOCX) and one-pagers (PDF) from conference panels and the TIP Report.

>>> import tipreports as tr
>>> brief = tr.load("examples/thailand_2025.yaml")          # doctest: +SKIP
>>> tr.save(brief, "out/thailand.docx")                      # doctest: +SKIP
"""

from typing import TYPE_CHECKING

# Bound eagerly: `load`, `render`, `compose` and `preview` are also submodule names,
# and Python would otherwise rebind them to the modules on their first import.
from .api import FORMATS, Rendered, build, render, save, write
from .batch import BatchResult, Outcome, render_as_completed, render_many
from .compose import PRODUCTS, compose
from .document import Document
from .errors import (
    FitError,
    GlyphError,
    InputError,
    InputWarning,
    OutputError,
    Problem,
    RenderError,
    StyleWarning,
    TemplateError,
    ThaiSupportError,
    TipReportsError,
    TipReportsWarning,
)
from .load import dump, load, loads
from .model import (
    Briefing,
    Changes,
    Comparison,
    Count,
    Country,
    Designation,
    Event,
    EventKind,
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
    compare,
)
from .preview import PagePreview, preview
from .theme import Theme
from .wording import Phrasebook, phrasebook

if TYPE_CHECKING:
    __version__: str


def __getattr__(name: str) -> str:
    # importlib.metadata costs a tenth of a second to import (email, zipfile, ...): only when asked.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("tipreports")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
            found = "0.0.0"
        globals()["__version__"] = found
        return found
    raise AttributeError(f"module 'tipreports' has no attribute {name!r}")

__all__ = [
    "FORMATS",
    "PRODUCTS",
    "BatchResult",
    "Briefing",
    "Changes",
    "Comparison",
    "Count",
    "Country",
    "Designation",
    "Document",
    "Event",
    "EventKind",
    "Finding",
    "FitError",
    "Form",
    "GlyphError",
    "InputError",
    "InputWarning",
    "Marking",
    "Movement",
    "Organisation",
    "Outcome",
    "OutputError",
    "PagePreview",
    "Panel",
    "Person",
    "Phrasebook",
    "Problem",
    "Purpose",
    "Qualifier",
    "Recommendation",
    "RenderError",
    "Rendered",
    "Source",
    "Statistic",
    "StyleWarning",
    "TIPAssessment",
    "TemplateError",
    "ThaiSupportError",
    "Theme",
    "Tier",
    "TierHistory",
    "TierPlacement",
    "TipReportsError",
    "TipReportsWarning",
    "Withheld",
    "__version__",
    "build",
    "compare",
    "compose",
    "dump",
    "load",
    "loads",
    "phrasebook",
    "preview",
    "render",
    "render_as_completed",
    "render_many",
    "save",
    "write",
]
