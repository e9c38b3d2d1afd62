"""Rasa SDK adapters over the routing core: recommend services, and "how do I contact X".

The data files are loaded once (routing_data(), shared with assessment.py), when the action server
imports this module, so a broken file stops the server at start with one clear message (file,
entry, problem) instead of failing mid-chat.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Callable, Dict, Iterable, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.assessment_logic import danger_advice_given, effective_answers
from actions.fail_safe import fails_safe
from actions.routing import Answers, decide, open_state, routing_data
from actions.routing.render import contact_menu, intro_text, render, render_service
from languages.catalogue import ENGLISH
from languages.translate import LANGUAGE_SLOT, translator

DATA = routing_data()
SERVICE_SLOT = "service"
CONTACT_MENU = "utter_which_service"  # its buttons, one per service, are added here


def current_time() -> dt.datetime:
    """The only place that reads the clock (tests replace it)."""
    return dt.datetime.now(dt.timezone.utc)


class ActionRecommendServices(Action):
    """Reads the assessment answers and sends the recommended services: one intro line, then one
    message per service with plain text and the same data as a `service_card` custom payload."""

    def name(self) -> str:
        return "action_recommend_services"

    @fails_safe
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        slots = effective_answers(
            tracker.current_slot_values(), danger_advice_given(tracker.events)
        )
        answers = Answers.from_slots(slots, DATA.rules.sign_ids)
        language = _language(tracker)
        tr = translator().for_language(language)
        dispatcher.utter_message(text=intro_text(answers, DATA.rules, tr))
        for recommendation in decide(answers, current_time(), DATA):
            text, card = render(recommendation, DATA.directory, answers.audience, tr)
            dispatcher.utter_message(text=text, json_message=dict(card, lang=language))
        return []


class ActionContactService(Action):
    """Sends how to contact one service (the `service` slot, or the latest `service` entity).
    With no known service, asks which one, with one button per main service."""

    def name(self) -> str:
        return "action_contact_service"

    @fails_safe
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        service = DATA.directory.get(_requested_service(tracker))
        language = _language(tracker)
        tr = translator().for_language(language)
        if service is None:
            dispatcher.utter_message(response=CONTACT_MENU, buttons=_menu_buttons(tr))
        else:
            state = open_state(service.hours, current_time(), DATA.bank_holidays)
            audience = Answers.from_slots(tracker.current_slot_values()).audience
            text, card = render_service(service, state, DATA.directory, None, audience, tr)
            dispatcher.utter_message(text=text, json_message=dict(card, lang=language))
        # Cleared so that a later "how do I contact..." does not reuse this answer.
        return [SlotSet(SERVICE_SLOT, None)]


def _requested_service(tracker: Tracker) -> str | None:
    """The first service the latest message names, else the slot's."""
    named = first_named_service(tracker.get_latest_entity_values(SERVICE_SLOT))
    return named or tracker.get_slot(SERVICE_SLOT)


def first_named_service(values: Iterable[Any]) -> str | None:
    """The first of the tagged values that is a service id. The model can also tag words that
    name no service ("out of hours" in "the out of hours number for front door for families"):
    those are passed over, so the service named beside them is found."""
    return next((v for v in values if DATA.directory.get(v) is not None), None)


def _language(tracker: Tracker) -> str:
    """The conversation's language code ("en" when none, or one that is turned off, is set)."""
    code = tracker.get_slot(LANGUAGE_SLOT)
    return code if translator().supports(code) else ENGLISH


def _menu_buttons(tr: Callable[[str], str] = str) -> List[Dict[str, str]]:
    return [
        {
            "title": title,
            "payload": "/contact_service"
            + json.dumps({"service": service_id}, separators=(",", ":")),
        }
        for title, service_id in contact_menu(DATA.directory, tr)
    ]
