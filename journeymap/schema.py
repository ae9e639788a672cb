"""Schema: JSON Schema of the file formats, for editors that autocomplete and check YAML as you type."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from journeymap.model import Journey, Walkthrough

MODELS: dict[str, type[BaseModel]] = {"journey": Journey, "walkthrough": Walkthrough}


def json_schema(kind: str) -> dict[str, Any]:
    model = MODELS[kind]
    schema = model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"journeymap {kind}, format version 1",
        "description": f"A *.{kind}.yaml file of journeymap; see docs/format.md.",
        **{key: value for key, value in schema.items() if key not in ("title", "description")},
    }
