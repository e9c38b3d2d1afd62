"""Rasa adapters for the guided questions: which to ask, reading free-text answers,
"go back" and "start again". The logic lives in assessment_logic.py."""

from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.assessment_logic import (
    SIGN_QUESTIONS,
    danger_advice_given,
    number_is_an_age,
    parse_about,
    parse_age_group,
    parse_place,
    parse_sign_answer,
    previous_question,
    questions_to_ask,
    signs_from_events,
    starts_with_no,
    value_from_intent,
)
from actions.fail_safe import fails_safe
from actions.routing import routing_data

FORM_NAME = "assessment_form"
DANGER_SLOT = "danger_now"
# The FAQ topic of the message that brought the danger check, or "none" (triage/component.py).
QUESTION_SLOT = "question_before_check"
NO_QUESTION = "none"
# The sign ids the rule table knows (actions/data/routing_rules.yml).
KNOWN_SIGNS = frozenset(routing_data().rules.sign_ids)


def _is_number(value: Any) -> bool:
    return str(value).strip().isdigit()


def form_slots(domain: DomainDict) -> List[str]:
    return list(domain.get("forms", {}).get(FORM_NAME, {}).get("required_slots", []))


class ValidateAssessmentForm(FormValidationAction):
    def name(self) -> str:
        return "validate_assessment_form"

    @fails_safe
    async def run(self, dispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        return await super().run(dispatcher, tracker, domain)

    async def required_slots(
        self,
        domain_slots: List[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        return questions_to_ask(domain_slots, tracker.slots, danger_advice_given(tracker.events))

    def validate_about(self, value: Any, dispatcher, tracker, domain) -> Dict[str, Any]:
        return {"about": parse_about(value)}

    def validate_age_group(self, value: Any, dispatcher, tracker, domain) -> Dict[str, Any]:
        # A number taken from the person's words counts only if the words say it is an age
        # ("I work 14 hours a day" is not a 14-year-old): otherwise the age question is asked.
        text = (tracker.latest_message or {}).get("text") or ""
        numbers = [v for v in (value if isinstance(value, list) else [value]) if _is_number(v)]
        if numbers and not text.startswith("/"):
            if not any(number_is_an_age(text, str(n)) for n in numbers):
                return {"age_group": None}
        return {"age_group": parse_age_group(value)}

    def validate_in_brighton_hove(self, value: Any, dispatcher, tracker, domain) -> Dict[str, Any]:
        asked = tracker.get_slot("requested_slot") == "in_brighton_hove"
        latest = tracker.latest_message or {}
        said_no = (latest.get("intent") or {}).get("name") == "deny" or starts_with_no(
            latest.get("text") or ""
        )
        return {"in_brighton_hove": parse_place(value, asked, said_no)}

    def validate_signs(self, value: Any, dispatcher, tracker: Tracker, domain) -> Dict[str, Any]:
        # Keep every sign mentioned so far, not just this message's.
        return {"signs": signs_from_events(tracker.events, KNOWN_SIGNS)}

    def _record_sign(self, slot: str, value: Any, tracker: Tracker) -> Dict[str, Any]:
        answer = parse_sign_answer(slot, value)
        events = list(tracker.events)
        if answer is not None:
            # The answer as it will be stored, so a "yes" counts among the signs seen.
            events.append({"event": "slot", "name": slot, "value": answer})
        return {slot: answer, "signs": signs_from_events(events, KNOWN_SIGNS)}

    def validate_sign_not_free_to_leave(self, value, dispatcher, tracker, domain):
        return self._record_sign("sign_not_free_to_leave", value, tracker)

    def validate_sign_id_held(self, value, dispatcher, tracker, domain):
        return self._record_sign("sign_id_held", value, tracker)

    def validate_sign_debt(self, value, dispatcher, tracker, domain):
        return self._record_sign("sign_debt", value, tracker)

    def validate_sign_little_or_no_pay(self, value, dispatcher, tracker, domain):
        return self._record_sign("sign_little_or_no_pay", value, tracker)

    def validate_sign_threats(self, value, dispatcher, tracker, domain):
        return self._record_sign("sign_threats", value, tracker)


class ActionGoBack(Action):
    """Takes back the last answer, so the form asks that question again."""

    def name(self) -> str:
        return "action_go_back"

    @fails_safe
    async def run(self, dispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        slot = previous_question(tracker.events, form_slots(domain))
        if slot is None:
            return []  # nothing answered yet: the form simply asks the first question again
        events: List[EventType] = [SlotSet(slot, None)]
        if slot in SIGN_QUESTIONS:
            remaining = [s for s in (tracker.get_slot("signs") or []) if s != SIGN_QUESTIONS[slot]]
            events.append(SlotSet("signs", remaining))
        return events


class ActionStartAgain(Action):
    """Forgets every answer and leaves the form, so it starts from the first question."""

    def name(self) -> str:
        return "action_start_again"

    @fails_safe
    async def run(self, dispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        return [ActiveLoop(None), AllSlotsReset()]


class ActionTakeDangerCheckAnswer(Action):
    """A "no" or "not sure" to the danger check ("Is anyone in danger right now?", asked outside
    the questions), typed or tapped, counts as the answer to the form's danger question, with the
    value the form's own mapping gives it (domain.yml), so the questions go on from "about you or
    someone else" instead of asking it twice. A "yes" gets the 999 answer by a rule and never
    comes here.

    Where the message that brought the check was a question ("they say they will hurt my mother
    back home if I leave, what can I do?"), a "no" answers that question instead of starting the
    questions: the person asked something, and nobody is in danger now."""

    def name(self) -> str:
        return "action_take_danger_check_answer"

    @fails_safe
    async def run(self, dispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        mappings = domain.get("slots", {}).get(DANGER_SLOT, {}).get("mappings", [])
        typed = value_from_intent(mappings, intent)
        events: List[EventType] = [SlotSet(DANGER_SLOT, typed)] if typed else []
        answer = typed or tracker.get_slot(DANGER_SLOT)  # a button sets the slot itself
        question = question_to_answer(tracker.get_slot(QUESTION_SLOT), domain)
        if question is None:
            return events
        events.append(SlotSet(QUESTION_SLOT, None))
        if answer != "no":
            return events
        dispatcher.utter_message(response=question)
        # The rule goes on into the questions; after the answer, wait for the person instead.
        return events + [FollowupAction("action_listen")]


def question_to_answer(topic: Any, domain: DomainDict) -> str | None:
    """The FAQ answer (utter_faq/<topic>) for the topic the triage kept, if there is one."""
    if not isinstance(topic, str) or not topic or topic == NO_QUESTION:
        return None
    response = f"utter_faq/{topic}"
    return response if response in domain.get("responses", {}) else None
