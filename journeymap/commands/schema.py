"""Print the JSON Schema of journey or walkthrough files (for VS Code's YAML extension and others)."""

from __future__ import annotations

import argparse
import json
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", nargs="?", choices=["journey", "walkthrough"], default="journey")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")


def run(args: argparse.Namespace) -> int:
    from journeymap.output import refuse_yaml, write_atomic
    from journeymap.schema import json_schema

    text = json.dumps(json_schema(args.kind), indent=2, ensure_ascii=False) + "\n"
    if args.output is not None:
        refuse_yaml(args.output, "the schema")
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    return 0
