"""The Rasa adapters for the questions, run as the action server runs them."""

import asyncio
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.assessment import (
    ActionGoBack,
    ActionStartAgain,
    ActionTakeDangerCheckAnswer,
    ValidateAssessmentForm,
    form_slots,
)
from actions.topics import ActionAnswerTopic

# The domain as the action server gets it: the form's questions in domain.yml's order.
DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text("utf-8"))
FORM = DOMAIN["forms"]["assessment_form"]["required_slots"]


def make_tracker(slots=None, events=None, latest_message=None):
    return Tracker(
        "someone",
        slots or {},
        latest_message or {"intent": {"name": "deny"}, "entities": [], "text": "/deny"},
        events or [],
        False,
        None,
        {"name": "assessment_form", "is_interrupted": False, "rejected": False},
        "action_listen",
    )


def run(action, tracker, domain=DOMAIN):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain))
    return dispatcher, events


def slot(name, value):
    return {"event": "slot", "name": name, "value": value}


def test_form_slots_come_from_the_domain():
    assert form_slots(DOMAIN) == FORM
    assert form_slots(DOMAIN)[0] == "danger_now"
    assert form_slots({}) == []


def test_validation_turns_a_typed_age_into_a_group_and_skips_care_questions_for_a_child():
    # The person typed "I'm 17": the entity filled age_group with "17" this turn.
    events = [{"event": "user", "text": "i'm 17"}, slot("age_group", "17")]
    tracker = make_tracker(slots={"age_group": "17", "danger_now": "no"}, events=events)
    dispatcher, result = run(ValidateAssessmentForm(), tracker)
    assert SlotSet("age_group", "under_18") in result
    # The next question is "about"; care_needs is never asked of a child.
    assert result[-1] == SlotSet("requested_slot", "about")


def test_validation_reads_a_place_name():
    events = [{"event": "user", "text": "in hove"}, slot("in_brighton_hove", "Hove")]
    tracker = make_tracker(slots={"in_brighton_hove": "Hove"}, events=events)
    _, result = run(ValidateAssessmentForm(), tracker)
    assert SlotSet("in_brighton_hove", "yes") in result


def test_a_yes_to_a_sign_question_is_added_to_the_signs_seen():
    events = [
        slot("signs", ["id_held"]),
        {"event": "user", "text": "/affirm"},
        slot("sign_debt", "yes"),
    ]
    tracker = make_tracker(slots={"sign_debt": "yes", "signs": ["id_held"]}, events=events)
    _, result = run(ValidateAssessmentForm(), tracker)
    assert SlotSet("signs", ["id_held", "debt"]) in result


def test_go_back_clears_the_last_answer():
    events = [slot("danger_now", "no"), slot("about", "self"), slot("requested_slot", "age_group")]
    dispatcher, result = run(ActionGoBack(), make_tracker(events=events))
    assert result == [SlotSet("about", None)]
    assert dispatcher.messages == []  # the rule already said "OK, let's go back."


def test_go_back_from_a_sign_yes_also_forgets_that_sign():
    events = [slot("sign_debt", "yes"), slot("requested_slot", "sign_little_or_no_pay")]
    tracker = make_tracker(slots={"signs": ["id_held", "debt"]}, events=events)
    _, result = run(ActionGoBack(), tracker)
    assert result == [SlotSet("sign_debt", None), SlotSet("signs", ["id_held"])]


def test_go_back_with_nothing_answered_changes_nothing():
    _, result = run(ActionGoBack(), make_tracker())
    assert result == []


def test_start_again_leaves_the_form_and_forgets_everything():
    _, result = run(ActionStartAgain(), make_tracker(slots={"about": "self"}))
    assert result == [ActiveLoop(None), AllSlotsReset()]


@pytest.mark.parametrize(
    "topic, expected",
    [
        ("keep_safe", "utter_faq/keep_safe"),
        ("no_such_topic", "utter_faq_menu"),
        (None, "utter_faq_menu"),
    ],
)
def test_a_topic_button_sends_that_topic_or_the_list_of_questions(topic, expected):
    domain = {"responses": {"utter_faq/keep_safe": [{"text": "..."}], "utter_faq_menu": []}}
    dispatcher, result = run(ActionAnswerTopic(), make_tracker(slots={"topic": topic}), domain)
    assert [m["response"] for m in dispatcher.messages] == [expected]
    assert result == [SlotSet("topic", None)]


def test_a_sign_described_at_its_question_is_a_yes():
    events = [{"event": "user", "text": "he keeps my passport"}, slot("sign_id_held", "id_held")]
    tracker = make_tracker(slots={"sign_id_held": "id_held"}, events=events)
    _, result = run(ValidateAssessmentForm(), tracker)
    assert SlotSet("sign_id_held", "yes") in result
    assert SlotSet("signs", ["id_held"]) in result


@pytest.mark.parametrize(
    "intent, expected",
    [("deny", [SlotSet("danger_now", "no")]), ("not_sure", [SlotSet("danger_now", "not_sure")])],
)
def test_a_typed_no_or_not_sure_to_the_danger_check_answers_the_danger_question(intent, expected):
    tracker = make_tracker(latest_message={"intent": {"name": intent}, "entities": [], "text": "x"})
    dispatcher, events = run(ActionTakeDangerCheckAnswer(), tracker)
    assert events == expected
    assert dispatcher.messages == []


def test_any_other_reply_to_the_danger_check_sets_nothing():
    # A "yes" never reaches the action (a rule gives the 999 answer); nothing else is an answer.
    for intent in ("affirm", "describe_situation", None):
        message = {"intent": {"name": intent}, "entities": [], "text": "x"}
        tracker = make_tracker(latest_message=message)
        assert run(ActionTakeDangerCheckAnswer(), tracker)[1] == []


# The domain as Rasa sends it to the action server holds the FAQ answers (data/responses/).
FAQ_RESPONSES = yaml.safe_load(
    (Path(__file__).resolve().parents[2] / "data/responses/faq.yml").read_text("utf-8")
)["responses"]
DOMAIN_WITH_FAQ = {**DOMAIN, "responses": {**DOMAIN["responses"], **FAQ_RESPONSES}}


def check_reply(intent, slots):
    message = {"intent": {"name": intent}, "entities": [], "text": "x"}
    tracker = make_tracker(slots=slots, latest_message=message)
    return run(ActionTakeDangerCheckAnswer(), tracker, domain=DOMAIN_WITH_FAQ)


@pytest.mark.parametrize(
    "intent, slots, already_set",
    [
        ("deny", {}, [SlotSet("danger_now", "no")]),  # typed
        ("carry_on", {"danger_now": "no"}, []),  # the button sets the slot itself
    ],
)
def test_a_no_to_a_check_that_a_question_brought_answers_the_question(intent, slots, already_set):
    slots = {**slots, "question_before_check": "family_threatened_abroad"}
    dispatcher, events = check_reply(intent, slots)
    assert [m["response"] for m in dispatcher.messages] == ["utter_faq/family_threatened_abroad"]
    assert events == already_set + [
        SlotSet("question_before_check", None),
        FollowupAction("action_listen"),
    ]


def test_not_sure_to_such_a_check_goes_on_to_the_questions_and_forgets_the_question():
    slots = {"question_before_check": "family_threatened_abroad"}
    dispatcher, events = check_reply("not_sure", slots)
    assert dispatcher.messages == []
    assert events == [SlotSet("danger_now", "not_sure"), SlotSet("question_before_check", None)]


@pytest.mark.parametrize("topic", ["none", None, "no_such_topic"])
def test_a_no_to_a_check_with_no_known_question_goes_on_to_the_questions(topic):
    dispatcher, events = check_reply("deny", {"question_before_check": topic})
    assert dispatcher.messages == []
    assert events == [SlotSet("danger_now", "no")]
