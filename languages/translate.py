"""Translation at run time: English text in, the person's language out (or the English, when a
text has no translation yet, so nothing is ever lost or blank).

One Translator is built per process from the enabled catalogues. The language of a conversation
is its `language` slot: a catalogue code, or empty for English.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Callable, Dict, Mapping

from languages.catalogue import DEFAULT_DIR, ENGLISH, Catalogue, load_catalogues, normalise

LANGUAGE_SLOT = "language"
# Languages the council has turned off without editing a catalogue: LANGUAGES_OFF=ro,pl
OFF_SETTING = "LANGUAGES_OFF"
UNREVIEWED_NOTE = "This translation has not been checked by a qualified translator yet."


class Translator:
    def __init__(self, catalogues: Mapping[str, Catalogue]) -> None:
        self.catalogues = dict(catalogues)
        # Every translation and each of its paragraphs (a channel may send paragraphs apart),
        # for telling which language a message is in.
        self._language_of: Dict[str, str] = {
            part: code
            for code, c in catalogues.items()
            for translation in c.texts.values()
            for part in (translation, *translation.split("\n\n"), *translation.split("\n"))
        }

    def supports(self, code: object) -> bool:
        return isinstance(code, str) and code in self.catalogues

    def text(self, english: str, code: object) -> str:
        """The translation, or the English when there is none (or the language is English)."""
        if not self.supports(code):
            return english
        return self.catalogues[code].texts.get(normalise(english), english)

    def has(self, english: str, code: str) -> bool:
        return self.supports(code) and normalise(english) in self.catalogues[code].texts

    def for_language(self, code: object) -> Callable[[str], str]:
        return lambda english: self.text(english, code)

    def language_of(self, text: str) -> str:
        """The language a text the assistant sent is in: a catalogue's code if it is one of its
        translations (or made of them, line by line), else English (for the `lang` attribute
        screen readers use)."""
        text = normalise(text)
        for part in (text, *text.split("\n")):
            if part in self._language_of:
                return self._language_of[part]
        return ENGLISH


def enabled_languages(
    catalogues: Mapping[str, Catalogue], environ: Mapping[str, str]
) -> Dict[str, Catalogue]:
    off = {code.strip() for code in environ.get(OFF_SETTING, "").split(",") if code.strip()}
    return {code: c for code, c in catalogues.items() if code not in off}


@lru_cache(maxsize=1)
def translator() -> Translator:
    """The process's Translator: the enabled catalogues, less any turned off in LANGUAGES_OFF."""
    return Translator(enabled_languages(load_catalogues(DEFAULT_DIR), os.environ))
