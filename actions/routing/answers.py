"""The assessment answers: the fixed contract with the conversation (slot names and values)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Dict, Mapping, Tuple

logger = logging.getLogger(__name__)

# The answers to a yes/no question (the five sign questions too). "I'd rather not say" arrives
# as "not_sure".
YES_NO: Tuple[str, ...] = ("yes", "no", "not_sure")

# Question (slot name) -> the answers it can have. The only home of these values:
# actions/assessment_logic.py reads them from here, and tests/unit/test_answer_values.py checks the
# categorical slots in domain.yml against them.
QUESTIONS: Dict[str, Tuple[str, ...]] = {
    "danger_now": YES_NO,
    "about": ("self", "someone_else", "not_sure"),
    "age_group": ("under_18", "adult", "not_sure"),
    "care_needs": YES_NO,
    "in_brighton_hove": YES_NO,
}

# How the rule table names a question that was never answered (the slot is empty).
UNANSWERED = "unanswered"


@dataclass(frozen=True)
class Answers:
    """What the person told us. None means unanswered; `signs` holds sign ids, in order given."""

    danger_now: str | None = None
    about: str | None = None
    age_group: str | None = None
    care_needs: str | None = None
    in_brighton_hove: str | None = None
    signs: Tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for question, allowed in QUESTIONS.items():
            value = getattr(self, question)
            if value is not None and value not in allowed:
                raise ValueError(f"{question}={value!r}: expected one of {allowed} or None")
        if not isinstance(self.signs, tuple):
            raise TypeError("signs must be a tuple of sign ids")

    @property
    def audience(self) -> str:
        """Who the words speak to: the person themselves, or someone worried about another
        (also when we do not know)."""
        return "self" if self.about == "self" else "someone_else"

    def value(self, question: str) -> str:
        """The answer as the rule table names it: the value, or "unanswered"."""
        answer = getattr(self, question)
        return UNANSWERED if answer is None else answer

    def key(self) -> Tuple[str, ...]:
        """The five answers as the rule table names them, in the order of QUESTIONS."""
        return tuple(self.value(question) for question in QUESTIONS)

    @classmethod
    def from_key(cls, key: Tuple[str, ...]) -> Answers:
        """The inverse of key() (signs aside)."""
        pairs = zip(QUESTIONS, key, strict=True)
        return cls(**{q: (None if v == UNANSWERED else v) for q, v in pairs})

    @classmethod
    def from_slots(
        cls, slots: Mapping[str, Any], known_signs: Tuple[str, ...] | None = None
    ) -> Answers:
        """Answers from Rasa slot values. Anything unexpected counts as unanswered, not an error:
        the person must always get an answer."""
        values: Dict[str, Any] = {}
        for question, allowed in QUESTIONS.items():
            raw = slots.get(question)
            if raw is not None and raw not in allowed:
                # The value itself is not logged: it may be words the person typed.
                logger.warning("Ignoring unexpected value for slot %s", question)
                raw = None
            values[question] = raw
        values["signs"] = _signs(slots, known_signs)
        return cls(**values)


def _signs(slots: Mapping[str, Any], known: Tuple[str, ...] | None) -> Tuple[str, ...]:
    """Sign ids from the `signs` list slot, plus any per-sign question answered "yes"
    (a `sign_<id>` slot), so a sign counts however the conversation recorded it."""
    raw = slots.get("signs")
    items = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, list | tuple) else []
    items += [
        name[len("sign_") :]
        for name, value in slots.items()
        if name.startswith("sign_") and value == "yes"
    ]
    unique = dict.fromkeys(s for s in items if isinstance(s, str) and (known is None or s in known))
    return tuple(unique)
