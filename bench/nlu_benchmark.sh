#!/usr/bin/env bash
# `make benchmark-nlu`: NLU quality and cost, printed.
#  1. a timed training from scratch (no cache) on this machine, and the model's size;
#  2. the held-out set tests/test_nlu.yml: intent accuracy, macro F1, danger recall, false-danger rate;
#  3. 5-fold cross-validation on the training data (slow: five NLU trainings).
# Set FOLDS=0 to skip the cross-validation.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false
FOLDS=${FOLDS:-5}
out=results/benchmark
rm -rf "$out"; mkdir -p "$out"

echo "== Training from scratch on $(nproc) cores =="
# An empty cache folder, so nothing is reused from earlier trainings.
start=$SECONDS
RASA_CACHE_DIRECTORY="$out/cache" .venv/bin/rasa train --out "$out" --fixed-model-name bench \
  --quiet --force >"$out/train.log" 2>&1
echo "training time       $((SECONDS - start)) s"
rm -rf "$out/cache"
printf 'model size          %s\n' "$(du -h "$out/bench.tar.gz" | cut -f1)"

echo; echo "== Held-out set (tests/test_nlu.yml) =="
.venv/bin/rasa test nlu --model "$out/bench.tar.gz" --nlu tests/test_nlu.yml \
  --out "$out/nlu-heldout" --no-plot >"$out/heldout.log" 2>&1
.venv/bin/python bench/nlu_report.py "$out/nlu-heldout"

if [[ $FOLDS -gt 0 ]]; then
  echo; echo "== ${FOLDS}-fold cross-validation on the training data =="
  .venv/bin/rasa test nlu --nlu data/nlu --cross-validation --folds "$FOLDS" --config config.yml \
    --out "$out/nlu-crossval" --no-plot >"$out/crossval.log" 2>&1
  .venv/bin/python bench/nlu_report.py "$out/nlu-crossval"
fi
