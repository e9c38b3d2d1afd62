"""No user text in the logs (plain Python; needs only structlog, which Rasa configures).

At its default level (INFO) Rasa 3.6 logs a person's words in a few places:
- structlog events with the text as a field, e.g. "message.parsing.failed" (user_text=...) at
  WARNING for an unparseable "/..." message (rasa/shared/core/training_data/story_reader/
  yaml_story_reader.py), and "rest.message.received.failure" (text=...) in the stock REST channel;
- Python warnings that quote the line, e.g. "Failed to parse arguments in line '/...'".
The payload allow-list keeps such messages away from Rasa's parser and the hardened channel
never logs text, but as a second line of defence:
- a structlog processor blanks every field Rasa itself treats as sensitive (the list in
  rasa/utils/log_utils.py `_anonymizer`), at every level;
- the "Failed to parse arguments in line" warnings are silenced.
"""

from __future__ import annotations

import warnings
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


def redact_user_text(_logger: Any, _method: str, event_dict: Dict[str, Any]) -> Dict[str, Any]:
    """structlog processor: blank the fields that can hold user text."""
    for key in SENSITIVE_KEYS.intersection(event_dict):
        event_dict[key] = REDACTED
    return event_dict


def install() -> None:
    """Idempotent. Call after Rasa has configured structlog (i.e. from inside `rasa run`)."""
    import structlog

    # Rasa's loggers hold a reference to this very list (cache_logger_on_first_use), so the
    # processor is inserted in place: loggers already used pick it up too.
    processors = structlog.get_config()["processors"]
    if redact_user_text not in processors and isinstance(processors, list):
        processors.insert(0, redact_user_text)
    warnings.filterwarnings("ignore", message=PARSE_WARNING)
