"""The questions menus and the FAQ topics fit together.

- No menu (no response) offers more than 8 buttons: a long list is hard to read, above all on a
  phone or with a screen reader.
- Every FAQ answer can be reached by tapping, starting from the questions menu (utter_faq_menu,
  whose last button opens the second page, utter_faq/more_questions), except the few answers that
  are only for questions people type.
- Every FAQ answer has training examples (faq/<topic>), and every faq/<topic> has an answer,
  except the menu pages, which only a button opens.
"""

import json
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
MAX_BUTTONS = 8
MENU = "utter_faq_menu"
# FAQ responses that are menus, not answers: reached only by their button, never by typing.
MENU_PAGES = {"more_questions"}
# Answers given only to typed questions: no button leads to them.
TYPED_ONLY = {"professional", "when_to_call_999"}
ASK_TOPIC = re.compile(r"^/ask_topic(?P<entities>\{.*\})$")


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


DOMAIN_RESPONSES = load(ROOT / "domain.yml")["responses"]
FAQ_RESPONSES = load(ROOT / "data/responses/faq.yml")["responses"]
ALL_RESPONSES = {**DOMAIN_RESPONSES, **FAQ_RESPONSES}
FAQ_TOPICS = {name.split("/", 1)[1] for name in FAQ_RESPONSES}


def trained_topics():
    topics = set()
    for path in sorted((ROOT / "data/nlu").glob("*.yml")):
        for item in load(path).get("nlu") or []:
            intent = item.get("intent", "")
            if intent.startswith("faq/"):
                topics.add(intent.split("/", 1)[1])
    return topics


def topics_offered_by(response):
    for variation in ALL_RESPONSES.get(response, []):
        for button in variation.get("buttons") or []:
            match = ASK_TOPIC.match(button["payload"])
            if match:
                yield json.loads(match["entities"])["topic"]


def reachable_from_menu():
    seen, todo = set(), [MENU]
    while todo:
        for topic in topics_offered_by(todo.pop()):
            if topic not in seen:
                seen.add(topic)
                todo.append(f"utter_faq/{topic}")
    return seen


def test_no_menu_has_more_than_eight_buttons():
    too_long = [
        f"{name}: {len(variation['buttons'])} buttons"
        for name, variations in ALL_RESPONSES.items()
        for variation in variations
        if len(variation.get("buttons") or []) > MAX_BUTTONS
    ]
    assert not too_long, "\n".join(too_long)


def test_the_questions_menu_opens_the_second_page():
    assert "more_questions" in set(topics_offered_by(MENU))
    assert len(list(topics_offered_by(MENU))) == MAX_BUTTONS


def test_every_answer_can_be_reached_from_the_questions_menu():
    reachable = reachable_from_menu()
    missing = FAQ_TOPICS - reachable - TYPED_ONLY
    assert not missing, f"no button path from {MENU} to: {sorted(missing)}"
    # The exceptions stay real: each is an answer, and none has become reachable unnoticed.
    assert TYPED_ONLY <= FAQ_TOPICS
    assert not TYPED_ONLY & reachable


def test_answers_and_training_examples_match():
    trained = trained_topics()
    assert MENU_PAGES <= FAQ_TOPICS and not MENU_PAGES & trained
    assert sorted(FAQ_TOPICS - MENU_PAGES - trained) == [], "answers without training examples"
    assert sorted(trained - FAQ_TOPICS) == [], "training examples without an answer"
