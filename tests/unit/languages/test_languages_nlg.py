"""Responses in the conversation's language (serving/nlg.py AssistantNLG), rendered as Rasa
renders them: the text and button titles translated, payloads and numbers untouched, English
when a text has no translation, and the note on an unreviewed catalogue."""

import asyncio
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from languages.catalogue import load_catalogue
from languages.translate import Translator
from serving import nlg as nlg_module
from serving.nlg import AssistantNLG, chosen_language

ROOT = Path(__file__).resolve().parents[3]
DOMAIN = Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture
def sample_translator(sample_dir, monkeypatch):
    translator = Translator({"xx": load_catalogue(sample_dir / "xx.yml")})
    monkeypatch.setattr(nlg_module, "translator", lambda: translator)
    return translator


def render(name: str, language: str | None) -> dict:
    events = [SlotSet("language", language)] if language else []
    tracker = DialogueStateTracker.from_events("s", events, slots=DOMAIN.slots)
    return asyncio.run(AssistantNLG(domain=DOMAIN).generate(name, tracker, "rest"))


def test_a_response_and_its_buttons_in_the_language(sample_translator):
    english = render("utter_ask_danger_now", None)
    translated = render("utter_ask_danger_now", "xx")
    assert translated["text"] == "Eerst, is er nu iemand in gevaar?"
    titles = [b["title"] for b in translated["buttons"]]
    assert "Nee" in titles and "Not sure" in titles  # untranslated titles stay English
    assert [b["payload"] for b in translated["buttons"]] == [
        b["payload"] for b in english["buttons"]
    ]


def test_an_untranslated_response_stays_english(sample_translator):
    assert render("utter_carry_on", "xx") == render("utter_carry_on", None)


def test_language_set_says_the_catalogue_is_not_reviewed_yet(sample_translator):
    text = render("utter_language_set", "xx")["text"]
    assert text.endswith("This translation has not been checked by a qualified translator yet.")


def test_language_buttons_for_a_language_turned_off_are_left_out(sample_translator):
    # The sample translator has only "xx": ro, pl, sq and vi count as turned off here.
    codes = [chosen_language(b) for b in render("utter_choose_language", None)["buttons"]]
    assert codes == ["en"]
    real = [chosen_language(b) for b in DOMAIN.responses["utter_choose_language"][0]["buttons"]]
    assert real == ["en", "ro", "pl", "sq", "vi"]


def test_the_language_set_response_tells_the_widget_the_language(sample_translator):
    custom = render("utter_language_set", "xx")["custom"]
    assert custom == {"type": "language", "language": "xx"}
