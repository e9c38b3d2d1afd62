"""The independent evaluation sets stay independent: no training example, and no lexicon example,
is a copy or a near copy of one of their lines (a few letters changed, words swapped for typos).

The sets were written by someone who never read data/nlu/; if their lines (or near copies) went
into training, the benchmark would measure memory instead of understanding."""

import re
from pathlib import Path

import yaml

from faq_answers.examples import load_answer_examples
from triage.score_examples import load_score_examples

ROOT = Path(__file__).resolve().parents[3]
# Every blind set: the danger sets and the FAQ-and-openings sets (a new set is never forgotten).
SETS = sorted((ROOT / "tests/triage").glob("*.yml")) + sorted(
    (ROOT / "tests/nlu_independent").glob("*.yml")
)
# At most this many single-letter edits per 100 letters counts as a near copy.
NEAR_PER_100 = 15
_ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def held_out_lines() -> list[str]:
    lines = []
    for path in SETS:
        for section in yaml.safe_load(path.read_text(encoding="utf-8")).values():
            lines += [_norm(item["text"]) for item in section]
    return lines


def training_lines() -> list[str]:
    lines = []
    for path in sorted((ROOT / "data/nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            for line in (block.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    lines.append(_norm(_ANNOTATION.sub(r"\1", line[2:])))
    for path in sorted((ROOT / "data/triage").glob("*.yml")):
        lines += [_norm(m) for m in re.findall(r'example: "([^"]+)"', path.read_text("utf-8"))]
    # The danger score's and the FAQ answer model's own examples are training data too.
    texts, _ = load_score_examples(ROOT / "data/danger_score")
    lines += [_norm(text) for text in texts]
    lines += [_norm(example.text) for example in load_answer_examples(ROOT / "data/faq_answers")]
    return [line for line in lines if line]


def within(a: str, b: str, limit: int) -> bool:
    """Levenshtein distance of a and b is at most limit (banded, stops early)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


def _grams(text: str) -> set[str]:
    return {text[i : i + 4] for i in range(max(1, len(text) - 3))}


def near_copies(held_out: list[str], training: list[str]) -> list[tuple[str, str]]:
    found = []
    train = [(line, _grams(line)) for line in training]
    for line in held_out:
        grams = _grams(line)
        limit = max(2, len(line) * NEAR_PER_100 // 100)
        for other, other_grams in train:
            # Strings this close share most of their four-letter pieces: skip the rest quickly.
            if len(grams & other_grams) * 2 < len(grams):
                continue
            if within(line, other, limit):
                found.append((line, other))
    return found


def test_the_checker_finds_a_near_copy_and_leaves_a_different_line():
    assert near_copies(["he is beating me right now"], ["hes beating me right now"])
    assert not near_copies(["he is beating me right now"], ["what is modern slavery"])


def test_no_training_or_lexicon_example_is_a_near_copy_of_an_independent_line():
    copies = near_copies(held_out_lines(), training_lines())
    assert not copies, "near copies of independent lines in data/:\n" + "\n".join(
        f"  {a!r} ~ {b!r}" for a, b in copies[:20]
    )
