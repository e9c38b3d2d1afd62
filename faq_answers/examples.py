"""Loads and checks the FAQ answer model's own examples (data/faq_answers/*.yml): questions, by
FAQ topic, that the answer model (faq_answers/model.py) learns from beside the faq/<topic>
examples of data/nlu/. DIET never sees them, so they cannot move the danger intents, and they
train in seconds.

Council staff may add lines there, so a mistake is reported in one line naming the file, the entry
and what is wrong (LexiconError, as for the lexicon and the danger score), and nothing half-loads.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, List, NamedTuple

from triage.lexicon import LexiconError, read_yaml
from triage.score_examples import checked_lines

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "data" / "faq_answers"
RETRIEVAL_INTENT = "faq"
_TOPIC = re.compile(r"^[a-z][a-z0-9_]*$")


class AnswerExample(NamedTuple):
    file: str
    topic: str
    text: str

    @property
    def answer_key(self) -> str:
        """As Rasa names a retrieval intent's answer: faq/<topic>."""
        return f"{RETRIEVAL_INTENT}/{self.topic}"


def load_answer_examples(directory: Path = DEFAULT_DIR) -> List[AnswerExample]:
    """Every example of every file in the folder. No folder or no files: none."""
    return [example for path in sorted(Path(directory).glob("*.yml")) for example in _read(path)]


def check_topics(examples: Iterable[AnswerExample], answer_keys: Iterable[str]) -> None:
    """Every topic must be one the FAQ answers (data/responses/faq.yml) have."""
    known = set(answer_keys)
    for example in examples:
        if example.answer_key not in known:
            raise LexiconError(
                example.file,
                f"topics/{example.topic}",
                f"no FAQ answer utter_{example.answer_key} in data/responses/faq.yml",
            )


def _read(path: Path) -> List[AnswerExample]:
    content = read_yaml(path)
    if not isinstance(content, dict) or not isinstance(content.get("topics"), dict):
        raise LexiconError(path.name, None, "expected a 'topics:' section, each topic a list")
    unknown = sorted(set(content) - {"topics", "version"})
    if unknown:
        raise LexiconError(path.name, unknown[0], "unknown section: use 'topics'")
    found: List[AnswerExample] = []
    for topic, lines in content["topics"].items():
        entry = f"topics/{topic}"
        if not isinstance(topic, str) or not _TOPIC.match(topic):
            raise LexiconError(path.name, entry, "a topic is lower case letters, digits and _")
        for text in checked_lines(path.name, entry, lines, "question"):
            found.append(AnswerExample(path.name, topic, text))
    return found
