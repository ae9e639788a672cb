"""Walkthrough rules: a walkthrough's own shape, and the names it shares with its journey."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from journeymap.codes import ErrorCode
from journeymap.findings import Finding, Problem
from journeymap.loader import Document
from journeymap.locate import locate_all
from journeymap.model import Journey, Walkthrough, journey_channels
from journeymap.validate.names import unknown_reference
from journeymap.validate.schema_errors import validate_model


def validate_walkthrough(document: Document) -> tuple[Walkthrough | None, list[Finding]]:
    """A walkthrough's own shape; its names are checked against its journey in `check_against_journey`."""
    walkthrough, findings = validate_model(document, Walkthrough)
    if walkthrough is None:
        return None, findings
    findings.extend(locate_all(document, walkthrough_rules(walkthrough)))
    return (None if findings else walkthrough), findings


def walkthrough_rules(walkthrough: Walkthrough) -> Iterator[Problem]:
    """What a walkthrough's steps must hold: a touchpoint walked, or the title of an unplanned step."""
    for i, step in enumerate(walkthrough.steps):
        if (step.touchpoint is None) == (step.title is None):
            message = (
                "a step names either the `touchpoint` walked or, for an unplanned step, a `title` — exactly one of them"
            )
            yield Problem(ErrorCode.BAD_VALUE, ("steps", i), message)
        if step.skipped and step.touchpoint is None:
            message = (
                "only a step of the journey can follow a jump: move `skipped` to the next step with a `touchpoint`"
            )
            yield Problem(ErrorCode.BAD_VALUE, ("steps", i, "skipped"), message, key=True)
    if walkthrough.presented is not None and walkthrough.presented < walkthrough.date:
        message = (
            f"presented {walkthrough.presented.isoformat()} is before the walk on {walkthrough.date.isoformat()}: "
            "findings are presented after the walk; correct one of the dates"
        )
        yield Problem(ErrorCode.BAD_VALUE, ("presented",), message)


def check_against_journey(walkthrough: Walkthrough, journeys: Mapping[str, Journey | None]) -> Iterator[Problem]:
    """Errors for a journey, touchpoints or channels the walkthrough names but its journey lacks.

    `journeys` maps ids to journeys, None for a journey with errors of its own (they are
    reported on its file; its walkthroughs are not checked against it meanwhile).
    """
    if walkthrough.journey not in journeys:
        yield unknown_reference(("journey",), "journey", walkthrough.journey, journeys)
        return
    journey = journeys[walkthrough.journey]
    if journey is None:
        return
    touchpoints = {point.id for point in journey.touchpoints}
    channels = set(journey_channels(journey))
    for i, step in enumerate(walkthrough.steps):
        if step.touchpoint is not None and step.touchpoint not in touchpoints:
            yield unknown_reference(("steps", i, "touchpoint"), "touchpoint", step.touchpoint, touchpoints)
        if step.channel is not None and step.channel not in channels:
            yield unknown_reference(("steps", i, "channel"), "channel", step.channel, channels)
        for j, skipped in enumerate(step.skipped):
            if skipped not in touchpoints:
                yield unknown_reference(("steps", i, "skipped", j), "touchpoint", skipped, touchpoints)
