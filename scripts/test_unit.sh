#!/usr/bin/env bash
# Unit tests: pytest tests/unit (actions, routing, triage, languages, serving code, data checks),
# no running server needed.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m pytest -q -p no:cacheprovider tests/unit "$@"
