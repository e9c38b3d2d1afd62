"""The Rasa adapter: an NLU component for the other languages, before the triage.

- A short typed answer in another language ("da", "nie", "không", "am 15 ani") becomes the
  intent the English words would have had (languages/answers.py), so the questions understand it.
- A language named in a message ("Romanian", "română") is given as its code ("ro").
- A message the English model did not understand, in one of the languages, becomes
  other_language with the language found (languages/detect.py), so the assistant offers it.
The triage runs after this and overrules it for danger (triage/component.py). Logs never hold
the message, only what was decided.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    INTENT,
    INTENT_NAME_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from languages.answers import AGE_INTENT, AnswerWords
from languages.catalogue import DEFAULT_DIR, ENGLISH, load_catalogues
from languages.detect import LanguageGuesser
from languages.translate import enabled_languages
from nlu_guards.message_entities import set_entity
from triage.normalise import fold

logger = logging.getLogger(__name__)
LANGUAGE_ENTITY = "language"
OFFERED_ENTITY = "offered_language"
EXTRACTOR = "LanguageReader"
OTHER_LANGUAGE = "other_language"
# The English model's verdicts that mean "not understood": worth asking which language it is.
NOT_UNDERSTOOD = ("nlu_fallback", "out_of_scope", OTHER_LANGUAGE)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class LanguageReader(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            "catalogue_dir": str(DEFAULT_DIR),
            # Below this confidence, the English model's intent counts as not understood.
            "unsure_below": 0.5,
            # A short answer word overrules the English model only below this confidence.
            "answer_overrules_below": 0.9,
        }

    def __init__(self, config: Dict[str, Any]) -> None:
        # Less any language turned off on this server (LANGUAGES_OFF): never read or offered.
        catalogues = enabled_languages(load_catalogues(_path(config["catalogue_dir"])), os.environ)
        self._answers = AnswerWords(catalogues.values())
        self._guesser = LanguageGuesser(catalogues) if catalogues else None
        self._names = {ENGLISH: ENGLISH, "english": ENGLISH}
        for code, catalogue in catalogues.items():
            for name in (code, catalogue.name, catalogue.english_name):
                self._names[fold(name)] = code
        self._unsure_below = float(config["unsure_below"])
        self._answer_below = float(config["answer_overrules_below"])

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageReader:
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text and not text.startswith("/"):  # button payloads name their intent
                self._read(message, text)
        return messages

    def _read(self, message: Message, text: str) -> None:
        intent = message.get(INTENT) or {}
        name = intent.get(INTENT_NAME_KEY)
        confidence = float(intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
        self._language_entities_as_codes(message)
        reading = self._answers.read(text)
        if reading is not None and confidence < self._answer_below:
            logger.info(f"Language answer word: {reading.intent} ({reading.language})")
            _set_intent(message, reading.intent)
            if reading.intent == AGE_INTENT and reading.age is not None:
                set_entity(message, "age", str(reading.age), EXTRACTOR)
            return
        if self._guesser is None or not (name in NOT_UNDERSTOOD or confidence < self._unsure_below):
            return
        code = self._guesser.guess(text)
        if code is not None:
            logger.info(f"Message seems to be in {code}: offering it")
            _set_intent(message, OTHER_LANGUAGE)
            # Only the language: words the English model picked out of another language must
            # not answer a question (the form reads entities).
            message.set(ENTITIES, [], add_to_output=True)
            set_entity(message, OFFERED_ENTITY, code, EXTRACTOR)

    def _language_entities_as_codes(self, message: Message) -> None:
        entities = []
        for entity in message.get(ENTITIES) or []:
            if entity.get(ENTITY_ATTRIBUTE_TYPE) == LANGUAGE_ENTITY:
                code = self._names.get(fold(str(entity.get(ENTITY_ATTRIBUTE_VALUE, ""))))
                if code is None:
                    continue  # a language we do not have: no slot value at all
                entity = dict(entity, value=code)
            entities.append(entity)
        message.set(ENTITIES, entities, add_to_output=True)


def _set_intent(message: Message, intent: str) -> None:
    message.set(
        INTENT, {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True
    )


def _path(value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else Path.cwd() / path
