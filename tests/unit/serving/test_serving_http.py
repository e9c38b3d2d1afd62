"""The hardened channel over real HTTP: Rasa's own app (`rasa.core.run.configure_app`, as
`rasa run` builds it, REST channel only, CORS for one origin) served by Sanic on a free local
port, with a stand-in agent instead of a model. Checks what only a real server shows: the
Content-Type rule, CORS preflights, Sanic's request size limit, the message cap (429), the
tombstone of a forgotten conversation (410), and no version on GET /."""

import json
import socket
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from rasa.core.run import configure_app
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from sanic_thread import ServerThread

from serving.rest_channel import HardenedRestInput
from serving.tracker_store import ExpiringInMemoryTrackerStore
from serving.validation import MAX_REQUEST_BYTES

ROOT = Path(__file__).resolve().parents[3]
RESPONSES = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
COUNCIL = "https://www.brighton-hove.gov.uk"
ELSEWHERE = "https://elsewhere.example"
NOT_JSON = {
    "error": "unsupported_media_type",
    "message": 'The request must be sent as "application/json".',
}


class StandInAgent:
    """What the channel uses of Rasa's Agent: the domain, the stores, handle_message."""

    def __init__(self) -> None:
        self.domain = SimpleNamespace(responses=RESPONSES)
        self.tracker_store = ExpiringInMemoryTrackerStore(Domain.empty(), ttl_seconds=600)
        self.lock_store = None
        self.heard: list = []

    async def handle_message(self, message) -> None:
        # As Rasa does: load the conversation, add the message, save it.
        self.heard.append(message.text)
        store = self.tracker_store
        tracker = await store.get_or_create_tracker(message.sender_id)
        tracker.update(UserUttered(message.text))
        await store.save(tracker)
        await message.output_channel.send_text_message(message.sender_id, "Hello.")


MAX_MESSAGES = 5


def make_app():
    channel = HardenedRestInput(reply_timeout_seconds=2, max_messages=MAX_MESSAGES)
    app = configure_app([channel], cors=COUNCIL, enable_api=False)
    app.ctx.agent = StandInAgent()
    return app


@pytest.fixture(scope="module")
def server():
    with ServerThread(make_app) as running:
        running.agent = running.app.ctx.agent
        yield running


def post(url: str, body: bytes, content_type: str | None, **headers: str):
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    if content_type is not None:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read() or b"null")


def message(sender: str, text: str) -> bytes:
    return json.dumps({"sender": sender, "message": text}).encode()


def new_sender(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex}"


def say(server, sender: str, text: str = "hello"):
    status, _, body = post(
        f"{server.url}/webhooks/rest/webhook", message(sender, text), "application/json"
    )
    return status, body


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",  # what a page on another site can send without a preflight
        "text/plain;charset=UTF-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/jsonp",
        "application/octet-stream",
    ],
)
def test_a_message_not_sent_as_json_is_refused_with_415_and_not_processed(server, content_type):
    before = list(server.agent.heard)
    status, _, body = post(
        f"{server.url}/webhooks/rest/webhook",
        message("sender-text-plain", "hello"),
        content_type,
        Origin=ELSEWHERE,
    )
    assert (status, body) == (415, NOT_JSON)
    assert server.agent.heard == before


def test_a_message_sent_as_json_is_answered(server):
    sender = new_sender("sender-json")
    for content_type in ["application/json", "Application/JSON; charset=utf-8"]:
        status, _, body = post(
            f"{server.url}/webhooks/rest/webhook", message(sender, "hello"), content_type
        )
        assert status == 200
        assert body == [{"recipient_id": sender, "text": "Hello.", "lang": "en"}]


def remember(server: ServerThread, sender: str) -> None:
    async def save():
        store = server.agent.tracker_store
        tracker = await store.get_or_create_tracker(sender)
        tracker.update(UserUttered("hello"))
        await store.save(tracker)

    server.run(save())


def test_forget_takes_json_or_text_plain_and_nothing_else(server):
    forget = f"{server.url}/webhooks/rest/forget"
    for content_type in ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]:
        sender = new_sender("sender-form")
        remember(server, sender)
        body = json.dumps({"sender": sender}).encode()
        assert post(forget, body, content_type, Origin=ELSEWHERE)[::2] == (415, NOT_JSON)
        assert sender in server.agent.tracker_store.store
    # The widget's Exit and page close: navigator.sendBeacon sends text/plain, without a
    # preflight (the browser does not read the answer).
    sender = new_sender("sender-beacon")
    remember(server, sender)
    body = json.dumps({"sender": sender}).encode()
    status, _, reply = post(forget, body, "text/plain;charset=UTF-8", Origin=COUNCIL)
    assert (status, reply) == (200, {"status": "forgotten"})
    assert sender not in server.agent.tracker_store.store
    # A JSON POST from the council page still works, and CORS lets it read the answer.
    sender = new_sender("sender-exit")
    remember(server, sender)
    body = json.dumps({"sender": sender}).encode()
    status, headers, reply = post(forget, body, "application/json", Origin=COUNCIL)
    assert (status, reply) == (200, {"status": "forgotten"})
    assert headers["Access-Control-Allow-Origin"] == COUNCIL
    assert sender not in server.agent.tracker_store.store


def test_a_message_to_a_forgotten_conversation_gets_410_and_is_not_processed(server):
    sender = new_sender("sender-gone")
    assert say(server, sender)[0] == 200
    body = json.dumps({"sender": sender}).encode()
    forget = f"{server.url}/webhooks/rest/forget"
    assert post(forget, body, "text/plain")[0] == 200
    heard = len(server.agent.heard)
    status, reply = say(server, sender, "are you still there")
    assert (status, reply["error"]) == (410, "conversation_forgotten")
    assert len(server.agent.heard) == heard  # Rasa never saw it
    assert sender not in server.agent.tracker_store.store  # and nothing was stored again
    # The tombstone keeps a hash of the id, never the id itself.
    assert sender not in repr(server.agent.tracker_store._tombstones)
    # A new id works at once.
    assert say(server, new_sender("sender-new"))[0] == 200


def test_forgetting_an_id_nobody_used_leaves_nothing_behind(server):
    tombstones = dict(server.agent.tracker_store._tombstones)
    body = json.dumps({"sender": new_sender("sender-never")}).encode()
    assert post(f"{server.url}/webhooks/rest/forget", body, "text/plain")[0] == 200
    assert server.agent.tracker_store._tombstones == tombstones


def test_no_conversation_gets_more_messages_than_the_cap(server):
    sender = new_sender("sender-long")
    for turn in range(1, MAX_MESSAGES + 1):
        assert say(server, sender, f"message {turn}")[0] == 200
    stored = server.agent.tracker_store.store[sender]
    assert stored  # the conversation is there, with every message
    heard = len(server.agent.heard)
    status, reply = say(server, sender, "one too many")
    assert status == 429
    assert reply == {
        "error": "conversation_too_long",
        "message": "This conversation has too many messages, so it was deleted. Start a new one.",
    }
    assert len(server.agent.heard) == heard  # refused before Rasa
    assert sender not in server.agent.tracker_store.store  # deleted
    assert say(server, sender)[0] == 410  # and it stays gone
    # Another conversation is not affected.
    assert say(server, new_sender("sender-other"))[0] == 200


def test_refused_requests_do_not_count_towards_the_cap(server):
    sender = new_sender("sender-refused")
    for _ in range(MAX_MESSAGES + 3):
        status, _, _ = post(
            f"{server.url}/webhooks/rest/webhook", message(sender, "hi\x00"), "application/json"
        )
        assert status == 400
    assert say(server, sender)[0] == 200


def test_get_slash_does_not_tell_the_rasa_version(server):
    with urllib.request.urlopen(f"{server.url}/", timeout=10) as response:
        assert response.status == 200
        text = response.read().decode()
    assert json.loads(text) == {"status": "ok"}
    assert "Rasa" not in text


def test_deeply_nested_json_is_a_400_over_http(server):
    status, _, reply = post(
        f"{server.url}/webhooks/rest/webhook", b"[" * 8000 + b"]" * 8000, "application/json"
    )
    assert (status, reply["error"]) == (400, "json_too_complex")


def preflight(server: ServerThread, origin: str) -> dict:
    request = urllib.request.Request(
        f"{server.url}/webhooks/rest/forget",
        method="OPTIONS",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return dict(response.headers)


def test_the_preflight_that_json_needs_is_granted_to_the_council_page_only(server):
    assert preflight(server, COUNCIL)["Access-Control-Allow-Origin"] == COUNCIL
    assert "Access-Control-Allow-Origin" not in preflight(server, ELSEWHERE)


def test_the_request_size_limit_is_lowered_to_32_kib(server):
    assert server.app.config.REQUEST_MAX_SIZE == MAX_REQUEST_BYTES == 32 * 1024


def test_a_body_announced_over_the_limit_is_refused_before_it_is_sent(server):
    # Only the headers are sent. With Sanic's default limit (100 MB) the server would wait
    # for the body; with the cap it answers 413 at once.
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as connection:
        connection.sendall(
            b"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: application/json\r\nContent-Length: 10000000\r\n\r\n"
        )
        status_line = connection.recv(1024).split(b"\r\n", 1)[0]
    assert status_line.startswith(b"HTTP/1.1 413"), status_line


def test_a_body_between_the_channel_limit_and_sanics_gets_the_channels_json_error(server):
    body = message(new_sender("sender-big"), "x" * 20000)
    assert 16 * 1024 < len(body) < MAX_REQUEST_BYTES
    status, _, reply = post(f"{server.url}/webhooks/rest/webhook", body, "application/json")
    assert (status, reply["error"]) == (413, "body_too_large")
