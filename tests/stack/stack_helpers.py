"""Helpers for the serving-topology tests: people talking over HTTP, and what Redis holds.

Each Person connects from an address of its own in 127.0.0.0/8 (all of it is this machine), as
people do from their own devices: nginx's limits are per client address, and
test_stack_logs.py checks that none of these addresses reached a log."""

from __future__ import annotations

import http.client
import itertools
import json
import threading
import time
import uuid
from typing import Any, Iterable, List, Tuple
from urllib.parse import urlsplit

HELPLINE = "08000 121 700"

# Every message any stack test sent: test_stack_logs.py checks none of it reached a log.
SENT: List[str] = []
# Every client address the tests used other than 127.0.0.1: none may reach a log.
SOURCES: set = set()
_next_source = itertools.count(1)
_source_lock = threading.Lock()


def new_source() -> str:
    """A client address of its own: 127.0.1.1, 127.0.1.2, ..."""
    with _source_lock:
        n = next(_next_source)
    address = f"127.0.{1 + n // 250}.{1 + n % 250}"
    SOURCES.add(address)
    return address


def request(
    method: str, url: str, body: bytes | None = None, headers: dict | None = None,
    source: str | None = None,
) -> Tuple[int, dict, bytes]:  # fmt: skip
    """One HTTP request, from `source` if given; (status, headers, raw body)."""
    if source:
        SOURCES.add(source)
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(
        parts.hostname, parts.port, timeout=60, source_address=(source, 0) if source else None
    )
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def post(
    url: str, body: bytes, headers: dict | None = None, source: str | None = None
) -> Tuple[int, Any, float]:
    """POST raw bytes; returns (status, parsed JSON body or None, seconds)."""
    start = time.monotonic()
    status, _, raw = request(
        "POST", url, body, {"Content-Type": "application/json", **(headers or {})}, source
    )
    elapsed = time.monotonic() - start
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = raw.decode(errors="replace")
    return status, parsed, elapsed


class Person:
    """One anonymous person, from an address of their own; each message can go to a different
    server (replica or nginx)."""

    def __init__(self, *base_urls: str, sender: str | None = None) -> None:
        self.base_urls = list(base_urls)
        self.sender = sender or f"stack-{uuid.uuid4().hex}"
        self.source = new_source()
        self.turns = 0
        self.sent: List[str] = []
        self.last_elapsed = 0.0

    def url(self, path: str, via: str | None = None) -> str:
        base = via or self.base_urls[self.turns % len(self.base_urls)]
        return f"{base}/webhooks/rest/{path}"

    def say(self, message: str, via: str | None = None) -> list:
        """One message that must be answered; the replies."""
        self.sent.append(message)
        status, replies = self.send(message, via)
        assert status == 200, (status, replies)
        assert isinstance(replies, list) and replies, replies
        return replies

    def send(self, message: str, via: str | None = None) -> Tuple[int, Any]:
        """One message, whatever the answer: (status, parsed body)."""
        SENT.append(message)
        body = json.dumps({"sender": self.sender, "message": message}).encode()
        status, replies, self.last_elapsed = post(
            self.url("webhook", via), body, source=self.source
        )
        self.turns += 1
        return status, replies

    def forget(self, via: str | None = None, content_type: str = "application/json"):
        body = json.dumps({"sender": self.sender}).encode()
        headers = {"Content-Type": content_type}
        status, reply, _ = post(self.url("forget", via), body, headers, source=self.source)
        return status, reply


def texts(replies: Iterable[dict]) -> str:
    return "\n".join(reply.get("text", "") for reply in replies)


def cards(replies: Iterable[dict]) -> list:
    return [r["custom"] for r in replies if r.get("custom", {}).get("type") == "service_card"]


def is_fail_safe(replies: list) -> bool:
    text = texts(replies)
    return "999" in text and HELPLINE in text and "something went wrong" in text


def complete_assessment(person: Person, about: str = "/about_self", age: str = "/age_adult"):
    """Greets, answers the first three questions, then "No" until the services arrive.
    Returns every reply, turn by turn."""
    replies = [person.say("/greet")]
    for answer in ["/deny", about, age]:
        replies.append(person.say(answer))
    for _ in range(10):
        replies.append(person.say("/deny"))
        if cards(replies[-1]):
            return replies
    raise AssertionError("the assessment did not finish")


def tracker(redis_client, prefix: str, sender: str) -> dict | None:
    raw = redis_client.get(f"{prefix}:tracker:{sender}")
    return json.loads(raw) if raw else None


def user_texts(redis_client, prefix: str, sender: str) -> List[str]:
    stored = tracker(redis_client, prefix, sender) or {"events": []}
    return [e.get("text") for e in stored["events"] if e.get("event") == "user"]


def keys_of(redis_client, sender: str) -> List[str]:
    return sorted(redis_client.scan_iter(match=f"*{sender}*"))
