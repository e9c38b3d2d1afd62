"""Rendering a response with button payloads logs no ERROR and nothing a person typed
(serving/nlg.py, serving/log_privacy.py).

structlog is configured as `rasa run` configures it when its output is not a terminal (JSON,
structured tracebacks with local variables), and the responses are rendered through Rasa's
TemplatedNaturalLanguageGenerator: the project's subclass named in endpoints.yml, and Rasa's own.
"""

import asyncio
import logging
from pathlib import Path

import pytest
import structlog
from rasa.core.nlg import TemplatedNaturalLanguageGenerator, interpolator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils import log_utils

from serving import log_privacy
from serving.nlg import LiteralPayloadNLG

ROOT = Path(__file__).resolve().parents[3]
MARKER = "Quexleymarker"
DOMAIN = Domain.load(str(ROOT / "domain.yml"))
TOPIC_BUTTONS = "utter_what_next"  # has /ask_topic{"topic":...} buttons


@pytest.fixture
def rasa_logging(monkeypatch):
    """structlog as Rasa sets it up for `rasa run` (JSON), plus the project's processors."""
    monkeypatch.setattr(log_utils, "FORCE_JSON_LOGGING", "1")
    log_utils.configure_structlog(logging.INFO)
    # A fresh proxy: the module's own may be cached with another test's configuration.
    monkeypatch.setattr(interpolator, "structlogger", structlog.get_logger())
    yield
    structlog.reset_defaults()


def tracker_with_typed_words() -> DialogueStateTracker:
    # Slots the person filled in their own words.
    events = [SlotSet("about", f"my friend {MARKER}"), SlotSet("age_group", MARKER)]
    return DialogueStateTracker.from_events("sender-1", events, slots=DOMAIN.slots)


def render(nlg: TemplatedNaturalLanguageGenerator, name: str) -> dict:
    return asyncio.run(nlg.generate(name, tracker_with_typed_words(), "rest"))


def errors(caplog) -> list:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def payloads(response: dict) -> list:
    return [button["payload"] for button in response["buttons"]]


def test_topic_buttons_log_no_error_and_keep_their_payloads(rasa_logging, caplog):
    log_privacy.install()
    caplog.set_level(logging.INFO)
    expected = payloads(DOMAIN.responses[TOPIC_BUTTONS][0])
    assert any('/ask_topic{"topic":' in p for p in expected)

    response = render(LiteralPayloadNLG(domain=DOMAIN), TOPIC_BUTTONS)

    assert payloads(response) == expected
    assert errors(caplog) == []


def test_a_real_placeholder_error_is_still_logged_without_slot_values(rasa_logging, caplog):
    log_privacy.install()
    caplog.set_level(logging.INFO)
    domain = Domain.from_dict(
        {
            "slots": {"about": {"type": "text", "mappings": [{"type": "custom"}]}},
            "responses": {"utter_broken": [{"text": "About {no_such_slot}."}]},
        }
    )
    nlg = LiteralPayloadNLG(domain=domain)
    tracker = DialogueStateTracker.from_events(
        "sender-1", [SlotSet("about", MARKER)], slots=domain.slots
    )
    response = asyncio.run(nlg.generate("utter_broken", tracker, "rest"))
    assert response["text"] == "About {no_such_slot}."
    [error] = errors(caplog)
    assert "interpolator.interpolate.text" in error
    assert "no_such_slot" in error
    assert "KeyError at " in error
    assert MARKER not in error


def test_rasas_own_generator_logs_the_payload_error_but_no_slot_values(rasa_logging, caplog):
    # The second line of defence, for any other exception logged through structlog.
    log_privacy.install()
    caplog.set_level(logging.INFO)
    response = render(TemplatedNaturalLanguageGenerator(DOMAIN.responses), TOPIC_BUTTONS)
    assert payloads(response) == payloads(DOMAIN.responses[TOPIC_BUTTONS][0])
    logged = errors(caplog)
    assert logged and all("interpolator.interpolate.text" in line for line in logged)
    assert not [line for line in logged if MARKER in line]
