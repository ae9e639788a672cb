"""Schema: JSON Schema of the file formats, for editors that autocomplete and check YAML as you type."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import core_schema

from journeymap.model import Journey, Walkthrough

MODELS: dict[str, type[BaseModel]] = {"journey": Journey, "walkthrough": Walkthrough}


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
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"journeymap {kind}, format version 1",
        "description": f"A *.{kind}.yaml file of journeymap; see docs/format.md.",
        **{key: value for key, value in schema.items() if key not in ("title", "description")},
    }
