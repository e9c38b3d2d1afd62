"""Answers a topic chosen with a button: a reviewed response from data/responses/faq.yml."""

from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.types import DomainDict

from actions.fail_safe import fails_safe

MENU = "utter_faq_menu"


def response_for_topic(topic: object, responses: object) -> str:
    """The response to send: the topic's answer if there is one, else the list of questions."""
    name = f"utter_faq/{topic}"
    if isinstance(topic, str) and isinstance(responses, dict) and name in responses:
        return name
    return MENU


class ActionAnswerTopic(Action):
    def name(self) -> str:
        return "action_answer_topic"

    @fails_safe
    async def run(self, dispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        topic = tracker.get_slot("topic")
        dispatcher.utter_message(response=response_for_topic(topic, domain.get("responses")))
        return [SlotSet("topic", None)]
