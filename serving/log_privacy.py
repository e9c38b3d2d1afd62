"""No user text in the logs (plain Python; needs only structlog, which Rasa configures).

At its default level (INFO) Rasa 3.6 logs a person's words in a few places:
- structlog events with the text as a field, e.g. "message.parsing.failed" (user_text=...) at
  WARNING for an unparseable "/..." message (rasa/shared/core/training_data/story_reader/
  yaml_story_reader.py), and "rest.message.received.failure" (text=...) in the stock REST channel;
- Python warnings that quote the line, e.g. "Failed to parse arguments in line '/...'";
- the traceback of a structlog event logged with an exception: when its output is not a
  terminal, Rasa renders it with every frame's local variables
  (`structlog.processors.dict_tracebacks`), and those can hold slot values, e.g. in
  rasa/core/nlg/interpolator.py `interpolate_text`.
The payload allow-list keeps such messages away from Rasa's parser and the hardened channel
never logs text, but as a second line of defence:
- a structlog processor blanks every field Rasa itself treats as sensitive (the list in
  rasa/utils/log_utils.py `_anonymizer`), at every level;
- another replaces an event's exception by its type and where it was raised (file, line,
  function), without its message or any variable, so the error is still seen;
- the "Failed to parse arguments in line" warnings are silenced.
"""

from __future__ import annotations

import sys
import traceback
import warnings
from pathlib import Path
from typing import Any, Dict

REDACTED = "[redacted]"

# rasa/utils/log_utils.py `_anonymizer`: the structlog fields that can hold what a person typed.
SENSITIVE_KEYS = frozenset(
    {
        "text",
        "response_text",
        "user_text",
        "slot_values",
        "parse_data_text",
        "parse_data_entities",
        "prediction_events",
        "tracker_latest_message",
        "prefilled_slots",
        "message",
        "response",
        "slot_candidates",
        "rasa_event",
        "rasa_events",
        "tracker_states",
        "current_states",
        "old_states",
        "successes",
        "current_entity",
        "next_entity",
        "states",
        "entity",
        "token_text",
        "user_message",
        "json_message",
    }
)

PARSE_WARNING = r"Failed to parse arguments in line"
# structlog's console renderer (a terminal only) warns when an exception arrives already
# described: here that is on purpose.
CONSOLE_WARNING = r"Remove `format_exc_info` from your processor chain"


def redact_user_text(_logger: Any, _method: str, event_dict: Dict[str, Any]) -> Dict[str, Any]:
    """structlog processor: blank the fields that can hold user text."""
    for key in SENSITIVE_KEYS.intersection(event_dict):
        event_dict[key] = REDACTED
    return event_dict


def describe_exception(exc_info: Any) -> str | None:
    """E.g. "KeyError at a.py:3 f > b.py:9 g", for an exception, an exc_info tuple, or True (the
    exception being handled)."""
    if exc_info is True:
        exc_info = sys.exc_info()
    error = exc_info[1] if isinstance(exc_info, tuple) else exc_info
    if not isinstance(error, BaseException):
        return None
    frames = traceback.extract_tb(error.__traceback__)
    where = " > ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in frames)
    return f"{type(error).__name__} at {where}" if where else type(error).__name__


def exception_without_values(
    _logger: Any, _method: str, event_dict: Dict[str, Any]
) -> Dict[str, Any]:
    """structlog processor: the exception as type and place only (see the module docstring)."""
    if event_dict.get("exc_info"):
        described = describe_exception(event_dict["exc_info"])
        if described:
            event_dict["exception"] = described
        # False, not removed: structlog's set_exc_info would put True back.
        event_dict["exc_info"] = False
    return event_dict


def install() -> None:
    """Idempotent. Call after Rasa has configured structlog (i.e. from inside `rasa run`)."""
    import structlog

    # Rasa's loggers hold a reference to this very list (cache_logger_on_first_use), so the
    # processor is inserted in place: loggers already used pick it up too.
    processors = structlog.get_config()["processors"]
    for processor in (exception_without_values, redact_user_text):
        if processor not in processors and isinstance(processors, list):
            processors.insert(0, processor)
    warnings.filterwarnings("ignore", message=PARSE_WARNING)
    warnings.filterwarnings("ignore", message=CONSOLE_WARNING)
