"""Prints the NLU figures from a `rasa test nlu` results folder.

Usage: python bench/nlu_report.py results/nlu-heldout [results/nlu-crossval]

Danger recall is the share of held-out danger messages recognised as danger: every miss is
someone in danger who would not get the 999 answer at once. The false-danger rate is the share
of other messages taken for danger (they get the 999 advice when they did not need it: safe,
but it should be rare).
"""

import json
import sys
from pathlib import Path

DANGER = "danger"


def load_predictions(folder: Path) -> list:
    """(expected, predicted) intent pairs from intent_errors.json and intent_successes.json."""
    pairs = []
    for name in ("intent_successes.json", "intent_errors.json"):
        path = folder / name
        if path.exists():
            for item in json.loads(path.read_text()):
                predicted = (item.get("intent_prediction") or {}).get("name")
                pairs.append((item["intent"], predicted))
    return pairs


def danger_figures(pairs: list) -> dict:
    danger = [p for e, p in pairs if e == DANGER]
    other = [p for e, p in pairs if e != DANGER]
    missed = sum(1 for p in danger if p != DANGER)
    false_alarms = sum(1 for p in other if p == DANGER)
    return {
        "danger_messages": len(danger),
        "danger_recall": (len(danger) - missed) / len(danger) if danger else float("nan"),
        "danger_missed": missed,
        "false_danger_rate": false_alarms / len(other) if other else float("nan"),
        "false_danger": false_alarms,
    }


def summary(folder: Path) -> dict:
    report = json.loads((folder / "intent_report.json").read_text())
    figures = {
        "examples": int(report["macro avg"]["support"]),
        "accuracy": report["accuracy"],
        "macro_f1": report["macro avg"]["f1-score"],
        "weighted_f1": report["weighted avg"]["f1-score"],
    }
    figures.update(danger_figures(load_predictions(folder)))
    return figures


def main(folders: list) -> None:
    for folder in map(Path, folders):
        figures = summary(folder)
        print(f"\n{folder}")
        print(f"  examples            {figures['examples']}")
        print(f"  intent accuracy     {figures['accuracy']:.3f}")
        print(f"  macro F1            {figures['macro_f1']:.3f}")
        print(f"  weighted F1         {figures['weighted_f1']:.3f}")
        print(
            f"  danger recall       {figures['danger_recall']:.3f}"
            f"  ({figures['danger_missed']} of {figures['danger_messages']} missed)"
        )
        print(
            f"  false-danger rate   {figures['false_danger_rate']:.3f}"
            f"  ({figures['false_danger']} other messages taken for danger)"
        )
        errors = folder / "intent_errors.json"
        if errors.exists():
            missed = [
                e["text"] for e in json.loads(errors.read_text()) if e["intent"] == DANGER
            ]
            for text in missed:
                print(f"    missed danger: {text!r}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["results/nlu-heldout"])
