"""An FAQ answer only when the answer is a fair match.

DIET can be sure a message is "a question for the FAQ" when it has never seen any of its words
("qwerty asdf": faq at 0.85), and the answer selector must then pick some answer (about 0.1 for
the best one; 0.07 with the ResponseSelector it replaced). Real questions of the independent FAQ
set's dev half got at least 0.24 for their answer (0.23 with the ResponseSelector). Below
`min_answer_confidence`, the message counts as not understood (nlu_fallback): the person gets the
kind "I can help with..." reply, or inside a question the question again with a hint, instead of
an answer to something they did not ask. Runs after the FallbackClassifier and
before the language reader and the triage, which may still overrule it.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

FAQ_INTENT = "faq"
FALLBACK_INTENT = "nlu_fallback"
SELECTOR_KEY = "response_selector"


def _faq_answer(selectors: Mapping[str, Any] | None) -> Mapping[str, Any]:
    selectors = selectors or {}
    selector = selectors.get(FAQ_INTENT) or selectors.get("default") or {}
    return selector.get("response") or {}


def answer_confidence(selectors: Mapping[str, Any] | None) -> float | None:
    """The ResponseSelector's confidence in its FAQ answer, or None if it gave none."""
    confidence = _faq_answer(selectors).get("confidence")
    return None if confidence is None else float(confidence)


def answer_key(selectors: Mapping[str, Any] | None) -> str | None:
    """The FAQ answer the ResponseSelector chose ("faq/when_to_call_999"), or None."""
    return _faq_answer(selectors).get("intent_response_key")


def answer_topic(selectors: Mapping[str, Any] | None) -> str | None:
    """The topic of that answer ("when_to_call_999"), or None."""
    key = answer_key(selectors) or ""
    return key.split("/", 1)[1] if "/" in key else None


def unsure_faq(intent: Mapping[str, Any] | None, selectors: Mapping, floor: float) -> bool:
    if (intent or {}).get(INTENT_NAME_KEY) != FAQ_INTENT:
        return False
    confidence = answer_confidence(selectors)
    return confidence is not None and confidence < floor


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class FaqConfidenceFloor(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"min_answer_confidence": 0.15}

    def __init__(self, config: Dict[str, Any]) -> None:
        self._floor = float(config["min_answer_confidence"])

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> FaqConfidenceFloor:
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if unsure_faq(message.get(INTENT), message.get(SELECTOR_KEY), self._floor):
                message.set(
                    INTENT,
                    {INTENT_NAME_KEY: FALLBACK_INTENT, PREDICTED_CONFIDENCE_KEY: self._floor},
                    add_to_output=True,
                )
        return messages
