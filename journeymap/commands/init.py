"""Start a new journey: write a starter NAME.journey.yaml that teaches the format, and the two schema files.

Nothing is overwritten: an existing journey file is refused, existing schema files are kept as they are.
"""

from __future__ import annotations

import argparse
import json
import os
import re

DEFAULT_NAME = "my-journey"
SCHEMA_FILES = {"journey": "journey.schema.json", "walkthrough": "walkthrough.schema.json"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "name",
        nargs="?",
        default=DEFAULT_NAME,
        metavar="NAME",
        help=f"the new journey's id and file name, optionally in a folder (default: {DEFAULT_NAME})",
    )
    parser.add_argument("--title", help="the journey's title (default: made from NAME)")


def run(args: argparse.Namespace) -> int:
    from journeymap.commands.walk import invoked_command
    from journeymap.errors import UsageError
    from journeymap.model import ID_PATTERN
    from journeymap.output import create_atomic
    from journeymap.validate import JOURNEY_SUFFIX

    folder, name = os.path.split(args.name.removesuffix(JOURNEY_SUFFIX))
    if not re.match(ID_PATTERN, name):
        raise UsageError(
            f"{name!r} cannot be a journey id: use lower-case letters, digits and '-', starting with a letter or "
            "digit (e.g. mortgage-application)"
        )
    title = (args.title or name.replace("-", " ").capitalize()).strip()
    if not title:
        raise UsageError("--title is empty; give the journey a title, e.g. --title 'Applying for a mortgage'")
    if folder and not os.path.isdir(folder):
        raise UsageError(f"{folder}: no such folder; create it first")
    journey_path = os.path.join(folder, name + JOURNEY_SUFFIX)
    if os.path.lexists(journey_path):
        raise UsageError(f"{journey_path} already exists; journeymap never overwrites it: choose another NAME")

    create_atomic(journey_path, starter_journey(name, title))
    print(f"wrote {journey_path}")
    for kind, file_name in SCHEMA_FILES.items():
        path = os.path.join(folder, file_name)
        if os.path.lexists(path):
            print(f"kept {path} (it exists already)")
            continue
        create_atomic(path, schema_text(kind))
        print(f"wrote {path}")
    print(f"Next: edit {journey_path}, then run `{invoked_command()} check {journey_path}`.")
    return 0


def starter_journey(journey_id: str, title: str) -> str:
    """The starter journey with its id and title filled in; the title quoted as YAML (a JSON string is YAML)."""
    from journeymap.render.html import templates_folder

    text = (templates_folder() / "starter.journey.yaml").read_text(encoding="utf-8")
    return text.replace("__ID__", journey_id).replace("__TITLE__", json.dumps(title, ensure_ascii=False))


def schema_text(kind: str) -> str:
    from journeymap.schema import json_schema

    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"
