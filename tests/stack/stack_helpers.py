"""Helpers for the serving-topology tests: people talking over HTTP, and what Redis holds."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from typing import Any, Iterable, List, Tuple

HELPLINE = "08000 121 700"

# Every message any stack test sent: test_stack_logs.py checks none of it reached a log.
SENT: List[str] = []


def post(url: str, body: bytes, headers: dict | None = None) -> Tuple[int, Any, float]:
    """POST raw bytes; returns (status, parsed JSON body or None, seconds)."""
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json", **(headers or {})}
    )
    start = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    elapsed = time.monotonic() - start
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = raw.decode(errors="replace")
    return status, parsed, elapsed


class Person:
    """One anonymous person; each message can go to a different server (replica or nginx)."""

    def __init__(self, *base_urls: str, sender: str | None = None) -> None:
        self.base_urls = list(base_urls)
        self.sender = sender or f"stack-{uuid.uuid4().hex}"
        self.turns = 0
        self.sent: List[str] = []
        self.last_elapsed = 0.0

    def url(self, path: str, via: str | None = None) -> str:
        base = via or self.base_urls[self.turns % len(self.base_urls)]
        return f"{base}/webhooks/rest/{path}"

    def say(self, message: str, via: str | None = None) -> list:
        SENT.append(message)
        self.sent.append(message)
        body = json.dumps({"sender": self.sender, "message": message}).encode()
        status, replies, self.last_elapsed = post(self.url("webhook", via), body)
        self.turns += 1
        assert status == 200, (status, replies)
        assert isinstance(replies, list) and replies, replies
        return replies

    def forget(self, via: str | None = None) -> Tuple[int, Any]:
        body = json.dumps({"sender": self.sender}).encode()
        status, reply, _ = post(self.url("forget", via), body)
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
