#!/usr/bin/env bash
# Conversation tests: every file tests/conversations/test_*.yml runs end to end (the user's words go
# through NLU, then the dialogue policies). --fail-on-prediction-errors makes any wrong prediction
# fail the run (without it rasa test exits 0). The held-out tests/test_nlu.yml is evaluated too.
set -euo pipefail
cd "$(dirname "$0")/.."
model=$(scripts/model_path.sh)
rm -rf results/conversations
nlu_args=()
[[ -f tests/test_nlu.yml ]] && nlu_args=(--nlu tests/test_nlu.yml)
RASA_TELEMETRY_ENABLED=false .venv/bin/rasa test --model "$model" --stories tests/conversations \
  "${nlu_args[@]}" --fail-on-prediction-errors --out results/conversations --no-plot --quiet
.venv/bin/python - <<'PY'
import json, pathlib
report = pathlib.Path("results/conversations/story_report.json")
if report.exists():
    acc = json.loads(report.read_text()).get("conversation_accuracy", {})
    print(f"Conversations correct: {acc.get('correct')} / {acc.get('total')}")
PY
