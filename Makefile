# dixa SDK. `make demo` runs the quickstart against a local mock; `make test` runs every test.
# Both set up everything they need on a fresh machine (Python 3.11, Node 20, npm).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SITE := $(shell $(PYTHON) -c 'import sys; print(f"lib/python{sys.version_info[0]}.{sys.version_info[1]}/site-packages")')
STAMPS := .stamps

# Dixa's download link for the beta description (used only when no offline mirror is beside the repo).
DIXA_SPEC_URL ?= https://docs.dixa.io/_bundle/openapi/dixa-api/@beta/beta.yaml
SPEC := openapi/dixa-api-beta.yaml
GENERATED := generated/dixa_generated/__init__.py

.PHONY: install spec generate test lint demo mock bench cassettes contract drift clean

install: $(STAMPS)/python $(STAMPS)/node

$(STAMPS)/python: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@# dixa_generated is a build output that appears after install: put its folder on the path.
	echo "$(CURDIR)/generated" > $(VENV)/$(SITE)/dixa-generated.pth
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/node: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@mkdir -p $(STAMPS) && touch $@

spec: $(STAMPS)/python
	$(PY) -m scripts.fetch_spec --url '$(DIXA_SPEC_URL)' $(if $(ACCEPT),--accept)

$(SPEC):
	$(MAKE) spec

generate: $(STAMPS)/python $(SPEC)
	$(PY) -m scripts.generate

$(GENERATED): $(SPEC) $(wildcard scripts/*.py scripts/codegen/* scripts/codegen/templates/* scripts/codegen/templates/*/*)
	$(MAKE) generate

test: install spec $(GENERATED) lint
	$(PY) -m pytest

lint: $(STAMPS)/python $(GENERATED)
	$(VENV)/bin/ruff check dixa scripts tests examples benchmarks
	$(VENV)/bin/ruff format --check dixa scripts tests examples benchmarks
	$(VENV)/bin/mypy

demo: install spec $(GENERATED)
	$(PY) -m examples.demo

mock: install spec $(GENERATED)
	$(PY) -m scripts.mock_server

# Re-record tests/cassettes against a fresh local Prism (commit the result).
cassettes: install spec $(GENERATED)
	$(PY) -m scripts.record_cassettes

# The contract suite alone; DIXA_MOCK_URL=https://docs.dixa.io/_mock/openapi/dixa-api/beta targets Dixa's hosted mock.
contract: install spec $(GENERATED)
	$(PY) -m pytest tests/contract

# Check the committed cassettes against the current spec and generated models.
drift: install spec $(GENERATED)
	$(PY) -m scripts.drift_guard

# Benchmarks (not part of `make test`). The peer SDK, dixa-api-client, also calls its package
# `dixa`, so it is installed into its own folder and run in a separate interpreter.
$(STAMPS)/bench: benchmarks/requirements.txt $(STAMPS)/python
	rm -rf build/bench-peer
	$(PY) -m pip install --quiet --disable-pip-version-check --target build/bench-peer -r benchmarks/requirements.txt
	@mkdir -p $(STAMPS) && touch $@

bench: install spec $(GENERATED) $(STAMPS)/bench
	$(PY) -m benchmarks.run --results benchmarks/RESULTS.md

clean:
	rm -rf $(VENV) $(STAMPS) node_modules generated build openapi/*.yaml openapi/*.json
