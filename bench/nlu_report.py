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


def load_errors(folder: Path) -> list:
    """The misclassified messages (rasa test nlu writes only these unless --successes)."""
    path = folder / "intent_errors.json"
    return json.loads(path.read_text()) if path.exists() else []


def danger_figures(report: dict, errors: list) -> dict:
    danger_support = int(report.get(DANGER, {}).get("support", 0))
    missed = [e["text"] for e in errors if e["intent"] == DANGER]
    false_alarms = [
        e["text"]
        for e in errors
        if e["intent"] != DANGER and (e.get("intent_prediction") or {}).get("name") == DANGER
    ]
    others = int(report["macro avg"]["support"]) - danger_support
    return {
        "danger_messages": danger_support,
        "danger_recall": report.get(DANGER, {}).get("recall", float("nan")),
        "danger_missed": missed,
        "false_danger_rate": len(false_alarms) / others if others else float("nan"),
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
    figures.update(danger_figures(report, load_errors(folder)))
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
            f"  ({len(figures['danger_missed'])} of {figures['danger_messages']} missed)"
        )
        print(
            f"  false-danger rate   {figures['false_danger_rate']:.3f}"
            f"  ({len(figures['false_danger'])} other messages taken for danger)"
        )
        for text in figures["danger_missed"]:
            print(f"    missed danger: {text!r}")
        for text in figures["false_danger"]:
            print(f"    taken for danger: {text!r}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["results/nlu-heldout"])
