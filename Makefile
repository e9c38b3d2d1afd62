# Two commands matter: `make run` and `make test` (see README.md). Both set everything up first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
# Rasa 3.6 needs Python 3.10 at most. Use pyenv's 3.10 where pyenv is the default Python
# (a bare python3.10 shim refuses there), else a plain python3.10 on the PATH.
PYTHON310 ?= $(shell PYENV_VERSION=3.10 python3.10 -c 'import sys; print(sys.executable)' 2>/dev/null \
                || command -v python3.10)

export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

.PHONY: help setup run test lint validate pytest train test-conversations test-serving \
        benchmark-nlu benchmark-triage benchmark-decide benchmark-load widget-size review-rules \
        languages lock clean

help:
	@echo "make run                 set up, train if needed, start the assistant and the demo page"
	@echo "make test                set up and run every check (what CI runs)"
	@echo "make lint | validate | pytest | test-conversations | test-serving   one stage of make test"
	@echo "make train               train the model if its inputs changed"
	@echo "make review-rules        check the service data and print the rule table"
	@echo "make languages           rewrite the widget's language files from data/languages/"
	@echo "make benchmark-triage    danger recall and false alarms on the independent sets"
	@echo "make benchmark-nlu | benchmark-decide | benchmark-load   the other benchmarks"
	@echo "make widget-size         the widget's size, gzipped"
	@echo "make lock | clean        re-pin the packages | remove venv, models and results"

# The virtual environment is rebuilt only when a requirements file changes.
$(VENV)/.installed: requirements.txt requirements-dev.txt constraints.txt
	@test -n "$(PYTHON310)" || { echo "Python 3.10 not found: install it (pyenv install 3.10) - Rasa 3.6 needs 3.8-3.10"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON310) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-dev.txt -c constraints.txt
	@touch $@

setup: $(VENV)/.installed

train: setup
	@scripts/train_if_changed.sh

run: setup
	@scripts/run.sh

# test.sh runs the setup itself, as its first timed stage.
test:
	@scripts/test.sh

# The same commands as the stages of `make test` (scripts/test.sh).
lint: setup
	@scripts/lint.sh

validate: setup
	@scripts/validate_data.sh

pytest: setup
	$(BIN)/python -m pytest -q

test-conversations: train
	@scripts/test_conversations.sh

review-rules: setup
	$(BIN)/python -m actions.routing.review

languages: setup
	$(BIN)/python -m languages.widget

widget-size:
	@node scripts/widget_size.mjs

# Danger recall and false alarms on the independent sets, per kind: lexicon alone, model alone,
# both, and the first reply at the start and mid-question (docs/benchmarks.md).
benchmark-triage: train
	$(BIN)/python bench/triage_benchmark.py

benchmark-decide: setup
	$(BIN)/python bench/bench_decide.py

# Simulated people through the whole assessment: one replica, two behind nginx, and a bare
# `rasa init` baseline (docs/benchmarks.md). Refuses to run while a model is training.
benchmark-load: train
	$(BIN)/python bench/load.py

# The serving stage of `make test` on its own: Redis, replicas, nginx (docs/deployment.md).
test-serving: train
	@scripts/test_serving.sh

lock: setup
	(echo "# Locked versions of everything requirements.txt pulls in (pip freeze of a working install)."; \
	 echo "# Regenerate with: make lock"; $(BIN)/pip freeze --exclude-editable) > constraints.txt

clean:
	rm -rf $(VENV) models results .rasa .pytest_cache .ruff_cache node_modules

benchmark-nlu: setup
	bench/nlu_benchmark.sh
