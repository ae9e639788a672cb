"""The built package: sdist and wheel carry the LICENSE, pass `twine check` and `check-wheel-contents`, and the
long description the package index shows has no relative link (they break there)."""

from __future__ import annotations

import email
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(wheel, sdist), built by hatchling's own build hooks from the locked environment (no index needed)."""
    out = tmp_path_factory.mktemp("dist")
    script = (
        "import sys; from hatchling.build import build_sdist, build_wheel; "
        "print(build_wheel(sys.argv[1])); print(build_sdist(sys.argv[1]))"
    )
    names = subprocess.run(
        [sys.executable, "-c", script, str(out)], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.split()
    return out / names[0], out / names[1]


def _bin(name: str) -> str:
    return os.path.join(os.path.dirname(sys.executable), name)


def test_twine_check_passes(built: tuple[Path, Path]) -> None:
    result = subprocess.run(
        [_bin("twine"), "check", "--strict", *map(str, built)], check=False, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_wheel_contents_passes(built: tuple[Path, Path]) -> None:
    wheel, _ = built
    result = subprocess.run([_bin("check-wheel-contents"), str(wheel)], check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_license_in_the_wheel_and_the_sdist(built: tuple[Path, Path]) -> None:
    wheel, sdist = built
    names = zipfile.ZipFile(wheel).namelist()
    assert any(re.fullmatch(r"journeymap-[^/]+\.dist-info/licenses/LICENSE", name) for name in names), names
    assert "journeymap/templates/journey.html.j2" in names
    with tarfile.open(sdist) as archive:
        members = {member.split("/", 1)[1] for member in archive.getnames() if "/" in member}
    assert {"LICENSE", "CHANGELOG.md", "README.md", "pyproject.toml"} <= members


def test_metadata_links_are_absolute(built: tuple[Path, Path]) -> None:
    wheel, _ = built
    archive = zipfile.ZipFile(wheel)
    [name] = [name for name in archive.namelist() if name.endswith(".dist-info/METADATA")]
    metadata = email.message_from_bytes(archive.read(name))
    assert metadata["License-Expression"] == "MIT"
    assert "Programming Language :: Python :: 3.13" in metadata.get_all("Classifier", [])
    assert any(url.startswith("Changelog, https://") for url in metadata.get_all("Project-URL", []))
    assert metadata["Author"] or metadata["Author-email"]
    description = metadata.get_payload()
    assert "docs/format.md" in description
    links = re.findall(r"\]\(([^)]+)\)", description)
    assert links and all(link.startswith(("https://", "http://", "#")) for link in links), links
    extras = metadata.get_all("Provides-Extra", [])
    assert {"serve", "networkx", "slides", "all"} <= set(extras)
    requires = [line for line in metadata.get_all("Requires-Dist", []) if "extra ==" not in line]
    assert sorted(re.split(r"[<>=]", line)[0].lower() for line in requires) == [
        "jinja2",
        "pydantic",
        "pyyaml",
        "ruamel-yaml",
    ]
