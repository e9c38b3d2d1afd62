"""Plain words, checked: every sentence a person can read, with its length and reading ease.

    python -m scripts.plain_words    # the report, hardest texts first; exit 1 on a long sentence

Read by tests/test_plain_words.py. The texts: the fixed responses (domain.yml, data/responses/),
the fail-safe, and every service card, rule reason and intro line for both readers (the person
themselves, someone worried about another).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Iterator, List, Tuple

import textstat
import yaml

from actions.routing import load_routing_data
from actions.routing.wording import AUDIENCES, Wording
from serving.failsafe import FALLBACK_TEXT

ROOT = Path(__file__).resolve().parent.parent
MAX_WORDS = 20  # DESIGN.md: plain English, reading age about 9
# A phone number reads as one word: "08000 121 700", "116 123", "5 5".
_NUMBER = re.compile(r"\+?\d(?: ?\d)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def fixed_responses() -> Iterator[Tuple[str, str]]:
    files = [ROOT / "domain.yml", *sorted((ROOT / "data/responses").glob("*.yml"))]
    for path in files:
        responses = yaml.safe_load(path.read_text(encoding="utf-8")).get("responses", {})
        for name, variations in responses.items():
            for index, variation in enumerate(variations):
                if variation.get("text"):
                    yield f"{path.relative_to(ROOT)}: {name}[{index}]", variation["text"]
    yield "serving/failsafe.py: FALLBACK_TEXT", FALLBACK_TEXT


def routing_texts() -> Iterator[Tuple[str, str]]:
    data = load_routing_data()

    def worded(where: str, wording: Wording) -> Iterator[Tuple[str, str]]:
        for audience in AUDIENCES if wording.varies else AUDIENCES[:1]:
            yield f"{where} ({audience})" if wording.varies else where, wording.to(audience)

    for service in data.directory:
        where = f"services.yml: {service.id}"
        for field in ("what_for", "who_for"):
            yield f"{where}.{field}", getattr(service, field)
        yield from worded(f"{where}.what_happens", service.what_happens)
        yield from worded(f"{where}.anonymous", service.anonymous)
        yield f"{where}.hours", service.hours.summary
        for way in service.other_ways:
            if way.detail:
                yield f"{where}.other_ways {way.label}", way.detail
        ooh = service.out_of_hours
        for part in (ooh.advice, ooh.reason) if ooh else ():
            if part:
                yield f"{where}.out_of_hours", part
    for rule in data.rules.rules:
        for item in rule.recommend:
            yield from worded(f"routing_rules.yml: {rule.id} {item.service}", item.reason)
    intro = data.rules.intro
    for name in ("no_signs", "one_sign", "several_signs"):
        yield f"routing_rules.yml: intro.{name}", getattr(intro, name)
    yield from worded("routing_rules.yml: intro.danger_line", intro.danger_line)


def all_texts() -> List[Tuple[str, str]]:
    return [*fixed_responses(), *routing_texts()]


def sentences(text: str) -> List[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def word_count(sentence: str) -> int:
    return len(_NUMBER.sub("0", sentence).split())


def long_sentences(texts: List[Tuple[str, str]]) -> List[str]:
    return [
        f"{where}: {word_count(s)} words: {s}"
        for where, text in texts
        for s in sentences(text)
        if word_count(s) > MAX_WORDS
    ]


def reading_ease(text: str) -> float:
    """Flesch reading ease: 100 is very easy; 80-90 is easy, about a 9-year-old's reading."""
    return textstat.flesch_reading_ease(_NUMBER.sub("0", text))


def report(texts: List[Tuple[str, str]]) -> str:
    scored = sorted((reading_ease(text), where) for where, text in texts)
    scores = [score for score, _ in scored]
    lines = [
        f"{len(texts)} texts, {sum(len(sentences(t)) for _, t in texts)} sentences.",
        f"Flesch reading ease: median {scores[len(scores) // 2]:.0f}, "
        f"lowest {scores[0]:.0f} (higher is easier; 80+ is easy).",
        "Hardest ten:",
        *(f"  {score:5.0f}  {where}" for score, where in scored[:10]),
    ]
    return "\n".join(lines)


def main() -> int:
    texts = all_texts()
    print(report(texts))
    problems = long_sentences(texts)
    if problems:
        print(f"\nSentences over {MAX_WORDS} words:", *problems, sep="\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
