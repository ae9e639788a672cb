"""Walkthroughs: customer-driving-licence walks compared with their journeys, and the licence register.

`comparison` holds the journey as designed next to the journey as walked; `licences` the register of
who walked which journey and when they are due again. Checking a walkthrough against its journey is
validation (`journeymap.validate.walkthrough_rules`).
"""

from journeymap.walkthroughs.comparison import (
    SEVERITIES,
    UNRATED,
    JourneyComparison,
    Participant,
    RecordedFinding,
    TouchpointComparison,
    UnplannedStep,
    compare,
)
from journeymap.walkthroughs.licences import (
    EXPIRING_WITHIN_DAYS,
    Coverage,
    JourneyPath,
    Licence,
    LicenceRules,
    LicenceStatus,
    add_months,
    journey_path,
    licence_register,
    licence_status,
    walk_coverage,
)

__all__ = [
    "EXPIRING_WITHIN_DAYS",
    "SEVERITIES",
    "UNRATED",
    "Coverage",
    "JourneyComparison",
    "JourneyPath",
    "Licence",
    "LicenceRules",
    "LicenceStatus",
    "Participant",
    "RecordedFinding",
    "TouchpointComparison",
    "UnplannedStep",
    "add_months",
    "compare",
    "journey_path",
    "licence_register",
    "licence_status",
    "walk_coverage",
]
