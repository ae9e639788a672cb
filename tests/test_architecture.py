"""The pipeline runs one way: no module imports one further along it (load → validate → analyse → render → faces).

Every module of the package has a layer (the table in README.md, "Design"); its imports, read
from its source with `ast` (imports inside functions and under TYPE_CHECKING included), may
only name modules of its own layer or one before it. A new module needs a row in LAYERS.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "journeymap"

# Layer names in pipeline order; a module may import from its own layer and the ones before it.
ORDER = ("base", "load", "validate", "analyse", "render", "run", "faces")

# Module (or package prefix, ending in ".") -> layer. The most specific entry wins.
LAYERS: dict[str, str] = {
    # base: values every stage uses; they import nothing of the pipeline
    "journeymap": "faces",  # the package itself: the public Python API (its `__version__` anyone may read)
    "journeymap.codes": "base",
    "journeymap.errors": "base",
    "journeymap.findings": "base",
    "journeymap.durations": "base",
    "journeymap.results": "base",  # what every result object does in Python: to_dict, to_json, repr
    "journeymap.output": "base",  # atomic writes, used by whoever writes
    "journeymap.render.text": "base",  # how numbers read everywhere (checks' messages too); imports only math
    # load: YAML text to located raw data
    "journeymap.loader": "load",
    "journeymap.syntax_hints": "load",
    # validate: located raw data to the model
    "journeymap.model": "validate",
    "journeymap.schema": "validate",
    "journeymap.format_keys": "validate",  # what each key of the formats means: docs/format.md and the schema
    "journeymap.locate": "validate",
    "journeymap.validate.": "validate",
    "journeymap.shares": "validate",  # share rules and exact splitting: judged on the model, used by the graph
    # analyse: the model to graph, scores and findings
    "journeymap.graph": "analyse",
    "journeymap.scoring": "analyse",
    "journeymap.targets": "analyse",  # the team's targets and the judgement on, near or off target
    "journeymap.chain": "analyse",  # the absorbing chain's exact solve
    "journeymap.sparse": "analyse",  # the plain-Python LU the what-if updates factorise the chain with
    "journeymap.checks": "analyse",
    "journeymap.analysis": "analyse",
    "journeymap.whatif": "analyse",  # what-if changes and their gains
    "journeymap.compare": "analyse",  # two versions of a journey compared
    "journeymap.highlights": "analyse",  # the few numbers a report page leads with
    "journeymap.walkthroughs.": "analyse",
    "journeymap.measure.results": "analyse",  # a measurement's counts and the design held against them, as data
    "journeymap.measure.stats": "analyse",  # Wilson, Student's t, NPS intervals
    "journeymap.measure.design": "analyse",  # the designed transitions held against the log's counts
    # render: analysed data to text (DOT/SVG, HTML, Mermaid, JSON, terminal)
    "journeymap.render.": "render",
    "journeymap.reporters": "render",
    # run: the pipeline over files on disk, and the report folder written from its results
    "journeymap.project": "run",
    "journeymap.images": "run",  # reads and checks the pictures a journey names, for the pipeline
    "journeymap.report": "run",
    "journeymap.pdf": "run",  # prints report pages to PDF with headless Chromium
    "journeymap.measure.": "run",  # event logs and surveys read on their engine (Ibis: DuckDB, Spark, a URL)
    # faces: what people and programs talk to; they print, prompt and choose exit codes
    "journeymap.__main__": "faces",
    "journeymap.api": "faces",  # the Python API: load/loads, diagrams, networkx export
    "journeymap.cli": "faces",
    "journeymap.pydantic_plugins": "faces",  # the CLI's stand-in for pydantic's plugin loader while plugins are off
    "journeymap.commands.": "faces",
    "journeymap.recorder": "faces",
    "journeymap.roundtrip": "faces",  # continues a walkthrough file, keeping its comments and layout
    "journeymap.serve.": "faces",  # the live studio: an HTTP face over the same pipeline
}

# Besides the order: the pages get analysed data passed in and never look for files themselves.
FORBIDDEN = {
    "journeymap.render.": ("journeymap.project", "journeymap.loader", "journeymap.report"),
    "journeymap.validate.": ("journeymap.checks", "journeymap.scoring", "journeymap.graph"),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> str | None:
    """The layer of a module, by its own entry or the longest package prefix that holds it."""
    if module in LAYERS:
        return LAYERS[module]
    prefixes = [prefix for prefix in LAYERS if prefix.endswith(".") and (module + ".").startswith(prefix)]
    return LAYERS[max(prefixes, key=len)] if prefixes else None


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node of `tree` except those under `if TYPE_CHECKING:`, which type checkers read and Python never runs.

    (The package root names its lazily imported public API there: `journeymap.load` imports the API
    only when it is first used.)
    """
    nodes: list[ast.AST] = []
    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
            pending.extend(node.orelse)
            continue
        nodes.append(node)
        pending.extend(ast.iter_child_nodes(node))
    return nodes


def imports_of(path: Path) -> set[str]:
    """Every journeymap module `path` imports at run time, wherever in the file the import stands."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found: set[str] = set()
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.module == "journeymap" and {alias.name for alias in node.names} == {"__version__"}:
                continue  # the version is a constant of the package, not a step of the pipeline
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from journeymap.render import html` imports the module journeymap.render.html; the package
            # counts only when a name is taken from it (`from journeymap import load`).
            modules = {f"{base}.{alias.name}" for alias in node.names if _is_module(f"{base}.{alias.name}")}
            found.update(modules)
            if len(modules) < len(node.names):
                found.add(base)
    return {name for name in found if name == "journeymap" or name.startswith("journeymap.")}


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_every_module_has_a_layer_and_a_docstring(path: Path) -> None:
    name = module_name(path)
    assert layer_of(name) is not None, f"{name} has no layer: add it to LAYERS here and to the README's table"
    if path.name != "__init__.py" or path.stat().st_size:
        assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), f"{name} needs a first-line docstring"


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_no_module_imports_one_further_along_the_pipeline(path: Path) -> None:
    name = module_name(path)
    own = ORDER.index(layer_of(name) or "faces")
    wrong = sorted(
        f"{imported} ({layer_of(imported)})"
        for imported in imports_of(path)
        if layer_of(imported) is not None and ORDER.index(layer_of(imported) or "base") > own
    )
    assert wrong == [], f"{name} ({ORDER[own]}) imports modules further along the pipeline"


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_forbidden_imports(path: Path) -> None:
    name = module_name(path)
    for prefix, forbidden in FORBIDDEN.items():
        if (name + ".").startswith(prefix):
            assert not [imported for imported in imports_of(path) if imported.startswith(forbidden)], name


def test_the_core_raises_its_own_exceptions_not_the_command_lines() -> None:
    """Only faces raise UsageError; the rest raises JourneymapError subclasses, which cli.py maps to exit codes."""
    raising = []
    for path in MODULES:
        if layer_of(module_name(path)) == "faces":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and "UsageError" in ast.unparse(node.exc or node):
                raising.append(f"{module_name(path)}:{node.lineno}")
    assert raising == []


def test_the_checker_itself_sees_a_backwards_import(tmp_path: Path) -> None:
    """The test above can fail: an import of the report from the loader is found as one."""
    assert ORDER.index(layer_of("journeymap.report") or "") > ORDER.index(layer_of("journeymap.loader") or "")
    assert "journeymap.render.html" in imports_of(PACKAGE / "report.py")
    assert layer_of("journeymap.render.html.journey_page") == "render"
    assert layer_of("journeymap.somewhere_new") is None


def test_the_readme_states_the_layers() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    design = readme.split("## Design", 1)[1].split("\n## ", 1)[0]
    for layer in ORDER:
        assert f"| {layer} |" in design, f"the README's layer table lacks {layer}"
    for module, layer in LAYERS.items():
        shown = module.removeprefix("journeymap.").removesuffix(".")
        if module not in {"journeymap", "journeymap.syntax_hints"}:
            row = next(line for line in design.splitlines() if line.startswith(f"| {layer} |"))
            assert f"`{shown}" in row, f"the README's layer table lacks {shown} in {layer}"
