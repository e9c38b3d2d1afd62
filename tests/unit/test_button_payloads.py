"""Every button names a real intent and real entities with values the assistant knows, and the
chat channel's allow-list (serving/payloads.py) lets every one of them through.

`rasa data validate` does not look at button payloads (rasa-research.md §2.2), and a payload
with an unknown intent silently becomes free text for NLU, so a button could misfire.
"""

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PAYLOAD = re.compile(r"^/(?P<intent>[a-z0-9_]+)(?P<entities>\{.*\})?$")


def load(path):
    return yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))


DOMAIN = load("domain.yml")
FAQ_RESPONSES = load("data/responses/faq.yml")["responses"]
FAQ_TOPICS = {name.split("/", 1)[1] for name in FAQ_RESPONSES}
SERVICE_IDS = {service["id"] for service in load("actions/data/services.yml")["services"]}

# Entities that buttons set, and the values each may take.
ENTITY_VALUES = {
    "topic": FAQ_TOPICS,
    "service": SERVICE_IDS,
}


def buttons_in(responses):
    for name, variations in responses.items():
        for variation in variations:
            for button in variation.get("buttons") or []:
                yield name, button


def buttons_sent_by_actions():
    """Buttons that custom actions build in code."""
    from actions.recommend import _menu_buttons

    for button in _menu_buttons():
        yield "action_contact_service", button


ALL_BUTTONS = (
    list(buttons_in(DOMAIN["responses"]))
    + list(buttons_in(FAQ_RESPONSES))
    + list(buttons_sent_by_actions())
)


def check_payload(payload):
    match = PAYLOAD.match(payload)
    assert match, f"{payload!r} is not /intent or /intent{{json}}"
    assert match["intent"] in DOMAIN["intents"], f"unknown intent in {payload!r}"
    entities = json.loads(match["entities"]) if match["entities"] else {}
    for entity, value in entities.items():
        assert entity in DOMAIN["entities"], f"unknown entity {entity!r} in {payload!r}"
        if entity in ENTITY_VALUES:
            assert value in ENTITY_VALUES[entity], f"unknown {entity} {value!r} in {payload!r}"


def test_there_are_buttons_to_check():
    assert len(ALL_BUTTONS) > 30


@pytest.mark.parametrize(
    "response, button", ALL_BUTTONS, ids=[f"{r}:{b['title']}" for r, b in ALL_BUTTONS]
)
def test_button_payload_is_a_real_intent_with_real_entities(response, button):
    assert button["title"].strip(), f"{response}: a button has no title"
    check_payload(button["payload"])


def test_the_checker_rejects_bad_payloads():
    for bad in ["/no_such_intent", '/ask_topic{"colour":"red"}', '/ask_topic{"topic":"nope"}']:
        with pytest.raises(AssertionError):
            check_payload(bad)


def test_the_channel_accepts_every_button_the_domain_and_the_actions_offer():
    """The allow-list built as serving/rest_channel.py builds it (the model's responses: domain.yml
    plus data/responses/, and the service ids), against the buttons themselves, not copies."""
    from serving.payloads import PayloadAllowList, service_ids

    allowed = PayloadAllowList.from_sources({**DOMAIN["responses"], **FAQ_RESPONSES}, service_ids())
    refused = sorted({b["payload"] for _, b in ALL_BUTTONS if b["payload"] not in allowed})
    assert not refused, f"the channel would refuse: {refused}"
    assert '/contact_service{"service":"no_such_service"}' not in allowed  # it does refuse
