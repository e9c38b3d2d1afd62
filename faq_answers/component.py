"""The Rasa adapter for the FAQ answer model (faq_answers/model.py), in the place of Rasa's
ResponseSelector. It trains on the examples of the retrieval intents (faq/nrm, faq/cost, ...) and
on its own examples in data/faq_answers/ (faq_answers/examples.py), and puts its choice on every
message in the ResponseSelector's own output format, so the retrieval action (utter_faq), the FAQ
floor (nlu_guards/faq_floor.py) and the benchmarks read it as before. The intent itself is still
DIET's."""

from __future__ import annotations

import json
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_DEFAULT_INTENT,
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RESPONSES_KEY,
    RESPONSE_SELECTOR_RETRIEVAL_INTENTS,
    RESPONSE_SELECTOR_UTTER_ACTION_KEY,
)
from rasa.shared.nlu.constants import INTENT_RESPONSE_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

import faq_answers.examples
import faq_answers.model
import linear_text.features
import linear_text.model
import triage.normalise
from faq_answers.examples import DEFAULT_DIR, check_topics, load_answer_examples
from faq_answers.model import AnswerModel
from linear_text.fingerprint import data_folder, digest, folder_files

FACTS_FILE = "faq_answers.json"  # the retrieval intents and their responses, as trained


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class FaqAnswerSelector(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            "random_seed": 2026,
            "regularisation": 16.0,
            "ranking_length": 10,
            "examples_dir": str(DEFAULT_DIR),
        }

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: AnswerModel | None = None,
        facts: Dict[str, Any] | None = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._model = model
        self._facts = facts or {"retrieval_intents": [], "responses": {}}

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> str:
        # The model's own examples and the model's and the features' code are not in Rasa's
        # cache key: a change to any of them trains the answers again. Rasa passes the config as
        # written in config.yml here (without the defaults).
        config = {**cls.get_default_config(), **config}
        return digest(
            folder_files(config["examples_dir"]),
            (
                faq_answers.model,
                faq_answers.examples,
                linear_text.features,
                linear_text.model,
                triage.normalise,
            ),
        )

    @classmethod
    def create(cls, config, model_storage, resource, execution_context: ExecutionContext):
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [
            (m.get(TEXT), m.get(INTENT_RESPONSE_KEY))
            for m in training_data.intent_examples
            if m.get(TEXT) and m.get(INTENT_RESPONSE_KEY)
        ]
        # Its own examples (data/faq_answers/), which DIET never sees; each must name an answer
        # that exists (LexiconError names the file and the topic).
        extra = load_answer_examples(data_folder(self._config["examples_dir"]))
        check_topics(extra, {key for _, key in examples})
        examples += [(example.text, example.answer_key) for example in extra]
        model = AnswerModel.fit(
            [text for text, _ in examples],
            [key for _, key in examples],
            random_seed=int(self._config["random_seed"]),
            regularisation=float(self._config["regularisation"]),
        )
        facts = {
            "retrieval_intents": sorted(training_data.retrieval_intents),
            "responses": training_data.responses,
        }
        with self._model_storage.write_to(self._resource) as directory:
            model.save(directory)
            (directory / FACTS_FILE).write_text(json.dumps(facts, ensure_ascii=False), "utf-8")
        return self._resource

    @classmethod
    def load(cls, config, model_storage, resource, execution_context, **kwargs: Any):
        with model_storage.read_from(resource) as directory:
            model = AnswerModel.load(directory)
            facts = json.loads((directory / FACTS_FILE).read_text("utf-8"))
        return cls(config, model_storage, resource, model, facts)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        if self._model is None:
            return messages
        for message in messages:
            if message.get(TEXT):
                self._select(message)
        return messages

    def _select(self, message: Message) -> None:
        ranking = self._model.rank(message.get(TEXT), int(self._config["ranking_length"]))
        key, confidence = ranking[0]
        utter_action = f"utter_{key}"
        prediction = {
            RESPONSE_SELECTOR_PREDICTION_KEY: {
                RESPONSE_SELECTOR_RESPONSES_KEY: self._facts["responses"].get(utter_action, []),
                PREDICTED_CONFIDENCE_KEY: confidence,
                INTENT_RESPONSE_KEY: key,
                RESPONSE_SELECTOR_UTTER_ACTION_KEY: utter_action,
            },
            RESPONSE_SELECTOR_RANKING_KEY: [
                {PREDICTED_CONFIDENCE_KEY: c, INTENT_RESPONSE_KEY: k} for k, c in ranking
            ],
        }
        # One selector for all retrieval intents, under the key Rasa's own uses when none is
        # named in config.yml.
        message.set(
            RESPONSE_SELECTOR_PROPERTY_NAME,
            {
                RESPONSE_SELECTOR_RETRIEVAL_INTENTS: self._facts["retrieval_intents"],
                RESPONSE_SELECTOR_DEFAULT_INTENT: prediction,
            },
            add_to_output=True,
        )
