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
# The components that read files of their own (the lexicon in data/triage/, the danger score's
# examples in data/danger_score/) or code outside their class put a digest of them in Rasa's cache
# key themselves (fingerprint_addon), so a change retrains them, and only them.
RASA_TELEMETRY_ENABLED=false .venv/bin/rasa train --config config.yml \
  --fixed-model-name "$name" --out models --quiet
test -f "$model" || { echo "Training finished but $model is missing" >&2; exit 1; }
