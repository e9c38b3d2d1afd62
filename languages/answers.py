"""Short typed answers in the other languages, read without the English NLU model.

"da" (Romanian), "nie" (Polish), "po" (Albanian) or "không" (Vietnamese) answer a question as
well as a button does. Each catalogue lists its words (answers: in data/languages/<code>.yml);
here a message that is one of them, or starts with one and is short, becomes the intent the
English words would have had. The longest phrase wins, so "nu știu" (not sure) is not "nu" (no).
Words are compared in lower case, with and without accents (people often type without them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, Iterable, List, Tuple

from languages.catalogue import Catalogue
from triage.normalise import fold  # the triage's own folding: case, accents, đ, ł, apostrophes

# Which intent each kind of answer word stands for (domain.yml).
INTENT_FOR = {
    "yes": "affirm",
    "no": "deny",
    "not_sure": "not_sure",
    "self": "about_self",
    "someone_else": "about_someone_else",
    "language_words": "choose_language",
}
AGE_INTENT = "give_age"
PREFIX_INTENTS = ("affirm", "deny", "not_sure")  # may be followed by more words, after a comma
ANSWER_ENDS = ",.;:!-–—"
MAX_WORDS = 6  # "da, el îmi ține pașaportul" is a yes; a long story is left to the model
_WORD = re.compile(r"[^\W_]+")
_NUMBER = re.compile(r"^\d{1,3}$")


def tokens(text: str) -> List[str]:
    return _WORD.findall(text.lower())


@dataclass(frozen=True)
class Reading:
    intent: str
    language: str
    age: int | None = None  # for give_age: the number given


class AnswerWords:
    def __init__(self, catalogues: Iterable[Catalogue]) -> None:
        # (token tuple, folded or not) -> (intent, language); longest phrases first.
        self._phrases: Dict[Tuple[str, ...], Tuple[str, str]] = {}
        self._age_words: Dict[str, str] = {}
        for catalogue in catalogues:
            for kind, intent in INTENT_FOR.items():
                for phrase in catalogue.answers[kind]:
                    for form in (phrase, fold(phrase)):
                        self._phrases.setdefault(tuple(tokens(form)), (intent, catalogue.code))
            for word in catalogue.answers["age_words"]:
                for form in (word, fold(word)):
                    self._age_words.setdefault(form, catalogue.code)
        self._longest = max((len(p) for p in self._phrases), default=0)

    def read(self, text: str) -> Reading | None:
        spans = list(_WORD.finditer(text.lower()))
        words = [m.group() for m in spans]
        if not words or len(words) > MAX_WORDS:
            return None
        age = self._age(words)
        if age is not None:
            return age
        for candidate in (words, [fold(w) for w in words]):
            for size in range(min(self._longest, len(candidate)), 0, -1):
                found = self._phrases.get(tuple(candidate[:size]))
                if found is None:
                    continue
                if size == len(candidate):
                    return Reading(*found)
                # "da, el îmi ține pașaportul": an answer set apart by a comma or a stop, then
                # more words. Without the comma ("nie mogę wyjść", I cannot leave) it is a
                # sentence, not an answer: left to the model and the triage.
                after = text[spans[size - 1].end() :].lstrip()
                if found[0] in PREFIX_INTENTS and after[:1] in ANSWER_ENDS:
                    return Reading(*found)
        return None

    def _age(self, words: List[str]) -> Reading | None:
        """ "am 15 ani", "mam 15 lat", "15 vjeç", "15 tuổi": a number with an age word."""
        numbers = [int(w) for w in words if _NUMBER.match(w)]
        if len(numbers) != 1 or not 0 < numbers[0] < 120:
            return None
        for word in words:
            for form in (word, fold(word)):
                if form in self._age_words:
                    return Reading(AGE_INTENT, self._age_words[form], numbers[0])
        return None
