"""What a run of `journeymap check` loads: only what checking needs, so the command starts fast (issue 10).

Start-up time itself is measured in benchmarks/run.py; this test keeps the modules that once made it
slow from creeping back: the other commands' modules (serve alone pulls in sockets and secrets),
the diagram and report code, and pydantic's plugin discovery, which reads the entry points of every
installed package on each start (the CLI switches it off unless PYDANTIC_DISABLE_PLUGINS is set).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import EXAMPLE_JOURNEYS, ROOT

PROGRAM = """
import importlib.metadata, json, sys
searched = []
def entry_points(**selection):
    searched.append(selection.get("group"))
    return find_entry_points(**selection)
find_entry_points, importlib.metadata.entry_points = importlib.metadata.entry_points, entry_points
from journeymap.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules), "searched": searched}))
"""

NOT_FOR_CHECK = (
    "journeymap.commands.serve",
    "journeymap.commands.walk",
    "journeymap.commands.report",
    "journeymap.render.graphviz",
    "journeymap.render.html",
    "journeymap.report",
    "jinja2",
    "networkx",
    "subprocess",
)


def loaded_by(*arguments: str, environment: dict[str, str] | None = None) -> tuple[int, set[str], list[str]]:
    """The exit code of a whole `journeymap` run, the modules it loaded, the entry-point groups it searched."""
    completed = subprocess.run(
        [sys.executable, "-c", PROGRAM, *arguments],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(environment or {})},
    )
    result = json.loads(completed.stdout.splitlines()[-1])
    return result["code"], set(result["modules"]), result["searched"]


def test_check_loads_only_what_checking_needs() -> None:
    code, modules, searched = loaded_by("check", str(EXAMPLE_JOURNEYS[0]))
    assert code == 0
    assert "journeymap.model" in modules and "journeymap.commands.check" in modules
    assert sorted(modules & set(NOT_FOR_CHECK)) == []
    assert "pydantic" not in searched


def test_a_plugin_setting_of_the_user_is_kept() -> None:
    # The CLI switches pydantic's plugins off only where nobody chose otherwise.
    code, _, searched = loaded_by("check", str(EXAMPLE_JOURNEYS[0]), environment={"PYDANTIC_DISABLE_PLUGINS": ""})
    assert code == 0
    assert "pydantic" in searched
