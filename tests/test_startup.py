"""What a run of `journeymap check` loads: only what checking needs, so the command starts fast (issue 10).

Start-up time itself is measured in benchmarks/run.py; these tests keep the modules that once made it
slow from creeping back: the other commands' modules (serve alone pulls in sockets and secrets), the
diagram and report code, and pydantic's plugins, which pydantic finds by reading the entry points of
every installed package on each start (the CLI switches them off unless PYDANTIC_DISABLE_PLUGINS is set).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLE_JOURNEYS, ROOT

PROGRAM = """
import json, sys
from journeymap.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
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
    "importlib.metadata",  # behind pydantic's plugin loader, not imported while plugins are off
    "email",
)

# An installed pydantic plugin (an entry point in the `pydantic` group) that says when it is loaded.
PLUGIN = """
import os

class Plugin:
    def new_schema_validator(self, *arguments, **settings):
        return None, None, None

open(os.environ["PLUGIN_LOADED"], "w").close()
plugin = Plugin()
"""


def loaded_by(*arguments: str, environment: dict[str, str] | None = None, path: str = "") -> tuple[int, set[str]]:
    """The exit code of a whole `journeymap` run and the modules it loaded."""
    completed = subprocess.run(
        [sys.executable, "-c", PROGRAM, *arguments],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={
            **{name: value for name, value in os.environ.items() if name != "PYDANTIC_DISABLE_PLUGINS"},
            "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), path))),
            **(environment or {}),
        },
    )
    result = json.loads(completed.stdout.splitlines()[-1])
    return result["code"], set(result["modules"])


def test_check_loads_only_what_checking_needs() -> None:
    code, modules = loaded_by("check", str(EXAMPLE_JOURNEYS[0]))
    assert code == 0
    assert "journeymap.model" in modules and "journeymap.commands.check" in modules
    assert sorted(modules & set(NOT_FOR_CHECK)) == []


def installed_plugin(folder: Path) -> Path:
    (folder / "journeymap_test_plugin.py").write_text(PLUGIN, encoding="utf-8")
    metadata = folder / "journeymap_test_plugin-1.0.dist-info"
    metadata.mkdir()
    (metadata / "METADATA").write_text("Metadata-Version: 2.1\nName: journeymap-test-plugin\nVersion: 1.0\n")
    (metadata / "entry_points.txt").write_text("[pydantic]\ntest = journeymap_test_plugin:plugin\n")
    return folder / "loaded"


def test_pydantic_plugins_stay_unloaded_unless_the_user_asks_for_them(tmp_path: Path) -> None:
    marker = installed_plugin(tmp_path)
    environment = {"PLUGIN_LOADED": str(marker)}
    code, _ = loaded_by("check", str(EXAMPLE_JOURNEYS[0]), environment=environment, path=str(tmp_path))
    assert code == 0 and not marker.exists()
    # Set (even to nothing), the user's setting is kept: the plugin loads as pydantic decides.
    chosen = {**environment, "PYDANTIC_DISABLE_PLUGINS": ""}
    code, _ = loaded_by("check", str(EXAMPLE_JOURNEYS[0]), environment=chosen, path=str(tmp_path))
    assert code == 0 and marker.exists()


# The program as its console script runs it, with an `atexit` handler that reports what shutdown will scan.
EXITING = """
import atexit, gc, sys
atexit.register(lambda: print(f"frozen={gc.get_freeze_count()} collected={gc.isenabled()}"))
from journeymap.cli import run
run()
"""


def test_the_program_exits_with_its_code_and_spares_shutdown_the_heap_scan() -> None:
    """`run` freezes the heap before exiting, so shutdown does not rescan it for cycles (about 25 ms a run):
    the exit code is still the command's, its output is complete, and `atexit` handlers still run.
    """
    completed = subprocess.run(
        [sys.executable, "-c", EXITING, "check", str(EXAMPLE_JOURNEYS[0])],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert completed.returncode == 0, completed.stderr
    *output, shutdown = completed.stdout.splitlines()
    assert output[-1].startswith("1 file checked: 0 errors")
    frozen, collected = shutdown.split()
    assert int(frozen.removeprefix("frozen=")) > 10_000
    assert collected == "collected=True"  # the collector is back on for whatever `atexit` does


def test_render_leaves_the_plugin_loader_unimported(tmp_path: Path) -> None:
    code, modules = loaded_by("render", str(EXAMPLE_JOURNEYS[0]), "-o", str(tmp_path / "map.svg"))
    assert code == 0 and (tmp_path / "map.svg").stat().st_size > 0
    assert "journeymap.render.graphviz" in modules
    assert sorted(modules & {"importlib.metadata", "email"}) == []


def test_plugins_switched_off_by_the_user_stay_off_without_their_loader(tmp_path: Path) -> None:
    marker = installed_plugin(tmp_path)
    for value in ("1", "true", "__all__"):
        environment = {"PLUGIN_LOADED": str(marker), "PYDANTIC_DISABLE_PLUGINS": value}
        code, modules = loaded_by("check", str(EXAMPLE_JOURNEYS[0]), environment=environment, path=str(tmp_path))
        assert code == 0 and not marker.exists()
        assert "importlib.metadata" not in modules


# The stand-in, then the setting changed in the same process: pydantic must get the real loader and its plugins.
HANDED_OVER = """
import os, sys
from journeymap.pydantic_plugins import LOADER, switch_off
switch_off()
stand_in = sys.modules[LOADER]
os.environ["PYDANTIC_DISABLE_PLUGINS"] = ""
import pydantic
class Model(pydantic.BaseModel):
    name: str
print(type(stand_in).__name__, type(sys.modules[LOADER]).__name__, Model(name="a").name)
print(stand_in.PYDANTIC_ENTRY_POINT_GROUP)  # anything else comes from the real loader
"""


def test_the_stand_in_hands_over_to_the_real_loader(tmp_path: Path) -> None:
    marker = installed_plugin(tmp_path)
    completed = subprocess.run(
        [sys.executable, "-c", HANDED_OVER],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={
            **{name: value for name, value in os.environ.items() if name != "PYDANTIC_DISABLE_PLUGINS"},
            "PYTHONPATH": os.pathsep.join((str(ROOT), str(tmp_path))),
            "PLUGIN_LOADED": str(marker),
        },
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split() == ["_StandIn", "module", "a", "pydantic"]
    assert marker.exists()
