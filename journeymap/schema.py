"""Schema: JSON Schema of the file formats, for editors that autocomplete and check YAML as you type.

Generated from the models (a key added to a model is in the schema at once), then made to say what `check`
says: every property described with the text of docs/format.md (`format_keys`), `ignore` offered as the
warning codes, `channel` offering the built-in channels (or any id), and inputs `check` takes (numbers where
text is expected, percentages up to 100%) taken by the schema too.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import core_schema

from journeymap.codes import WarningCode
from journeymap.format_keys import DESCRIPTIONS
from journeymap.model import BUILT_IN_CHANNELS, ID_PATTERN, Journey, Walkthrough

MODELS: dict[str, type[BaseModel]] = {"journey": Journey, "walkthrough": Walkthrough}
WARNING_CODES = {"enum": [code.value for code in WarningCode], "description": "a warning code"}
CHANNEL = {
    "anyOf": [
        {"enum": list(BUILT_IN_CHANNELS), "description": "a built-in channel"},
        {"type": "string", "pattern": ID_PATTERN, "description": "a channel of this journey"},
    ]
}


class FileSchema(GenerateJsonSchema):
    """pydantic's JSON Schema, with the empty lists and mappings the models make fresh for each value shown
    as the defaults they are (the models use factories so validation need not deep-copy a default per touchpoint).
    """

    def get_default_value(self, schema: core_schema.WithDefaultSchema) -> Any:
        factory = schema.get("default_factory")
        if factory in (list, dict) and not schema.get("default_factory_takes_data"):
            return factory()
        return super().get_default_value(schema)


def json_schema(kind: str) -> dict[str, Any]:
    model = MODELS[kind]
    schema = model.model_json_schema(mode="validation", schema_generator=FileSchema)
    for name, definition in [(model.__name__, schema), *schema.get("$defs", {}).items()]:
        for key, node in definition.get("properties", {}).items():
            _complete(name, key, node)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"journeymap {kind}, format version 1",
        "description": f"A *.{kind}.yaml file of journeymap; see docs/format.md.",
        **{key: value for key, value in schema.items() if key not in ("title", "description")},
    }


def _complete(model: str, key: str, node: dict[str, Any]) -> None:
    """One property made to say what `check` says (in place)."""
    text = DESCRIPTIONS.get(model, {}).get(key)
    if text is not None:
        node["description"] = text
        node["markdownDescription"] = text  # VS Code's YAML extension renders this one
    if key == "ignore":
        node["anyOf"] = [{"type": "array", "items": WARNING_CODES}, WARNING_CODES]
    elif key == "channel" and "anyOf" in node:
        nullable = any(branch.get("type") == "null" for branch in node["anyOf"])
        node["anyOf"] = [*CHANNEL["anyOf"], *([{"type": "null"}] if nullable else [])]
