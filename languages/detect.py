"""Which of the supported languages a message seems to be in: lingua's offline detector, limited
to English and the enabled catalogues' languages (its models ship inside its wheel; nothing is
downloaded). Used only for messages the English model did not understand."""

from __future__ import annotations

import re
from typing import Iterable

from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

from languages.catalogue import ENGLISH

MIN_CONFIDENCE = 0.6  # below this, no offer: better the usual "not understood" than a wrong guess
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


class LanguageGuesser:
    def __init__(self, codes: Iterable[str]) -> None:
        # A language lingua does not know (Tigrinya, for one) is never guessed: the person can
        # still choose it with the Language button.
        self.codes = sorted(code for code in set(codes) if _language(code) is not None)
        languages = [_language(code) for code in [ENGLISH, *self.codes]]
        self._detector = (
            LanguageDetectorBuilder.from_languages(*languages)
            .with_preloaded_language_models()
            .build()
        )

    def guess(self, text: str) -> str | None:
        """The code of a supported language other than English, when the detector is sure
        enough; otherwise None (English, too short, or unsure)."""
        if len(_LETTERS.findall(text)) < 6:
            return None
        values = self._detector.compute_language_confidence_values(text)
        if not values or values[0].value < MIN_CONFIDENCE:
            return None
        code = values[0].language.iso_code_639_1.name.lower()
        return code if code in self.codes else None


def _language(code: str) -> Language | None:
    iso = getattr(IsoCode639_1, code.upper(), None)
    return Language.from_iso_code_639_1(iso) if iso is not None else None
