"""The NLU component for other languages, on parsed messages as DIET would leave them."""

import logging

import pytest
from rasa.shared.nlu.training_data.message import Message

from languages.component import LanguageReader


@pytest.fixture
def reader(sample_dir, monkeypatch):
    config = dict(LanguageReader.get_default_config(), catalogue_dir=str(sample_dir))
    return LanguageReader(config)


@pytest.fixture
def real_reader():
    return LanguageReader(LanguageReader.get_default_config())


def parsed(text, intent="nlu_fallback", confidence=0.3, entities=()):
    message = Message({"text": text})
    message.set("intent", {"name": intent, "confidence": confidence})
    message.set("entities", list(entities))
    return message


def test_a_short_answer_becomes_the_english_intent(reader, caplog):
    message = parsed("nee weet")
    with caplog.at_level(logging.INFO, logger="languages.component"):
        reader.process([message])
    assert message.get("intent") == {"name": "not_sure", "confidence": 1.0}
    assert "nee weet" not in caplog.text  # the log says what was decided, not what was typed


def test_an_age_in_another_language_gives_the_age(reader):
    message = parsed("ik ben 16 jaar")
    reader.process([message])
    assert message.get("intent")["name"] == "give_age"
    assert {"entity": "age", "value": "16", "extractor": "LanguageReader"} in message.get(
        "entities"
    )


def test_a_sure_english_intent_is_not_overruled(reader):
    message = parsed("ja", intent="affirm", confidence=0.95)
    reader.process([message])
    assert message.get("intent") == {"name": "affirm", "confidence": 0.95}


def test_a_language_name_becomes_its_code(reader):
    entity = {"entity": "language", "value": "Examplish", "start": 0, "end": 9}
    message = parsed("Examplish", intent="set_language", confidence=0.9, entities=[entity])
    reader.process([message])
    assert message.get("entities")[0]["value"] == "xx"
    unknown = dict(entity, value="Klingon")
    message = parsed("Klingon", intent="set_language", confidence=0.9, entities=[unknown])
    reader.process([message])
    assert message.get("entities") == []  # no slot value for a language we do not have


def test_a_language_turned_off_on_the_server_is_not_read(sample_dir, monkeypatch):
    monkeypatch.setenv("LANGUAGES_OFF", "xx")
    config = dict(LanguageReader.get_default_config(), catalogue_dir=str(sample_dir))
    message = parsed("nee weet")
    LanguageReader(config).process([message])
    assert message.get("intent")["name"] == "nlu_fallback"


def test_payloads_are_left_alone(reader):
    message = parsed("/deny", intent="deny", confidence=1.0)
    reader.process([message])
    assert message.get("intent") == {"name": "deny", "confidence": 1.0}


@pytest.mark.parametrize(
    "text, code",
    [
        ("Bună ziua, am nevoie de ajutor pentru prietena mea", "ro"),
        ("Dzień dobry, szukam pomocy dla mojej siostry", "pl"),
        ("Përshëndetje, kam nevojë për ndihmë për vëllanë tim", "sq"),
        ("Xin chào, tôi cần giúp đỡ cho em gái tôi", "vi"),
    ],
)
def test_a_message_not_understood_in_a_language_we_have_is_offered_it(real_reader, text, code):
    message = parsed(text)
    real_reader.process([message])
    assert message.get("intent")["name"] == "other_language"
    assert {"entity": "offered_language", "value": code, "extractor": "LanguageReader"} in (
        message.get("entities")
    )


def test_english_not_understood_is_not_offered_a_language(real_reader):
    message = parsed("the weather is nice and my football team won today")
    real_reader.process([message])
    assert message.get("intent")["name"] == "nlu_fallback"
