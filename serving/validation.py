"""Checks on what arrives at the REST channel (plain Python: no Rasa, no Sanic).

A request is refused with a 4xx status and a JSON body `{"error": <code>, "message": <words>}`.
The message says what was wrong, never echoes what was sent (it may be someone's words), and is
the same for the widget and for curl.

Limits (documented in docs/deployment.md):
- the Content-Type must be application/json: a browser on another site can send text/plain or a
  form without asking first, but JSON needs a CORS preflight, which the server refuses to any
  origin but the council page's. The forget route also takes text/plain (the widget's
  `navigator.sendBeacon`): see `require_forget_content_type`;
- the body must be a JSON object of at most MAX_BODY_BYTES bytes (16 KiB) that Python's parser
  can read: nesting too deep or a number too long for it is a 400, not a server error;
- `sender`: 16 to 64 characters, letters, digits, `-` and `_` (the widget sends a random UUID,
  36 characters: a short id could be guessed, and then forgotten or read by someone else);
- `message`: a string of 1 to MAX_MESSAGE_CHARS characters (1000, the widget's text box limit)
  after trimming spaces, with no control characters other than tab and new line, and no lone
  surrogates (broken UTF-16 from a bad client).
Other fields (`metadata`, `input_channel`, ...) are ignored: nothing else from the request is
stored with the conversation.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Dict

MAX_BODY_BYTES = 16 * 1024
# Sanic's own limit on the Rasa port (its default is 100 MB, read before any check here): a
# larger body, or a Content-Length announcing one, is refused with 413 before it is read.
# The same as nginx's client_max_body_size.
MAX_REQUEST_BYTES = 32 * 1024
JSON_MEDIA_TYPE = "application/json"
# What navigator.sendBeacon sends for a string body (text/plain;charset=UTF-8).
BEACON_MEDIA_TYPE = "text/plain"
MIN_SENDER_CHARS = 16
MAX_SENDER_CHARS = 64
SENDER_PATTERN = re.compile(rf"[A-Za-z0-9_-]{{{MIN_SENDER_CHARS},{MAX_SENDER_CHARS}}}")
ALLOWED_CONTROL = {"\t", "\n", "\r"}


class RequestRejected(Exception):
    """The request cannot be used; `status` and `body()` are what to answer."""

    def __init__(self, status: int, error: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message

    def body(self) -> Dict[str, str]:
        return {"error": self.error, "message": self.message}


@dataclass(frozen=True)
class IncomingMessage:
    sender: str
    text: str


NOT_JSON = RequestRejected(
    415, "unsupported_media_type", 'The request must be sent as "application/json".'
)


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def require_json_content_type(content_type: str | None) -> None:
    """RequestRejected (415) unless the media type is application/json (parameters such as
    charset are allowed)."""
    if _media_type(content_type) != JSON_MEDIA_TYPE:
        raise NOT_JSON


def require_forget_content_type(content_type: str | None) -> None:
    """The forget route takes application/json or text/plain (415 otherwise).

    Why text/plain is safe here, and only here: the widget sends the forget with
    navigator.sendBeacon on Exit and when the page goes away, which is delivered even as the
    page unloads but can only send a "simple" request (text/plain, no preflight). A page on
    another site can send the same request, but all it can do is make the server forget a
    conversation whose random id it already knows (the id lives only in the widget's memory;
    guessing one of 36 random characters is hopeless). Forgetting is idempotent, answers nothing
    about the conversation, and CORS still stops that page reading the answer. The message
    route stays JSON-only: a message has effects a stranger must not cause.
    """
    if _media_type(content_type) not in (JSON_MEDIA_TYPE, BEACON_MEDIA_TYPE):
        raise NOT_JSON


def _json_object(body: bytes) -> Dict[str, Any]:
    if len(body) > MAX_BODY_BYTES:
        raise RequestRejected(
            413, "body_too_large", f"The request body is larger than {MAX_BODY_BYTES} bytes."
        )
    if not body.strip():
        raise RequestRejected(400, "empty_body", "The request body is empty: send a JSON object.")
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise RequestRejected(
            400, "malformed_json", "The request body is not valid JSON."
        ) from None
    except (RecursionError, ValueError):
        # Nesting deeper than Python's recursion limit, or an integer longer than its
        # int_max_str_digits (4300): valid JSON, but not something a person sends.
        raise RequestRejected(
            400,
            "json_too_complex",
            "The request body is nested too deeply or has too long a number.",
        ) from None
    if not isinstance(data, dict):
        raise RequestRejected(400, "not_an_object", "The request body must be a JSON object.")
    return data


def _sender(data: Dict[str, Any]) -> str:
    if "sender" not in data or data["sender"] is None:
        raise RequestRejected(400, "missing_sender", 'The field "sender" is missing.')
    sender = data["sender"]
    if not isinstance(sender, str) or not SENDER_PATTERN.fullmatch(sender):
        raise RequestRejected(
            400,
            "invalid_sender",
            f'The field "sender" must be {MIN_SENDER_CHARS} to {MAX_SENDER_CHARS} letters, '
            'digits, "-" or "_".',
        )
    return sender


def find_bad_character(text: str) -> str | None:
    """The Unicode category of the first character that is not allowed, or None."""
    for char in text:
        category = unicodedata.category(char)
        if category == "Cc" and char not in ALLOWED_CONTROL:
            return "control character"
        if category == "Cs":
            return "broken character (lone surrogate)"
    return None


def _text(data: Dict[str, Any], max_chars: int) -> str:
    if "message" not in data or data["message"] is None:
        raise RequestRejected(400, "missing_message", 'The field "message" is missing.')
    text = data["message"]
    if not isinstance(text, str):
        raise RequestRejected(400, "invalid_message", 'The field "message" must be a string.')
    text = text.strip()
    if not text:
        raise RequestRejected(400, "empty_message", 'The field "message" is empty.')
    if len(text) > max_chars:
        raise RequestRejected(
            400, "message_too_long", f"The message is longer than {max_chars} characters."
        )
    bad = find_bad_character(text)
    if bad:
        raise RequestRejected(400, "invalid_characters", f"The message contains a {bad}.")
    return text


def parse_message_request(body: bytes, max_chars: int) -> IncomingMessage:
    """The sender and the (trimmed) text of a webhook request, or RequestRejected."""
    data = _json_object(body)
    sender = _sender(data)
    return IncomingMessage(sender=sender, text=_text(data, max_chars))


def parse_forget_request(body: bytes) -> str:
    """The sender of a forget request, or RequestRejected."""
    return _sender(_json_object(body))
