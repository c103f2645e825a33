# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev
HOME_DIR ?= $(CURDIR)/.local-profile

.PHONY: run server test lint bench system-deps clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "mentorapp needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

system-deps:
	@bash packaging/install-system-deps.sh

# Until the desktop window lands, `run` opens (or creates) a local demo profile
# with the command-line tool and lists its caseload.
run: system-deps $(STAMP)
	@if [ ! -f "$(HOME_DIR)/vault.json" ]; then \
	  echo "Creating a demo profile in $(HOME_DIR) filled with a synthetic caseload."; \
	  $(BIN)/mentorapp-cli --home "$(HOME_DIR)" demo --list; \
	else \
	  $(BIN)/mentorapp-cli --home "$(HOME_DIR)" list; \
	fi

# The central service on its embedded SQLite default, on 127.0.0.1:8765.
server: $(STAMP)
	$(BIN)/mentorapp-server

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: system-deps $(STAMP) lint
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
