"""No user text in the logs: the structlog redactor (serving/log_privacy.py)."""

import warnings

import pytest
import structlog

from serving import log_privacy


@pytest.fixture
def captured():
    """structlog configured like Rasa (a processor list, cached loggers), capturing events."""
    events = []

    def capture(_logger, _method, event_dict):
        events.append(dict(event_dict))
        raise structlog.DropEvent

    structlog.configure(processors=[capture], cache_logger_on_first_use=True)
    yield events
    structlog.reset_defaults()


def test_fields_that_can_hold_user_text_are_blanked(captured):
    logger = structlog.get_logger()
    logger.warning("before")  # a logger already cached before install() is covered too
    log_privacy.install()
    log_privacy.install()  # idempotent
    logger.warning("message.parsing.failed", user_text="/he has my passport{")
    structlog.get_logger().error("rest.message.received.failure", text="my name is Quexley")
    assert captured[1] == {"event": "message.parsing.failed", "user_text": "[redacted]"}
    assert captured[2] == {"event": "rest.message.received.failure", "text": "[redacted]"}
    assert structlog.get_config()["processors"].count(log_privacy.redact_user_text) == 1


def test_other_fields_are_kept():
    event = {"event": "x", "sender_id": "abc", "action_name": "utter_welcome"}
    assert log_privacy.redact_user_text(None, "info", dict(event)) == event


def test_rasas_parse_warnings_that_quote_the_line_are_silenced():
    log_privacy.install()
    with warnings.catch_warnings(record=True) as caught:
        warnings.warn("Failed to parse arguments in line '/my secret'.", UserWarning, stacklevel=1)
        warnings.warn("Something else.", UserWarning, stacklevel=1)
    assert [str(w.message) for w in caught] == ["Something else."]
