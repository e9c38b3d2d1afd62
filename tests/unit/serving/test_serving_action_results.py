"""The action-server reply check with its validator built once (serving/action_results.py)
accepts and refuses exactly what Rasa's own check does, with Rasa's own error."""

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from serving import action_results

RASA_CHECK = action_results._RASA_CHECK
ACTION = RemoteAction("action_recommend_services", None)

VALID = [
    {"events": [], "responses": []},
    {
        "events": [{"event": "slot", "name": "about", "value": "self", "timestamp": None}],
        "responses": [{"text": "hi", "buttons": [{"title": "Yes", "payload": "/affirm"}]}],
    },
    {
        "events": [{"event": "action_execution_rejected", "name": "x"}],
        "responses": [{"custom": {}}],
    },
]
INVALID = [
    {"events": "not a list", "responses": []},
    {"events": [{"no_event_key": 1}], "responses": []},
    {"events": [], "responses": "nope"},
]


@pytest.mark.parametrize("reply", VALID)
def test_what_rasa_accepts_is_accepted(reply):
    assert RASA_CHECK(ACTION, reply) is True
    assert action_results._validate_action_result(ACTION, reply) is True


@pytest.mark.parametrize("reply", INVALID)
def test_what_rasa_refuses_is_refused_with_rasas_own_error(reply):
    with pytest.raises(ValidationError) as rasa_error:
        RASA_CHECK(ACTION, reply)
    with pytest.raises(ValidationError) as ours:
        action_results._validate_action_result(ACTION, reply)
    assert ours.value.message == rasa_error.value.message
    assert "Failed to validate Action server response" in ours.value.message


def test_the_channel_installs_it(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RASA_CHECK)
    action_results.install()
    assert RemoteAction._validate_action_result is action_results._validate_action_result
