"""
tipreports: briefing notes (DOCX) and one-pagers (PDF) from conference panels and the TIP Report.

>>> import tipreports as tr
>>> brief = tr.load("examples/thailand_2025.yaml")          # doctest: +SKIP
>>> tr.save(brief, "out/thailand.docx")                      # doctest: +SKIP
"""

from importlib.metadata import PackageNotFoundError, version

# Bound eagerly: `load`, `render`, `compose` and `preview` are also submodule names,
# and Python would otherwise rebind them to the modules on their first import.
from .api import FORMATS, Rendered, build, render, save, write
from .batch import BatchResult, render_many
from .compose import PRODUCTS, compose
from .document import Document
from .errors import (
    FitError,
    GlyphError,
    InputError,
    InputWarning,
    OutputError,
    Problem,
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
    compare,
)
from .preview import PagePreview, preview
from .theme import Theme

try:
    __version__ = version("tipreports")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

__all__ = [
    "FORMATS",
    "PRODUCTS",
    "BatchResult",
    "Briefing",
    "Changes",
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
    "InputWarning",
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
    "preview",
    "render",
    "render_many",
    "save",
    "write",
]
