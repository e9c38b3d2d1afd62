"""The project's action server entry point (serving/action_server.py), over real HTTP.

The app is served on a free local port and called the way Rasa calls it: with Rasa's own
client (`RemoteAction`, configured from the real endpoints.yml), and with raw requests for
what Rasa never sends (compressed bodies, no secret, oversized bodies, broken JSON).
"""

import json
import logging
import socket
import urllib.error
import urllib.request
import zlib
from pathlib import Path

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.core.utils import AvailableEndpoints
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa_sdk import Action
from sanic_thread import ServerThread

from serving import action_server
from serving.action_server import SECRET_HEADER, SettingError, create_app, shared_secret

ROOT = Path(__file__).resolve().parents[3]
DOMAIN = Domain.load(str(ROOT / "domain.yml"))
SECRET = "s" * 20 + "-test-secret"
MARKER = "Quexleymarker"


class ActionTestExplodes(Action):
    """Not guarded by @fails_safe: stands for a failure the project's guard does not cover."""

    def name(self) -> str:
        return "action_test_explodes"

    async def run(self, dispatcher, tracker, domain):
        raise RuntimeError(f"could not handle {tracker.latest_message['text']}")


@pytest.fixture(scope="module")
def server():
    with ServerThread(lambda: create_app("actions", secret=SECRET, max_bytes=256 * 1024)) as s:
        yield s


@pytest.fixture(scope="module")
def open_server():
    with ServerThread(lambda: create_app("actions", secret=None)) as s:
        yield s


def conversation() -> DialogueStateTracker:
    events = [
        ActionExecuted("action_listen"),
        UserUttered(f"my boss {MARKER} has my passport", intent={"name": "inform"}),
    ]
    return DialogueStateTracker.from_events("sender-0123456789abcdef", events, slots=DOMAIN.slots)


def endpoint_from_endpoints_yml(monkeypatch, url: str, secret: str):
    monkeypatch.setenv("ACTION_SERVER_URL", url)
    monkeypatch.setenv("ACTION_SERVER_SECRET", secret)
    return AvailableEndpoints.read_endpoints(str(ROOT / "endpoints.yml")).action


def call(server, endpoint, name="action_answer_topic"):
    action = RemoteAction(name, endpoint)
    nlg = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
    try:
        return server.run(action.run(CollectingOutputChannel(), nlg, conversation(), DOMAIN))
    except Exception as error:  # noqa: BLE001 - returned for the test to inspect
        return error


def raw_post(url: str, body: bytes, **headers: str):
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def action_call(name: str = "action_answer_topic") -> bytes:
    """A request as Rasa sends it (RemoteAction._action_call_format)."""
    return json.dumps(
        {
            "next_action": name,
            "sender_id": "sender-0123456789abcdef",
            "tracker": conversation().current_state(),
            "domain": DOMAIN.as_dict(),
            "version": "3.6.21",
        }
    ).encode()


def test_rasa_sends_the_secret_from_endpoints_yml_and_the_action_runs(server, monkeypatch):
    endpoint = endpoint_from_endpoints_yml(monkeypatch, f"{server.url}/webhook", SECRET)
    assert endpoint.headers == {SECRET_HEADER: SECRET}
    result = call(server, endpoint)
    assert not isinstance(result, Exception), result


@pytest.mark.parametrize("given", [None, "", "wrong-secret-wrong-secret", SECRET[:-1]])
def test_without_the_right_secret_the_request_is_refused(server, given):
    headers = {"Content-Type": "application/json"}
    if given is not None:
        headers[SECRET_HEADER] = given
    status, body = raw_post(f"{server.url}/webhook", action_call(), **headers)
    assert (status, json.loads(body)) == (401, {"error": "unauthorized"})
    status, _ = raw_post(f"{server.url}/actions", b"", **headers)
    assert status in (401, 405)
    with urllib.request.urlopen(f"{server.url}/health", timeout=10) as response:
        assert response.status == 200  # the probes need no secret


def test_rasa_without_the_secret_gets_an_error_not_an_answer(server, monkeypatch):
    endpoint = endpoint_from_endpoints_yml(monkeypatch, f"{server.url}/webhook", "")
    assert isinstance(call(server, endpoint), RasaException)


def test_with_no_secret_set_nothing_is_asked_for(open_server, monkeypatch):
    # One machine (make run): the action server listens on 127.0.0.1 only.
    endpoint = endpoint_from_endpoints_yml(monkeypatch, f"{open_server.url}/webhook", "")
    result = call(open_server, endpoint)
    assert not isinstance(result, Exception), result


@pytest.mark.parametrize("encoding", ["deflate", "gzip", "br", "identity, deflate", "DEFLATE"])
def test_a_compressed_body_is_refused_before_anything_inflates_it(server, monkeypatch, encoding):
    inflated = []
    real = zlib.decompress
    monkeypatch.setattr(zlib, "decompress", lambda *a, **k: inflated.append(1) or real(*a, **k))
    # A small deflate bomb: 64 KiB of zeros inflate to 64 MiB.
    bomb = zlib.compress(b"0" * (64 * 1024 * 1024), 9)
    assert len(bomb) < 256 * 1024
    status, body = raw_post(
        f"{server.url}/webhook",
        bomb,
        **{"Content-Type": "application/json", "Content-Encoding": encoding, SECRET_HEADER: SECRET},
    )
    assert (status, json.loads(body)) == (415, {"error": "compressed_body_refused"})
    assert inflated == []


def test_identity_encoding_is_fine(server):
    status, _ = raw_post(
        f"{server.url}/webhook",
        action_call(),
        **{
            "Content-Type": "application/json",
            "Content-Encoding": "identity",
            SECRET_HEADER: SECRET,
        },
    )
    assert status == 200


def test_a_body_over_the_limit_is_refused_before_it_is_read(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as connection:
        connection.sendall(
            b"POST /webhook HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + f"{SECRET_HEADER}: {SECRET}\r\n".encode()
            + b"Content-Length: 100000000\r\n\r\n"
        )
        status_line = connection.recv(1024).split(b"\r\n", 1)[0]
    assert status_line.startswith(b"HTTP/1.1 413"), status_line


def test_the_default_limit_fits_a_call_at_the_message_cap_and_is_far_below_sanics():
    app_limit = action_server.DEFAULT_MAX_REQUEST_BYTES
    # Measured on the real stack: 663 KB for a call at the cap of 60 long messages.
    assert 663_000 * 1.5 < app_limit <= 2 * 1024 * 1024 < 100_000_000


def test_an_unexpected_error_answers_without_echoing_the_request_and_logs_no_words(
    open_server, caplog
):
    caplog.set_level(logging.INFO)
    status, body = raw_post(
        f"{open_server.url}/webhook",
        action_call("action_test_explodes"),
        **{"Content-Type": "application/json"},
    )
    assert (status, json.loads(body)) == (500, {"error": "Internal Server Error"})
    assert MARKER.encode() not in body
    logs = "\n".join(logging.Formatter("%(message)s").format(r) for r in caplog.records)
    assert MARKER not in logs
    assert "The action server failed: RuntimeError at " in logs


def test_broken_json_gets_a_400_without_echoing_it(open_server):
    status, body = raw_post(
        f"{open_server.url}/webhook",
        b'{"next_action": "' + MARKER.encode() + b'", ',
        **{"Content-Type": "application/json"},
    )
    assert status == 400
    assert MARKER.encode() not in body


def test_the_secret_must_be_long_enough_when_set():
    assert shared_secret({}) is None
    assert shared_secret({"ACTION_SERVER_SECRET": "  "}) is None
    assert shared_secret({"ACTION_SERVER_SECRET": SECRET}) == SECRET
    with pytest.raises(SettingError, match="ACTION_SERVER_SECRET"):
        shared_secret({"ACTION_SERVER_SECRET": "short"})


def test_no_browser_origin_is_allowed(open_server):
    request = urllib.request.Request(
        f"{open_server.url}/webhook",
        method="OPTIONS",
        headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            headers = dict(response.headers)
    except urllib.error.HTTPError as error:
        headers = dict(error.headers)
    assert "Access-Control-Allow-Origin" not in headers
