"""The fail-safe reply, and noticing that a turn went wrong (plain Python: no Rasa, no Sanic).

Rasa 3.6 says nothing when a custom action fails (the action server is down, or answers with an
error): `MessageProcessor._run_action` logs "Encountered an exception while running action ..."
and carries on with the action's events lost. And it waits up to 300 s for an action server that
hangs. The REST channel therefore sends the domain response `utter_fail_safe` (999 and the
Helpline) when:

- the answer does not arrive within REPLY_TIMEOUT_SECONDS (the turn is then cancelled: see
  rest_channel.py and docs/deployment.md), or
- the answer is empty, or
- an action failed during the turn (the fail-safe comes after whatever was said).
"""

from __future__ import annotations

import contextvars
import logging
from typing import Any, Dict, Iterable, List, Mapping, Set

from languages.translate import translator

FAIL_SAFE_RESPONSE = "utter_fail_safe"
# The 999 answers (data/rules/safety.yml). If one was already said when a turn times out or fails,
# it is sent before the fail-safe: a person in danger must not lose it to a late action.
SAFETY_RESPONSES = (
    "utter_danger_999",
    "utter_danger_ambulance",
    "utter_danger_fire",
    "utter_danger_self_harm",
)

# Used only if the loaded model has no `utter_fail_safe` (or no model is loaded yet).
FALLBACK_TEXT = (
    "Sorry, something went wrong on our side. If anyone is in danger, call 999. "
    "For help at any time, call the Modern Slavery & Exploitation Helpline free on 08000 121 700."
)

# The line Rasa 3.6 logs (rasa/core/processor.py, MessageProcessor._run_action) when an action
# raises: the only trace the channel gets of a failed action.
ACTION_FAILED_LOG = "Encountered an exception while running action"
PROCESSOR_LOGGER = "rasa.core.processor"


def fail_safe_messages(
    responses: Mapping[str, Any] | None, recipient_id: str
) -> List[Dict[str, Any]]:
    """`utter_fail_safe` in the REST channel's reply format (one message)."""
    variation: Dict[str, Any] = {}
    for candidate in (responses or {}).get(FAIL_SAFE_RESPONSE) or []:
        if isinstance(candidate, dict) and candidate.get("text") and not candidate.get("condition"):
            variation = candidate
            break
    message: Dict[str, Any] = {
        "recipient_id": recipient_id,
        "text": variation.get("text") or FALLBACK_TEXT,
    }
    buttons = variation.get("buttons")
    if buttons:
        message["buttons"] = [
            {"title": b["title"], "payload": b["payload"]}
            for b in buttons
            if isinstance(b, dict) and "title" in b and "payload" in b
        ]
    return [message]


STOPPED_RESPONSE = "utter_stopped"


def _texts_of(responses: Mapping[str, Any] | None, names: Iterable[str]) -> Set[str]:
    """The fixed texts of the named responses (every variation), in English and in every enabled
    language (serving/nlg.py translates them as it sends them)."""
    english = {
        (variation.get("text") or "").strip()
        for name in names
        for variation in (responses or {}).get(name) or []
        if isinstance(variation, dict)
    } - {""}
    languages = translator()
    return english | {
        languages.text(text, code).strip() for text in english for code in languages.catalogues
    }


def says_response(
    collected: List[Dict[str, Any]], responses: Mapping[str, Any] | None, name: str
) -> bool:
    """Whether one of the collected messages is the response `name` (matched by its fixed text)."""
    texts = _texts_of(responses, [name])
    return any((m.get("text") or "").strip() in texts for m in collected)


def safety_messages(
    collected: List[Dict[str, Any]], responses: Mapping[str, Any] | None
) -> List[Dict[str, Any]]:
    """The collected messages that are one of the 999 answers (matched by their fixed text)."""
    texts = _texts_of(responses, SAFETY_RESPONSES)
    return [m for m in collected if (m.get("text") or "").strip() in texts]


class TurnWatch:
    """What happened during one turn that the reply alone does not show."""

    def __init__(self) -> None:
        self.action_failed = False


CURRENT_TURN: contextvars.ContextVar[TurnWatch | None] = contextvars.ContextVar(
    "current_turn", default=None
)


def exception_types(error: BaseException | None) -> str:
    """The types in an exception's chain, with an HTTP status where there is one; no messages."""
    names = []
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        status = getattr(error, "status", None)
        names.append(type(error).__name__ + (f" {status}" if isinstance(status, int) else ""))
        error = error.__cause__ or error.__context__
    return " from ".join(names)


class ActionFailureFilter(logging.Filter):
    """Marks the current turn when Rasa logs that an action failed, and keeps the conversation
    out of that log line. Never hides the record.

    The record is emitted inside the turn's task, whose context holds that turn's TurnWatch
    (asyncio copies the context when the task is created), so concurrent turns do not mix.

    Rasa logs the failure with its traceback, and when the action server answered with an error
    the traceback quotes the answer: the Rasa SDK puts the whole request (every message and
    slot) in it (rasa/utils/endpoints.py ClientResponseError). The traceback is replaced by the
    exception types, e.g. "RasaException from ClientResponseError 500".
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR and str(record.msg).startswith(ACTION_FAILED_LOG):
            turn = CURRENT_TURN.get()
            if turn is not None:
                turn.action_failed = True
            if record.exc_info:
                error = record.exc_info[1]
                record.msg = f"{record.getMessage()} [{exception_types(error)}]"
                record.args = ()
                record.exc_info = None
                record.exc_text = None
        return True


_FILTER = ActionFailureFilter()


def install_action_failure_filter() -> None:
    """Idempotent: adds the filter to Rasa's processor logger once."""
    logger = logging.getLogger(PROCESSOR_LOGGER)
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
