"""nlu_guards/faq_floor.py: no FAQ answer to a message the ResponseSelector cannot match."""

from rasa.shared.nlu.training_data.message import Message

from nlu_guards.faq_floor import FaqConfidenceFloor, answer_confidence, unsure_faq


def selectors(confidence):
    return {"faq": {"response": {"confidence": confidence, "intent_response_key": "faq/nrm"}}}


def test_an_faq_with_a_poor_answer_is_unsure():
    assert unsure_faq({"name": "faq"}, selectors(0.07), 0.15)


def test_an_faq_with_a_fair_answer_is_kept():
    assert not unsure_faq({"name": "faq"}, selectors(0.23), 0.15)


def test_other_intents_and_missing_answers_are_left_alone():
    assert not unsure_faq({"name": "greet"}, selectors(0.01), 0.15)
    assert not unsure_faq({"name": "faq"}, {}, 0.15)
    assert answer_confidence(None) is None


def test_the_component_turns_an_unsure_faq_into_not_understood():
    guard = FaqConfidenceFloor({"min_answer_confidence": 0.15})
    unsure = Message(data={"text": "qwerty asdf", "intent": {"name": "faq", "confidence": 0.85}})
    unsure.set("response_selector", selectors(0.07))
    sure = Message(data={"text": "what is the nrm", "intent": {"name": "faq", "confidence": 0.9}})
    sure.set("response_selector", selectors(0.8))
    guard.process([unsure, sure])
    assert unsure.get("intent")["name"] == "nlu_fallback"
    assert sure.get("intent")["name"] == "faq"
