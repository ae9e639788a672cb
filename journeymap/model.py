"""Model: format version 1 of journeys and walkthroughs as pydantic models.

The models check shape and value ranges only; cross-references (stages,
channels, transitions) are checked in `validate.py`, where positions are known.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, StringConstraints

from journeymap.durations import parse_duration

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


def _text(value: Any) -> Any:
    """Accept numbers and dates where text is expected, as a designer would; refuse YAML's yes/no."""
    if type(value) is str:  # by far the most common case: return at once
        return value
    if isinstance(value, bool):
        raise ValueError("yes/no/true/false/on/off read as a yes-or-no value here: put the text in quotes")
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _duration(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("a duration is a number with a unit s, m, h, d or w, e.g. 15m or 1.5h")
    return parse_duration(value)


def _not_yes_no(value: Any) -> Any:
    """A number where YAML read yes/no/true/false: pydantic would take it as 1 or 0."""
    if isinstance(value, bool):
        raise ValueError("yes/no/true/false/on/off read as a yes-or-no value here: write a number")
    return value


def _date(value: Any) -> Any:
    """Only a written date: pydantic would read a bare number as seconds since 1970."""
    if isinstance(value, bool | int | float):
        raise ValueError(f"{value!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-11-20")
    return value


def _string_list(value: Any) -> Any:
    """A single text where a list is expected is a list of one, as YAML writers expect."""
    if isinstance(value, str):
        return [value]
    return value


# What `_text` takes, for the JSON Schema: text or a number (YAML's `title: 2026`); never yes/no.
_TEXT_INPUT = str | float
Text = Annotated[str, BeforeValidator(_text, json_schema_input_type=_TEXT_INPUT)]
Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    BeforeValidator(_text, json_schema_input_type=Annotated[str, Field(pattern=r"\S")] | float),
]
_ID_INPUT = Annotated[str, Field(pattern=ID_PATTERN)] | Annotated[int, Field(ge=0)]
Id = Annotated[str, Field(pattern=ID_PATTERN), BeforeValidator(_text, json_schema_input_type=_ID_INPUT)]
TextList = Annotated[list[Text], BeforeValidator(_string_list, json_schema_input_type=list[_TEXT_INPUT] | str)]
Duration = Annotated[
    float,
    BeforeValidator(_duration),
    PlainSerializer(lambda seconds: seconds, return_type=float),
    Field(
        description="A number with a unit: s, m, h, d or w (90m, 1.5h, 2d); stored in seconds.",
        json_schema_extra={"type": "string", "pattern": r"^\d+(\.\d+)?\s*[smhdw]$"},
    ),
]
Date = Annotated[datetime.date, BeforeValidator(_date)]
# Constraints come before the validator: pydantic then keeps them in the JSON Schema (minimum, maximum).
Number = Annotated[float, Field(allow_inf_nan=False), BeforeValidator(_not_yes_no)]
Effort = Annotated[
    int,
    Field(ge=1, le=7, description="1 (effortless) .. 7 (very hard); effort = 8 - CES"),
    BeforeValidator(_not_yes_no),
]
Emotion = Annotated[
    int, Field(ge=-2, le=2, description="-2 (very negative) .. +2 (very positive)"), BeforeValidator(_not_yes_no)
]
PERCENT = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*%\s*")


def _share(value: Any) -> Any:
    """A share as a probability (0.1) or a percentage (`10%`); the percentage is shifted exactly, as if written 0.1."""
    if isinstance(value, str):
        written = PERCENT.fullmatch(value)
        if written is None:
            return value  # pydantic says it is not a number
        percent = decimal.Decimal(written[1])
        if not 0 < percent <= 100:
            raise ValueError(f"{value.strip()} is not a share: a percentage is more than 0% and at most 100%")
        return float(percent / 100)
    return _not_yes_no(value)


# A percentage more than 0% and at most 100%, as `_share` takes it (for the JSON Schema; ECMA regex, no lookarounds).
PERCENT_SCHEMA = r"^\s*(0*(100(\.0+)?|[1-9][0-9]?(\.[0-9]+)?)|0+\.[0-9]*[1-9][0-9]*)\s*%\s*$"
SHARE_DESCRIPTION = "probability, 0 < share <= 1, or a percentage from 0% (exclusive) to 100%, e.g. 10%"
Share = Annotated[
    float,
    Field(gt=0, le=1, allow_inf_nan=False, description=SHARE_DESCRIPTION),
    BeforeValidator(
        _share,
        json_schema_input_type=Annotated[float, Field(gt=0, le=1)] | Annotated[str, Field(pattern=PERCENT_SCHEMA)],
    ),
]
IgnoreList = Annotated[
    list[Text],
    BeforeValidator(_string_list, json_schema_input_type=list[_TEXT_INPUT] | _TEXT_INPUT),
    Field(description="warning codes silenced here, e.g. [forced-analog]"),
]
Weight = Annotated[float, Field(ge=0, allow_inf_nan=False), BeforeValidator(_not_yes_no)]


class Strict(BaseModel):
    """Unknown keys refused, values frozen. Empty lists and mappings are made by factories (`list`, `dict`):
    pydantic deep-copies a default `[]` for every value it fills in, about 60 000 copies in a 10 000-touchpoint file.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)


class Phase(enum.StrEnum):
    """The default phases of a journey's stages; `phases:` on a journey replaces them for that file."""

    PRE_PURCHASE = "pre-purchase"
    PURCHASE = "purchase"
    POST_PURCHASE = "post-purchase"


DEFAULT_PHASES: tuple[str, ...] = tuple(phase.value for phase in Phase)


class ChannelKind(enum.StrEnum):
    DIGITAL = "digital"
    ANALOG = "analog"


class TouchpointKind(enum.StrEnum):
    STEP = "step"
    INVOICE = "invoice"
    PAYMENT = "payment"
    SURVEY = "survey"
    CONTACT = "contact"
    SERVICE = "service"  # where the company delivers what the customer came for: the repair, the treatment


class Outcome(enum.StrEnum):
    SUCCESS = "success"
    ABANDON = "abandon"


class Severity(enum.StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


def _short_stage(value: Any) -> Any:
    if isinstance(value, str | int):
        return {"id": value}
    return value


def _short_transition(value: Any) -> Any:
    if isinstance(value, str | int):
        return {"to": value}
    return value


class Stage(Strict):
    """A stage of the journey; `- buy` is short for `{id: buy}`."""

    id: Id
    title: Text | None = None
    phase: Annotated[
        Id | None,
        Field(
            description="one of the journey's `phases:` (default: pre-purchase, purchase, post-purchase)",
            json_schema_extra={"examples": list(DEFAULT_PHASES)},
        ),
    ] = None

    @property
    def display_title(self) -> str:
        return self.title or self.id


class Channel(Strict):
    id: Id
    title: Text | None = None
    kind: ChannelKind
    expected_response: Duration | None = None

    @property
    def display_title(self) -> str:
        return self.title or self.id


class Transition(Strict):
    """A way on from a touchpoint; `- order` is short for `{to: order}`."""

    to: Id
    share: Share | None = None
    label: Text | None = None
    ignore: IgnoreList = Field(default_factory=list)


class Persona(Strict):
    name: Text
    description: Text | None = None


class BackstageAction(Strict):
    """What the organisation does out of the customer's sight; a plain text is an action nobody is named for."""

    action: Title
    owner: Text | None = None


def _short_backstage(value: Any) -> Any:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return {"action": value}
    return value


class Touchpoint(Strict):
    """One moment of the journey, with the classic map layers: doing (title), thinking, feeling, backstage."""

    id: Id
    title: Title
    stage: Id
    channel: Id
    kind: TouchpointKind = TouchpointKind.STEP
    owner: Text | None = None
    effort: Effort | None = None
    emotion: Emotion | None = None
    duration: Duration | None = None
    response_time: Duration | None = None
    pain_points: TextList = Field(default_factory=list)
    opportunities: TextList = Field(default_factory=list)
    metrics: dict[str, Number] = Field(default_factory=dict)
    notes: Text | None = None
    thinking: Annotated[Text | None, Field(description="what goes through the customer's mind")] = None
    quotes: Annotated[TextList, Field(description="verbatims from research")] = Field(default_factory=list)
    backstage: Annotated[
        list[
            Annotated[
                BackstageAction, BeforeValidator(_short_backstage, json_schema_input_type=BackstageAction | _TEXT_INPUT)
            ]
        ],
        Field(description="what the organisation does out of the customer's sight: a text or {action, owner}"),
    ] = Field(default_factory=list)
    image: Annotated[
        Text | None,
        Field(description="a PNG, JPEG or WebP file, relative to the journey file, at most 2 MB; embedded in reports"),
    ] = None
    outcome: Outcome | None = None
    removable: Annotated[
        bool | None,
        Field(
            description="may the what-if change `remove` drop this touchpoint? "
            "Default: true for kind contact, false for every other kind; never true for kind service"
        ),
    ] = None
    events: Annotated[
        TextList,
        Field(description="activities of an event log that mean a customer is at this touchpoint (its id maps too)"),
    ] = Field(default_factory=list)
    ignore: IgnoreList = Field(default_factory=list)
    next: list[
        Annotated[Transition, BeforeValidator(_short_transition, json_schema_input_type=Transition | _ID_INPUT)]
    ] = Field(default_factory=list)

    @property
    def is_exit(self) -> bool:
        return not self.next

    @property
    def is_service(self) -> bool:
        return self.kind is TouchpointKind.SERVICE

    @property
    def succeeds(self) -> bool:
        """An exit whose outcome is success (the default outcome of an exit)."""
        return self.is_exit and self.outcome is not Outcome.ABANDON

    @property
    def can_be_removed(self) -> bool:
        """Whether the what-if change `remove` may drop it: `removable`, by default only a contact; never a service."""
        if self.is_service:
            return False
        return self.removable if self.removable is not None else self.kind is TouchpointKind.CONTACT


def _rate(value: Any) -> Any:
    """A rate as a fraction (0.95) or a percentage (`95%`), the percentage shifted exactly."""
    if isinstance(value, str):
        written = PERCENT.fullmatch(value)
        if written is None:
            return value  # pydantic says it is not a number
        return float(decimal.Decimal(written[1]) / 100)
    return _not_yes_no(value)


Rate = Annotated[
    float,
    Field(ge=0, le=1, allow_inf_nan=False, description="a fraction from 0 to 1, or a percentage from 0% to 100%"),
    BeforeValidator(
        _rate,
        json_schema_input_type=Annotated[float, Field(ge=0, le=1)]
        | Annotated[str, Field(pattern=r"^\s*[0-9]+(\.[0-9]+)?\s*%\s*$")],
    ),
]
Amount = Annotated[float, Field(ge=0, allow_inf_nan=False), BeforeValidator(_not_yes_no)]


class Targets(Strict):
    """The team's own goals for the scores; a key left out takes its default (see `journeymap.targets`)."""

    effort_per_step: Annotated[
        Amount | None, Field(description="at most this average effort per step (1..7); default 3 (CES 5, agree)")
    ] = None
    success_rate: Annotated[
        Rate | None, Field(description="at least this share of customers ends at a success exit; default 95%")
    ] = None
    digital_completion: Annotated[
        Rate | None,
        Field(description="at least this share finishes digitally (digital entry only); default 80%"),
    ] = None
    expected_effort: Annotated[
        Amount | None, Field(description="at most this expected effort per customer; no default")
    ] = None


class SwitchWeights(Strict):
    switch: Weight = 1.0
    digital_to_analog: Weight = 3.0


class Evidence(Strict):
    """What a journey is measured against: an event log and/or a survey export, relative to the journey file."""

    events: Annotated[
        Text | None, Field(description="an event log: CSV, Parquet or JSON lines; a file, folder or glob")
    ] = None
    survey: Annotated[
        Text | None, Field(description="a survey export (CSV) with a touchpoint column and ces/csat/nps")
    ] = None
    case: Annotated[Text | None, Field(description="the log's case column (default case_id)")] = None
    activity: Annotated[Text | None, Field(description="the log's activity column (default activity)")] = None
    time: Annotated[Text | None, Field(description="the log's timestamp column (default timestamp)")] = None
    invited: Annotated[int | None, Field(ge=1, description="how many customers were invited to the survey")] = None


class Journey(Strict):
    """A customer journey, format version 1."""

    journeymap: Literal[1] = 1
    id: Id | None = None
    title: Title
    description: Text | None = None
    owner: Text | None = None
    persona: Persona | None = None
    goals: TextList = Field(default_factory=list)
    phases: Annotated[
        list[Id] | None,
        Field(
            min_length=1,
            description="the phases this journey's stages belong to, in time order, e.g. [decide, cancel, after]; "
            "the last one plays the part of post-purchase. Default: pre-purchase, purchase, post-purchase",
        ),
    ] = None
    targets: Annotated[
        Targets | None,
        Field(description="the team's goals for the scores, e.g. {effort_per_step: 3, success_rate: 95%}"),
    ] = None
    baseline: Annotated[
        Id | None,
        Field(description="the id of the journey this one improves on: this file is the to-be, that one the as-is"),
    ] = None
    stages: Annotated[
        list[Annotated[Stage, BeforeValidator(_short_stage, json_schema_input_type=Stage | _ID_INPUT)]],
        Field(min_length=1),
    ]
    channels: list[Channel] = Field(default_factory=list)
    touchpoints: Annotated[list[Touchpoint], Field(min_length=1)]
    entry: Id | None = None
    ignore: TextList = Field(default_factory=list)
    scoring: SwitchWeights = SwitchWeights()
    evidence: Annotated[
        Evidence | None, Field(description="the event log and survey this journey is measured against")
    ] = None

    @property
    def phase_ids(self) -> tuple[str, ...]:
        """The phases of this journey's stages: its own `phases:`, else the defaults."""
        return tuple(self.phases) if self.phases else DEFAULT_PHASES


class StepFinding(Strict):
    """Something that went wrong at a step; a plain string is a finding of unknown severity."""

    text: Text
    severity: Severity | None = None


def _short_finding(value: Any) -> Any:
    if isinstance(value, str | int | float):
        return {"text": value}
    return value


class Step(Strict):
    """One walked step: a touchpoint of the journey, or an unplanned step with a title."""

    touchpoint: Id | None = None
    title: Text | None = None
    effort: Effort | None = None
    emotion: Emotion | None = None
    channel: Id | None = None
    duration: Duration | None = None
    completed: bool = True
    findings: list[
        Annotated[StepFinding, BeforeValidator(_short_finding, json_schema_input_type=StepFinding | _TEXT_INPUT)]
    ] = Field(default_factory=list)
    skipped: list[Id] = Field(
        default_factory=list,
        description="touchpoints of the journey jumped over just before this step, in the designed order",
    )

    @property
    def is_unplanned(self) -> bool:
        return self.touchpoint is None


class Walkthrough(Strict):
    """A customer-driving-licence walkthrough, format version 1."""

    walkthrough: Literal[1] = 1
    journey: Id
    participant: Title
    role: Text | None = None
    date: Date
    presented: Date | None = Field(default=None, description="the day the participant presented the findings")
    steps: Annotated[list[Step], Field(min_length=1)]


BUILT_IN_CHANNELS: dict[str, Channel] = {
    channel.id: channel
    for channel in [
        Channel(id="web", title="Website", kind=ChannelKind.DIGITAL),
        Channel(id="app", title="App", kind=ChannelKind.DIGITAL),
        Channel(id="email", title="E-mail", kind=ChannelKind.DIGITAL, expected_response="4h"),
        Channel(id="chat", title="Chat", kind=ChannelKind.DIGITAL),
        Channel(id="messaging", title="Messaging", kind=ChannelKind.DIGITAL),
        Channel(id="social", title="Social media", kind=ChannelKind.DIGITAL, expected_response="1h"),
        Channel(id="phone", title="Phone", kind=ChannelKind.ANALOG),
        Channel(id="letter", title="Letter", kind=ChannelKind.ANALOG),
        Channel(id="store", title="Store", kind=ChannelKind.ANALOG),
        Channel(id="visit", title="Visit", kind=ChannelKind.ANALOG),
    ]
}
"""Channels every journey knows; a journey's own `channels:` add to or override them.
E-mail and social carry the response times customers expect (44% expect an e-mail
answer within four hours, 53% a social-media answer within an hour)."""


def journey_channels(journey: Journey) -> dict[str, Channel]:
    """Built-in channels, overridden and extended by the journey's own."""
    return {**BUILT_IN_CHANNELS, **{channel.id: channel for channel in journey.channels}}
