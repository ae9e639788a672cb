# Two commands for a fresh machine: `make demo` (the main job on the bundled examples)
# and `make test` (the whole test suite, with lint and type checks). Both set up what they need.
# The environment is installed from the lock, requirements/dev.txt: exact versions with their
# hashes, so every machine gets what CI tested. It needs only `python3 -m venv` and pip.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= build
LOCK := requirements/dev.txt

.PHONY: demo test setup lint lock bench ci clean

$(BIN)/journeymap: pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

setup: $(BIN)/journeymap

demo: setup
	scripts/install-system-deps
	$(BIN)/journeymap check journeys/
	$(BIN)/journeymap score journeys/
	$(BIN)/journeymap report journeys/ -o $(OUT)/report
	@echo "Open $(OUT)/report/index.html in a browser."

lint: setup
	$(BIN)/ruff check journeymap tests benchmarks
	$(BIN)/ruff format --check journeymap tests benchmarks
	$(BIN)/mypy journeymap

test: setup lint
	scripts/install-system-deps --test
	$(BIN)/pytest -q

# Recompile the lock from pyproject.toml, keeping every pin that still fits;
# `make lock UPGRADE=1` moves every pin to the newest version allowed.
lock: setup
	$(BIN)/uv pip compile pyproject.toml --extra all --group dev --universal --fork-strategy fewest \
		--python-version 3.11 --generate-hashes --quiet $(if $(UPGRADE),--upgrade) -o $(LOCK)

bench: setup
	scripts/install-system-deps
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/render.py
	$(BIN)/python benchmarks/report.py
	$(BIN)/python benchmarks/opportunities.py
	$(BIN)/python benchmarks/event_logs.py
	scripts/install-system-deps --test
	$(BIN)/python benchmarks/serve.py

# What CI runs: `make test` with the lock, then the suite with the lowest and the newest dependencies.
ci:
	.ci/run

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
