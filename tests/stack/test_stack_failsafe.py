"""Fails safe: with the action server slow or stopped, the person still gets 999 and the
Helpline, within the reply timeout (Rasa alone would stay silent, or wait 300 s).

Runs after the scale-out tests: it freezes, then stops, actions-1 (used by rasa-1 and by the
in-memory replica these tests talk to).
"""

import os
import signal
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from stack_helpers import Person, is_fail_safe, texts  # noqa: E402

from deploy.local import Process, stop_process  # noqa: E402

MARGIN = 4.0  # seconds on top of REPLY_TIMEOUT_SECONDS: generous, for a busy two-core machine


@pytest.fixture
def actions(topology) -> Process:
    return Process(**topology["processes"]["actions-1"])


def four_questions_in(server: str) -> Person:
    person = Person(server)
    for message in ["/greet", "/deny", "/about_self"]:
        person.say(message)
    assert "stopping you from leaving" in texts(person.say("/age_adult"))
    return person


def test_a_slow_action_server_gets_the_fail_safe_in_time_and_no_harm_done(
    topology, actions, reply_timeout
):
    person = four_questions_in(topology["memory_url"])
    os.kill(actions.pid, signal.SIGSTOP)  # it accepts connections but never answers
    try:
        replies = person.say("/deny")
        took = person.last_elapsed
    finally:
        os.kill(actions.pid, signal.SIGCONT)
    assert is_fail_safe(replies), replies
    assert took < reply_timeout + MARGIN, took
    assert took >= reply_timeout - 0.5, took  # it was the timeout, not an error
    # The late turn was cancelled, not half-saved: the same answer now moves on as normal.
    replies = person.say("/deny")
    assert not is_fail_safe(replies)
    assert "Does someone else keep your passport or ID?" in texts(replies)


def test_a_stopped_action_server_gets_the_fail_safe_in_time(topology, actions, reply_timeout):
    person = four_questions_in(topology["memory_url"])
    stop_process(actions)
    replies = person.say("/deny")
    assert is_fail_safe(replies), replies
    assert person.last_elapsed < reply_timeout + MARGIN
    fresh = Person(topology["memory_url"])
    replies = fresh.say("/greet")
    assert is_fail_safe(replies), replies
    assert fresh.last_elapsed < reply_timeout + MARGIN


def test_danger_gets_999_at_once_with_the_action_server_stopped(topology, actions, reply_timeout):
    """The turn that answers danger runs no custom action: no wait, no fail-safe instead."""
    stop_process(actions)  # (already stopped by the test above when run in order)
    person = Person(topology["memory_url"])
    replies = person.say("I'm locked in and he says he'll hurt me")
    assert [r["text"][:19] for r in replies] == ["Please call 999 now"], replies
    assert person.last_elapsed < reply_timeout

    # In the middle of the questions too (the question before was asked by the form, but the
    # danger turn itself needs nothing from the action server).
    replies = person.say("/carry_on")  # needs the action server: the fail-safe
    assert is_fail_safe(replies), replies
    replies = person.say("he is hitting me now")
    assert [r["text"][:19] for r in replies] == ["Please call 999 now"], replies
