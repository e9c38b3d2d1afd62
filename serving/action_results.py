"""Rasa's check of each action-server reply, with the schema's validator built once.

Rasa 3.6 checks every reply of the action server against its response schema with
`jsonschema.validate` (`rasa.core.actions.action.RemoteAction._validate_action_result`), which
checks the schema itself and builds a new validator on every call: about 29 ms per reply on this
machine, against 1.7 ms with a validator built once (docs/benchmarks.md, "Speed"). The schema never
changes, so it is compiled once here. The check stays: a reply the schema refuses goes to Rasa's
own method, which raises its own error with its own message.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict

from jsonschema import validators
from rasa.core.actions.action import RemoteAction

_RASA_CHECK = RemoteAction._validate_action_result


@lru_cache(maxsize=1)
def _validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)  # once, as jsonschema.validate does on every call
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    if _validator().is_valid(result):
        return True
    return _RASA_CHECK(self, result)  # refused: Rasa's own check raises Rasa's own error


def install() -> None:
    """Idempotent; called when the REST channel starts (serving/rest_channel.py)."""
    RemoteAction._validate_action_result = _validate_action_result
