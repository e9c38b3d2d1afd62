"""Every phone number a person can read in the fixed texts is a current number of a service in
actions/data/services.yml: domain.yml (questions, 999 answers, fail-safe), the FAQ answers in
data/responses/, and the channel's built-in fail-safe text. An old number fails, naming where.
What the texts say is kept, and for how long, is what the server does (DESIGN.md §6)."""

import re
from pathlib import Path

import yaml

from actions.routing import routing_data
from serving.failsafe import FALLBACK_TEXT
from serving.settings import (
    DEFAULT_CONVERSATION_MAX_AGE_SECONDS,
    DEFAULT_CONVERSATION_TTL_SECONDS,
)

ROOT = Path(__file__).resolve().parents[2]
# A run of digits and single spaces with at least five digits: "08000 121 700", "116 123".
LANGUAGE_INTENTS = {"set_language", "choose_language", "other_language"}
PHONE_SHAPED = re.compile(r"(?<![\d£])\d(?: ?\d){4,}(?![\d%])")


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def national(tel: str) -> str:
    return "0" + tel[3:] if tel.startswith("+44") else tel


DIRECTORY = list(routing_data().directory)
CURRENT = {digits(national(phone.tel)) for s in DIRECTORY for phone in s.phones}
PREVIOUS = {digits(national(p.tel)) for s in DIRECTORY for p in s.previous_numbers}


def texts_to_check():
    """(where, text) for every response variation people can read."""
    files = [ROOT / "domain.yml", *sorted((ROOT / "data/responses").glob("*.yml"))]
    for path in files:
        responses = yaml.safe_load(path.read_text(encoding="utf-8")).get("responses", {})
        for name, variations in responses.items():
            for variation in variations:
                text = variation.get("text", "")
                titles = " ".join(b.get("title", "") for b in variation.get("buttons", []))
                yield f"{path.relative_to(ROOT)}: {name}", f"{text} {titles}"
    yield "serving/failsafe.py: FALLBACK_TEXT", FALLBACK_TEXT


def test_the_check_finds_numbers():
    assert [digits(m) for m in PHONE_SHAPED.findall("call 08000 121 700 or 116 123")] == [
        "08000121700",
        "116123",
    ]
    # Old numbers are read from services.yml (previous_numbers), never written here.
    assert PREVIOUS and not PREVIOUS & CURRENT
    old = next(iter(PREVIOUS))
    spaced = f"{old[:4]} {old[4:7]} {old[7:]}"
    assert [digits(m) for m in PHONE_SHAPED.findall(f"the old number {spaced}")] == [old]


def test_every_number_in_the_texts_is_current():
    problems = []
    for where, text in texts_to_check():
        for number in PHONE_SHAPED.findall(text):
            if digits(number) in PREVIOUS:
                problems.append(f"{where}: {number} is an old number (services.yml)")
            elif digits(number) not in CURRENT:
                problems.append(f"{where}: {number} is not a number in services.yml")
    assert not problems, "\n".join(problems)


def test_the_999_answers_give_999_and_the_self_harm_answer_gives_samaritans():
    responses = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
    for name in ("utter_danger_999", "utter_danger_ambulance", "utter_danger_fire"):
        assert "999" in responses[name][0]["text"], name
    samaritans = next(s for s in DIRECTORY if s.id == "samaritans").phones[0].display
    assert samaritans in responses["utter_danger_self_harm"][0]["text"]


def test_the_copies_of_the_999_answers_and_danger_intents_agree():
    """The 999 responses and danger intents are named in several places that cannot import each
    other (the action server, the channel, the triage): each copy is checked here."""
    from actions.assessment_logic import DANGER_ADVICE
    from serving.failsafe import SAFETY_RESPONSES
    from triage.decide import CHECK_INTENT, DANGER_INTENTS

    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    rules = (ROOT / "data/rules/safety.yml").read_text(encoding="utf-8")
    assert set(SAFETY_RESPONSES) == set(DANGER_ADVICE)
    assert all(f"action: {name}" in rules for name in SAFETY_RESPONSES)
    ignored = set(domain["forms"]["assessment_form"]["ignored_intents"])
    # Asking for the languages never answers a question either (data/rules/languages.yml); the
    # intents that set a language slot must not be ignored, or Rasa leaves the slot empty.
    assert ignored - LANGUAGE_INTENTS == DANGER_INTENTS | {CHECK_INTENT}
    assert ignored & LANGUAGE_INTENTS == {"choose_language"}
    assert all(f"intent: {name}" in rules for name in ignored - LANGUAGE_INTENTS)
    languages = (ROOT / "data/rules/languages.yml").read_text(encoding="utf-8")
    assert all(f"intent: {name}" in languages for name in LANGUAGE_INTENTS)


# The server keeps a chat until it forgets it, so no text may say that nothing is kept: a text
# says what stores nothing where ("This chat stores nothing on this device").
UNTRUE_PRIVACY = re.compile(
    r"nothing is (kept|saved|stored)|keeps nothing|saves nothing"
    r"|leaves? no (trace|record)|nothing is recorded",
    re.IGNORECASE,
)


def test_no_text_says_nothing_is_kept():
    widget = (ROOT / "web/widget/chat-widget.js").read_text(encoding="utf-8")
    texts = [*texts_to_check(), ("web/widget/chat-widget.js", widget)]
    problems = [
        f"{where}: {m.group(0)!r}" for where, text in texts for m in UNTRUE_PRIVACY.finditer(text)
    ]
    assert not problems, "\n".join(problems)


def test_the_texts_say_how_long_the_server_keeps_a_chat_as_the_server_does():
    minutes = DEFAULT_CONVERSATION_TTL_SECONDS // 60
    hours = DEFAULT_CONVERSATION_MAX_AGE_SECONDS // 3600
    keeps = [(where, t) for where, t in texts_to_check() if "server keeps the chat" in t]
    assert {where.split(": ")[1] for where, _ in keeps} >= {
        "utter_welcome",
        "utter_faq/is_this_chat_safe",
        "utter_faq/anonymity",
        "utter_faq/does_this_chat_tell_anyone",
        "utter_faq/keep_safe",
    }
    for where, text in keeps:
        assert f"until {minutes} minutes after your last message" in text, where
        assert f"never for more than {hours} hours" in text, where


def test_the_faq_answers_given_in_place_of_the_danger_question_carry_the_999_advice():
    """triage/decide.py gives these FAQ answers where it would ask "Is anyone in danger right
    now?": each must say to call 999 for danger now, and how to make a silent call."""
    from triage.decide import FAQ_ANSWERS_WITH_999

    responses = {}
    for path in sorted((ROOT / "data/responses").glob("*.yml")):
        responses.update(yaml.safe_load(path.read_text(encoding="utf-8"))["responses"])
    danger_advice = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    silent_call = "press 5 5"
    assert silent_call in danger_advice["responses"]["utter_danger_999"][0]["text"]
    for key in FAQ_ANSWERS_WITH_999:
        for variation in responses[f"utter_{key}"]:
            assert "Call 999 if someone is in danger now" in variation["text"], key
            assert silent_call in variation["text"], key
