"""Safety triage: recognises danger now in a person's own words, beside the intent model.

Plain Python with no Rasa import, so that it can be tested and benchmarked on its own:
- `normalise`  - the text as the lexicon matches it (case, accents, repeats, text-speak);
- `lexicon`    - loads and checks the reviewed word lists in data/triage/;
- `assess`     - finds emergency phrases and weighs cues of "now" against past and questions;
- `decide`     - combines that with the intent model's own danger confidence.
The Rasa adapter is triage/component.py (an NLU pipeline component, listed in config.yml).
"""
