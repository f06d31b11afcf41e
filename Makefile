# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
INSTALLED_DEV := $(VENV)/.installed-dev
BENCH_PAGES ?= 200 1000

.PHONY: demo test test-slow lint bench eval fixtures clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(INSTALLED_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(INSTALLED)

demo: $(INSTALLED)
	$(BIN)/redactor run fixtures/pdfs -o out/demo

lint: $(INSTALLED_DEV)
	$(BIN)/ruff check redactor tests fixtures bench
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

test-slow: $(INSTALLED_DEV)
	$(BIN)/pytest -m slow

bench: $(INSTALLED_DEV)
	$(BIN)/python bench/bench.py --pages $(BENCH_PAGES)

eval: $(INSTALLED_DEV)
	$(BIN)/python -m redactor.evaluate fixtures/pdfs fixtures/ground-truth.json

fixtures: $(INSTALLED_DEV)
	$(BIN)/python fixtures/generate.py

clean:
	rm -rf out build *.egg-info .pytest_cache .mypy_cache .ruff_cache
