"""Each language over HTTP, as the widget talks to the running assistant: chosen with its button,
then the question, the buttons, the service cards and the 999 answer come in it (the catalogue's
own translations), with every phone number as in English and each message saying its language."""

import re

import pytest
from conftest import cards, texts

from languages.catalogue import DEFAULT_DIR, load_catalogues, normalise

CATALOGUES = load_catalogues(DEFAULT_DIR)
PHONE = re.compile(r"\d(?: ?\d){2,}")


def translation(code: str, english: str) -> str:
    return CATALOGUES[code].texts[normalise(english)]


def choose(conversation, code: str) -> list:
    conversation.say("/greet")
    return conversation.say(f'/set_language{{"language":"{code}"}}')


@pytest.mark.parametrize("code", sorted(CATALOGUES))
def test_buttons_all_the_way_to_the_services_in_the_language(conversation, code):
    replies = choose(conversation, code)
    said = texts(replies)
    assert translation(code, "First, is anyone in danger right now?") in said
    assert all(r["lang"] == code for r in replies if r.get("text")), replies
    titles = [b["title"] for r in replies for b in r.get("buttons", [])]
    assert translation(code, "Not sure") in titles
    for answer in ["/deny", "/about_someone_else", "/age_under_18", "/affirm"]:
        replies = conversation.say(answer)
    for _ in range(8):  # the rest of the questions, "no" or "not sure", until the services
        if cards(replies):
            break
        replies = conversation.say("/not_sure")
    shown = cards(replies)
    assert shown, texts(replies)
    assert all(card["lang"] == code for card in shown)
    names = [card["name"] for card in shown]
    assert "Front Door for Families" in names  # service names stay as people will hear them
    door = next(card for card in shown if card["name"] == "Front Door for Families")
    assert door["phones"][0]["display"] == "01273 290400"
    assert door["reason"] == translation(
        code,
        "You said this is about someone under 18. Front Door for Families helps keep children "
        "safe in Brighton & Hove.",
    )


@pytest.mark.parametrize("code", sorted(CATALOGUES))
def test_the_999_answer_comes_in_the_language_with_the_same_numbers(conversation, code):
    choose(conversation, code)
    replies = conversation.say("/danger")
    english = (
        "Please call 999 now and ask for the police.\nIf you cannot speak: call 999 and listen. "
        "Cough or tap if you can. If a recorded voice asks, press 5 5. Stay on the line.\n"
        "If you use sign language, you can use 999 BSL. This chat cannot call anyone for you."
    )
    said = texts(replies)
    assert translation(code, english) in said
    assert PHONE.findall(said) == PHONE.findall(english)
    assert replies[0]["lang"] == code


@pytest.mark.parametrize("code", sorted(CATALOGUES))
def test_short_words_typed_in_the_language_answer_the_question(conversation, code):
    choose(conversation, code)
    no = CATALOGUES[code].answers["no"][0]
    replies = conversation.say(no)
    assert translation(code, "Is this about you, or about someone else?") in texts(replies), (
        no,
        replies,
    )


def test_a_first_message_in_another_language_is_offered_that_language(conversation):
    replies = conversation.say("Bună ziua, am nevoie de ajutor pentru prietena mea")
    assert "Scrieți în română?" in texts(replies)
    payloads = [b["payload"] for r in replies for b in r.get("buttons", [])]
    assert '/set_language{"language":"ro"}' in payloads
