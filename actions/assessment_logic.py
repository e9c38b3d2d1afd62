"""The branching of the guided questions, as plain Python (no Rasa import), so it can be
tested on its own. actions/assessment.py adapts it to Rasa's form validation."""

import re
from typing import Any, Container, Iterable, List, Mapping, Sequence

from actions.routing.answers import QUESTIONS, YES_NO

# Each yes/no sign question and the sign id it records (ids as in actions/data/routing_rules.yml).
SIGN_QUESTIONS = {
    "sign_not_free_to_leave": "not_free_to_leave",
    "sign_id_held": "id_held",
    "sign_debt": "debt",
    "sign_little_or_no_pay": "little_or_no_pay",
    "sign_threats": "threats",
}

# Once this many signs are known, the picture is clear enough: further sign questions only
# make a frightened person answer more, and would not change which services we show.
ENOUGH_SIGNS = 2

# When the NLU tags a sign phrase it has not seen ("keep my pasport"), its raw words arrive
# instead of a sign id. These word stems map such phrases to an id; first match wins.
_SIGN_WORDS = (
    ("id_held", ("passport", "pasport", "papers", "document", " id", "id card", "visa")),
    ("debt", ("owe", "debt", "pay back", "loan")),
    ("little_or_no_pay", ("no pay", "not paid", "unpaid", "wage", "salary", "paid", "money")),
    ("not_free_to_leave", ("leave", "locked", "go out", "let me out", "escape")),
    ("threats", ("threat", "hurt", "kill", "beat", "harm")),
    ("forced_crime", ("drug", "steal", "crime", "cannabis", "county line")),
    ("sexual_exploitation", ("sex", "prostitut", "escort", "brothel")),
    ("controlled_housing", ("sleep at", "live at", "lives at", "where i work")),
    ("speaks_for_them", ("speaks for", "talks for", "answers for")),
)

# The answer values live in actions/routing/answers.py (QUESTIONS); only their use is decided here.
AGE_GROUPS = QUESTIONS["age_group"]
ABOUT = QUESTIONS["about"]
PLACE_ANSWERS = QUESTIONS["in_brighton_hove"]
CHILD_AGE_GROUPS = ("under_18", "not_sure")  # of AGE_GROUPS: treated as a child

# Places in Brighton & Hove, and common spellings of its name. data/nlu/synonyms.yml maps the same
# words to `brighton_hove`; tests/unit/test_assessment_logic.py checks that the two lists agree.
_BRIGHTON_AND_HOVE_PLACES = (
    "brighton", "hove", "b&h", "brigton", "brighten", "brihgton", "portslade", "rottingdean",
    "woodingdean", "moulsecoomb", "moulescoomb", "whitehawk", "kemptown", "kemp town", "saltdean",
    "patcham", "hangleton", "hollingbury", "hollingdean", "bevendean", "coldean", "ovingdean",
    "withdean", "westdene", "preston park", "west blatchington", "stanmer", "the lanes",
    "north laine",
)  # fmt: skip
# Postcode districts of Brighton & Hove: BN1, BN2, BN3, BN41 (Portslade) and BN50-BN52 (PO boxes).
_BRIGHTON_AND_HOVE_POSTCODE = re.compile(r"\bbn\s?(1|2|3|41|5[0-2])\b")
_CHILD_WORDS = ("child", "kid", "teen", "minor", "under 18", "under_18", "school")
_ADULT_WORDS = ("adult", "grown", "over 18", "18 or over")


def is_child(age_group: str | None) -> bool:
    """Under 18, or age not known: treated as a child, as the law does."""
    return age_group in CHILD_AGE_GROUPS


def questions_to_ask(
    form_slots: Sequence[str], slots: Mapping[str, Any], danger_advice_given: bool = False
) -> List[str]:
    """The form's questions for this person, in order: only what matters for them."""
    known_signs = set(slots.get("signs") or [])
    questions = []
    for name in form_slots:
        if name == "danger_now" and danger_advice_given:
            continue  # they already told us, and got the 999 answer
        unanswered = slots.get(name) is None
        if name in SIGN_QUESTIONS and unanswered:
            if SIGN_QUESTIONS[name] in known_signs or len(known_signs) >= ENOUGH_SIGNS:
                continue
        if name == "care_needs" and is_child(slots.get("age_group")):
            continue  # care and support needs decide adult social care only
        questions.append(name)
    return questions


# The 999 answers (data/rules/safety.yml): once one was given, the danger question is not asked.
DANGER_ADVICE = frozenset(
    {"utter_danger_999", "utter_danger_ambulance", "utter_danger_fire", "utter_danger_self_harm"}
)


def danger_advice_given(events: Iterable[Mapping[str, Any]]) -> bool:
    """Whether this session has already given the 999 advice (someone said there is danger)."""
    given = False
    for event in events:
        if event.get("event") in ("session_started", "restart"):
            given = False
        elif event.get("event") == "action" and event.get("name") in DANGER_ADVICE:
            given = True
    return given


def value_from_intent(mappings: Iterable[Mapping[str, Any]], intent: str | None) -> Any:
    """The value a slot's `from_intent` mapping (domain.yml) gives this intent, or None."""
    for mapping in mappings:
        if mapping.get("type") == "from_intent" and mapping.get("intent") == intent:
            return mapping.get("value")
    return None


def effective_answers(slots: Mapping[str, Any], danger_said: bool) -> dict:
    """The slots as the rule table reads them: danger said at any point means danger now."""
    answers = dict(slots)
    if danger_said:
        answers["danger_now"] = "yes"
    return answers


# A number is an age only when the words say so: "I'm 14", "14 years old", "aged 14", "she is 16",
# or the number alone as the answer to the age question. Never "14 hours", "£14", "14 of us",
# "14th" or "in 2014".
_AGE_BEFORE = re.compile(
    r"(?:\b(?:i\s*am|i'?m|im|aged?|age of|is|are|was|'s|is only|only|just turned|turned|turns|"
    r"turning|under|over|about|around|nearly|almost)\s+)$"
)
_AGE_AFTER = re.compile(r"^\s*(?:-?\s*(?:years?|yrs?|yr)\b|-?year-old|y/?o\b|years? of age)")
_NOT_AGE_AFTER = re.compile(
    r"^\s*(?:of\b|in\b|people|persons?|men|women|girls|boys|kids|children|workers|hours?|hrs?|"
    r"days?|nights?|weeks?|months?|pounds?|quid|pence|p\b|am\b|pm\b|%|k\b|grand|times?|miles?)"
)
_NUMBER_ALONE = re.compile(
    r"^\s*(?:i'?m\s+|im\s+|i am\s+)?\d{1,3}\s*(?:years?|yrs?|yo)?\s*[.!]?\s*$"
)


def number_is_an_age(text: str, number: str) -> bool:
    """Whether `number` appears in `text` as somebody's age (see the patterns above)."""
    lowered = (text or "").lower()
    if _NUMBER_ALONE.match(lowered):
        return True
    for found in re.finditer(rf"(?<![\d£$€.,]){re.escape(str(number))}(?![\d%])", lowered):
        before, after = lowered[: found.start()], lowered[found.end() :]
        if re.match(r"^(?:st|nd|rd|th)\b", after) or _NOT_AGE_AFTER.match(after):
            continue
        appositive = before.rstrip().endswith(",") and after.lstrip().startswith(",")
        if appositive or _AGE_BEFORE.search(before):
            return True
        if _AGE_AFTER.match(after):
            return True
    return False


def parse_age_group(value: Any) -> str | None:
    """An age group from a button, a number ("17") or words ("a teenager"); None if unclear."""
    if isinstance(value, list):
        # "under 18" may come as both a phrase and the number 18: the phrase wins.
        groups = [v for v in value if str(v).lower() in AGE_GROUPS]
        value = groups[0] if groups else (value[0] if value else None)
    if value is None:
        return None
    text = str(value).strip().lower()
    if text in AGE_GROUPS:
        return text
    number = re.search(r"\d{1,3}", text)
    if number:
        years = int(number.group())
        if years > 120:
            return None
        return "under_18" if years < 18 else "adult"
    if any(word in text for word in _CHILD_WORDS):
        return "under_18"
    if any(word in text for word in _ADULT_WORDS):
        return "adult"
    return None


def parse_place(value: Any, asked: bool = True, said_no: bool = False) -> str | None:
    """yes / no / not_sure for "Do you live in Brighton & Hove, or is it happening here?", from a
    button or a place. A place we do not know (Sussex, London, a street) is "not sure" when it
    answers the question, and nothing when it came up before the question (so it is still asked):
    only the person's own "no" rules Brighton & Hove out ("no, I live in Hastings")."""
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None:
        return None
    text = str(value).strip().lower()
    if text in PLACE_ANSWERS:
        return text
    if text == "brighton_hove" or is_brighton_and_hove_place(text):
        return "yes"
    if not (text and asked):
        return None
    return "no" if said_no else "not_sure"


def starts_with_no(text: str) -> bool:
    """ "no, I live in Hastings", "nope", "not in Brighton" """
    first = re.findall(r"[a-z']+", text.lower())[:1]
    return first in (["no"], ["nope"], ["nah"], ["not"])


def is_brighton_and_hove_place(text: str) -> bool:
    words = f" {re.sub(r'[^a-z0-9&]+', ' ', text.lower())} "
    return bool(_BRIGHTON_AND_HOVE_POSTCODE.search(words)) or any(
        f" {place} " in words for place in _BRIGHTON_AND_HOVE_PLACES
    )


def normalise_sign(value: Any) -> str | None:
    """A sign id from the NLU's value: already an id, or raw words matched by _SIGN_WORDS."""
    if not isinstance(value, str):
        return None
    text = " " + value.strip().lower()
    if text.strip() in {sign for sign, _ in _SIGN_WORDS}:
        return text.strip()
    for sign, words in _SIGN_WORDS:
        if any(word in text for word in words):
            return sign
    return None


def parse_sign_answer(question: str, value: Any) -> str | None:
    """yes / no / not_sure for a sign question. The sign itself, described in words at its own
    question, is a yes; another sign is not an answer to this question (it is kept in `signs`)."""
    values = value if isinstance(value, list) else [value]
    if len(values) == 1 and values[0] in YES_NO:
        return values[0]
    signs = {normalise_sign(v) for v in values}
    return "yes" if SIGN_QUESTIONS[question] in signs else None


def parse_about(value: Any) -> str | None:
    """self / someone_else / not_sure, or None for anything else the NLU picked up."""
    if isinstance(value, list):
        value = value[0] if value else None
    return value if value in ABOUT else None


def signs_from_events(
    events: Iterable[Mapping[str, Any]], known_signs: Container[str]
) -> List[str]:
    """Every known sign mentioned so far in this session, in the order first seen.

    The `signs` slot keeps only the latest message's signs, so the history is read instead.
    Anything the NLU tagged that is not a known sign id (a stray phrase) is left out.
    """
    seen: List[str] = []
    for event in events:
        if event.get("event") == "session_started" or _is_reset(event):
            seen = []
            continue
        if event.get("event") != "slot":
            continue
        name, value = event.get("name"), event.get("value")
        found: List[str] = []
        if name == "signs" and value:
            found = [normalise_sign(v) for v in (value if isinstance(value, list) else [value])]
        elif name in SIGN_QUESTIONS and value == "yes":
            found = [SIGN_QUESTIONS[name]]
        seen.extend(sign for sign in found if sign in known_signs and sign not in seen)
    return seen


def previous_question(events: Sequence[Mapping[str, Any]], form_slots: Sequence[str]) -> str | None:
    """The question answered most recently and still answered, for "go back"."""
    cleared = set()  # answers already taken back by a later "go back"
    for event in reversed(events):
        if _is_reset(event) or event.get("event") == "session_started":
            return None
        name = event.get("name")
        if event.get("event") != "slot" or name not in form_slots:
            continue
        if event.get("value") is None:
            cleared.add(name)
        elif name not in cleared:
            return name
    return None


def _is_reset(event: Mapping[str, Any]) -> bool:
    return event.get("event") in ("reset_slots", "restart")
