"""
The domain model: frozen attrs value objects, validated on construction.

Nothing here does I/O or imports a rendering library.
"""

from .audience import Withheld, for_audience
from .briefing import (
    Briefing,
    Comparison,
    Count,
    Country,
    Event,
    Finding,
    Form,
    Organisation,
    Panel,
    Person,
    Purpose,
    Qualifier,
    Recommendation,
    Source,
    Statistic,
    TIPAssessment,
)
from .marking import Marking
from .tier import Movement, Tier, TierHistory, TierPlacement

__all__ = [
    "Briefing",
    "Comparison",
    "Count",
    "Country",
    "Event",
    "Finding",
    "Form",
    "Marking",
    "Movement",
    "Organisation",
    "Panel",
    "Person",
    "Purpose",
    "Qualifier",
    "Recommendation",
    "Source",
    "Statistic",
    "TIPAssessment",
    "Tier",
    "TierHistory",
    "TierPlacement",
    "Withheld",
    "for_audience",
]
