"""The Rasa pipeline component: trained (the lexicon stored in the model), loaded, and run on
parsed messages, without DIET: the intent and ranking are set by hand as DIET would set them."""

import logging

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from triage.component import TRIAGE_KEY, TriageClassifier


@pytest.fixture
def component(tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("triage")
    context = ExecutionContext(GraphSchema({}), "test")
    config = TriageClassifier.get_default_config()
    TriageClassifier.create(config, storage, resource, context).train(TrainingData())
    return TriageClassifier.load(config, storage, resource, context)


def parsed(text, intent, confidence, *others):
    message = Message({"text": text})
    message.set("intent", {"name": intent, "confidence": confidence})
    ranking = [{"name": intent, "confidence": confidence}]
    ranking += [{"name": n, "confidence": c} for n, c in others]
    message.set("intent_ranking", ranking)
    return message


def test_the_lexicon_overrules_the_model_and_says_why(component, caplog):
    message = parsed("my friend is not breathing", "faq", 0.9)
    with caplog.at_level(logging.INFO, logger="triage.component"):
        component.process([message])
    assert message.get("intent") == {"name": "danger_medical", "confidence": 1.0}
    assert message.get(TRIAGE_KEY)["source"] == "lexicon"
    assert message.get(TRIAGE_KEY)["model_intent"] == "faq"
    # The log names the pattern, never the message.
    assert "medical_breathing" in caplog.text and "breathing" not in caplog.text.replace(
        "medical_breathing", ""
    )


def test_a_question_about_999_is_not_made_an_emergency(component):
    message = parsed("when should I call 999?", "danger", 0.7, ("faq", 0.2))
    component.process([message])
    assert message.get("intent")["name"] == "faq"


def test_button_payloads_are_left_alone(component):
    message = parsed("/deny", "deny", 1.0)
    component.process([message])
    assert message.get("intent") == {"name": "deny", "confidence": 1.0}
    assert message.get(TRIAGE_KEY) is None


def test_nothing_found_leaves_the_intent_as_it_was(component):
    message = parsed("what is modern slavery", "faq", 0.95)
    component.process([message])
    assert message.get("intent") == {"name": "faq", "confidence": 0.95}


def test_the_danger_score_on_the_message_is_read_and_reported(component):
    message = parsed("the man hit my friend", "describe_situation", 0.8)
    plain = parsed("the man hit my friend", "describe_situation", 0.8)
    message.set("danger_score", 0.62)
    component.process([message, plain])
    assert message.get("intent")["name"] == "danger"
    assert message.get(TRIAGE_KEY)["source"] == "lexicon+score"
    assert message.get(TRIAGE_KEY)["score"] == 0.62
    # Without a score (a model trained before the DangerScore component) the questions start,
    # and the first of them asks about danger.
    assert plain.get("intent")["name"] == "describe_situation"


def test_the_danger_question_comes_with_the_emergency_it_is_about(component):
    # Only the lexicon finds danger and both models are nearly sure there is none: the danger
    # question is asked, and the danger_kind slot takes this entity, so the question's "Yes"
    # gives the self-harm answer (domain.yml), not the police one.
    text = "i want to end my life"
    message = parsed(text, "describe_situation", 0.95, ("danger", 0.01))
    message.set("danger_score", 0.01)
    other = parsed("what is modern slavery", "faq", 0.95)
    component.process([message, other])
    assert message.get("intent")["name"] == "danger_check"
    assert message.get(TRIAGE_KEY)["source"] == "lexicon doubted"
    kinds = [e for e in message.get("entities") if e["entity"] == "danger_kind"]
    assert kinds == [
        {
            "entity": "danger_kind",
            "value": "self_harm",
            "extractor": "TriageClassifier",
            "start": 0,
            "end": len(text),
        }
    ]
    assert message.get(TRIAGE_KEY)["check_answer"] == "self_harm"
    assert not other.get("entities")


def with_faq_answer(message, key):
    """As the FAQ answer model (faq_answers/component.py) leaves a message."""
    response = {"intent_response_key": key, "confidence": 0.6, "utter_action": f"utter_{key}"}
    message.set("response_selector", {"default": {"response": response, "ranking": []}})
    return message


def test_the_danger_question_keeps_the_question_a_message_asked(component):
    # A question with words of harm gets the danger question first; its topic goes with it, so
    # a "No" answers the question (action_take_danger_check_answer), and "none" otherwise, so
    # that the topic of an earlier danger question is not answered by mistake.
    text = "they say they will hurt my mother back home if i leave"
    question = with_faq_answer(parsed(text, "faq", 0.95), "faq/family_threatened_abroad")
    question.set("danger_score", 0.3)
    statement = parsed("i want to end my life", "describe_situation", 0.95, ("danger", 0.01))
    statement.set("danger_score", 0.01)
    component.process([question, statement])
    for message, topic in ((question, "family_threatened_abroad"), (statement, "none")):
        assert message.get("intent")["name"] == "danger_check"
        kept = [e for e in message.get("entities") if e["entity"] == "question_before_check"]
        span = (0, len(message.get("text")))
        assert [(e["value"], e["start"], e["end"]) for e in kept] == [(topic, *span)]


def test_a_self_harm_or_unsure_topic_is_not_kept_for_the_no(component):
    # Words of self-harm: a "No" goes on to the questions, whatever DIET took the message for.
    harm = with_faq_answer(
        parsed("what do i do if my friend says she wants to die", "faq", 0.95, ("danger", 0.01)),
        "faq/keep_safe",
    )
    harm.set("danger_score", 0.01)
    # A topic the answer model is unsure of is not answered either.
    text = "they say they will hurt my mother back home if i leave"
    unsure = with_faq_answer(parsed(text, "faq", 0.95), "faq/family_threatened_abroad")
    unsure.get("response_selector")["default"]["response"]["confidence"] = 0.3
    unsure.set("danger_score", 0.3)
    component.process([harm, unsure])
    for message in (harm, unsure):
        assert message.get("intent")["name"] == "danger_check"
        kept = [
            e["value"] for e in message.get("entities") if e["entity"] == "question_before_check"
        ]
        assert kept == ["none"]
