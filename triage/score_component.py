"""The Rasa adapter for the danger score (triage/danger_score.py): trained on the NLU training
examples (the four danger intents against all the others) and on its own examples in
data/danger_score/ (triage/score_examples.py), it puts one number on every message for the triage
component after it to read. It changes no intent itself."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

import linear_text.features
import linear_text.model
import triage.danger_score
import triage.normalise
import triage.score_examples
from linear_text.fingerprint import data_folder, digest, folder_files
from triage.danger_score import DangerScorer
from triage.decide import DANGER_INTENTS
from triage.score_examples import DEFAULT_DIR, load_score_examples

# Where the score is kept on a message (read by triage/component.py; holds no text).
SCORE_KEY = "danger_score"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class DangerScore(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            "random_seed": 2026,
            "regularisation": 16.0,
            "examples_dir": str(DEFAULT_DIR),
        }

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> str:
        # The examples and the features' code are not in Rasa's cache key: a change to either
        # trains the score again. Rasa passes the config as written in config.yml here (without
        # the defaults) when it works out what to train.
        config = {**cls.get_default_config(), **config}
        return digest(
            folder_files(config["examples_dir"]),
            (
                triage.danger_score,
                triage.score_examples,
                triage.normalise,
                linear_text.features,
                linear_text.model,
            ),
        )

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        scorer: DangerScorer | None = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._scorer = scorer

    @classmethod
    def create(cls, config, model_storage, resource, execution_context: ExecutionContext):
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        # A broken examples file stops training with its file, entry and problem.
        extra_texts, extra_danger = load_score_examples(data_folder(self._config["examples_dir"]))
        scorer = DangerScorer.fit(
            [m.get(TEXT) for m in examples] + extra_texts,
            [m.get(INTENT) in DANGER_INTENTS for m in examples] + extra_danger,
            random_seed=int(self._config["random_seed"]),
            regularisation=float(self._config["regularisation"]),
        )
        with self._model_storage.write_to(self._resource) as directory:
            scorer.save(directory)
        return self._resource

    @classmethod
    def load(cls, config, model_storage, resource, execution_context, **kwargs: Any):
        with model_storage.read_from(resource) as directory:
            scorer = DangerScorer.load(directory)
        return cls(config, model_storage, resource, scorer)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        if self._scorer is None:
            return messages
        for message in messages:
            text = message.get(TEXT) or ""
            if text and not text.startswith("/"):  # button payloads name their intent themselves
                message.set(SCORE_KEY, self._scorer.score(text))
        return messages
