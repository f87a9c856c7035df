# dixa SDK. `make demo` runs the quickstart against a local mock; `make test` runs every test.
# Both set up everything they need on a fresh machine (Python 3.11, Node 20, npm).

# Another interpreter: `make test PYTHON=python3.12`. A name pyenv knows but has not put on
# the PATH (its shim says "command not found") is found among pyenv's installed versions.
PYTHON ?= python3
PYTHON_EXE := $(shell $(PYTHON) -c 'import sys; print(sys.executable)' 2>/dev/null || \
	PYENV_VERSION="$$(pyenv versions --bare 2>/dev/null | grep -E '^$(subst python,,$(PYTHON))(\.[0-9]+)*$$' | sort -V | tail -1)" \
	pyenv exec $(PYTHON) -c 'import sys; print(sys.executable)' 2>/dev/null)
PYVER := $(if $(PYTHON_EXE),$(shell $(PYTHON_EXE) -c 'import sys; print("%d.%d" % sys.version_info[:2])'))
# One environment per interpreter: .venv for the default `python3`, .venv-3.12 for
# PYTHON=python3.12, so switching interpreters never mixes or rebuilds environments.
VENV := $(if $(filter python3,$(PYTHON)),.venv,.venv-$(PYVER))
PY := $(VENV)/bin/python
SITE := lib/python$(PYVER)/site-packages
STAMPS := .stamps
# Written into the environment itself, so a new or removed environment is reinstalled.
PY_STAMP := $(VENV)/.dixa-installed

# Dixa's download link for the beta description (used only when no offline mirror is beside the repo).
DIXA_SPEC_URL ?= https://docs.dixa.io/_bundle/openapi/dixa-api/@beta/beta.yaml
SPEC := openapi/dixa-api-beta.yaml
GENERATED := generated/dixa_generated/__init__.py

.PHONY: install spec generate test lint redis-server demo mock bench cassettes contract drift dist api suite newest-python python-found clean

install: $(PY_STAMP) $(STAMPS)/node

$(PY_STAMP): pyproject.toml
	@test -n "$(PYTHON_EXE)" || { echo "make: no interpreter '$(PYTHON)' here (PATH or pyenv)"; exit 1; }
	$(PYTHON_EXE) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@# dixa_generated is a build output that appears after install: put its folder on the path.
	echo "$(CURDIR)/generated" > $(VENV)/$(SITE)/dixa-generated.pth
	touch $@

$(STAMPS)/node: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@mkdir -p $(STAMPS) && touch $@

spec: $(PY_STAMP)
	$(PY) -m scripts.fetch_spec --url '$(DIXA_SPEC_URL)' $(if $(ACCEPT),--accept)

$(SPEC):
	$(MAKE) spec

generate: $(PY_STAMP) $(SPEC)
	$(PY) -m scripts.generate

$(GENERATED): $(SPEC) $(wildcard scripts/*.py scripts/codegen/* scripts/codegen/templates/* scripts/codegen/templates/*/*)
	$(MAKE) generate

# PYTEST_ARGS: e.g. `make test PYTEST_ARGS="-x tests/surface"`.
test: install spec $(GENERATED) lint redis-server
	$(PY) -m pytest $(PYTEST_ARGS)

# tests/shared_limit start a real redis-server: Debian's package where it is missing (CI runs
# as root). Elsewhere install Redis or Valkey yourself; without it those tests skip (fail in CI).
redis-server:
	@command -v redis-server >/dev/null || command -v valkey-server >/dev/null || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; } || \
	  echo "make: redis-server is missing and could not be installed (tests/shared_limit need it)"

lint: $(PY_STAMP) $(GENERATED)
	$(VENV)/bin/ruff check dixa scripts tests examples benchmarks build_support
	$(VENV)/bin/ruff format --check dixa scripts tests examples benchmarks build_support
	$(VENV)/bin/mypy

demo: install spec $(GENERATED)
	$(PY) -m examples.demo

# Prism in the foreground (Ctrl-C or `kill <pid of make>` stops it, and Prism with it).
MOCK_PORT ?= 4010
mock: install spec $(GENERATED)
	$(PY) -m scripts.mock_server --port $(MOCK_PORT)

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
# msgspec and pydantic (reference decoders for `bench_parse`) go into build/bench-libs, likewise never .venv.
$(STAMPS)/bench: benchmarks/requirements.txt benchmarks/requirements-libs.txt $(PY_STAMP)
	rm -rf build/bench-peer build/bench-libs
	$(PY) -m pip install --quiet --disable-pip-version-check --target build/bench-peer -r benchmarks/requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --target build/bench-libs -r benchmarks/requirements-libs.txt
	@mkdir -p $(STAMPS) && touch $@

# `make bench ONLY=parse,walk` runs a subset and leaves benchmarks/RESULTS.md alone.
bench: install spec $(GENERATED) $(STAMPS)/bench
	$(PY) -m benchmarks.run $(if $(ONLY),--only $(ONLY),--results benchmarks/RESULTS.md)

# The tests without lint (ruff and mypy give the same verdict whatever runs them: mypy
# checks for 3.11): how CI runs the suite a second time, on another interpreter.
suite: install spec $(GENERATED) redis-server
	$(PY) -m pytest $(PYTEST_ARGS)

# The newest interpreter besides the default one that this machine has (PATH or pyenv), for CI.
newest-python:
	@for v in 3.14 3.13 3.12; do \
	  if [ "$$v" != "$(PYVER)" ] && $(MAKE) -s --no-print-directory python-found PYTHON=python$$v >/dev/null 2>&1; then \
	    echo python$$v; exit 0; fi; done

python-found:
	@test -n "$(PYTHON_EXE)"

# sdist and wheel in dist/, checked: twine's metadata check, then every file against the
# manifest in scripts/check_dist.py (no tests, scripts or caches; py.typed in both packages).
# -P: the build/ folder of this repository must not shadow the `build` package.
dist: install spec $(GENERATED)
	rm -rf dist
	$(PY) -P -m build --outdir dist .
	$(VENV)/bin/twine check --strict dist/*
	$(PY) -m scripts.check_dist dist/*

# api.md, the reference of every public method, from the resource tree (tests/package checks it is current).
api: install $(GENERATED)
	$(PY) -m scripts.api_reference

clean:
	rm -rf .venv .venv-* $(STAMPS) node_modules generated build dist openapi/*.yaml openapi/*.json
