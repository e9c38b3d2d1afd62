"""A custom action that fails answers with the fixed fail-safe response, and logs no words.

Without this, an exception inside an action reaches the Rasa SDK, which logs it with its message
and answers HTTP 500 with the whole request in the body (`request_body`: every message and slot
of the conversation); Rasa then logs that body at ERROR in the traceback of "Encountered an
exception while running action" (rasa_sdk/endpoint.py `exception_handler`, then
`rasa.core.actions.action.RemoteAction.run` and `rasa.core.processor` `_run_action`).

With `@fails_safe` on `run`, the exception stops here:
- the log line has the action's name, the exception's type and where it was raised (file, line,
  function), never the exception's message or any value, which may hold what the person typed;
- the person gets `utter_fail_safe` (999 and the Helpline, from domain.yml), instead of whatever
  the action had said before it failed (half a list of services is worse than none);
- a form validation action accepts nothing: the answers it was checking are cleared, so the
  form asks the question again rather than keeping an unchecked value.
"""

from __future__ import annotations

import functools
import logging
import traceback
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction

FAIL_SAFE_RESPONSE = "utter_fail_safe"

logger = logging.getLogger(__name__)

Run = Callable[[Any, CollectingDispatcher, Tracker, Dict[str, Any]], Awaitable[List[Any]]]


def where(error: BaseException) -> str:
    """The frames the exception went through, as file:line function (no messages, no values)."""
    frames = traceback.extract_tb(error.__traceback__)
    return " > ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in frames)


def fails_safe(run: Run) -> Run:
    """Decorator for an action's `run` (see the module docstring)."""

    @functools.wraps(run)
    async def guarded(
        self: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Any]:
        try:
            return await run(self, dispatcher, tracker, domain)
        except Exception as error:  # noqa: BLE001 - any bug or bad data edit, by design
            logger.error(
                f"Action {self.name()} failed with {type(error).__name__} at {where(error)}; "
                "answered with the fail-safe response."
            )
            dispatcher.messages.clear()
            dispatcher.utter_message(response=FAIL_SAFE_RESPONSE)
            if isinstance(self, ValidationAction):
                return [SlotSet(name, None) for name in tracker.slots_to_validate()]
            return []

    guarded.fails_safe = True  # type: ignore[attr-defined]
    return guarded
