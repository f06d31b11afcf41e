# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
INSTALLED_DEV := $(VENV)/.installed-dev
BENCH_PAGES ?= 200 1000
BENCH_OCR_PAGES ?= 20

.PHONY: demo test test-slow fuzz lint bench bench-ocr eval fixtures clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# redactor's own modules compiled once here: an editable install leaves them as source, and
# where PYTHONDONTWRITEBYTECODE is set (as on the development machines) every run would compile
# all of them again before it could read a page (about 0.2 s of CPU)
$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m compileall -q redactor
	touch $@

$(INSTALLED_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m compileall -q redactor
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

# Many random damaged PDFs through scan + apply (tests/fuzz); `make test` runs a few fixed ones.
FUZZ_EXAMPLES ?= 300
fuzz: $(INSTALLED_DEV)
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_RANDOM=1 $(BIN)/pytest tests/fuzz -x -q

bench: $(INSTALLED_DEV)
	$(BIN)/python bench/bench.py --pages $(BENCH_PAGES)

bench-ocr: $(INSTALLED_DEV)
	$(BIN)/python bench/bench_ocr.py --pages $(BENCH_OCR_PAGES)

eval: $(INSTALLED_DEV)
	$(BIN)/python -m redactor.evaluate fixtures/pdfs fixtures/ground-truth.json
	$(BIN)/python -m redactor.evaluate fixtures/scanned/pdfs fixtures/scanned/ground-truth.json
	$(BIN)/python -m redactor.evaluate fixtures/heldout/pdfs fixtures/heldout/ground-truth.json
	$(BIN)/python -m redactor.evaluate fixtures/heldout2/pdfs fixtures/heldout2/ground-truth.json
	$(BIN)/python -m redactor.evaluate fixtures/heldout3/pdfs fixtures/heldout3/ground-truth.json

fixtures: $(INSTALLED_DEV)
	$(BIN)/python fixtures/generate.py
	$(BIN)/python fixtures/scanned.py
	$(BIN)/python fixtures/heldout.py
	$(BIN)/python fixtures/heldout2.py
	$(BIN)/python fixtures/heldout3.py

clean:
	rm -rf out build *.egg-info .pytest_cache .mypy_cache .ruff_cache
