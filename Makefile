# tipreports: every target creates .venv itself on a fresh machine (python3 >= 3.11 and make only).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check --quiet
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test
DSTAMP := $(VENV)/.installed-docs
# pdf.js for the tagged-PDF tests: installed (pinned, tests/tools/package-lock.json) when node and npm exist.
NPM    := $(shell command -v npm 2>/dev/null)
NODE   := $(shell command -v node 2>/dev/null)
PDFJS  := tests/tools/node_modules/.installed

.PHONY: demo test lint bench golden gallery schema docs clean pdfjs

$(PY):
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "tipreports needs Python >= 3.11"'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade "pip>=24"

$(STAMP): $(PY) pyproject.toml
	$(PIP) install --only-binary=:all: -e .
	@touch $@

$(TSTAMP): $(STAMP)
	$(PIP) install --only-binary=:all: -e ".[test,lint,thai]"
	@touch $@

$(DSTAMP): $(STAMP)
	$(PIP) install --only-binary=:all: -e ".[docs]"
	@touch $@

## Render the bundled Thailand 2025 example into out/
demo: $(STAMP)
	$(VENV)/bin/tipreports example --out out --overwrite

## Run the whole test suite (the pdf.js checks skip, saying why, without node and npm)
test: $(TSTAMP) $(if $(and $(NODE),$(NPM)),$(PDFJS))
	$(PY) -m pytest $(PYTEST_ARGS)

## pdf.js (pdfjs-dist, pinned) into tests/tools/node_modules for the tagged-PDF tests
pdfjs: $(PDFJS)

# Offline, `make test` goes on without it (the pdf.js tests say why they skip); under CI=true it fails.
$(PDFJS): tests/tools/package.json tests/tools/package-lock.json
	@if npm ci --prefix tests/tools --omit=optional --no-audit --no-fund --loglevel=error; then touch $@; \
	else echo "pdf.js could not be installed: the pdf.js tests will skip" >&2; test -z "$(CI)"; fi

## ruff + mypy --strict
lint: $(TSTAMP)
	$(PY) -m ruff check tipreports tests
	$(PY) -m mypy tipreports

## Benchmarks: medians and peak memory, printed
bench: $(TSTAMP)
	$(PY) benchmarks/bench.py

## Regenerate the golden files (then review the diff)
golden: $(TSTAMP)
	TIPREPORTS_REGENERATE_GOLDEN=1 $(PY) -m pytest tests/test_golden.py tests/test_html.py -q

## The reference documentation (MkDocs + mkdocstrings) into build/site; warnings are errors
docs: $(DSTAMP)
	$(VENV)/bin/mkdocs build --strict --quiet

## Regenerate the input schema (schema/briefing.schema.json and the package's copy) from the model
schema: $(STAMP)
	$(VENV)/bin/tipreports schema > schema/briefing.schema.json
	cp schema/briefing.schema.json tipreports/schema/briefing.schema.json

## Every product × language × example as PNG pages in out/gallery/, beside docs/design/ (needs soffice, pdftoppm)
gallery: $(TSTAMP)
	$(PY) scripts/gallery.py --out out/gallery

clean:
	rm -rf $(VENV) out build dist *.egg-info tests/tools/node_modules
