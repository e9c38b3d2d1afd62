"""Fixtures for tests against the running stack (started by scripts/test_live.sh)."""

import json
import os
import urllib.request
import uuid

import pytest


@pytest.fixture(scope="session")
def rasa_url() -> str:
    url = os.environ.get("LIVE_RASA_URL")
    if not url:
        pytest.fail("LIVE_RASA_URL is not set: run these through scripts/test_live.sh")
    return url.rstrip("/")


class Conversation:
    """One anonymous person talking to the REST channel."""

    def __init__(self, base_url: str) -> None:
        self.url = f"{base_url}/webhooks/rest/webhook"
        self.sender = f"test-{uuid.uuid4().hex}"

    def say(self, message: str) -> list:
        body = json.dumps({"sender": self.sender, "message": message}).encode()
        request = urllib.request.Request(
            self.url, data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200
            return json.loads(response.read())


@pytest.fixture
def conversation(rasa_url: str) -> Conversation:
    return Conversation(rasa_url)


def texts(replies: list) -> str:
    return "\n".join(reply.get("text", "") for reply in replies)


def cards(replies: list) -> list:
    return [r["custom"] for r in replies if r.get("custom", {}).get("type") == "service_card"]
