#!/usr/bin/env bash
# `make test`: every check, in order, with how long each stage took. Exits non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false

names=(); times=(); results=(); failed=0

stage() {  # name, command...
  local name=$1; shift
  echo; echo "=== $name ==="
  local start=$SECONDS
  if "$@"; then results+=("ok"); else results+=("FAILED"); failed=1; fi
  names+=("$name"); times+=($((SECONDS - start)))
}

summary() {
  echo; echo "=== Summary ==="
  for i in "${!names[@]}"; do
    printf '  %-34s %-7s %5ss\n' "${names[$i]}" "${results[$i]}" "${times[$i]}"
  done
  printf '  %-34s %-7s %5ss\n' "total" "" "$SECONDS"
}

# Each stage is one script (the same as its make target: make lint, make test-unit, ...).
stage "setup (venv, pinned install)" make -s setup
if [[ ${results[0]} != ok ]]; then summary; exit 1; fi
stage "lint (ruff, node --check)" scripts/lint.sh
stage "validate (rasa data validate)" scripts/validate_data.sh
stage "unit (pytest tests/unit)" scripts/test_unit.sh
if [[ -f package.json ]]; then
  stage "browser (Chromium, stub server)" scripts/test_browser.sh
fi
stage "train (only if inputs changed)" scripts/train_if_changed.sh
if [[ ${results[-1]} == ok ]]; then
  stage "conversations (rasa test)" scripts/test_conversations.sh
  stage "live (HTTP, real servers)" scripts/test_live.sh
  stage "stack (Redis, replicas, nginx)" scripts/test_stack.sh
fi

summary
exit $failed
