"""The Rasa SDK actions: what they send, in which order, as text and as a widget card."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any, Dict, List
from zoneinfo import ZoneInfo

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import assessment, recommend
from actions.recommend import ActionContactService, ActionRecommendServices
from actions.routing import routing_data

LONDON = ZoneInfo("Europe/London")
FRONT_DOOR_CLOSED = (
    "Closed now. Out of hours, call 01273 335905 (Children's Services Emergency Duty Service)."
)
TUESDAY_MORNING = dt.datetime(2026, 11, 24, 10, 0, tzinfo=LONDON)
SATURDAY_NIGHT = dt.datetime(2026, 11, 28, 23, 30, tzinfo=LONDON)
CARD_KEYS = {
    "type",
    "id",
    "name",
    "short_name",
    "reason",
    "phones",
    "other_ways",
    "hours",
    "open_now",
    "open_status",
    "anonymous",
    "what_happens",
    "fallback_text",
    "lang",  # the language the card is written in (screen readers)
}


@pytest.fixture
def clock(monkeypatch):
    def set_time(now: dt.datetime) -> None:
        monkeypatch.setattr(recommend, "current_time", lambda: now)

    set_time(TUESDAY_MORNING)
    return set_time


def tracker(slots: Dict[str, Any], entities: List[Dict[str, Any]] | None = None) -> Tracker:
    latest = {"intent": {"name": "contact_service"}, "entities": entities or [], "text": ""}
    return Tracker("test-sender", slots, latest, [], False, None, {}, "action_listen")


def run(action, slots, entities=None):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker(slots, entities), {}))
    return dispatcher.messages, events


def card_ids(messages) -> List[str]:
    return [m["custom"]["id"] for m in messages if m["custom"]]


def assert_card_consistent(message: Dict[str, Any]) -> None:
    card = message["custom"]
    assert set(card) == CARD_KEYS
    assert card["type"] == "service_card"
    assert card["fallback_text"] == message["text"]
    text = message["text"]
    assert text.splitlines()[0] == card["name"]
    for part in (
        card["reason"],
        card["hours"],
        card["open_status"],
        card["anonymous"],
        card["what_happens"],
    ):
        assert part in text
    for phone in card["phones"]:
        assert phone["display"] in text
        assert phone["tel"].startswith("tel:") and " " not in phone["tel"]
    for way in card["other_ways"]:
        assert set(way) <= {"label", "url", "detail"} and "label" in way
        assert "url" not in way or way["url"].startswith("https://")
    assert card["open_now"] in (True, False, None)


def test_adult_about_themselves(clock):
    messages, events = run(
        ActionRecommendServices(),
        {
            "danger_now": "no",
            "about": "self",
            "age_group": "adult",
            "care_needs": "no",
            "in_brighton_hove": "yes",
            "signs": ["id_held", "debt"],
        },
    )
    assert events == []
    intro, *cards = messages
    assert intro["text"].startswith("Pieced together, the signs you told me about")
    assert intro["custom"] == {} and intro["buttons"] == []
    assert card_ids(cards) == ["salvation_army", "modern_slavery_helpline"]
    for message in cards:
        assert_card_consistent(message)
    salvation_army = cards[0]["custom"]
    assert salvation_army["phones"] == [
        {"label": "Referral Helpline", "display": "0800 808 3733", "tel": "tel:+448008083733"}
    ]
    assert salvation_army["open_now"] is True and salvation_army["open_status"] == "Open now."
    assert salvation_army["reason"].startswith("You said this is about you.")
    assert "3038151" not in str(messages).replace(" ", "")


def test_danger_and_a_child_at_night_sends_999_then_front_door_then_out_of_hours(clock):
    clock(SATURDAY_NIGHT)
    messages, _ = run(
        ActionRecommendServices(),
        {
            "danger_now": "yes",
            "about": "someone_else",
            "age_group": "under_18",
            "in_brighton_hove": "yes",
            "signs": None,
        },
    )
    intro, *cards = messages
    assert intro["text"] == "Here is who can help. You don't need proof to ask for help."
    assert card_ids(cards) == [
        "emergency_999",
        "front_door_for_families",
        "childrens_emergency_duty_service",
        "modern_slavery_helpline",
    ]
    for message in cards:
        assert_card_consistent(message)
    front_door = cards[1]["custom"]
    assert front_door["open_now"] is False
    assert front_door["open_status"] == FRONT_DOOR_CLOSED
    assert cards[1]["text"].splitlines() == [
        "Front Door for Families",
        "Why: You said this is about someone under 18. Front Door for Families helps keep "
        "children safe in Brighton & Hove.",
        "Phone: 01273 290400",
        "Hours: Monday to Friday, 9am to 5pm. Closed on bank holidays.",
        FRONT_DOOR_CLOSED,
        "What happens: Tell them what worries you about the child. The team works out what "
        "needs to happen to keep the child safe.",
        "Staying anonymous: We have not checked yet if you can stay anonymous. "
        "You can ask when you call.",
        "Other ways:",
        "- Online form: There is an online form on the Brighton & Hove City Council website.",
    ]
    assert cards[2]["custom"]["open_now"] is True
    assert cards[2]["custom"]["reason"].startswith("Front Door for Families is closed now.")


def test_same_child_on_a_weekday_morning_has_no_out_of_hours_card(clock):
    messages, _ = run(
        ActionRecommendServices(),
        {
            "danger_now": "yes",
            "about": "someone_else",
            "age_group": "under_18",
            "in_brighton_hove": "yes",
        },
    )
    assert card_ids(messages[1:]) == [
        "emergency_999",
        "front_door_for_families",
        "modern_slavery_helpline",
    ]
    assert messages[2]["custom"]["open_status"] == "Open now."


def test_nothing_answered_still_gets_help_and_unexpected_slot_values_are_ignored(clock):
    messages, _ = run(ActionRecommendServices(), {"danger_now": "perhaps", "age_group": 17})
    assert card_ids(messages[1:]) == [
        "emergency_999",
        "front_door_for_families",
        "childline",
        "modern_slavery_helpline",
    ]


def test_unconfirmed_service_says_so(clock):
    messages, _ = run(
        ActionRecommendServices(),
        {
            "danger_now": "no",
            "about": "someone_else",
            "age_group": "adult",
            "care_needs": "yes",
            "in_brighton_hove": "yes",
            "signs": ["debt"],
        },
    )
    assert messages[0]["text"].startswith("What you told me is a reason to be concerned.")
    access_point = messages[1]
    assert access_point["custom"]["id"] == "access_point"
    assert access_point["custom"]["open_now"] is None
    assert "Please note: we are still checking these details." in access_point["text"]
    assert_card_consistent(access_point)


@pytest.mark.parametrize(
    "about, sign, starts",
    [
        ("self", "not_free_to_leave", "If someone stops you leaving or threatens you"),
        ("self", "threats", "If someone stops you leaving or threatens you"),
        ("someone_else", "threats", "If they are stopped from leaving or threatened"),
    ],
)
def test_held_or_threatened_answer_starts_with_999_even_after_no_danger(clock, about, sign, starts):
    slots = {"danger_now": "no", "about": about, "age_group": "adult", "signs": [sign]}
    messages, _ = run(ActionRecommendServices(), slots)
    first = messages[0]["text"]
    assert first.startswith(starts) and "call 999" in first.split("\n")[0]


def test_no_999_line_for_other_signs_or_when_999_already_comes_first(clock):
    slots = {"danger_now": "no", "about": "self", "age_group": "adult", "signs": ["debt"]}
    assert "999" not in run(ActionRecommendServices(), slots)[0][0]["text"]
    slots = {"danger_now": "yes", "about": "self", "age_group": "adult", "signs": ["threats"]}
    messages, _ = run(ActionRecommendServices(), slots)
    assert "999" not in messages[0]["text"]
    assert messages[1]["custom"]["id"] == "emergency_999"


def test_contact_service_from_slot(clock):
    messages, events = run(ActionContactService(), {"service": "access_point"})
    assert events == [SlotSet("service", None)]
    assert len(messages) == 1
    assert_card_consistent(messages[0])
    card = messages[0]["custom"]
    assert card["id"] == "access_point"
    assert card["reason"].startswith("The council's adult social care team.")
    assert (
        messages[0]["text"]
        .splitlines()[1]
        .startswith("What it is for: The council's adult social care team.")
    )
    assert card["other_ways"] == [
        {
            "label": "Report online",
            "url": "https://www.brighton-hove.gov.uk/content/social-care/keeping-people-safe/help-adults-risk-abuse-or-neglect",
            "detail": "Report abuse or neglect of an adult online.",
        }
    ]


def test_contact_service_prefers_the_latest_entity(clock):
    messages, _ = run(
        ActionContactService(),
        {"service": "access_point"},
        entities=[{"entity": "service", "value": "childline", "start": 0, "end": 9}],
    )
    assert card_ids(messages) == ["childline"]
    assert messages[0]["custom"]["phones"][0] == {
        "label": "Phone",
        "display": "0800 1111",
        "tel": "tel:+448001111",
    }


def test_contact_service_passes_over_tagged_words_that_name_no_service(clock):
    # "whats the out of hours number for front door for families": the model tagged three spans.
    tagged = [
        {"entity": "service", "value": "out of hours", "start": 9, "end": 21},
        {"entity": "service", "value": "front_door_for_families", "start": 33, "end": 56},
        {"entity": "service", "value": "for families", "start": 44, "end": 56},
    ]
    messages, _ = run(ActionContactService(), {"service": None}, entities=tagged)
    assert card_ids(messages) == ["front_door_for_families"]


@pytest.mark.parametrize("slot", [None, "the_council", ""])
def test_contact_service_without_a_known_service_offers_buttons(clock, slot):
    messages, events = run(ActionContactService(), {"service": slot})
    assert events == [SlotSet("service", None)]
    assert len(messages) == 1
    # The question is a domain response (so it is translated like any other); buttons added here.
    assert messages[0]["response"] == "utter_which_service" and messages[0]["text"] is None
    assert messages[0]["custom"] == {}
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads == [
        f'/contact_service{{"service":"{i}"}}'
        for i in (
            "emergency_999",
            "police_101",
            "crimestoppers",
            "modern_slavery_helpline",
            "salvation_army",
            "front_door_for_families",
            "access_point",
            "childline",
        )
    ]
    assert all(b["title"] for b in messages[0]["buttons"])


def test_every_service_can_be_contacted(clock):
    for service in recommend.DATA.directory:
        messages, _ = run(ActionContactService(), {"service": service.id})
        assert card_ids(messages) == [service.id]
        assert_card_consistent(messages[0])


def test_action_names():
    assert ActionRecommendServices().name() == "action_recommend_services"
    assert ActionContactService().name() == "action_contact_service"


def test_the_actions_share_one_load_of_the_routing_data():
    assert recommend.DATA is routing_data()
    assert assessment.KNOWN_SIGNS == frozenset(routing_data().rules.sign_ids)
