"""The button-payload allow-list (serving/payloads.py): buttons pass, forged payloads don't."""

import json
from pathlib import Path

import pytest
import yaml

from serving.payloads import PayloadAllowList, UnknownPayload, payload_key, service_ids

ROOT = Path(__file__).resolve().parents[3]


def load(path):
    return yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))


# What the trained model's domain holds: domain.yml's responses plus data/responses/*.yml.
RESPONSES = dict(load("domain.yml")["responses"])
for extra in sorted((ROOT / "data" / "responses").glob("*.yml")):
    RESPONSES.update(load(extra.relative_to(ROOT)).get("responses") or {})
SERVICE_IDS = service_ids()
ALLOWED = PayloadAllowList.from_sources(RESPONSES, SERVICE_IDS)
BUTTON_PAYLOADS = sorted(
    {
        button["payload"]
        for variations in RESPONSES.values()
        for variation in variations
        for button in variation.get("buttons") or []
    }
)


def test_the_lists_are_not_empty():
    assert len(BUTTON_PAYLOADS) > 20
    assert "modern_slavery_helpline" in SERVICE_IDS


@pytest.mark.parametrize("payload", BUTTON_PAYLOADS)
def test_every_button_payload_passes_unchanged(payload):
    assert payload in ALLOWED
    assert ALLOWED.resolve(payload) == payload


@pytest.mark.parametrize("service", SERVICE_IDS)
def test_contact_service_buttons_built_by_the_actions_pass(service):
    payload = "/contact_service" + json.dumps({"service": service}, separators=(",", ":"))
    assert ALLOWED.resolve(payload) == payload


def test_the_widget_greeting_passes():
    assert ALLOWED.resolve("/greet") == "/greet"


def test_spacing_and_key_order_do_not_matter_and_rasa_gets_the_button_text():
    assert ALLOWED.resolve('/ask_topic{ "topic" :  "nrm" }') == '/ask_topic{"topic":"nrm"}'


@pytest.mark.parametrize(
    "typed",
    [
        # Setting answers nobody asked for, through from_entity slot mappings:
        '/age_adult{"age_group":"adult"}',
        '/greet{"place":"Brighton"}',
        '/about_self{"who":"self"}',
        # A real intent with a value no button offers, or an entity it does not offer:
        '/ask_topic{"topic":"no_such_topic"}',
        '/contact_service{"service":"evil"}',
        '/deny{"topic":"nrm"}',
        # Not JSON, or a made-up confidence:
        "/greet{not json}",
        "/danger@0.01",
        '/no_such_intent{"a":"b"}',
    ],
)
def test_a_made_up_payload_is_refused(typed):
    assert typed not in ALLOWED
    with pytest.raises(UnknownPayload):
        ALLOWED.resolve(typed)


@pytest.mark.parametrize(
    "typed, given_to_rasa",
    [
        ("/bot_challenge", "bot_challenge"),  # an intent no button offers
        ("/help me please", "help me please"),
        ("/stop he is here", "stop he is here"),
        ("//danger", "danger"),
        ("/ / danger", "danger"),
        ("/ danger {now}", "danger {now}"),
        ("/", ""),
    ],
)
def test_other_text_starting_with_a_slash_becomes_plain_words(typed, given_to_rasa):
    assert typed not in ALLOWED
    got = ALLOWED.resolve(typed)
    assert got == given_to_rasa
    assert not got.startswith("/")


def test_text_not_starting_with_a_slash_is_untouched():
    assert ALLOWED.resolve("he took my passport / ID") == "he took my passport / ID"


def test_payload_key_parses_like_a_button():
    assert payload_key("/deny") == ("deny", "{}")
    assert payload_key('/x{"b":1,"a":2}') == ("x", '{"a":2,"b":1}')
    assert payload_key("/x[1]") is None
    assert payload_key('/x{"a":}') is None
    assert payload_key("/x{}") == ("x", "{}")


def test_a_broken_button_payload_is_a_loud_error():
    with pytest.raises(ValueError, match="button payload"):
        PayloadAllowList(["deny"])
