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
# The triage component stores the lexicon (data/triage/) in the model, but Rasa's cache keys cover
# only config and training data: a digest of the lexicon goes into the component's config, so a
# changed lexicon retrains that component (and nothing else), and an unchanged one is reused.
mkdir -p results
# The danger score's own examples (data/danger_score/) are read the same way.
digest=$(cat data/triage/*.yml | sha256sum | cut -c1-16)
examples=$(cat data/danger_score/*.yml | sha256sum | cut -c1-16)
sed -e "s/^\(  - name: triage.component.TriageClassifier\)$/\1\n    lexicon_digest: $digest/" \
  -e "s/^\(  - name: triage.score_component.DangerScore\)$/\1\n    examples_digest: $examples/" \
  config.yml >results/config.train.yml
grep -q "lexicon_digest: $digest" results/config.train.yml \
  || { echo "config.yml: the triage component line was not found" >&2; exit 1; }
grep -q "examples_digest: $examples" results/config.train.yml \
  || { echo "config.yml: the danger score component line was not found" >&2; exit 1; }
RASA_TELEMETRY_ENABLED=false .venv/bin/rasa train --config results/config.train.yml \
  --fixed-model-name "$name" --out models --quiet
test -f "$model" || { echo "Training finished but $model is missing" >&2; exit 1; }
