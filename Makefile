# Two commands for a fresh machine: `make demo` (the main job on the bundled examples)
# and `make test` (the whole test suite, with lint and type checks). Both set up what they need.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= build

.PHONY: demo test setup lint bench clean

$(BIN)/journeymap: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
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

bench: setup
	scripts/install-system-deps
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/render.py
	$(BIN)/python benchmarks/report.py
	$(BIN)/python benchmarks/opportunities.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
