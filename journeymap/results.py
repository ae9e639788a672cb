"""Results: what every result object (scores, comparisons, opportunities) does in Python, defined once.

A result is a frozen dataclass of plain values (str, numbers, None, tuples, dicts, other results), so
`dataclasses.asdict` and `copy.deepcopy` work on it. It says what its JSON is in `to_dict()`; `to_json()`
is that dict as text, `repr()` a short line of its headline values, and `_repr_html_()` a small table for
notebooks. `plain()` turns any field into JSON values generically, so a field added to a result shows in
`to_dict()` without a line of its own.
"""

from __future__ import annotations

import dataclasses
import enum
import html
import json
from collections.abc import Mapping
from typing import Any, NoReturn, TypeVar

K = TypeVar("K")
V = TypeVar("V")

# In repr and the notebook table: at most this many characters of one value, and this many fields.
SHORT_VALUE = 40
SHORT_FIELDS = 8


class FrozenDict(dict[K, V]):
    """A dict that refuses changes: results are shared (scores are computed once per journey), so nobody may
    change one in place; `dict(d)` is a copy to change. A real dict, so `json`, `dataclasses.asdict` and
    `copy.deepcopy` take it as one."""

    def _refuse(self, *_: Any, **__: Any) -> NoReturn:
        raise TypeError("results are read-only: copy this mapping with dict(...) to change it")

    __setitem__ = __delitem__ = __ior__ = clear = pop = popitem = setdefault = update = _refuse

    def __deepcopy__(self, memo: dict[int, Any]) -> FrozenDict[K, V]:
        return self  # nothing in it can change

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (dict(self),))


def plain(value: Any) -> Any:
    """`value` as JSON values: dataclasses (their `to_dict()` if they have one) and mappings as dicts,
    tuples and lists as lists, enums as their values."""
    if isinstance(value, Result):
        return value.to_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    return value


class Result:
    """The Python face of a result dataclass: `to_dict`, `to_json`, a short repr, a notebook table."""

    def to_dict(self) -> dict[str, Any]:
        """Every field as JSON values; results whose JSON the format fixes say it themselves."""
        assert dataclasses.is_dataclass(self)
        return {field.name: plain(getattr(self, field.name)) for field in dataclasses.fields(self)}

    def to_json(self, indent: int | None = 2) -> str:
        """`to_dict()` as JSON text (numbers unrounded, non-ASCII kept)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)

    def _headline(self) -> list[tuple[str, str]]:
        """(name, short text) of the first few fields that are single values: what repr and the table show."""
        assert dataclasses.is_dataclass(self)
        shown: list[tuple[str, str]] = []
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if isinstance(value, str | int | float | bool | enum.Enum) or value is None:
                text = repr(value.value if isinstance(value, enum.Enum) else value)
            elif isinstance(value, tuple | list | Mapping):
                text = f"<{len(value)}>"
            else:
                continue
            shown.append((field.name, text if len(text) <= SHORT_VALUE else text[: SHORT_VALUE - 1] + "…"))
            if len(shown) == SHORT_FIELDS:
                break
        return shown

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{name}={text}' for name, text in self._headline())})"

    def _repr_html_(self) -> str:
        """A small table for Jupyter: the headline fields, one per row, escaped."""
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(name)}</th><td>{html.escape(text)}</td></tr>"
            for name, text in self._headline()
        )
        return f"<table><caption>{html.escape(type(self).__name__)}</caption>{rows}</table>"
