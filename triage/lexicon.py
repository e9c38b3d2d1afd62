"""Loads and checks the triage lexicon (data/triage/*.yml): the reviewed words that mean danger
now, by kind, in English and other languages, and the cues of "now" against past and questions.

A safeguarding lead edits those files without Python, so every mistake is reported in one line
that names the file, the entry and what is wrong (LexiconError), and nothing half-loads.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterator, List, Mapping, Tuple

import yaml

from triage.normalise import words

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "data" / "triage"
# Which 999 answer each emergency answer name stands for is fixed in code (the responses and
# rules are written for exactly these); which kind gets which answer is data (kinds.yml).
ANSWERS = ("police", "ambulance", "fire", "self_harm")
WHEN = ("always", "with_now")
GAP = "..."
GAP_WORDS = 4
MIN_STEM = 3
# A denial counts up to this many words before a phrase it denies ("i dont really feel safe now")
DENIAL_WORDS = 4
# ...and not past one of these, which begin another thought ("he was not there but I am safe now")
_DENIAL_STOP = re.compile(r"\b(?:but|and|so|because|cos|though|although|then|also)\b")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_PLAIN_PHRASE = re.compile(r"^[^\[\](){}|\\^$+?.]*$")  # no regular-expression characters


class LexiconError(Exception):
    """One line for the person editing the file: file, entry, problem."""

    def __init__(self, file: str, entry: str | None, problem: str) -> None:
        self.file, self.entry, self.problem = file, entry, problem
        super().__init__(": ".join([file] + ([entry] if entry else []) + [problem]))


@dataclass(frozen=True)
class Pattern:
    id: str
    kind: str
    when: str
    language: str
    phrases: Tuple[str, ...]
    regex: PhraseSet
    example: str
    # Phrases that hide this pattern's phrases where they overlap: "can someone help me?" is a
    # question, "someone help me" is a cry for help.
    unless: PhraseSet | None = None

    def search(self, text: str) -> bool:
        return self.regex.search(self.unless.blank(text) if self.unless else text)


class FirstWordIndex:
    """Items (phrases, or patterns) filed under the first word of a phrase ("stab*" under the
    stem "stab"), so that a text is checked only against those whose first word it has, not
    against all of them (speed). Phrases in scripts written without spaces are always checked
    when the text has such letters."""

    def __init__(self) -> None:
        self.words: Dict[str, List[Any]] = {}
        self.stems: Dict[str, List[Any]] = {}
        self.anywhere: List[Any] = []

    def add(self, first: str, spaced: bool, item: Any) -> None:
        if not spaced:
            self.anywhere.append(item)
        elif first.endswith("*"):
            self.stems.setdefault(first[:-1], []).append(item)
        else:
            self.words.setdefault(first, []).append(item)

    def lookup(self, text: str) -> Iterator[Any]:
        """The items that could match `text` (an item may come more than once)."""
        for token in set(text.split()):
            yield from self.words.get(token, ())
            if self.stems:
                for end in range(MIN_STEM, len(token) + 1):
                    yield from self.stems.get(token[:end], ())
        if self.anywhere and _has_unspaced(text):
            yield from self.anywhere


def pattern_index(patterns: List[Pattern]) -> FirstWordIndex:
    index = FirstWordIndex()
    for pattern in patterns:
        for first, spaced in pattern.regex.keys:
            index.add(first, spaced, pattern)
    return index


@dataclass(frozen=True)
class CueSet:
    category: str
    overridden_by_now: bool
    regex: PhraseSet | None
    clause_only: bool = False  # rules out only the clause it is in, not the whole sentence
    question_only: bool = False  # counts only at the start of a sentence that ends with "?"
    # A phrase with a denial just before it in the same part of the sentence does not count
    # ("I don't feel safe now", "am I safe now?", "I can't get out of there").
    deniable: bool = False

    def found(self, clauses: List[str], whole: str, denials: PhraseSet | None) -> bool:
        """Whether a phrase of this set is in the sentence (`whole`, its `clauses` joined), not
        counting a phrase that a denial in its own clause comes just before."""
        if self.regex is None:
            return False
        if not (self.deniable and denials):
            return self.regex.search(whole)
        return any(
            not denied(clause[:start], denials)
            for clause in clauses
            for start in self.regex.starts_of(clause)
        )


def denied(before: str, denials: PhraseSet) -> bool:
    """A denial among the last DENIAL_WORDS words of `before` (the text before a phrase), after
    the last word that begins another thought."""
    stops = list(_DENIAL_STOP.finditer(before))
    if stops:
        before = before[stops[-1].end() :]
    return denials.search(" ".join(before.split()[-DENIAL_WORDS:]))


@dataclass
class Lexicon:
    kinds: Dict[str, str]  # kind -> answer (police, ambulance, fire, self_harm)
    patterns: List[Pattern]
    now: PhraseSet | None
    not_now: List[CueSet]
    spellings: Dict[str, str] = field(default_factory=dict)
    urgent: PhraseSet | None = None  # cues that make "with_now" patterns anywhere an emergency
    real: PhraseSet | None = None  # "this is not a story": taken out before not_now is looked for
    settled: PhraseSet | None = None  # "I'm in hospital now": taken out before now is looked for
    denials: PhraseSet | None = None  # "not", "never"...: a deniable cue just after does not count
    concern_without_now: Dict[str, bool] = field(default_factory=dict)  # kind -> ask first?
    index: FirstWordIndex | None = None  # the patterns by their phrases' first words

    def candidates(self, text: str) -> List[Pattern]:
        """The patterns worth trying on `text`, each once."""
        if self.index is None:
            return self.patterns
        return list({p.id: p for p in self.index.lookup(text)}.values())

    def answer_for(self, kind: str) -> str:
        return self.kinds[kind]


# -- reading files ---------------------------------------------------------------------------
def read_files(directory: Path = DEFAULT_DIR) -> Dict[str, Any]:
    """The parsed YAML of every file in the folder, by file name (kept in the trained model)."""
    directory = Path(directory)
    files = sorted(directory.glob("*.yml"))
    if not files:
        raise LexiconError(str(directory), None, "no .yml files found")
    return {path.name: read_yaml(path) for path in files}


def read_yaml(path: Path) -> Any:
    """One data file, every value kept as the text that was typed ("no", "on", "55" stay text:
    BaseLoader); a syntax error is reported with the file and the line."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # noqa: S506
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise LexiconError(
            path.name, None, f"not valid YAML{where}: check indents, quotes and colons"
        ) from None


def load_lexicon(directory: Path = DEFAULT_DIR) -> Lexicon:
    return build_lexicon(read_files(directory))


# -- checking and compiling ------------------------------------------------------------------
def build_lexicon(raw: Mapping[str, Any]) -> Lexicon:
    for name in ("kinds.yml", "cues.yml", "spellings.yml"):
        if name not in raw:
            raise LexiconError(name, None, "file missing from data/triage/")
    kinds, concern = _kinds(raw["kinds.yml"])
    spellings = _spellings(raw["spellings.yml"])
    now, optional, not_now = _cues(raw["cues.yml"], spellings)
    patterns: List[Pattern] = []
    seen: Dict[str, str] = {}
    for file, content in sorted(raw.items()):
        if file in ("kinds.yml", "cues.yml", "spellings.yml"):
            continue
        for pattern in _pattern_file(file, content, kinds, spellings):
            if pattern.id in seen:
                raise LexiconError(
                    file, f"pattern '{pattern.id}'", f"id already used in {seen[pattern.id]}"
                )
            seen[pattern.id] = file
            patterns.append(pattern)
    if not patterns:
        raise LexiconError("data/triage", None, "no patterns found")
    lexicon = Lexicon(
        kinds,
        patterns,
        now,
        not_now,
        spellings,
        urgent=optional["urgent"],
        real=optional["real"],
        settled=optional["settled"],
        denials=optional["denials"],
        concern_without_now=concern,
    )
    lexicon.index = pattern_index(patterns)
    return lexicon


def _mapping(value: Any, file: str, entry: str | None, what: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise LexiconError(file, entry, f"{what} should be a list of named fields")
    return value


def _text_list(value: Any, file: str, entry: str, what: str) -> List[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise LexiconError(file, entry, f"{what} should be a list of words or phrases")
    return [v.strip() for v in value]


def _kinds(content: Any) -> Tuple[Dict[str, str], Dict[str, bool]]:
    file = "kinds.yml"
    kinds = _mapping(_mapping(content, file, None, "the file").get("kinds"), file, None, "kinds")
    answers, concern = {}, {}
    for kind, fields in kinds.items():
        entry = f"kind '{kind}'"
        if not _ID.match(kind):
            raise LexiconError(file, entry, "use lowercase letters, digits and _ only")
        fields = _mapping(fields, file, entry, "the kind")
        answer = fields.get("answer")
        if answer not in ANSWERS:
            raise LexiconError(file, entry, f"answer '{answer}' is not one of {', '.join(ANSWERS)}")
        flag = fields.get("concern_without_now", "true")
        if flag not in ("true", "false"):
            raise LexiconError(file, entry, "concern_without_now should be true or false")
        answers[kind], concern[kind] = answer, flag == "true"
    return answers, concern


def _spellings(content: Any) -> Dict[str, str]:
    file = "spellings.yml"
    table = _mapping(
        _mapping(content, file, None, "the file").get("spellings"), file, None, "spellings"
    )
    result = {}
    for typed, usual in table.items():
        if not isinstance(usual, str) or not usual.strip() or " " in typed.strip():
            raise LexiconError(
                file, f"'{typed}'", "write one typed word, a colon, and its usual spelling"
            )
        result[words(typed)] = words(usual)
    return result


def _cues(content: Any, spellings: Mapping[str, str]):
    file = "cues.yml"
    content = _mapping(content, file, None, "the file")
    now = _compile(_text_list(content.get("now"), file, "now", "now"), file, "now", spellings)
    optional = {}  # lists a lexicon may leave out
    for name in ("urgent", "real", "settled", "denials"):
        phrases = _text_list(content[name], file, name, name) if name in content else None
        optional[name] = _compile(phrases, file, name, spellings) if phrases else None
    not_now = []
    groups = _mapping(content.get("not_now"), file, "not_now", "not_now")
    for category, fields in groups.items():
        entry = f"not_now '{category}'"
        fields = _mapping(fields, file, entry, "the category")
        flag = fields.get("overridden_by_now", "false")
        if flag not in ("true", "false"):
            raise LexiconError(file, entry, "overridden_by_now should be true or false")
        scope = fields.get("scope", "sentence")
        if scope not in ("sentence", "clause", "question"):
            raise LexiconError(file, entry, "scope should be sentence, clause or question")
        deniable = fields.get("deniable", "false")
        if deniable not in ("true", "false"):
            raise LexiconError(file, entry, "deniable should be true or false")
        if deniable == "true" and "denials" not in content:
            raise LexiconError(file, entry, "deniable is true but the file has no denials list")
        phrases = _text_list(fields.get("phrases"), file, entry, "phrases")
        regex = _compile(phrases, file, entry, spellings)
        not_now.append(
            CueSet(
                category,
                flag == "true",
                regex,
                scope == "clause",
                scope == "question",
                deniable == "true",
            )
        )
    return now, optional, not_now


def _pattern_file(file: str, content: Any, kinds: Mapping[str, str], spellings) -> List[Pattern]:
    content = _mapping(content, file, None, "the file")
    if "languages" in content:
        groups = content["languages"]
        if not isinstance(groups, list):
            raise LexiconError(file, "languages", "should be a list of languages")
    else:
        groups = [dict(content, code=content.get("language", "en"))]
    patterns = []
    for group in groups:
        group = _mapping(group, file, "languages", "each language")
        code = group.get("code")
        entries = group.get("patterns")
        if not isinstance(entries, list) or not entries:
            raise LexiconError(file, f"language '{code}'", "patterns should be a non-empty list")
        for index, entry in enumerate(entries):
            patterns.append(_pattern(file, index, entry, code or "en", kinds, spellings))
    return patterns


def _pattern(file, index, entry, language, kinds, spellings) -> Pattern:
    entry = _mapping(entry, file, f"pattern {index + 1}", "each pattern")
    pid = entry.get("id")
    name = f"pattern '{pid}'" if pid else f"pattern {index + 1}"
    unknown = set(entry) - {"id", "kind", "when", "phrases", "unless", "example", "meaning", "note"}
    if unknown:
        raise LexiconError(file, name, f"unknown field(s): {', '.join(sorted(unknown))}")
    if not isinstance(pid, str) or not _ID.match(pid):
        raise LexiconError(file, name, "id is missing or not lowercase_with_underscores")
    kind = entry.get("kind")
    if kind not in kinds:
        raise LexiconError(file, name, f"kind '{kind}' is not in kinds.yml")
    when = entry.get("when", "always")
    if when not in WHEN:
        raise LexiconError(file, name, f"when should be one of {', '.join(WHEN)}")
    phrases = _text_list(entry.get("phrases"), file, name, "phrases")
    regex = _compile(phrases, file, name, spellings)
    unless = None
    if "unless" in entry:
        unless = _compile(_text_list(entry["unless"], file, name, "unless"), file, name, spellings)
    example = entry.get("example")
    if not isinstance(example, str) or not example.strip():
        raise LexiconError(
            file, name, "example is missing: write a message this pattern must match"
        )
    pattern = Pattern(pid, kind, when, language, tuple(phrases), regex, example, unless)
    if not pattern.search(words(example, spellings)):
        raise LexiconError(file, name, f"the example does not match any phrase: {example!r}")
    return pattern


def _first_word(phrase: str, spellings) -> str:
    token = phrase.split()[0]
    if token.endswith("*"):
        return words(token.rstrip("*")) + "*"
    return words(token, spellings).split()[0]


def _compile(phrases: List[str], file: str, entry: str, spellings) -> PhraseSet:
    compiled = []
    for phrase in phrases:
        if not _PLAIN_PHRASE.match(phrase.replace(GAP, "")):
            raise LexiconError(file, entry, f"phrase {phrase!r}: use words, * and ... only")
        regex = re.compile(_phrase_regex(phrase, file, entry, spellings))
        compiled.append((_first_word(phrase, spellings), _spaced_script(phrase), regex))
    return PhraseSet(compiled)


class PhraseSet:
    """A list of phrases, searched fast: only the phrases whose first word is in the text are
    tried (one small regular expression each), not one huge alternation over all of them."""

    def __init__(self, compiled: List[Tuple[str, bool, re.Pattern]]) -> None:
        self.keys = [(first, spaced) for first, spaced, _ in compiled]
        self._index = FirstWordIndex()
        for first, spaced, regex in compiled:
            self._index.add(first, spaced, regex)

    def search(self, text: str) -> bool:
        return any(regex.search(text) for regex in self._index.lookup(text))

    def blank(self, text: str, denials: PhraseSet | None = None) -> str:
        """The text with every match of these phrases replaced by a mark no phrase matches;
        with `denials`, not a match that a denial comes just before ("not stable now")."""

        def mark(match: re.Match) -> str:
            if denied(match.string[: match.start()], denials):
                return match.group(0)
            return " ~ "

        replacement = mark if denials else " ~ "  # no call per match where nothing can deny
        for regex in self._index.lookup(text):
            text = regex.sub(replacement, text)
        return text

    def starts(self, text: str) -> bool:
        """A phrase begins the text."""
        return any(regex.match(text) for regex in self._index.lookup(text))

    def starts_of(self, text: str) -> List[int]:
        """Where each match of these phrases begins in the text."""
        regexes = set(self._index.lookup(text))
        return sorted({match.start() for regex in regexes for match in regex.finditer(text)})


def _phrase_regex(phrase: str, file: str, entry: str, spellings) -> str:
    tokens = [t for t in phrase.replace(GAP, f" {GAP} ").split() if t]
    if not tokens or tokens[0] == GAP or tokens[-1] == GAP:
        raise LexiconError(file, entry, f"phrase {phrase!r}: '...' goes between two words")
    out: List[str] = []
    for token in tokens:
        if token == GAP:
            out.append(rf"(?:\S+ ){{0,{GAP_WORDS}}}")
            continue
        star = token.endswith("*")
        word = words(token.rstrip("*"), None if star else spellings)
        if not word or "*" in word:
            raise LexiconError(
                file, entry, f"phrase {phrase!r}: '*' goes only at the end of a word"
            )
        if star and len(word) < MIN_STEM:
            raise LexiconError(file, entry, f"phrase {phrase!r}: '{token}' is too short for '*'")
        out.append(re.escape(word) + (r"\w*" if star else "") + " ")
    body = "".join(out).rstrip(" ")
    body = body.replace(r"\ ", " ")
    if _spaced_script(phrase):
        return rf"(?<!\w){body}(?!\w)"
    return body  # Chinese, Japanese, Thai...: written without spaces, so matched anywhere


_UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
)


def _has_unspaced(text: str) -> bool:
    """Whether the text has letters of a script written without spaces (Chinese, Thai...)."""
    return bool(_UNSPACED.search(text))


def _spaced_script(phrase: str) -> bool:
    for ch in phrase:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            return not name.startswith(
                ("CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR")
            )
    return True
