"""The Rasa adapter: an NLU pipeline component that runs the triage on every message.

Listed in config.yml after the intent classifiers and the FallbackClassifier, so it sees their
verdict and can overrule it: when the lexicon finds an emergency, the message's intent becomes
that emergency's intent (danger, danger_medical, danger_fire, danger_self_harm), whatever DIET
said. It also reads the danger score that the DangerScore component (listed just before it) put
on the message. See triage/decide.py for the whole decision.

The lexicon (data/triage/*.yml) is checked and stored inside the model when it is trained, so
the model that was tested is the model that runs, with the lexicon it was tested with.
Logs name the pattern ids that fired, never the message.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from linear_text.fingerprint import data_folder, digest, folder_files
from nlu_guards.faq_floor import SELECTOR_KEY, answer_confidence, answer_key, answer_topic
from nlu_guards.message_entities import set_entity
from triage.assess import assess
from triage.decide import CHECK_INTENT, Thresholds, decide
from triage.lexicon import DEFAULT_DIR, Lexicon, build_lexicon, read_files
from triage.score_component import SCORE_KEY

logger = logging.getLogger(__name__)
LEXICON_FILE = "lexicon.json"
# What the triage decided, kept with the parse result (benchmarks read it; it holds no text).
TRIAGE_KEY = "triage"
# With the danger question, the emergency its "Yes" is about (police, ambulance, fire,
# self_harm), for the danger_kind slot (domain.yml): the question's "Yes" button and a typed
# "yes" give that emergency's answer.
KIND_ENTITY = "danger_kind"
# With the danger question, the FAQ topic the message asked about (DIET read it as a question),
# or "none": a "No" to the danger question then answers that question instead of starting the
# questions (action_take_danger_check_answer). "none" replaces the topic of an earlier check.
QUESTION_ENTITY = "question_before_check"
NO_QUESTION = "none"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class TriageClassifier(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            "lexicon_dir": str(DEFAULT_DIR),
            "model_danger_threshold": Thresholds.model_danger,
            "model_concern_threshold": Thresholds.model_concern,
            "model_sure_threshold": Thresholds.model_sure,
            "score_danger_threshold": Thresholds.score_danger,
            "score_concern_threshold": Thresholds.score_concern,
            "score_doubt_threshold": Thresholds.score_doubt,
            "score_doubt_with_words_threshold": Thresholds.score_doubt_with_words,
            "score_other_language_threshold": Thresholds.score_other_language,
            "lexicon_doubt_score_threshold": Thresholds.lexicon_doubt_score,
            "lexicon_doubt_model_threshold": Thresholds.lexicon_doubt_model,
            # How sure the FAQ answer model must be of a question's topic for a "No" to the
            # danger question to answer it (on the FAQ sets, right topics from about 0.8; an
            # opening DIET took for a question, 0.18).
            "question_confidence_threshold": 0.5,
        }

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> str:
        # The lexicon files are not in Rasa's cache key: a change trains this component again
        # (and nothing else). The model stores the files as read; lexicon.py compiles them when
        # the model loads, so its code is not part of what is trained. Rasa passes the config as
        # written in config.yml here (without the defaults) when it works out what to train.
        config = {**cls.get_default_config(), **config}
        return digest(folder_files(config["lexicon_dir"]))

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        lexicon: Lexicon | None = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._lexicon = lexicon
        # Rasa's GraphNode merges get_default_config() into `config` (also for older models).
        self._thresholds = Thresholds(
            model_danger=float(config["model_danger_threshold"]),
            model_sure=float(config["model_sure_threshold"]),
            model_concern=float(config["model_concern_threshold"]),
            score_danger=float(config["score_danger_threshold"]),
            score_concern=float(config["score_concern_threshold"]),
            score_doubt=float(config["score_doubt_threshold"]),
            score_doubt_with_words=float(config["score_doubt_with_words_threshold"]),
            score_other_language=float(config["score_other_language_threshold"]),
            lexicon_doubt_score=float(config["lexicon_doubt_score_threshold"]),
            lexicon_doubt_model=float(config["lexicon_doubt_model_threshold"]),
        )

    @classmethod
    def create(cls, config, model_storage, resource, execution_context: ExecutionContext):
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        raw = read_files(data_folder(self._config["lexicon_dir"]))
        build_lexicon(raw)  # refuse to train on a broken lexicon (LexiconError names the entry)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / LEXICON_FILE).write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
        return self._resource

    @classmethod
    def load(cls, config, model_storage, resource, execution_context, **kwargs: Any):
        with model_storage.read_from(resource) as directory:
            raw = json.loads((directory / LEXICON_FILE).read_text("utf-8"))
        return cls(config, model_storage, resource, build_lexicon(raw))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._triage(message)
        return messages

    def _question_topic(self, message: Message, model_intent: str | None, kind: str) -> str:
        """The FAQ topic a message that gets the danger question asked about, or "none": DIET
        read it as a question and the answer model is sure of the topic. Never for words of
        self-harm: a "No" there goes on to the questions, not to an FAQ answer."""
        selectors = message.get(SELECTOR_KEY)
        topic = answer_topic(selectors)
        threshold = float(self._config["question_confidence_threshold"])
        sure = (answer_confidence(selectors) or 0.0) >= threshold
        if model_intent != "faq" or kind == "self_harm" or not topic or not sure:
            return NO_QUESTION
        return topic

    def _triage(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        if self._lexicon is None or not text or text.startswith("/"):
            return  # button payloads name their intent themselves
        intent = message.get(INTENT) or {}
        model_intent = intent.get(INTENT_NAME_KEY)
        ranking = message.get(INTENT_RANKING_KEY) or []
        assessment = assess(self._lexicon, text)
        score = message.get(SCORE_KEY)  # None without the DangerScore component before this one
        faq_answer = answer_key(message.get(SELECTOR_KEY))
        decision = decide(assessment, model_intent, ranking, self._thresholds, score, faq_answer)
        message.set(
            TRIAGE_KEY,
            {
                "intent": decision.intent,
                "source": decision.source,
                "model_intent": model_intent,
                "lexicon_answer": assessment.answer,
                "fired": assessment.fired,
                "concern": assessment.concern,
                "score": None if score is None else round(score, 3),
                "check_answer": decision.check_answer,
            },
            add_to_output=True,
        )
        if decision.intent == CHECK_INTENT:
            # The kind stands for the whole message (a conversation test marks it so).
            span = (0, len(text))
            set_entity(message, KIND_ENTITY, decision.check_answer, "TriageClassifier", span)
            topic = self._question_topic(message, model_intent, decision.check_answer)
            set_entity(message, QUESTION_ENTITY, topic, "TriageClassifier", span)
        if decision.intent == model_intent:
            return
        logger.info(
            f"Triage: {decision.intent} ({decision.source}; patterns: "
            f"{', '.join(assessment.fired or assessment.concern) or 'none'})"
        )
        message.set(
            INTENT,
            {INTENT_NAME_KEY: decision.intent, PREDICTED_CONFIDENCE_KEY: 1.0},
            add_to_output=True,
        )
