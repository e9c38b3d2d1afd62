"""Plain words, checked: every sentence a person can read, with its length and reading ease.

    python -m scripts.plain_words    # the report, hardest texts first; exit 1 on a long sentence

Read by tests/unit/test_plain_words.py. The texts are those the translation catalogues cover
(languages/source.py: the fixed responses, every service card field, rule reason and intro line
for both readers), with every FAQ answer, and the channel's fail-safe text.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import List, Tuple

import textstat

from languages.source import english_texts
from serving.failsafe import FALLBACK_TEXT

ROOT = Path(__file__).resolve().parent.parent
MAX_WORDS = 20  # DESIGN.md: plain English, reading age about 9
# A phone number reads as one word: "08000 121 700", "116 123", "5 5".
_NUMBER = re.compile(r"\+?\d(?: ?\d)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def all_texts() -> List[Tuple[str, str]]:
    """Every English text a person can read (languages/source.py, with every FAQ answer), and the
    channel's own fail-safe text."""
    return [*english_texts(every_faq=True), ("serving/failsafe.py: FALLBACK_TEXT", FALLBACK_TEXT)]


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
