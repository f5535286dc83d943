# Two commands on a fresh machine with Python 3.11+ and make:
#   make demo   - set up, then open the reader on the bundled sample edition
#   make test   - set up, then run ruff, mypy and the whole test suite
# (`make test` also builds .coldsweat/venv: the Fever server tests/sync runs, see `coldsweat`)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Coldsweat, the Fever server of tests/sync, in a venv of its own (its pins are not ours)
CS_VENV := .coldsweat/venv
CS_STAMP := $(CS_VENV)/.installed
CS_PINS := tests/sync/coldsweat-requirements.txt tests/sync/coldsweat-constraints.txt

.PHONY: demo test lint typecheck bench clean coldsweat

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(CS_STAMP): $(CS_PINS)
	rm -rf $(CS_VENV)
	$(PYTHON) -m venv $(CS_VENV)
	$(CS_VENV)/bin/python -m pip install --quiet --disable-pip-version-check \
		-r tests/sync/coldsweat-requirements.txt -c tests/sync/coldsweat-constraints.txt
	touch $(CS_STAMP)

coldsweat: $(CS_STAMP)

demo: $(STAMP)
	$(BIN)/antd-tui demo

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

test: lint typecheck coldsweat
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .coldsweat .pytest_cache .mypy_cache .ruff_cache
