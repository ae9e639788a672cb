"""Places: a path into a file named as its writer sees it, and values echoed as YAML.

A designer reads `touchpoint 'sign-offer', transition 3 ('to: notary')`, never
`touchpoints[0].next[2]`: things are named by their id where they have one, list items are
counted from 1, and a value is shown as it would be written in the file (`[{name: Sanne}]`,
not Python's `[{'name': 'Sanne'}]`).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

# A list of things with ids -> what one of them is called.
_THINGS = {
    "stages": "stage",
    "channels": "channel",
    "touchpoints": "touchpoint",
    "next": "transition",
    "steps": "step",
    "findings": "finding",
}
SHOWN_LENGTH = 60


def describe(data: Any, location: Sequence[str | int]) -> str:
    """The place of `location` in `data` (the file's plain data) in words: "touchpoint 'pay', effort"."""
    things: list[str] = []
    keys: list[str] = []
    current: Any = data
    for position, part in enumerate(location):
        parent = location[position - 1] if position else None
        item = _child(current, part)
        if isinstance(part, int):
            kind = _THINGS.get(str(parent)) if isinstance(parent, str) else None
            if kind is not None and keys and keys[-1] == parent:
                keys.pop()
                things.append(_thing(kind, part, item))
            else:
                where = ".".join(keys) if keys else "the list"
                keys = []
                things.append(f"{where}, item {part + 1}")
        else:
            keys.append(str(part))
        current = item
    parts = [*things, ".".join(keys)] if keys else things
    return ", ".join(parts) or "the file"


def _thing(kind: str, index: int, item: Any) -> str:
    """`touchpoint 'pay'` by id; `transition 3 ('to: notary')` by number and what it says; else `stage 2`."""
    number = index + 1
    if kind == "transition":
        target = item.get("to") if isinstance(item, dict) else item
        written = f"to: {target}" if isinstance(item, dict) else str(target)
        return f"transition {number} ('{written}')" if isinstance(target, str | int) else f"transition {number}"
    if kind == "step":
        touchpoint = item.get("touchpoint") if isinstance(item, dict) else None
        if isinstance(touchpoint, str):
            return f"step {number} (touchpoint {yaml_text(touchpoint)})"
        title = item.get("title") if isinstance(item, dict) else None
        return f"step {number} ({yaml_text(title)})" if isinstance(title, str) else f"step {number}"
    identity = item.get("id") if isinstance(item, dict) else item if kind == "stage" else None
    if isinstance(identity, str) and identity:
        return f"{kind} {yaml_text(identity)}"
    return f"{kind} {number}"


def _child(data: Any, part: str | int) -> Any:
    if isinstance(part, int) and isinstance(data, list) and 0 <= part < len(data):
        return data[part]
    if isinstance(part, str) and isinstance(data, dict):
        return data.get(part)
    return None


def yaml_text(value: Any) -> str:
    """A value as YAML writes it, in one line and at most SHOWN_LENGTH characters: 'high', 2.5, [{name: Sanne}]."""
    shown = _flow(value)
    return shown if len(shown) <= SHOWN_LENGTH else shown[: SHOWN_LENGTH - 3] + "..."


def _flow(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, datetime.date):
        return value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else value.isoformat()
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(key)}: {_flow(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    return str(value)


def _key(key: Any) -> str:
    """A mapping key inside a flow mapping: plain when it is a simple name."""
    text = str(key)
    return text if text.replace("_", "").replace("-", "").isalnum() else _flow(text)
