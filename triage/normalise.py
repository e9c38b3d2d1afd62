"""The text as the triage lexicon matches it: what a frightened person types on a phone varies
in case, accents, repeated letters and text-speak; the lexicon's phrases should not have to."""

from __future__ import annotations

import re
import unicodedata
from typing import Mapping

# Letters that Unicode does not split into a base letter and an accent.
_FOLD = str.maketrans({"đ": "d", "ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"})
_APOSTROPHES = re.compile(r"['’‘`´ʼ]")
# Scripts whose vowels are marks on a consonant (Devanagari, Bengali, Gurmukhi ... Sinhala; Thai,
# Lao; Myanmar; Khmer): their marks are part of the word. Without them "चाकू" (knife) and "चुके"
# (already) read the same. Elsewhere marks are accents, and folding drops them.
_KEEPS_MARKS = re.compile("[\u0900-\u0dff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
# ...but not the nukta, which people type or leave out like an accent ("ज़बरदस्ती", "जबरदस्ती").
_NUKTAS = frozenset("\u093c\u09bc\u0a3c\u0abc\u0b3c\u0cbc")
# Anything that is not a letter, digit or space becomes a space (punctuation, emoji, symbols)...
_NOT_WORD = re.compile(r"[^\w\s]+", re.UNICODE)
_SPACES = re.compile(r"\s+")
_REPEATS = re.compile(r"(\D)\1+")  # "heeelp" -> "help"; also "kill" -> "kil" on both sides
_LONG_REPEATS = re.compile(r"(\D)\1{2,}")
# Words that keep their double letters: squeezed, each would read as another common word that the
# lexicon means differently. "soon" is a cue of now, and squeezed it was "son": every message about
# a son had a cue of now. (Found by squeezing every word of the lexicon and looking it up among
# the 40,000 commonest English words; the other pairs found mean the same to the lexicon or are
# wanted, as "shoot me"/"shot me".) "sooon" is still "soon".
_KEEP_DOUBLES = frozenset({"soon"})
_KEPT_SQUEEZED = frozenset(_REPEATS.sub(r"\1", word) for word in _KEEP_DOUBLES)  # {"son"}


def fold(text: str) -> str:
    """Lower case, accents and marks removed, apostrophes dropped (he's -> hes)."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_FOLD))
    text = "".join(
        ch
        for ch in text
        if not unicodedata.combining(ch) or (_KEEPS_MARKS.match(ch) and ch not in _NUKTAS)
    )
    return _APOSTROPHES.sub("", text)


def words(text: str, spellings: Mapping[str, str] | None = None) -> str:
    """Folded words separated by single spaces, repeated letters squeezed (but see _KEEP_DOUBLES),
    each word replaced by its usual spelling where the lexicon's spelling list has one ("pls" ->
    "please").
    The spelling list's keys and values must already be in this form (the lexicon sees to it)."""
    text = _SPACES.sub(" ", _NOT_WORD.sub(_keep_marks, fold(text))).strip()
    out = []
    for word in text.split(" "):
        squeezed = _REPEATS.sub(r"\1", word)
        if squeezed in _KEPT_SQUEEZED:  # only then can it be a word that keeps its doubles
            doubled = _LONG_REPEATS.sub(r"\1\1", word)
            squeezed = doubled if doubled in _KEEP_DOUBLES else squeezed
        out.append(spellings.get(squeezed, squeezed) if spellings else squeezed)
    return " ".join(out)


def _keep_marks(match: re.Match) -> str:
    """...except the marks of the scripts above, which stay in their word."""
    return "".join(
        ch if unicodedata.category(ch)[0] == "M" and _KEEPS_MARKS.match(ch) else " "
        for ch in match.group()
    )


# Sentences: the unit in which "now" and "last year" are weighed against each other.
# Also the Arabic question mark, the Urdu full stop and the Hindi danda; and "but" in the
# languages of the lexicon, as in English ("I am safe but my friend is still locked in": the
# safe cue must not set aside the second half). Not Albanian "por" (Spanish "for").
_BUT = (
    "but ale dar mas pero mais ama ancak fakat nhung nhưng lekin але но ولی اما لكن لیکن بەڵام"
).split()
_SENTENCE_END = re.compile(
    r"[.!?;\n。！？؟۔।]+|但是|\s+(?:" + "|".join(_BUT) + r")\s+|\s+-\s+", re.IGNORECASE
)


def sentences(text: str) -> list[str]:
    return [sentence for sentence, _ in asked_sentences(text)]


def asked_sentences(text: str) -> list[tuple[str, bool]]:
    """Each sentence, and whether it ends with a question mark."""
    out, start = [], 0
    for end in _SENTENCE_END.finditer(text + "\n"):
        part = text[start : end.start()]
        if part.strip():
            out.append((part, any(mark in end.group() for mark in "?？؟")))
        start = end.end()
    return out


# Clauses: "last month she nearly died, she is in rehab now" - the "now" belongs to the second part.
_CLAUSE_END = re.compile(r"[,，、:،]+")  # with the Arabic comma


def clauses(sentence: str) -> list[str]:
    return [part for part in _CLAUSE_END.split(sentence) if part and part.strip()]
