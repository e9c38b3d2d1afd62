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

AssistantNLG adds the translation (below). Named in endpoints.yml
(`nlg: type: serving.nlg.AssistantNLG`). Rasa creates it with the
endpoint configuration and the domain, and gives it the responses of each model it loads
(rasa/core/agent.py `load_model`, as for any TemplatedNaturalLanguageGenerator).
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.core.nlg import TemplatedNaturalLanguageGenerator

from languages.catalogue import ENGLISH
from languages.translate import LANGUAGE_SLOT, UNREVIEWED_NOTE, Translator, translator
from serving.payloads import parse_payload

# The response keys whose items are buttons with a payload (rasa/core/nlg/response.py).
BUTTON_KEYS = ("buttons", "quick_replies")
_NONE = object()  # a button without a payload
SET_LANGUAGE_INTENT = "set_language"
LANGUAGE_SET_RESPONSE = "utter_language_set"


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


class AssistantNLG(LiteralPayloadNLG):
    """LiteralPayloadNLG, then in the conversation's language (its `language` slot): the text and
    the button titles from the catalogues in data/languages/ (languages/translate.py). A text
    with no translation yet stays in English, so nothing is ever lost. The safety answers are
    static responses like any other, so they come in the language chosen without the action
    server. Buttons that choose a language turned off (LANGUAGES_OFF) are left out."""

    def generate_from_slots(
        self,
        utter_action: str,
        filled_slots: Dict[str, Any],
        output_channel: str,
        **kwargs: Any,
    ) -> Dict[str, Any] | None:
        response = super().generate_from_slots(utter_action, filled_slots, output_channel, **kwargs)
        if response is None:
            return None
        languages = translator()
        _drop_languages_turned_off(response, languages)
        code = filled_slots.get(LANGUAGE_SLOT)
        if not languages.supports(code):
            return response
        if response.get("text"):
            response["text"] = languages.text(response["text"], code)
            if utter_action == LANGUAGE_SET_RESPONSE and not languages.catalogues[code].reviewed:
                note = languages.text(UNREVIEWED_NOTE, code)
                response["text"] = f"{response['text']}\n\n{note}"
        for key in BUTTON_KEYS:
            for button in response.get(key) or []:
                if isinstance(button, dict) and isinstance(button.get("title"), str):
                    button["title"] = languages.text(button["title"], code)
        return response


def _drop_languages_turned_off(response: Dict[str, Any], languages: Translator) -> None:
    for key in BUTTON_KEYS:
        if isinstance(response.get(key), list):
            response[key] = [
                button
                for button in response[key]
                if (code := chosen_language(button)) is None
                or code == ENGLISH
                or languages.supports(code)
            ]


def chosen_language(button: Any) -> str | None:
    """The language a /set_language{"language": "ro"} button chooses, or None."""
    payload = button.get("payload") if isinstance(button, dict) else None
    parsed = parse_payload(payload) if isinstance(payload, str) else None
    if parsed is None or parsed[0] != SET_LANGUAGE_INTENT:
        return None
    return parsed[1].get(LANGUAGE_SLOT)
