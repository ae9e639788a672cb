"""Schema errors: a document checked against its pydantic model, every complaint mapped to a located finding."""

from __future__ import annotations

import datetime
import enum
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from journeymap.codes import ErrorCode
from journeymap.findings import Finding, Problem
from journeymap.loader import Document
from journeymap.locate import locate_all
from journeymap.model import BackstageAction, Stage, StepFinding, Transition
from journeymap.validate.names import closest, did_you_mean
from journeymap.validate.places import describe, yaml_text

ModelT = TypeVar("ModelT", bound=BaseModel)

# Mappings that may be written short, as one text.
_SHORT_FORMS: dict[type[BaseModel], str] = {
    Stage: "a stage id",
    Transition: "a touchpoint id",
    StepFinding: "a text",
    BackstageAction: "a text",
}


def validate_model(document: Document, model: type[ModelT]) -> tuple[ModelT | None, list[Finding]]:
    """The model of a document, or None and every schema problem (and every text too long) as a located finding."""
    from journeymap.validate.lengths import too_long

    long_texts = too_long(document)
    if long_texts:
        return None, long_texts
    try:
        return model.model_validate(document.data), []
    except ValidationError as error:
        return None, locate_all(document, schema_problems(model, error, document.data))


def schema_problems(model: type[BaseModel], error: ValidationError, data: Any = None) -> list[Problem]:
    """Every complaint of pydantic about `data` for `model`, as a problem at its model path.

    One typo is one problem: an unknown key close to a key missing in the same mapping
    (`tittle` where `title` is required) says "did you mean 'title'?", and the missing key
    is not reported besides.
    """
    complaints = error.errors()
    missing = {
        (tuple(problem["loc"][:-1]), str(problem["loc"][-1]))
        for problem in complaints
        if problem["type"] == "missing" and problem["loc"]
    }
    folded: set[tuple[tuple[Any, ...], str]] = set()
    for problem in complaints:
        if problem["type"] == "extra_forbidden" and problem["loc"]:
            parent, name = tuple(problem["loc"][:-1]), str(problem["loc"][-1])
            wanted = closest(name, sorted(key for place, key in missing if place == parent))
            if wanted is not None:
                folded.add((parent, wanted))
    return [
        _schema_problem(model, problem, data)
        for problem in complaints
        if not (problem["type"] == "missing" and (tuple(problem["loc"][:-1]), str(problem["loc"][-1])) in folded)
    ]


def _schema_problem(model: type[BaseModel], problem: Any, data: Any) -> Problem:
    location = tuple(problem["loc"])
    kind = problem["type"]
    parent = describe(data, location[:-1])
    where = describe(data, location)
    if kind == "extra_forbidden":
        allowed = sorted(_fields_at(model, location[:-1]))
        name = str(location[-1])
        hint = did_you_mean(name, allowed) or f"allowed here: {', '.join(allowed)}"
        return Problem(ErrorCode.UNKNOWN_KEY, location, f"unknown key {name!r} in {parent}; {hint}", key=True)
    if kind == "missing":
        choices = _choices(model, location)
        values = f" ({choices})" if choices else ""
        return Problem(ErrorCode.MISSING_KEY, location, f"{parent} needs the key {location[-1]!r}{values}; add it")
    if kind == "literal_error" and location in (("journeymap",), ("walkthrough",)):
        message = (
            f"format version {problem['input']!r} is not supported: this journeymap reads version 1; "
            f"write `{location[0]}: 1` or remove the line"
        )
        return Problem(ErrorCode.UNSUPPORTED_VERSION, location, message)
    return Problem(ErrorCode.BAD_VALUE, location, f"{where}: {_value_message(model, location, problem)}")


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


def _show(value: Any) -> str:
    return yaml_text(value)


def _choices(model: type[BaseModel], location: tuple[Any, ...]) -> str | None:
    """The values a key may take when they are few and named (`digital or analog`), else None."""
    parent = _model_at(model, location[:-1])
    field = getattr(parent, "model_fields", {}).get(location[-1]) if location else None
    if field is None:
        return None
    for argument in typing.get_args(field.annotation) or (field.annotation,):
        if isinstance(argument, type) and issubclass(argument, enum.Enum):
            values = [str(member.value) for member in argument]
            return ", ".join(values[:-1]) + f" or {values[-1]}" if len(values) > 1 else values[0]
    return None


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
