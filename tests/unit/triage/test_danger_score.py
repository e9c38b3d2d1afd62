"""The danger score (triage/danger_score.py), trained on a few examples made here, and its Rasa
adapter (triage/score_component.py): trained, stored, loaded and run."""

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from triage.danger_score import DangerScorer
from triage.score_component import SCORE_KEY, DangerScore

DANGER = [
    "he is hitting me right now",
    "they are beating my friend now",
    "he has a knife and is coming at me",
    "help they locked us in the room",
    "my friend is not breathing",
    "the house is on fire and we are inside",
    "they are dragging her into a van now",
    "he is punching him on the floor",
]
OTHER = [
    "what is modern slavery",
    "how do I report a worry about a neighbour",
    "my boss keeps my passport",
    "hello",
    "thank you for the help",
    "can I get advice in Polish",
    "where can I find a food bank",
    "what does the council do with a report",
]


def examples():
    return DANGER + OTHER, [True] * len(DANGER) + [False] * len(OTHER)


def test_danger_scores_higher_than_a_question():
    scorer = DangerScorer.fit(*examples(), random_seed=1)
    assert scorer.score("they are hitting my sister now") > 0.5
    assert scorer.score("what is modern slavery") < 0.5
    assert all(0.0 <= s <= 1.0 for s in scorer.scores(["", "x", "!!!"]))


def test_the_same_examples_train_the_same_scores():
    first = DangerScorer.fit(*examples(), random_seed=1).scores(["he is hitting me", "hello"])
    again = DangerScorer.fit(*examples(), random_seed=1).scores(["he is hitting me", "hello"])
    assert first == again


def test_it_needs_examples_of_both_sides():
    with pytest.raises(ValueError, match="danger"):
        DangerScorer.fit(OTHER, [False] * len(OTHER), random_seed=1)


def test_saved_and_loaded_it_scores_the_same(tmp_path):
    scorer = DangerScorer.fit(*examples(), random_seed=1)
    scorer.save(tmp_path)
    assert DangerScorer.load(tmp_path).scores(DANGER[:2]) == scorer.scores(DANGER[:2])


def trained_component(tmp_path, texts=DANGER + OTHER, examples_dir=None):
    (tmp_path / "model").mkdir()
    storage = LocalModelStorage(tmp_path / "model")
    resource = Resource("danger_score")
    context = ExecutionContext(GraphSchema({}), "test")
    # Its own examples from a folder made here (an empty one unless given), not data/danger_score.
    if examples_dir is None:
        examples_dir = tmp_path / "no_examples"
        examples_dir.mkdir()
    config = {**DangerScore.get_default_config(), "examples_dir": str(examples_dir)}
    data = TrainingData(
        [Message({"text": t, "intent": "danger" if t in DANGER else "faq"}) for t in texts]
    )
    DangerScore.create(config, storage, resource, context).train(data)
    return DangerScore.load(config, storage, resource, context)


def test_the_component_also_learns_from_its_own_examples_folder(tmp_path):
    # The NLU data here has no danger at all: only the folder's examples can teach it danger.
    folder = tmp_path / "examples"
    folder.mkdir()
    lines = "\n".join(f'    - "{t}"' for t in DANGER)
    (folder / "extra.yml").write_text(f"danger:\n  by_kind:\n{lines}\n", encoding="utf-8")
    component = trained_component(tmp_path, texts=OTHER, examples_dir=folder)
    typed = Message({"text": "they are beating my friend right now"})
    question = Message({"text": "what is modern slavery"})
    component.process([typed, question])
    assert typed.get(SCORE_KEY) > 0.5 > question.get(SCORE_KEY)


def test_the_component_puts_a_score_on_each_typed_message_and_changes_no_intent(tmp_path):
    component = trained_component(tmp_path)
    typed = Message({"text": "he is beating my friend now"})
    typed.set("intent", {"name": "faq", "confidence": 0.9})
    button = Message({"text": "/affirm"})
    component.process([typed, button])
    assert typed.get(SCORE_KEY) > 0.5
    assert typed.get("intent") == {"name": "faq", "confidence": 0.9}
    assert button.get(SCORE_KEY) is None


def test_the_quick_score_is_scikit_learns_own():
    scorer = DangerScorer.fit(*examples(), random_seed=1)
    texts = DANGER + OTHER + ["", "zzz qqq", "HELP!!! hes got a knife", "passport passport"]
    for quick, reference in zip(scorer.scores(texts), scorer.scores_by_sklearn(texts), strict=True):
        assert abs(quick - reference) < 1e-9
