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
from faq_answers.examples import load_answer_examples
from faq_answers.model import AnswerModel
from nlu_guards.faq_floor import answer_confidence
from triage.lexicon import LexiconError

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


def trained_component(tmp_path, examples_dir=None):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("faq_answers")
    context = ExecutionContext(GraphSchema({}), "test")
    # Its own examples from a folder of the test's (none unless given), not data/faq_answers/.
    empty = tmp_path / "no_examples"
    empty.mkdir(parents=True, exist_ok=True)
    config = {**FaqAnswerSelector.get_default_config(), "examples_dir": str(examples_dir or empty)}
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


def test_its_own_examples_teach_it_a_way_of_asking_data_nlu_does_not_have(tmp_path):
    question = "will i be charged for ringing them"
    without = trained_component(tmp_path / "a")
    message = Message({"text": question})
    without.process([message])
    assert message.get("response_selector")["default"]["response"]["intent_response_key"] != (
        "faq/cost"
    )
    folder = tmp_path / "examples"
    folder.mkdir()
    (folder / "extra.yml").write_text(
        'topics:\n  cost:\n    - "will they charge me for ringing"\n'
        '    - "am i charged for the call"\n    - "charged for ringing them?"\n',
        encoding="utf-8",
    )
    message = Message({"text": question})
    trained_component(tmp_path / "b", examples_dir=folder).process([message])
    assert message.get("response_selector")["default"]["response"]["intent_response_key"] == (
        "faq/cost"
    )


def test_an_example_for_a_topic_with_no_answer_is_refused_naming_file_and_topic(tmp_path):
    folder = tmp_path / "examples"
    folder.mkdir()
    (folder / "extra.yml").write_text('topics:\n  costs:\n    - "is it free"\n', "utf-8")
    problem = r"extra\.yml: topics/costs: no FAQ answer utter_faq/costs"
    with pytest.raises(LexiconError, match=problem):
        trained_component(tmp_path, examples_dir=folder)


@pytest.mark.parametrize(
    "content, problem",
    [
        ('topics:\n  cost: "is it free"\n', "topics/cost: expected a list of questions"),
        ('topics:\n  cost:\n    - ""\n', "topics/cost line 1: expected a question in quotes"),
        ('topics:\n  Cost Questions:\n    - "free?"\n', "topics/Cost Questions: a topic is lower"),
        ('questions:\n  cost:\n    - "free?"\n', "expected a 'topics:' section"),
        ('topics:\n  cost:\n    - "free?"\nextra: 1\n', "extra: unknown section"),
        ('topics:\n  cost:\n  - "free?\n', "not valid YAML at line"),
    ],
)
def test_a_broken_examples_file_is_reported_with_its_entry(tmp_path, content, problem):
    (tmp_path / "mine.yml").write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError, match="mine.yml: " + problem.replace("?", r"\?")):
        load_answer_examples(tmp_path)


def test_the_councils_examples_load_and_name_only_topics_with_answers():
    import yaml

    responses = yaml.safe_load(open("data/responses/faq.yml", encoding="utf-8"))["responses"]
    examples = load_answer_examples()
    assert len(examples) > 500
    assert {f"utter_{e.answer_key}" for e in examples} <= set(responses)
