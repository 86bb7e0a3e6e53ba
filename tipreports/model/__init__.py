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
    EventKind,
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
from .tier import (
    Designation,
    HistoryWarning,
    Movement,
    Streak,
    Tier,
    TierHistory,
    TierPlacement,
    TierRun,
    WarningKind,
)

__all__ = [
    "Briefing",
    "Changes",
    "Comparison",
    "Count",
    "Country",
    "Designation",
    "Event",
    "EventKind",
    "Finding",
    "Form",
    "HistoryWarning",
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
    "Streak",
    "TIPAssessment",
    "Tier",
    "TierChange",
    "TierHistory",
    "TierPlacement",
    "TierRun",
    "WarningKind",
    "Withheld",
    "compare",
    "for_audience",
]
