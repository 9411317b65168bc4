# SEND Pathway Planner. `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
FLASK  := $(VENV)/bin/flask
PIP    := $(PY) -m pip install --quiet --disable-pip-version-check
HOST   ?= 127.0.0.1
PORT   ?= 5000

.DEFAULT_GOAL := help
.PHONY: help run test lint format bench check-python clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'

$(VENV)/.runtime: pyproject.toml constraints.txt | check-python
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) -c constraints.txt -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime
	$(PIP) -c constraints.txt -e '.[test,lint]'
	touch $@

run: $(VENV)/.runtime ## Install, migrate an SQLite database, load the demo directory, serve on :5000
	WIZARD_ENV=development $(FLASK) --app wsgi db upgrade
	WIZARD_ENV=development $(FLASK) --app wsgi directory import questions/directory/demo-feed.json --full-sync
	@echo "Serving SEND Pathway Planner on http://$(HOST):$(PORT) (Ctrl+C to stop)"
	WIZARD_ENV=development $(FLASK) --app wsgi run --host $(HOST) --port $(PORT)

# Two workers (pytest-xdist) on this project's 2-core machines; TEST_WORKERS=0 runs in one process.
# Tests that start their own servers share an xdist group, so one worker runs them (ADR 0026).
TEST_WORKERS ?= 2

test: $(VENV)/.dev ## Install what the tests need and run the whole suite
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: $(VENV)/.dev ## ruff (lint + format check), mypy (strict on wizard/core), pure-core check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy wizard
	$(PY) -m pytest -q -p no:cacheprovider tests/test_architecture.py

format: $(VENV)/.dev ## Apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(VENV)/.dev ## Run the benchmarks and print a table
	$(PY) -m tests.benchmarks.run

clean: ## Remove the virtual environment and caches (keeps instance/ data)
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
