"""Loads and checks the danger score's own examples (data/danger_score/*.yml): short messages,
by kind, of danger now and of look-alikes that are not, which the score learns from beside the
danger intents of data/nlu/ (triage/danger_score.py). DIET never sees them.

Council staff may add lines there, so a mistake is reported in one line naming the file, the entry
and what is wrong (LexiconError, as for the lexicon), and nothing half-loads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, List, Tuple

from triage.lexicon import LexiconError, read_yaml

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "data" / "danger_score"
GROUPS = {"danger": True, "not_immediate": False}  # group name: is it danger?
MAX_CHARS = 1000  # the longest message the chat accepts (serving/settings.py, MAX_MESSAGE_CHARS)


def load_score_examples(directory: Path = DEFAULT_DIR) -> Tuple[List[str], List[bool]]:
    """Every example of every file in the folder, and whether it is danger. No folder or no
    files: no extra examples (the score then learns from data/nlu/ alone)."""
    texts: List[str] = []
    labels: List[bool] = []
    for path in sorted(Path(directory).glob("*.yml")):
        for text, is_danger in _examples(path):
            texts.append(text)
            labels.append(is_danger)
    return texts, labels


def _examples(path: Path) -> List[Tuple[str, bool]]:
    content = read_yaml(path)
    if not isinstance(content, dict):
        raise LexiconError(path.name, None, "expected 'danger:' and 'not_immediate:' sections")
    unknown = sorted(set(content) - set(GROUPS) - {"version"})
    if unknown:
        raise LexiconError(
            path.name, unknown[0], "unknown section: use 'danger' or 'not_immediate'"
        )
    found: List[Tuple[str, bool]] = []
    for group, is_danger in GROUPS.items():
        kinds = content.get(group) or {}
        if not isinstance(kinds, dict):
            raise LexiconError(path.name, group, "expected kinds, each with a list of messages")
        for kind, lines in kinds.items():
            for text in checked_lines(path.name, f"{group}/{kind}", lines, "message"):
                found.append((text, is_danger))
    return found


def checked_lines(file: str, entry: str, lines: Any, what: str) -> List[str]:
    """An entry's list of lines, each a `what` ("message", "question") in quotes and no longer
    than the chat accepts, stripped; else LexiconError naming the file, the entry and the line."""
    if not isinstance(lines, list) or not lines:
        raise LexiconError(file, entry, f"expected a list of {what}s ('- \"...\"')")
    checked = []
    for number, text in enumerate(lines, 1):
        if not isinstance(text, str) or not text.strip():
            raise LexiconError(file, f"{entry} line {number}", f"expected a {what} in quotes")
        if len(text) > MAX_CHARS:
            raise LexiconError(
                file, f"{entry} line {number}", f"longer than {MAX_CHARS} characters"
            )
        checked.append(text.strip())
    return checked
