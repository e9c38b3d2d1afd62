"""Responses rendered as Rasa renders them, except that button payloads are left as written.

Rasa fills `{slot}` placeholders in every string of a response, button payloads included
(rasa/core/nlg/response.py `_fill_response`, rasa/core/nlg/interpolator.py `interpolate_text`).
A payload such as `/ask_topic{"topic":"nrm"}` holds JSON braces, which the interpolator takes
for a placeholder named `"topic":"nrm"`: a KeyError, which it logs at ERROR with a traceback
whose local variables include every slot value (words the person typed), before sending the
payload unchanged. Every topic button cost one such ERROR line.

Here the payloads are set aside while Rasa fills the rest of the response, then put back as
they were: a payload is sent back to the server, never shown, so there is nothing to fill in
it. Texts and titles are still filled (and a placeholder with no slot is still an ERROR).

Named in endpoints.yml (`nlg: type: serving.nlg.LiteralPayloadNLG`). Rasa creates it with the
endpoint configuration and the domain, and gives it the responses of each model it loads
(rasa/core/agent.py `load_model`, as for any TemplatedNaturalLanguageGenerator).
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.core.nlg import TemplatedNaturalLanguageGenerator

# The response keys whose items are buttons with a payload (rasa/core/nlg/response.py).
BUTTON_KEYS = ("buttons", "quick_replies")
_NONE = object()  # a button without a payload


class LiteralPayloadNLG(TemplatedNaturalLanguageGenerator):
    def __init__(self, endpoint_config: Any = None, domain: Any = None) -> None:
        super().__init__(domain.responses if domain is not None else {})

    def _fill_response(
        self,
        response: Dict[str, Any],
        filled_slots: Dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> Dict[str, Any]:
        # `response` is Rasa's own deep copy of the domain's response: safe to change.
        set_aside: Dict[str, List[Any]] = {
            key: [_take_payload(button) for button in response[key]]
            for key in BUTTON_KEYS
            if isinstance(response.get(key), list)
        }
        filled = super()._fill_response(response, filled_slots, **kwargs)
        for key, payloads in set_aside.items():
            for button, payload in zip(filled[key], payloads, strict=True):
                if payload is not _NONE:
                    button["payload"] = payload
        return filled


def _take_payload(button: Any) -> Any:
    if isinstance(button, dict) and "payload" in button:
        return button.pop("payload")
    return _NONE
