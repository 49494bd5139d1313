# The README's commands. Each creates the virtualenv (.venv) when it is missing, so a fresh
# machine with only python3 needs nothing else: `make quickstart`, then `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The tools the checks and sessions call (pyright, nox, uv, ...) come from the virtualenv.
export PATH := $(CURDIR)/$(BIN):$(PATH)
export VIRTUAL_ENV := $(CURDIR)/$(VENV)
# Rebuilt when the declared or pinned dependencies change.
STAMP := $(VENV)/.rekog-installed

.PHONY: venv quickstart test check matrix dist clean

venv: $(STAMP)

$(STAMP): pyproject.toml constraints-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "the pinned development set (constraints-dev.txt) needs Python 3.11+; run make PYTHON=python3.11, or nox -s tests-3.10 for rekog on 3.10")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# strict: a path entry type checkers follow (the default is an import hook).
	$(BIN)/python -m pip install --quiet -c constraints-dev.txt -e ".[dev,local]" \
		--config-settings editable_mode=strict
	touch $(STAMP)

## The main job: the offline quickstart against the bundled emulator.
quickstart: venv
	$(BIN)/python examples/quickstart.py

## The tests (the full suite, on the pinned development environment).
test: venv
	$(BIN)/python -m pytest

## Generated code, lint, format, types, docs: what CI checks beside the tests.
check: venv
	$(BIN)/python tools/generate.py --check
	$(BIN)/python tools/twins.py --max 60
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict rekog
	$(BIN)/python tools/check_doc_examples.py
	$(BIN)/python tools/check_user_project.py
	$(BIN)/python tools/check_type_completeness.py --threshold 95
	$(BIN)/mkdocs build --strict --quiet --site-dir "$$(mktemp -d)"

## The support matrix CI runs: the floors on 3.10, the newest on 3.13, the built wheel.
matrix: venv
	$(BIN)/nox -s lowest lowest_extras tests-3.13 wheel

clean:
	rm -rf $(VENV) build dist site .nox
