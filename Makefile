# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev
HOME_DIR ?= $(CURDIR)/.local-profile

.PHONY: run demo server test lint bench screenshots translations system-deps clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "mentorapp needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

system-deps:
	@bash packaging/install-system-deps.sh

# Opens the desktop app on a local profile in .local-profile/ (first run sets it up).
run: system-deps $(STAMP) translations
	$(BIN)/mentorapp --home "$(HOME_DIR)"

# A profile filled with a synthetic caseload, listed with the command-line tool.
demo: $(STAMP)
	$(BIN)/mentorapp-cli --home "$(CURDIR)/.demo-profile" demo --list

# Source catalogue (.ts, committed) from the code, compiled to .qm for the app.
translations: $(STAMP)
	@$(BIN)/pyside6-lupdate -silent mentorapp/ui/*.py -ts resources/translations/mentorapp_en.ts
	@$(BIN)/python packaging/english_plurals.py resources/translations/mentorapp_en.ts
	@$(BIN)/pyside6-lrelease -silent resources/translations/*.ts

screenshots: system-deps $(STAMP) translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/screenshots.py docs/screenshots

# The central service on its embedded SQLite default, on 127.0.0.1:8765.
server: $(STAMP)
	$(BIN)/mentorapp-server

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# One worker per core; a file's tests stay on one worker (they share its server).
test: system-deps $(STAMP) lint translations
	$(BIN)/python -m pytest -n auto --dist loadfile

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
