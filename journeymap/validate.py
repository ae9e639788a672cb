"""Validate: located raw data to a pydantic model, every problem mapped back to its position."""

from __future__ import annotations

import datetime
import difflib
import os
import re
import types
import typing
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from journeymap.checks import CHECKS
from journeymap.findings import Finding
from journeymap.graph import JourneyGraph, build_graph
from journeymap.loader import Document, Location
from journeymap.model import (
    ID_PATTERN,
    BackstageAction,
    Journey,
    Stage,
    StepFinding,
    Touchpoint,
    Transition,
    Walkthrough,
    journey_channels,
)

SHARE_TOLERANCE = 0.001
# One customer in a million: smaller shares are noise, and near-certain loops built
# from them would make the chain numerically unsolvable.
SMALLEST_SHARE = 1e-6
JOURNEY_SUFFIX = ".journey.yaml"
WALKTHROUGH_SUFFIX = ".walkthrough.yaml"

ModelT = TypeVar("ModelT", bound=BaseModel)

# Mappings that may be written short, as one text.
_SHORT_FORMS: dict[type[BaseModel], str] = {
    Stage: "a stage id",
    Transition: "a touchpoint id",
    StepFinding: "a text",
    BackstageAction: "a text",
}


def validate_model(document: Document, model: type[ModelT]) -> tuple[ModelT | None, list[Finding]]:
    """The model of a document, or None and every schema problem as a located finding."""
    try:
        return model.model_validate(document.data), []
    except ValidationError as error:
        return None, [_schema_finding(document, model, problem) for problem in error.errors()]


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
        return journey, [document.error([], "bad-value", message)]
    return journey.model_copy(update={"id": name}), []


# --- schema errors --------------------------------------------------------------------------------------------


def _schema_finding(document: Document, model: type[BaseModel], problem: Any) -> Finding:
    location = tuple(problem["loc"])
    kind = problem["type"]
    parent = _describe(location[:-1]) if location else "the file"
    where = _describe(location)
    if kind == "extra_forbidden":
        allowed = sorted(_fields_at(model, location[:-1]))
        name = str(location[-1])
        hint = did_you_mean(name, allowed) or f"allowed here: {', '.join(allowed)}"
        return document.error(location, "unknown-key", f"unknown key {name!r} in {parent}; {hint}", key=True)
    if kind == "missing":
        return document.error(location, "missing-key", f"{parent} needs the key {location[-1]!r}; add it")
    if kind == "literal_error" and location in (("journeymap",), ("walkthrough",)):
        message = (
            f"format version {problem['input']!r} is not supported: this journeymap reads version 1; "
            f"write `{location[0]}: 1` or remove the line"
        )
        return document.error(location, "unsupported-version", message)
    return document.error(location, "bad-value", f"{where}: {_value_message(model, location, problem)}")


def _value_message(model: type[BaseModel], location: tuple[Any, ...], problem: Any) -> str:
    """Pydantic's complaint about a value, in the designer's words and with the fix."""
    kind = problem["type"]
    value = problem["input"]
    got = f"got {_show(value)}"
    if kind == "value_error":  # our own validators already say what to write
        return str(problem["msg"]).removeprefix("Value error, ")
    if value is None:
        if location and isinstance(location[-1], int):
            return "this list item is empty; write a value after the `-` or remove the line"
        return "has no value; write one after the colon (or remove the key if it is optional)"
    if kind == "string_pattern_mismatch":
        return (
            f"{_show(value)} is not a valid id: use lower-case letters, digits and '-', starting with a letter or digit"
        )
    if kind == "list_type":
        return f"expected a list, {got}; write one `- item` per line, or [a, b]"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        keys = sorted(_fields_at(model, location))
        if not keys:
            return f"expected a mapping of `name: value` lines, {got}"
        short = _SHORT_FORMS.get(_model_at(model, location))
        either = f"{short} or " if short else ""
        return f"expected {either}a mapping with the keys {', '.join(keys)}, {got}"
    if kind == "string_type":
        return f"expected a single text, {got}"
    if kind == "string_too_short":
        return "is empty; write what it is (a short text)"
    if kind == "too_short":
        return "is empty; it needs at least one item"
    if isinstance(value, datetime.datetime):
        return f"{value.isoformat(sep=' ')} has a time of day; write the date only, as YYYY-MM-DD"
    if kind.startswith("date"):
        return f"{_show(value)} is not a date: write it as YYYY-MM-DD, e.g. 2026-11-20"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, {got}"
    message = f"{str(problem['msg']).removeprefix('Input ')} ({got})"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        message = f"expected a whole number, {got}"
    elif kind in ("float_type", "float_parsing"):
        message = f"expected a number, {got}"
    description = _field_description(model, location)
    return f"{message}; allowed: {description}" if description else message


def _field_description(model: type[BaseModel], location: tuple[Any, ...]) -> str | None:
    """The documented range of a field (effort: `1 (effortless) .. 7 (very hard)`), if it has one."""
    parent = _model_at(model, location[:-1])
    field = getattr(parent, "model_fields", {}).get(location[-1]) if location else None
    if field is None:
        return None
    if field.description:
        return str(field.description)
    for argument in typing.get_args(field.annotation) or (field.annotation,):
        for metadata in getattr(argument, "__metadata__", ()):
            if getattr(metadata, "description", None):
                return str(metadata.description)
    return None


def _describe(location: tuple[Any, ...]) -> str:
    """A path a designer recognises: `touchpoints[3].next[0].share`."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the file"


def _show(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _model_at(model: type[BaseModel], location: tuple[Any, ...]) -> Any:
    """The model a mapping at `location` must match, found by walking the model's field types."""
    current: Any = model
    for part in location:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", {})
        if part not in fields:
            return None
        current = _model_in(fields[part].annotation)
    return current


def _fields_at(model: type[BaseModel], location: tuple[Any, ...]) -> set[str]:
    """Names a mapping at `location` may hold."""
    return set(getattr(_model_at(model, location), "model_fields", {}))


def _model_in(annotation: Any) -> Any:
    """The BaseModel inside list[...], Optional[...] and Annotated[...], if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _model_in(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType):
        for argument in typing.get_args(annotation):
            found = _model_in(argument)
            if found is not None:
                return found
    return None


# --- cross-references and shares -------------------------------------------------------------------------------


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
            yield document.error(location, "duplicate-id", message)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`did you mean 'title'?` for the closest known name, or "" when none is close."""
    close = difflib.get_close_matches(name, list(known), n=1)
    return f"did you mean {close[0]!r}?" if close else ""


def unknown_reference(document: Document, location: Location, kind: str, name: str, known: Iterable[str]) -> Finding:
    """The one message for a name that points nowhere, with the likely fix."""
    known = sorted(set(known))
    hint = did_you_mean(name, known)
    if not hint:
        shown = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
        hint = f"known {kind}s: {shown}" if known else f"define the {kind} first"
    return document.error(location, "unknown-reference", f"there is no {kind} {name!r}; {hint}")


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
        if code not in CHECKS:
            yield unknown_reference(document, ("ignore", i), "warning code", code, CHECKS)


def _transitions(document: Document, journey: Journey) -> Iterator[Finding]:
    for i, point in enumerate(journey.touchpoints):
        if point.outcome is not None and point.next:
            message = "`outcome` describes how a journey ends: only exits (touchpoints without `next`) have one"
            yield document.error(("touchpoints", i, "outcome"), "bad-value", message)
        for target, location, _ in _duplicates(
            (transition.to, ("touchpoints", i, "next", j)) for j, transition in enumerate(point.next)
        ):
            message = f"{point.id!r} leads to {target!r} twice; keep one transition and give it the combined share"
            yield document.error(location, "duplicate-transition", message)
        problem = share_problem(point)
        if problem is not None:
            yield document.error(("touchpoints", i, "next"), "bad-shares", f"{point.id!r}: {problem}")


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
        yield document.error(("touchpoints", index, "id"), "trapped", message)


# --- walkthroughs --------------------------------------------------------------------------------------------


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
            findings.append(document.error(("steps", i), "bad-value", message))
    return (None if findings else walkthrough), findings
