"""Walkthroughs: customer-driving-licence records checked against, and compared with, their journeys."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from journeymap.findings import Finding
from journeymap.loader import Document
from journeymap.model import Walkthrough, journey_channels
from journeymap.validate import unknown_reference

if TYPE_CHECKING:
    from journeymap.project import JourneyFile


def check_against_journey(
    document: Document, walkthrough: Walkthrough, journeys: Mapping[str, JourneyFile]
) -> Iterator[Finding]:
    """Errors for a journey, touchpoints or channels the walkthrough names but its journey lacks."""
    file = journeys.get(walkthrough.journey)
    if file is None or file.journey is None:
        if file is None:
            yield unknown_reference(document, ("journey",), "journey", walkthrough.journey, journeys)
        return
    journey = file.journey
    touchpoints = {point.id for point in journey.touchpoints}
    channels = set(journey_channels(journey))
    for i, step in enumerate(walkthrough.steps):
        if step.touchpoint is not None and step.touchpoint not in touchpoints:
            yield unknown_reference(document, ("steps", i, "touchpoint"), "touchpoint", step.touchpoint, touchpoints)
        if step.channel is not None and step.channel not in channels:
            yield unknown_reference(document, ("steps", i, "channel"), "channel", step.channel, channels)
