"""Walkthrough rules: a walkthrough's own shape, and the names it shares with its journey."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from journeymap.codes import ErrorCode
from journeymap.findings import Finding
from journeymap.loader import Document
from journeymap.model import Journey, Walkthrough, journey_channels
from journeymap.validate.names import unknown_reference
from journeymap.validate.schema_errors import validate_model


def validate_walkthrough(document: Document) -> tuple[Walkthrough | None, list[Finding]]:
    """A walkthrough's own shape; its references to a journey are checked in `walkthroughs.py`."""
    walkthrough, findings = validate_model(document, Walkthrough)
    if walkthrough is None:
        return None, findings
    for i, step in enumerate(walkthrough.steps):
        if (step.touchpoint is None) == (step.title is None):
            message = (
                "a step names either the `touchpoint` walked or, for an unplanned step, a `title` — exactly one of them"
            )
            findings.append(document.error(("steps", i), ErrorCode.BAD_VALUE, message))
    return (None if findings else walkthrough), findings


def check_against_journey(
    document: Document, walkthrough: Walkthrough, journeys: Mapping[str, Journey | None]
) -> Iterator[Finding]:
    """Errors for a journey, touchpoints or channels the walkthrough names but its journey lacks.

    `journeys` maps ids to journeys, None for a journey with errors of its own (they are
    reported on its file; its walkthroughs are not checked against it meanwhile).
    """
    if walkthrough.journey not in journeys:
        yield unknown_reference(document, ("journey",), "journey", walkthrough.journey, journeys)
        return
    journey = journeys[walkthrough.journey]
    if journey is None:
        return
    touchpoints = {point.id for point in journey.touchpoints}
    channels = set(journey_channels(journey))
    for i, step in enumerate(walkthrough.steps):
        if step.touchpoint is not None and step.touchpoint not in touchpoints:
            yield unknown_reference(document, ("steps", i, "touchpoint"), "touchpoint", step.touchpoint, touchpoints)
        if step.channel is not None and step.channel not in channels:
            yield unknown_reference(document, ("steps", i, "channel"), "channel", step.channel, channels)
