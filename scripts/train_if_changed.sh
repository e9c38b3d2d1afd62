#!/usr/bin/env bash
# Trains only when the training inputs changed since the last training (see model_path.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
model=$(scripts/model_path.sh)
if [[ -f "$model" ]]; then
  echo "Model is up to date ($model): not retraining."
  exit 0
fi
echo "Training inputs changed: training $model ..."
name=$(basename "$model" .tar.gz)
# RASA_MAX_CACHE_SIZE=0: no reuse of cached graph nodes. The triage component stores the lexicon
# (data/triage/) in the model, but Rasa's cache keys do not cover those files, so a cached
# node would keep an old lexicon.
RASA_MAX_CACHE_SIZE=0 RASA_TELEMETRY_ENABLED=false .venv/bin/rasa train --fixed-model-name "$name" --out models --quiet
test -f "$model" || { echo "Training finished but $model is missing" >&2; exit 1; }
