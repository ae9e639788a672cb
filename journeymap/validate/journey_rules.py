"""Journey rules: what a journey's parts must agree on (ids, references, transitions, shares, exits)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator

from journeymap.codes import ErrorCode, WarningCode
from journeymap.findings import Finding
from journeymap.graph import JourneyGraph, build_graph
from journeymap.loader import Document, Location
from journeymap.model import ID_PATTERN, Journey, Touchpoint, journey_channels
from journeymap.validate.names import unknown_reference
from journeymap.validate.schema_errors import validate_model

SHARE_TOLERANCE = 0.001
# One customer in a million: smaller shares are noise, and near-certain loops built
# from them would make the chain numerically unsolvable.
SMALLEST_SHARE = 1e-6
JOURNEY_SUFFIX = ".journey.yaml"
WALKTHROUGH_SUFFIX = ".walkthrough.yaml"


def validate_journey(document: Document) -> tuple[JourneyGraph | None, list[Finding]]:
    """The graph of a journey whose references, ids, shares and exits all hold, or the errors that stop it."""
    journey, findings = validate_model(document, Journey)
    if journey is None:
        return None, findings
    if journey.id is None:
        journey, problem = _with_default_id(document, journey)
        findings.extend(problem)
    findings.extend(_duplicate_ids(document, journey))
    findings.extend(_references(document, journey))
    findings.extend(_transitions(document, journey))
    if findings:
        return None, findings
    graph = build_graph(journey)
    findings.extend(_trapped(document, graph))
    return (None if findings else graph), findings


def id_from_file_name(path: str) -> str:
    """A journey's id when it names none: its file name without `.journey.yaml`."""
    name = os.path.basename(path)
    for suffix in (JOURNEY_SUFFIX, ".yaml", ".yml"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _with_default_id(document: Document, journey: Journey) -> tuple[Journey, list[Finding]]:
    name = id_from_file_name(document.path)
    if not re.match(ID_PATTERN, name):
        message = (
            f"the file name gives the id {name!r}, which is not a valid id; "
            "add `id:` with lower-case letters, digits and '-'"
        )
        return journey, [document.error([], ErrorCode.BAD_VALUE, message)]
    return journey.model_copy(update={"id": name}), []


def _duplicates(items: Iterable[tuple[str, Location]]) -> Iterator[tuple[str, Location, Location]]:
    first: dict[str, Location] = {}
    for name, location in items:
        if name in first:
            yield name, location, first[name]
        else:
            first[name] = location


def _duplicate_ids(document: Document, journey: Journey) -> Iterator[Finding]:
    groups = {
        "stage": [(stage.id, ("stages", i, "id")) for i, stage in enumerate(journey.stages)],
        "channel": [(channel.id, ("channels", i, "id")) for i, channel in enumerate(journey.channels)],
        "touchpoint": [(point.id, ("touchpoints", i, "id")) for i, point in enumerate(journey.touchpoints)],
    }
    for kind, items in groups.items():
        for name, location, first in _duplicates(items):
            line, _ = document.position(first)
            message = f"{kind} id {name!r} is already used on line {line}; give each {kind} its own id"
            yield document.error(location, ErrorCode.DUPLICATE_ID, message)


def _references(document: Document, journey: Journey) -> Iterator[Finding]:
    stages = {stage.id for stage in journey.stages}
    channels = set(journey_channels(journey))
    touchpoints = {point.id for point in journey.touchpoints}
    for i, point in enumerate(journey.touchpoints):
        if point.stage not in stages:
            yield unknown_reference(document, ("touchpoints", i, "stage"), "stage", point.stage, stages)
        if point.channel not in channels:
            yield unknown_reference(document, ("touchpoints", i, "channel"), "channel", point.channel, channels)
        for j, transition in enumerate(point.next):
            if transition.to not in touchpoints:
                location = ("touchpoints", i, "next", j, "to")
                yield unknown_reference(document, location, "touchpoint", transition.to, touchpoints)
    if journey.entry is not None and journey.entry not in touchpoints:
        yield unknown_reference(document, ("entry",), "touchpoint", journey.entry, touchpoints)
    for i, code in enumerate(journey.ignore):
        if code not in set(WarningCode):
            yield unknown_reference(document, ("ignore", i), "warning code", code, WarningCode)


def _transitions(document: Document, journey: Journey) -> Iterator[Finding]:
    for i, point in enumerate(journey.touchpoints):
        if point.outcome is not None and point.next:
            message = "`outcome` describes how a journey ends: only exits (touchpoints without `next`) have one"
            yield document.error(("touchpoints", i, "outcome"), ErrorCode.BAD_VALUE, message)
        for target, location, _ in _duplicates(
            (transition.to, ("touchpoints", i, "next", j)) for j, transition in enumerate(point.next)
        ):
            message = f"{point.id!r} leads to {target!r} twice; keep one transition and give it the combined share"
            yield document.error(location, ErrorCode.DUPLICATE_TRANSITION, message)
        problem = share_problem(point)
        if problem is not None:
            yield document.error(("touchpoints", i, "next"), ErrorCode.BAD_SHARES, f"{point.id!r}: {problem}")


def share_problem(point: Touchpoint) -> str | None:
    """What is wrong with a touchpoint's shares, in the designer's words, or None."""
    shares = [transition.share for transition in point.next if transition.share is not None]
    tiny = [share for share in shares if share < SMALLEST_SHARE]
    if tiny:
        return (
            f"a share of {tiny[0]:g} is too small to matter (and to compute with); "
            f"give it at least {SMALLEST_SHARE:g} or remove the transition"
        )
    given = sum(shares)
    unshared = len(point.next) - len(shares)
    if given > 1 + SHARE_TOLERANCE:
        return f"the shares add up to {given:g}, more than 1; lower them so they add up to 1 at most"
    if unshared == 0 and shares and abs(given - 1) > SHARE_TOLERANCE:
        return f"the shares add up to {given:g}; when every transition has a share they must add up to 1"
    if unshared and given >= 1 - SHARE_TOLERANCE:
        return (
            f"the shares already add up to {given:g}, leaving nothing for the {unshared} transition(s) "
            "without a share; lower the shares or give every transition one"
        )
    return None


def _trapped(document: Document, graph: JourneyGraph) -> Iterator[Finding]:
    for index in graph.trapped:
        point = graph.touchpoints[index]
        message = (
            f"customers who reach {point.id!r} can never finish: no exit (a touchpoint without `next`) "
            "can be reached from it; add a transition out of the loop or end the journey there"
        )
        yield document.error(("touchpoints", index, "id"), ErrorCode.TRAPPED, message)
