# The two commands of the README: `make report` and `make test`.
# Each builds its own virtual environment in .venv on first use.

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
REPORT ?= report.pdf

.PHONY: report test lint docs bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# One stamp per set of extras, remade when the package metadata changes.
$(VENV)/.stamp-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.stamp-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,docs]'
	touch $@ $(VENV)/.stamp-run

report: $(VENV)/.stamp-run
	$(BIN)/symreg report --auto -o $(REPORT)

test: $(VENV)/.stamp-dev
	$(BIN)/ruff check symreg tests benchmarks docs
	$(BIN)/python -m pytest

lint: $(VENV)/.stamp-dev
	$(BIN)/ruff check symreg tests benchmarks docs

docs: $(VENV)/.stamp-dev
	$(BIN)/sphinx-build -W --keep-going -b html docs docs/_build/html

bench: $(VENV)/.stamp-dev
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) docs/_build build *.egg-info
