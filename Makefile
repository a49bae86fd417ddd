# One command per job. `make release` and `make test` set up everything on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: release test test-fast lint format fixtures validate mutants bench clean

## release: build dist/<name>.zip for every assignment
release: $(STAMP)
	$(BIN)/grader release --out dist

## test: lint, then the whole pytest suite (slow notebook runs included)
test: lint
	$(BIN)/pytest

## test-fast: the suite without the slow notebook and training runs
test-fast: $(STAMP)
	$(BIN)/pytest -m "not slow"

## lint: ruff check and ruff format --check
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## format: apply ruff's formatting and autofixes
format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## fixtures: recompute assignments/*/fixtures/*.npz from the reference
fixtures: $(STAMP)
	$(BIN)/grader fixtures

## validate: reference earns every point, stubs none, fixtures current
validate: $(STAMP)
	$(BIN)/grader validate

## mutants: how many planted bugs the checks catch, per unit (writes docs/mutation.md)
mutants: $(STAMP)
	$(BIN)/grader mutants assignment1 --output docs/mutation.md --fail-under 95

## bench: worker start-up and grading wall times (numbers for the README)
bench: $(STAMP)
	$(BIN)/python bench/grade_knn.py

clean:
	rm -rf dist build .pytest_cache .ruff_cache

# The virtual environment, rebuilt when the project's dependencies change.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@
