"""Journey rules: what a journey's parts must agree on (ids, references, transitions, shares, exits)."""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import ValidationError

from journeymap.codes import ErrorCode, WarningCode
from journeymap.findings import LINE_OF_SEE, Finding, ModelPath, Problem
from journeymap.loader import Document
from journeymap.locate import locate_all
from journeymap.model import ID_PATTERN, Journey, Touchpoint, journey_channels
from journeymap.shares import share_problem as problem_of_shares
from journeymap.validate.names import unknown_reference
from journeymap.validate.schema_errors import validate_model

JOURNEY_SUFFIX = ".journey.yaml"
WALKTHROUGH_SUFFIX = ".walkthrough.yaml"
# Folder searches find `.yml` files like `.yaml` ones; new files are named with the first suffix.
JOURNEY_SUFFIXES = (JOURNEY_SUFFIX, ".journey.yml")
WALKTHROUGH_SUFFIXES = (WALKTHROUGH_SUFFIX, ".walkthrough.yml")


def validate_journey(document: Document) -> tuple[Journey | None, list[Finding]]:
    """The model of a journey whose references, ids and shares all hold, or the errors that stop it.

    What only the journey's graph shows (customers who can never finish) is found by `journeymap.analysis`.
    """
    journey, findings = validate_model(document, Journey)
    if journey is None:
        return None, findings + _references_despite_values(document, findings)
    journey, problems = journey_rules(journey, document.path)
    return (None if problems else journey), findings + locate_all(document, problems)


# Rounds of removing the keys pydantic refused before the references are left unchecked.
_REPAIR_ROUNDS = 4


def _references_despite_values(document: Document, found: list[Finding]) -> list[Finding]:
    """The references to no stage, channel or touchpoint in a file whose values are wrong: reported in the same
    run, so fixing `effort: 9` does not uncover an unknown stage next time.

    Each key whose value pydantic refused is left out (keys only: list positions, and with them the places
    findings point at, stay as written) and the rest validated again; when a required key or a whole list
    item would have to go, the references wait for the values to be fixed.
    """
    data = copy.deepcopy(document.data)
    for _ in range(_REPAIR_ROUNDS):
        try:
            partial = Journey.model_validate(data)
        except ValidationError as error:
            if not all(_drop(data, tuple(problem["loc"])) for problem in error.errors()):
                return []
            continue
        _, problems = journey_rules(partial, document.path)
        wanted = [problem for problem in problems if problem.code is ErrorCode.UNKNOWN_REFERENCE]
        seen = {(finding.line, finding.column, finding.code) for finding in found}
        return [
            finding
            for finding in locate_all(document, wanted)
            if (finding.line, finding.column, finding.code) not in seen
        ]
    return []


def _drop(data: Any, location: tuple[Any, ...]) -> bool:
    """Remove the nearest optional key at or above `location` in `data`; False when none can go."""
    for end in range(len(location), 0, -1):
        key, parent = location[end - 1], _at(data, location[: end - 1])
        if isinstance(key, str) and isinstance(parent, dict) and key in parent:
            if (end == 1 and key in _REQUIRED) or key in _REQUIRED_BELOW:
                return False
            del parent[key]
            return True
        if isinstance(key, int):
            return False  # a list item: removing it would move the places of those after it
    return False


def _at(data: Any, location: tuple[Any, ...]) -> Any:
    for key in location:
        present = key in data if isinstance(data, dict) else isinstance(key, int) and 0 <= key < len(data)
        if not isinstance(data, dict | list) or not present:
            return None
        data = data[key]
    return data


# Keys a journey or its parts cannot do without: leaving one out only trades one error for another.
_REQUIRED = {name for name, field in Journey.model_fields.items() if field.is_required()}
_REQUIRED_BELOW = {"id", "to", "title", "stage", "channel", "kind", "name", "action"}


def journey_rules(journey: Journey, source: str) -> tuple[Journey, list[Problem]]:
    """The journey with its default id (from the file name `source`), and what its parts disagree on."""
    problems: list[Problem] = []
    if journey.id is None:
        journey, missing_id = _with_default_id(source, journey)
        problems.extend(missing_id)
    problems.extend(_duplicate_ids(journey))
    problems.extend(_references(journey))
    problems.extend(_transitions(journey))
    problems.extend(_events(journey))
    return journey, problems


def id_from_file_name(path: str) -> str:
    """A journey's id when it names none: its file name without `.journey.yaml` (or `.journey.yml`)."""
    name = os.path.basename(path)
    for suffix in (*JOURNEY_SUFFIXES, ".yaml", ".yml"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _with_default_id(source: str, journey: Journey) -> tuple[Journey, list[Problem]]:
    name = id_from_file_name(source)
    if not re.match(ID_PATTERN, name):
        message = (
            f"the file name gives the id {name!r}, which is not a valid id; "
            "add `id:` with lower-case letters, digits and '-'"
        )
        return journey, [Problem(ErrorCode.BAD_VALUE, (), message)]
    return journey.model_copy(update={"id": name}), []


def _duplicates(items: Iterable[tuple[str, ModelPath]]) -> Iterator[tuple[str, ModelPath, ModelPath]]:
    first: dict[str, ModelPath] = {}
    for name, location in items:
        if name in first:
            yield name, location, first[name]
        else:
            first[name] = location


def _duplicate_ids(journey: Journey) -> Iterator[Problem]:
    groups = {
        "stage": [(stage.id, ("stages", i, "id")) for i, stage in enumerate(journey.stages)],
        "channel": [(channel.id, ("channels", i, "id")) for i, channel in enumerate(journey.channels)],
        "touchpoint": [(point.id, ("touchpoints", i, "id")) for i, point in enumerate(journey.touchpoints)],
    }
    for kind, items in groups.items():
        for name, location, first in _duplicates(items):
            message = f"{kind} id {name!r} is already used on line {LINE_OF_SEE}; give each {kind} its own id"
            yield Problem(ErrorCode.DUPLICATE_ID, location, message, see=first)


def _references(journey: Journey) -> Iterator[Problem]:
    stages = {stage.id for stage in journey.stages}
    channels = set(journey_channels(journey))
    touchpoints = {point.id for point in journey.touchpoints}
    phases = journey.phase_ids
    for i, stage in enumerate(journey.stages):
        if stage.phase is not None and stage.phase not in phases:
            yield unknown_reference(("stages", i, "phase"), "phase", stage.phase, phases)
    for i, point in enumerate(journey.touchpoints):
        if point.stage not in stages:
            yield unknown_reference(("touchpoints", i, "stage"), "stage", point.stage, stages)
        if point.channel not in channels:
            yield unknown_reference(("touchpoints", i, "channel"), "channel", point.channel, channels)
        for j, transition in enumerate(point.next):
            if transition.to not in touchpoints:
                location = ("touchpoints", i, "next", j, "to")
                yield unknown_reference(location, "touchpoint", transition.to, touchpoints)
    if journey.entry is not None and journey.entry not in touchpoints:
        yield unknown_reference(("entry",), "touchpoint", journey.entry, touchpoints)
    yield from _ignored_codes(("ignore",), journey.ignore)
    for i, point in enumerate(journey.touchpoints):
        yield from _ignored_codes(("touchpoints", i, "ignore"), point.ignore)
        for j, transition in enumerate(point.next):
            yield from _ignored_codes(("touchpoints", i, "next", j, "ignore"), transition.ignore)


def _ignored_codes(path: ModelPath, codes: Iterable[str]) -> Iterator[Problem]:
    """Only warnings can be silenced, by their code; anything else in an `ignore:` list is a mistake."""
    warnings = set(WarningCode)
    for k, code in enumerate(codes):
        if code not in warnings:
            yield unknown_reference((*path, k), "warning code", code, WarningCode)


def _transitions(journey: Journey) -> Iterator[Problem]:
    for i, point in enumerate(journey.touchpoints):
        if point.is_service and point.removable:
            message = (
                f"{point.id!r} is where the company delivers the service itself (`kind: service`): "
                "what-if never drops it; remove `removable: true`, or give it another kind"
            )
            yield Problem(ErrorCode.BAD_VALUE, ("touchpoints", i, "removable"), message)
        if point.outcome is not None and point.next:
            message = "`outcome` describes how a journey ends: only exits (touchpoints without `next`) have one"
            yield Problem(ErrorCode.BAD_VALUE, ("touchpoints", i, "outcome"), message)
        for target, location, _ in _duplicates(
            (transition.to, ("touchpoints", i, "next", j)) for j, transition in enumerate(point.next)
        ):
            message = f"{point.id!r} leads to {target!r} twice; keep one transition and give it the combined share"
            yield Problem(ErrorCode.DUPLICATE_TRANSITION, location, message)
        problem = share_problem(point)
        if problem is not None:
            yield Problem(ErrorCode.BAD_SHARES, ("touchpoints", i, "next"), f"{point.id!r}: {problem}")


def _events(journey: Journey) -> Iterator[Problem]:
    """Each activity of an event log means one touchpoint: listed by two (or naming another's id), it is an error."""
    owner: dict[str, tuple[str, ModelPath]] = {
        point.id: (point.id, ("touchpoints", i, "id")) for i, point in enumerate(journey.touchpoints)
    }
    for i, point in enumerate(journey.touchpoints):
        for k, name in enumerate(point.events):
            taken, place = owner.get(name, (point.id, ()))
            if taken != point.id:
                message = (
                    f"activity {name!r} is listed by {point.id!r} but already means {taken!r} (line {LINE_OF_SEE}): "
                    "an activity maps to one touchpoint; keep it at one of them"
                )
                yield Problem(ErrorCode.DUPLICATE_EVENT, ("touchpoints", i, "events", k), message, see=place)
            elif name not in owner:
                owner[name] = (point.id, ("touchpoints", i, "events", k))
    evidence = journey.evidence
    if evidence is not None and evidence.events is None and evidence.survey is None:
        message = "`evidence:` names no data: add `events:` (an event log) or `survey:` (a survey export), or both"
        yield Problem(ErrorCode.MISSING_KEY, ("evidence",), message)


def share_problem(point: Touchpoint) -> str | None:
    """What is wrong with a touchpoint's shares, in the designer's words, or None (the rules: `journeymap.shares`)."""
    return problem_of_shares([transition.share for transition in point.next])
