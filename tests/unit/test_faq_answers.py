"""The FAQ answer model (faq_answers/model.py), trained on a few questions made here, and its Rasa
adapter (faq_answers/component.py): its output is what Rasa's retrieval action and the FAQ floor
read, in the ResponseSelector's format."""

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from faq_answers.component import FaqAnswerSelector
from faq_answers.model import AnswerModel
from nlu_guards.faq_floor import answer_confidence

QUESTIONS = {
    "faq/cost": [
        "does it cost anything",
        "is the helpline free",
        "do I have to pay",
        "how much is it",
    ],
    "faq/nrm": ["what is the nrm", "what is the national referral mechanism", "how does nrm work"],
    "faq/anonymity": [
        "do I have to give my name",
        "can I stay anonymous",
        "will they know who I am",
    ],
}


def examples():
    texts, keys = [], []
    for key, questions in QUESTIONS.items():
        texts += questions
        keys += [key] * len(questions)
    return texts, keys


def test_it_picks_the_answer_a_question_asks_for():
    model = AnswerModel.fit(*examples(), random_seed=1)
    assert model.rank("is it free to call")[0][0] == "faq/cost"
    assert model.rank("what is the national referral thing")[0][0] == "faq/nrm"
    ranking = model.rank("can I keep my name secret")
    assert ranking[0][0] == "faq/anonymity"
    assert abs(sum(confidence for _, confidence in ranking) - 1.0) < 1e-9


def test_the_same_examples_train_the_same_ranking():
    first = AnswerModel.fit(*examples(), random_seed=1).rank("is it free")
    assert AnswerModel.fit(*examples(), random_seed=1).rank("is it free") == first


def test_it_needs_at_least_two_answers():
    with pytest.raises(ValueError, match="two answers"):
        AnswerModel.fit(["is it free", "does it cost"], ["faq/cost", "faq/cost"], random_seed=1)


def trained_component(tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("faq_answers")
    context = ExecutionContext(GraphSchema({}), "test")
    config = FaqAnswerSelector.get_default_config()
    messages = [
        Message({"text": text, "intent": "faq", "intent_response_key": key})
        for key, questions in QUESTIONS.items()
        for text in questions
    ]
    messages.append(Message({"text": "hello", "intent": "greet"}))
    data = TrainingData(
        messages,
        responses={"utter_faq/cost": [{"text": "It is free."}], "utter_faq/nrm": [{"text": "N"}]},
    )
    FaqAnswerSelector.create(config, storage, resource, context).train(data)
    return FaqAnswerSelector.load(config, storage, resource, context)


def test_the_component_speaks_the_response_selectors_format(tmp_path):
    message = Message({"text": "is the call free"})
    trained_component(tmp_path).process([message])
    selectors = message.get("response_selector")
    assert selectors["all_retrieval_intents"] == ["faq"]
    chosen = selectors["default"]["response"]
    assert chosen["intent_response_key"] == "faq/cost"
    assert chosen["utter_action"] == "utter_faq/cost"
    assert chosen["responses"] == [{"text": "It is free."}]
    assert answer_confidence(selectors) == chosen["confidence"]
    ranking = selectors["default"]["ranking"]
    assert ranking[0]["intent_response_key"] == "faq/cost"
    assert [r["confidence"] for r in ranking] == sorted(
        (r["confidence"] for r in ranking), reverse=True
    )
