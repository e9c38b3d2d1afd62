# Two commands matter: `make run` and `make test` (see README.md). Both set everything up first.
# This file is the index: `make help` lists every target (the `##` text after each rule).
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

.PHONY: help setup run test \
        lint validate test-unit test-browser train test-conversations test-live test-stack \
        review-rules languages widget-size \
        benchmark-triage benchmark-nlu benchmark-decide benchmark-load \
        lock clean

help: ## this list
	@awk 'BEGIN {FS = ":[^#]*## "} /^[a-z-]+:[^#]*## / {printf "  make %-20s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# The virtual environment is rebuilt only when a requirements file changes.
$(VENV)/.installed: requirements.txt requirements-dev.txt constraints.txt
	@test -n "$(PYTHON310)" || { echo "Python 3.10 not found: install it (pyenv install 3.10) - Rasa 3.6 needs 3.8-3.10"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON310) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-dev.txt -c constraints.txt
	@touch $@

setup: $(VENV)/.installed ## create .venv (Python 3.10) with the pinned packages, when they changed

# Trains only if the training inputs changed, then starts the servers through deploy/local.py
# (the one place that starts them) and waits; Ctrl-C stops all three.
run: train ## set up, train if needed, start the action server, Rasa and the demo page
	@$(BIN)/python deploy/local.py up --single

# test.sh runs the setup itself, as its first timed stage, then the stages below in this order,
# each through the same script as its target here.
test: ## set up and run every stage below, timed (what CI runs)
	@scripts/test.sh

lint: setup ## stage lint: ruff, node --check
	@scripts/lint.sh

validate: setup ## stage validate: rasa data validate, made stricter
	@scripts/validate_data.sh

test-unit: setup ## stage unit: pytest tests/unit (no server needed)
	@scripts/test_unit.sh

test-browser: setup ## stage browser: the widget in headless Chromium, stub server (tests/browser)
	@scripts/test_browser.sh

train: setup ## stage train: train the model only if its inputs changed
	@scripts/train_if_changed.sh

test-conversations: train ## stage conversations: rasa test on tests/conversations, held-out NLU
	@scripts/test_conversations.sh

test-live: train ## stage live: the make-run servers on test ports, over HTTP (tests/live)
	@scripts/test_live.sh

test-stack: train ## stage stack: Redis, replicas and nginx on this machine (tests/stack)
	@scripts/test_stack.sh

review-rules: setup ## check the service data and print the rule table
	$(BIN)/python -m actions.routing.review

languages: setup ## rewrite the widget's language files from data/languages/
	$(BIN)/python -m languages.widget

widget-size: ## the widget's script and stylesheet sizes, gzipped
	@node scripts/widget_size.mjs

# Danger recall and false alarms on the independent sets, per kind: lexicon alone, model alone,
# both, and the first reply at the start and mid-question (docs/benchmarks.md).
benchmark-triage: train ## danger recall and false alarms on the independent sets
	$(BIN)/python bench/triage_benchmark.py

benchmark-nlu: setup ## training time, model size, held-out NLU set, cross-validation
	bench/nlu_benchmark.sh

benchmark-decide: setup ## the routing decision's cost per call
	$(BIN)/python bench/bench_decide.py

# Simulated people through the whole assessment: one replica, two behind nginx, and a bare
# `rasa init` baseline (docs/benchmarks.md). Refuses to run while a model is training.
benchmark-load: train ## simulated people through the assessment (deploy/local.py topologies)
	$(BIN)/python bench/load.py

lock: setup ## re-pin the packages (constraints.txt)
	(echo "# Locked versions of everything requirements.txt pulls in (pip freeze of a working install)."; \
	 echo "# Regenerate with: make lock"; $(BIN)/pip freeze --exclude-editable) > constraints.txt

clean: ## remove the venv, models, results and caches
	rm -rf $(VENV) models results .rasa .pytest_cache .ruff_cache node_modules
