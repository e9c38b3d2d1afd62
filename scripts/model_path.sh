#!/usr/bin/env bash
# Prints the model file for the current training inputs: models/model-<hash>.tar.gz, where the hash
# covers everything that changes what is trained: config, domain, training data, Rasa's version and
# the project's own trained components (the danger score and the FAQ answers: their features are
# in code).
set -euo pipefail
cd "$(dirname "$0")/.."
hash=$( { find data -type f -name '*.yml' | LC_ALL=C sort | xargs sha256sum;
          sha256sum config.yml domain.yml triage/danger_score.py triage/normalise.py \
            triage/score_examples.py \
            faq_answers/model.py faq_answers/examples.py linear_text/features.py \
            linear_text/model.py;
          grep -E '^rasa==' requirements.txt; } \
        | sha256sum | cut -c1-16 )
echo "models/model-${hash}.tar.gz"
