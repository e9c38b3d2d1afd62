"""The button-payload allow-list (plain Python: no Rasa).

Rasa reads any message that starts with "/" as `/intent{"entity": "value"}` and believes it: the
intent is taken as certain and each entity can fill a slot through a `from_entity` mapping. A
person could type `/age_group{"age_group":"adult"}` or `/greet{"place":"Brighton"}` and set
answers they were never asked. So a typed "/..." reaches Rasa only when it is a payload that some
button actually offers:

- every button in the domain's responses (domain.yml, and data/responses/*.yml, which training
  merges into the model's domain), read from the loaded model so the list always matches it;
- `/contact_service{"service":"<id>"}` for every service id in actions/data/services.yml
  (actions/recommend.py builds these buttons at run time);
- `/greet`, which the widget sends when it opens (its `data-greet-payload`).

Payloads are compared after parsing (intent, and the entities as JSON), so spacing and key order
do not matter, and Rasa is given the button's own text. Anything else starting with "/":

- written like a payload, with entities or a confidence (`/intent{...}`, `/intent@0.9`): refused
  (the channel answers 400 `unknown_payload`). Nobody types JSON after a slash; this is a
  made-up or out-of-date button, and nothing of it reaches Rasa;
- anything else (`/help me`, `//danger`, `/stop`): passed on as plain words without the leading
  slashes, so a person's words are still understood (and "danger" still gets 999).

See docs/deployment.md for why.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Tuple

import yaml

PAYLOAD = re.compile(r"/(?P<intent>[A-Za-z0-9_]+)(?P<entities>\{.*\})?", re.DOTALL)
# What Rasa would parse as intent + confidence and/or entities (its pattern: rasa/shared/core/
# training_data/story_reader/yaml_story_reader.py `_regex_message_pattern`), minus spaces.
STRUCTURED = re.compile(r"/[^\s{@/]+[{@]")
WIDGET_PAYLOADS = ("/greet",)  # web/widget/chat-widget.js: data-greet-payload, default "/greet"
SERVICES_FILE = Path(__file__).resolve().parent.parent / "actions" / "data" / "services.yml"

PayloadKey = Tuple[str, str]


def parse_payload(text: str) -> Tuple[str, Dict[str, Any]] | None:
    """(intent, entities) for a `/intent` or `/intent{...}` text, else None."""
    match = PAYLOAD.fullmatch(text)
    if not match:
        return None
    entities: Any = {}
    if match["entities"]:
        try:
            entities = json.loads(match["entities"])
        except json.JSONDecodeError:
            return None
        if not isinstance(entities, dict):
            return None
    return match["intent"], entities


def payload_key(text: str) -> PayloadKey | None:
    """(intent, entities as canonical JSON) for a `/intent{...}` text, else None."""
    parsed = parse_payload(text)
    if parsed is None:
        return None
    intent, entities = parsed
    return intent, json.dumps(entities, sort_keys=True, separators=(",", ":"))


def button_payloads(responses: Mapping[str, Any]) -> Iterator[str]:
    """Every "/..." payload of every button in a domain's `responses`."""
    for variations in (responses or {}).values():
        for variation in variations or []:
            if not isinstance(variation, dict):
                continue
            for button in variation.get("buttons") or []:
                payload = button.get("payload") if isinstance(button, dict) else None
                if isinstance(payload, str) and payload.strip().startswith("/"):
                    yield payload.strip()


def service_ids(path: Path = SERVICES_FILE) -> List[str]:
    """The service ids in the service directory (actions/data/services.yml)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return [str(s["id"]) for s in data.get("services") or [] if isinstance(s, dict) and "id" in s]


def contact_payloads(ids: Iterable[str]) -> Iterator[str]:
    """The buttons actions/recommend.py builds: /contact_service{"service":"<id>"}."""
    for service_id in ids:
        yield "/contact_service" + json.dumps({"service": service_id}, separators=(",", ":"))


class UnknownPayload(ValueError):
    """A typed `/intent{...}` or `/intent@...` that no button offers."""


class PayloadAllowList:
    """The payloads a person may send; `resolve()` decides what Rasa is given."""

    def __init__(self, payloads: Iterable[str]) -> None:
        self._canonical: dict[PayloadKey, str] = {}
        for payload in payloads:
            key = payload_key(payload)
            if key is None:
                raise ValueError(f"Not a /intent{{...}} button payload: {payload!r}")
            self._canonical.setdefault(key, payload)

    @classmethod
    def from_sources(
        cls,
        responses: Mapping[str, Any],
        services: Iterable[str] = (),
        extra: Iterable[str] = WIDGET_PAYLOADS,
    ) -> PayloadAllowList:
        return cls([*button_payloads(responses), *contact_payloads(services), *extra])

    def __len__(self) -> int:
        return len(self._canonical)

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and payload_key(text.strip()) in self._canonical

    def resolve(self, text: str) -> str:
        """What to give Rasa for a (trimmed) message.

        An offered payload -> the button's payload. `/intent{...}` or `/intent@...` not offered
        -> UnknownPayload. Other text starting with "/" -> the same words without the leading
        slashes (so Rasa never parses it; may be ""). Anything else -> unchanged.
        """
        if not text.startswith("/"):
            return text
        key = payload_key(text)
        if key in self._canonical:
            return self._canonical[key]
        if STRUCTURED.match(text):
            raise UnknownPayload(text)
        while text.startswith("/"):
            text = text[1:].lstrip()
        return text
