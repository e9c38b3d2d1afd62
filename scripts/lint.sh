#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")/.."
dirs=$(ls -d actions triage languages nlu_guards faq_answers linear_text serving deploy tests bench scripts 2>/dev/null)
.venv/bin/ruff check $dirs
.venv/bin/ruff format --check $dirs
for f in $(find web scripts tests -name '*.js' -o -name '*.mjs' | grep -v node_modules); do
  node --check "$f"
done
echo "lint ok"
