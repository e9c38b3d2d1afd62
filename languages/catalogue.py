"""Loads and checks the translation catalogues: data/languages/<code>.yml, one per language.

A catalogue pairs each English text the assistant can show with its translation, so a reviewer
sees both side by side, and a changed English text simply has no translation until it is
translated again (it is then shown in English, and a test names it). Every mistake in a file is
reported in one line: file, entry, what is wrong.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Dict, Iterable, List, Mapping, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "data" / "languages"
ENGLISH = "en"
# Typed answers a catalogue lists, by the answer they give (see languages/answers.py).
ANSWER_KINDS = ("yes", "no", "not_sure", "self", "someone_else", "age_words", "language_words")
_FIELDS = (
    "language", "name", "english_name", "direction", "enabled", "reviewed", "reviewed_by",
    "answers", "widget", "texts",
)  # fmt: skip
_CODE = re.compile(r"^[a-z]{2,3}$")
_PLACEHOLDER = re.compile(r"\{[^{}\s]*\}")
# A number as people read it: digits, maybe with single spaces ("08000 121 700", "5 5").
_NUMBER = re.compile(r"\d(?: ?\d)*")


class CatalogueError(Exception):
    """One line for the person editing the file: file, entry, problem."""

    def __init__(self, file: str, entry: str | None, problem: str) -> None:
        self.file, self.entry, self.problem = file, entry, problem
        super().__init__(": ".join([file] + ([entry] if entry else []) + [problem]))


def normalise(text: str) -> str:
    """The form texts are compared in: line breaks kept (a folded YAML paragraph break is one
    line break), spaces within a line made single, no blank line more than one."""
    lines = [" ".join(line.split()) for line in text.strip().split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def numbers_in(text: str) -> List[str]:
    """The numbers a text gives, without their spaces, in order."""
    return [n.replace(" ", "") for n in _NUMBER.findall(text)]


@dataclass(frozen=True)
class Catalogue:
    code: str
    name: str  # in the language itself, for the language buttons: "Română"
    english_name: str
    direction: str  # "ltr" or "rtl" (Arabic, for example)
    enabled: bool
    reviewed: bool  # true only once a qualified translator has signed it off
    texts: Mapping[str, str]  # normalised English -> translation
    answers: Mapping[str, Tuple[str, ...]]
    widget: Mapping[str, str]  # the widget's own words, by key (languages/widget.py)


def load_catalogue(path: Path) -> Catalogue:
    file = _display(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = f"not valid YAML{where}: check quotes and indents"
        raise CatalogueError(file, None, problem) from None
    if not isinstance(raw, dict):
        raise CatalogueError(file, None, "should be a set of fields (language, name, texts, ...)")
    for key in raw:
        if key not in _FIELDS:
            raise CatalogueError(file, str(key), f"unknown field (known: {', '.join(_FIELDS)})")
    for key in _FIELDS:
        if key not in raw and key != "reviewed_by":
            raise CatalogueError(file, key, "missing")
    code = raw["language"]
    if not isinstance(code, str) or not _CODE.match(code) or f"{code}.yml" != path.name:
        raise CatalogueError(file, "language", f"{code!r} should be the file's name, e.g. ro")
    for key in ("enabled", "reviewed"):
        if not isinstance(raw[key], bool):
            raise CatalogueError(file, key, f"{raw[key]!r} should be true or false")
    if raw["direction"] not in ("ltr", "rtl"):
        raise CatalogueError(file, "direction", "should be ltr (left to right) or rtl")
    return Catalogue(
        code=code,
        name=_text(file, "name", raw["name"]),
        english_name=_text(file, "english_name", raw["english_name"]),
        direction=raw["direction"],
        enabled=raw["enabled"],
        reviewed=raw["reviewed"],
        texts=MappingProxyType(_texts(file, raw["texts"])),
        answers=MappingProxyType(_answers(file, raw["answers"])),
        widget=MappingProxyType(_widget(file, raw["widget"])),
    )


def load_catalogues(
    directory: Path = DEFAULT_DIR, enabled_only: bool = True
) -> Dict[str, Catalogue]:
    """Every catalogue in the folder, by language code (English has none: it is the source)."""
    catalogues = [load_catalogue(path) for path in sorted(directory.glob("*.yml"))]
    return {c.code: c for c in catalogues if c.enabled or not enabled_only}


def check_pair(english: str, translation: str) -> str | None:
    """What is wrong with a translation of `english`, or None: every number and placeholder kept."""
    if Counter(numbers_in(english)) != Counter(numbers_in(translation)):
        return (
            f"numbers differ: {' '.join(numbers_in(english)) or 'none'} in English, "
            f"{' '.join(numbers_in(translation)) or 'none'} here"
        )
    if Counter(_PLACEHOLDER.findall(english)) != Counter(_PLACEHOLDER.findall(translation)):
        return "placeholders such as {language} must be kept exactly as in English"
    return None


def _texts(file: str, raw: Any) -> Dict[str, str]:
    if not isinstance(raw, list):
        raise CatalogueError(file, "texts", "should be a list of entries with en: and tr:")
    texts: Dict[str, str] = {}
    for index, item in enumerate(raw):
        entry = f"texts[{index}]"
        if not isinstance(item, dict) or set(item) != {"en", "tr"}:
            raise CatalogueError(
                file, entry, "should have exactly en: (English) and tr: (translation)"
            )
        english = normalise(_text(file, f"{entry}.en", item["en"]))
        translation = normalise(_text(file, f"{entry}.tr", item["tr"]))
        if english in texts:
            raise CatalogueError(
                file, entry, f"this English text is translated twice: {english[:60]!r}"
            )
        problem = check_pair(english, translation)
        if problem:
            raise CatalogueError(file, entry, f"{problem} ({english[:50]!r})")
        texts[english] = translation
    return texts


def _answers(file: str, raw: Any) -> Dict[str, Tuple[str, ...]]:
    if isinstance(raw, dict):  # YAML reads the keys yes: and no: as true and false
        raw = {
            {True: "yes", False: "no"}.get(k, k) if isinstance(k, bool) else k: v
            for k, v in raw.items()
        }
    if not isinstance(raw, dict) or set(raw) != set(ANSWER_KINDS):
        raise CatalogueError(file, "answers", f"should list exactly: {', '.join(ANSWER_KINDS)}")
    answers = {}
    for kind in ANSWER_KINDS:
        words = raw[kind]
        if not isinstance(words, list) or not words:
            raise CatalogueError(file, f"answers.{kind}", "should be a list of words or phrases")
        answers[kind] = tuple(_text(file, f"answers.{kind}", w).lower() for w in words)
    return answers


def _widget(file: str, raw: Any) -> Dict[str, str]:
    if not isinstance(raw, dict):
        raise CatalogueError(file, "widget", "should be the widget's words, by key")
    return {str(k): _text(file, f"widget.{k}", v) for k, v in raw.items()}


def _text(file: str, entry: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CatalogueError(file, entry, "should be some text")
    return value.strip()


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def words_of(catalogues: Iterable[Catalogue], kind: str) -> Dict[str, str]:
    """Every typed word of one answer kind, across languages: word -> language code."""
    return {word: c.code for c in catalogues for word in c.answers[kind]}
