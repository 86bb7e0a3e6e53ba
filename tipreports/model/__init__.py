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
from .compare import (
    Changes,
    ItemChange,
    ItemStatus,
    ListChanges,
    StatisticChange,
    StatisticsChanges,
    TierChange,
    compare,
)
from .marking import Marking
from .tier import Movement, Tier, TierHistory, TierPlacement

__all__ = [
    "Briefing",
    "Changes",
    "Comparison",
    "Count",
    "Country",
    "Event",
    "Finding",
    "Form",
    "ItemChange",
    "ItemStatus",
    "ListChanges",
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
    "StatisticChange",
    "StatisticsChanges",
    "TIPAssessment",
    "Tier",
    "TierChange",
    "TierHistory",
    "TierPlacement",
    "Withheld",
    "compare",
    "for_audience",
]
