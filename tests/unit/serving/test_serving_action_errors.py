"""A failing custom action puts nothing of the conversation in any log.

The real action server (`rasa_sdk.endpoint.create_app`, with the project's actions) is served
over HTTP and called with Rasa's own client (`RemoteAction`), with a conversation whose message
and slot hold a marker word:
- a project action that fails answers with the fail-safe response; the action server logs its
  name and the exception type, never the request or the exception's message (actions/fail_safe.py);
- Rasa's log of a failed action (as `MessageProcessor._run_action` writes it) carries only the
  exception types, even when the action server echoes the whole request (serving/failsafe.py).
"""

import asyncio
import importlib
import logging
import pkgutil
from pathlib import Path

import pytest
import rasa_sdk.endpoint
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig
from rasa_sdk import Action
from rasa_sdk.utils import all_subclasses
from sanic_thread import ServerThread

import actions
import actions.assessment
import actions.topics
from serving.failsafe import (
    ACTION_FAILED_LOG,
    CURRENT_TURN,
    PROCESSOR_LOGGER,
    TurnWatch,
    install_action_failure_filter,
)

ROOT = Path(__file__).resolve().parents[3]
MARKER = "Quexleymarker"
DOMAIN = Domain.load(str(ROOT / "domain.yml"))
FAIL_SAFE_TEXT = DOMAIN.responses["utter_fail_safe"][0]["text"]


class ActionAlwaysFails(Action):
    """Not guarded: stands for a failure the project's guard does not cover."""

    def name(self) -> str:
        return "action_test_always_fails"

    async def run(self, dispatcher, tracker, domain):
        raise RuntimeError(f"could not handle {tracker.latest_message['text']}")


@pytest.fixture(scope="module")
def action_server():
    with ServerThread(lambda: rasa_sdk.endpoint.create_app("actions")) as server:
        yield server


def conversation(*later_events) -> DialogueStateTracker:
    events = [
        ActionExecuted("action_listen"),
        UserUttered(f"my boss {MARKER} has my passport", intent={"name": "inform"}),
        *later_events,
    ]
    return DialogueStateTracker.from_events("sender-1", events, slots=DOMAIN.slots)


def call(server: ServerThread, name: str, tracker: DialogueStateTracker):
    """Rasa calling the action server: (bot messages and events) or the exception raised."""
    action = RemoteAction(name, EndpointConfig(f"{server.url}/webhook"))
    output = CollectingOutputChannel()
    nlg = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
    try:
        return server.run(action.run(output, nlg, tracker, DOMAIN))
    except Exception as error:  # noqa: BLE001 - returned for the test to inspect
        return error


def rendered(records) -> str:
    """Every record as a log handler would write it, traceback included."""
    formatter = logging.Formatter("%(levelname)s %(name)s %(message)s")
    return "\n".join(formatter.format(record) for record in records)


def test_every_project_action_is_guarded():
    for module in pkgutil.walk_packages(actions.__path__, "actions."):
        importlib.import_module(module.name)
    project = [c for c in all_subclasses(Action) if c.__module__.startswith("actions.")]
    assert len(project) >= 6
    for action in project:
        assert getattr(action.run, "fails_safe", False), action.__name__


def test_a_failing_action_answers_the_fail_safe_and_logs_no_words(
    action_server, monkeypatch, caplog
):
    def broken(topic, responses):
        raise KeyError(topic)

    monkeypatch.setattr(actions.topics, "response_for_topic", broken)
    caplog.set_level(logging.INFO)
    result = call(action_server, "action_answer_topic", conversation(SlotSet("topic", MARKER)))
    assert not isinstance(result, Exception), result
    assert [e.as_dict().get("text") for e in result] == [FAIL_SAFE_TEXT]
    logs = rendered(caplog.records)
    assert MARKER not in logs
    assert "Action action_answer_topic failed with KeyError at " in logs
    assert "topics.py" in logs  # where, for whoever fixes it


def test_a_failing_form_validation_clears_the_answer_so_the_question_is_asked_again(
    action_server, monkeypatch, caplog
):
    def broken(value):
        raise ValueError(f"cannot read {value}")

    monkeypatch.setattr(actions.assessment, "parse_about", broken)
    caplog.set_level(logging.INFO)
    tracker = conversation(ActiveLoop("assessment_form"), SlotSet("about", MARKER))
    result = call(action_server, "validate_assessment_form", tracker)
    assert not isinstance(result, Exception), result
    assert SlotSet("about", None) in result
    assert [e.as_dict()["text"] for e in result if e.type_name == "bot"] == [FAIL_SAFE_TEXT]
    assert MARKER not in rendered(caplog.records)


def test_rasas_log_of_a_failed_action_carries_no_conversation(action_server, caplog):
    error = call(action_server, "action_test_always_fails", conversation(SlotSet("about", MARKER)))
    # What the Rasa SDK sends back: the whole request, with the message and the slot.
    assert isinstance(error, Exception)
    assert MARKER in str(error.__cause__)

    install_action_failure_filter()
    turn = TurnWatch()

    async def run_action_as_rasa_does():
        CURRENT_TURN.set(turn)
        try:
            raise error
        except Exception:  # rasa/core/processor.py MessageProcessor._run_action
            logging.getLogger(PROCESSOR_LOGGER).exception(
                f"{ACTION_FAILED_LOG} 'action_test_always_fails'.Bot will continue, but the "
                "actions events are lost. Please check the logs of your action server for more "
                "information."
            )

    caplog.clear()
    asyncio.run(run_action_as_rasa_does())
    [record] = [r for r in caplog.records if r.name == PROCESSOR_LOGGER]
    assert record.levelno == logging.ERROR
    assert MARKER not in rendered([record])
    assert record.getMessage().startswith(f"{ACTION_FAILED_LOG} 'action_test_always_fails'.")
    assert record.getMessage().endswith("[RasaException from ClientResponseError 500]")
    assert turn.action_failed  # the channel still adds the fail-safe
