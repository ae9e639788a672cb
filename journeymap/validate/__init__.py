"""Validate: located raw data to the model, every problem mapped back to its position.

`schema_errors` checks a document against its pydantic model, `journey_rules` what a journey's parts
must agree on, `walkthrough_rules` a walkthrough's shape and its names against its journey; `names`
holds the "did you mean" suggestions. Validation knows nothing of the warnings (`checks`) or scores.
"""

from journeymap.validate.journey_rules import (
    JOURNEY_SUFFIX,
    JOURNEY_SUFFIXES,
    WALKTHROUGH_SUFFIX,
    WALKTHROUGH_SUFFIXES,
    id_from_file_name,
    share_problem,
    validate_journey,
)
from journeymap.validate.names import did_you_mean, unknown_reference
from journeymap.validate.schema_errors import validate_model
from journeymap.validate.walkthrough_rules import check_against_journey, validate_walkthrough

__all__ = [
    "JOURNEY_SUFFIX",
    "JOURNEY_SUFFIXES",
    "WALKTHROUGH_SUFFIX",
    "WALKTHROUGH_SUFFIXES",
    "check_against_journey",
    "did_you_mean",
    "id_from_file_name",
    "share_problem",
    "unknown_reference",
    "validate_journey",
    "validate_model",
    "validate_walkthrough",
]
