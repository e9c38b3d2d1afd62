"""No client can hold a replica or fill the servers: the message cap per conversation (429, the
conversation deleted, and the cost of a turn at the cap well under the reply timeout), nginx's
per-client limits (429 as JSON, other people unaffected), bodies kept in memory, the action
server's shared secret, the headers on every page, no directory listing and no version banner,
and Redis's memory limit.

Runs after test_stack_privacy.py and before test_stack_scaleout.py (which stops replica 2) and
test_stack_failsafe.py (which stops actions-1)."""

import json
import os
import socket
import stat
import statistics
from pathlib import Path

import pytest
from stack_helpers import SENT, Person, keys_of, new_source, post, request, user_texts

CAP = 60  # CONVERSATION_MAX_MESSAGES, default
TOO_LONG = {
    "error": "conversation_too_long",
    "message": "This conversation has too many messages, so it was deleted. Start a new one.",
}
TOO_MANY = {
    "error": "too_many_requests",
    "message": "Too many requests from this address: wait a moment and try again.",
}
# A long story with no danger and no "stop" in it (which would end the conversation itself).
STORY = (
    "I clean offices at night for an agency in Brighton and I want to understand my rights at "
    "work, what a fair wage is, how many hours a week are normal, and who I can ask about "
    "holiday pay, because the agency has not explained my contract to me yet. "
)


def long_message(turn: int) -> str:
    text = f"Message {turn} Quexleycap. " + STORY * 6
    return text[:1000]


def test_no_conversation_can_pass_the_cap_and_a_turn_at_the_cap_stays_cheap(
    topology, redis_client, reply_timeout
):
    person = Person(topology["replica_urls"][0])
    seconds = []
    for turn in range(1, CAP + 1):
        status, replies = person.send(long_message(turn))
        assert status == 200, (turn, status, replies)
        seconds.append(person.last_elapsed)
    assert len(user_texts(redis_client, "modernslavery", person.sender)) == CAP
    # The most expensive turns a conversation can have end well within the reply timeout, so
    # they cannot hold the replica (and everyone else's fail-safe) for long: a turn's work
    # cannot be interrupted once it runs.
    late = sorted(seconds[-10:])
    assert max(late) < reply_timeout, late
    print(f"\nturn seconds: first 10 median {statistics.median(seconds[:10]):.3f}, "
          f"last 10 median {statistics.median(late):.3f}, max {max(seconds):.3f}")  # fmt: skip

    status, reply = person.send(long_message(CAP + 1))
    assert (status, reply) == (429, TOO_LONG)
    assert keys_of(redis_client, person.sender) == []  # deleted, count and all
    # And it stays gone: the id is dead, on every replica and through nginx.
    for server in [*topology["replica_urls"], topology["nginx_url"]]:
        status, reply = person.send("hello", via=server)
        assert (status, reply["error"]) == (410, "conversation_forgotten")
    assert keys_of(redis_client, person.sender) == []


def test_the_cap_holds_on_the_replica_without_redis_too(topology):
    person = Person(topology["memory_url"])
    for turn in range(CAP):
        assert person.send("/greet" if turn % 2 else "/deny")[0] == 200
    assert person.send("/deny") == (429, TOO_LONG)
    assert person.send("/greet")[0] == 410


def burst(url: str, source: str, count: int, method: str = "POST") -> list:
    """`count` requests one after the other from one address, as fast as they go; the
    statuses and bodies. text/plain: Rasa refuses it at once (415), so the burst is cheap."""
    results = []
    preflight = {"Origin": "http://elsewhere.example", "Access-Control-Request-Method": "POST"}
    for _ in range(count):
        headers = {"Content-Type": "text/plain"} if method == "POST" else preflight
        status, _, raw = request(method, url, b"{}" if method == "POST" else None, headers, source)
        results.append((status, raw))
    return results


def test_nginx_limits_each_client_and_answers_429_as_json(topology):
    url = f"{topology['nginx_url']}/webhooks/rest/webhook"
    flooder = new_source()
    results = burst(url, flooder, 45)
    statuses = [status for status, _ in results]
    # The burst (20) and perhaps a token or two more reach Rasa (415 for text/plain); the rest
    # is refused by nginx before any replica sees it.
    assert 20 <= statuses.count(415) <= 24, statuses
    assert statuses.count(429) >= 20, statuses
    assert set(statuses) == {415, 429}
    refused = [json.loads(raw) for status, raw in results if status == 429]
    assert all(body == TOO_MANY for body in refused)
    # Someone else, at the same moment, is not affected.
    assert burst(url, new_source(), 1)[0][0] == 415
    # Preflights are not counted: a browser asks before each JSON message.
    preflights = burst(url, new_source(), 30, method="OPTIONS")
    assert {status for status, _ in preflights} <= {200, 204}


def test_nginx_limits_open_requests_per_client(topology):
    host, port = "127.0.0.1", int(topology["nginx_url"].rsplit(":", 1)[1])
    holder = new_source()
    held = []
    try:
        # Ten requests whose bodies never come: nginx waits for them, each one open.
        for _ in range(10):
            connection = socket.create_connection(
                (host, port), timeout=10, source_address=(holder, 0)
            )
            connection.sendall(
                b"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: localhost\r\n"
                b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
            )
            held.append(connection)
        status, _, raw = request(
            "POST", f"{topology['nginx_url']}/webhooks/rest/webhook", b"{}",
            {"Content-Type": "text/plain"}, holder,
        )  # fmt: skip
        assert (status, json.loads(raw)) == (429, TOO_MANY)
        assert burst(f"{topology['nginx_url']}/webhooks/rest/webhook", new_source(), 1)[0][0] == 415
    finally:
        for connection in held:
            connection.close()


def test_nginx_keeps_request_bodies_in_memory(topology):
    """With its temporary folder for bodies unusable, a body near the 32 KiB limit still goes
    through (to the channel, which refuses it as over its own 16 KiB): it never touched disk."""
    body_dir = Path(topology["run_dir"]) / "nginx-temp" / "body"
    assert body_dir.is_dir()  # where nginx would write a body too big for its buffer
    mode = stat.S_IMODE(body_dir.stat().st_mode)
    person = Person(topology["nginx_url"])
    message = "Quexleybody " * 2400  # about 29 KB of JSON: over nginx's default 16 KiB buffer
    raw = json.dumps({"sender": person.sender, "message": message}).encode()
    assert 16 * 1024 < len(raw) < 32 * 1024
    SENT.append(message)
    os.chmod(body_dir, 0)
    try:
        status, reply, _ = post(
            f"{topology['nginx_url']}/webhooks/rest/webhook", raw, source=person.source
        )
    finally:
        os.chmod(body_dir, mode)
    assert (status, reply["error"]) == (413, "body_too_large")


def test_the_action_server_refuses_requests_without_the_shared_secret(topology):
    actions = f"http://127.0.0.1:{topology['processes']['actions-1']['port']}"
    call = json.dumps({"next_action": "action_answer_topic", "tracker": {}, "domain": {}})
    for headers in [{}, {"X-Action-Secret": "guessed-guessed-guessed"}]:
        status, _, raw = request(
            "POST", f"{actions}/webhook", call.encode(),
            {"Content-Type": "application/json", **headers},
        )  # fmt: skip
        assert (status, json.loads(raw)) == (401, {"error": "unauthorized"})
    # ...while Rasa, which has it, gets its actions run: a whole assessment works.
    person = Person(topology["replica_urls"][0])
    for message in ["/greet", "/deny", "/about_self", "/age_adult"]:
        person.say(message)
    replies = []
    for _ in range(10):
        replies = person.say("/deny")
        if any(r.get("custom", {}).get("type") == "service_card" for r in replies):
            break
    assert any(r.get("custom", {}).get("type") == "service_card" for r in replies)


SECURITY_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/"),
        ("GET", "/exit.html"),
        ("GET", "/widget/chat-widget.js"),
        ("GET", "/no-such-page"),
        ("POST", "/webhooks/rest/webhook"),
        ("GET", "/webhooks/rest/webhook"),
    ],
)
def test_every_answer_from_nginx_has_the_security_headers(topology, method, path):
    status, headers, _ = request(
        method, topology["nginx_url"] + path, b"{}" if method == "POST" else None,
        {"Content-Type": "application/json"}, new_source(),
    )  # fmt: skip
    assert status < 500
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name) == value, (name, headers)
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self';" in csp
    assert headers.get("Server") == "nginx"  # no version


@pytest.mark.parametrize("path", ["/widget/", "/widget/lang/"])
def test_nginx_lists_no_folder(topology, path):
    status, _, raw = request("GET", topology["nginx_url"] + path, source=new_source())
    assert status in (403, 404)
    assert b"chat-widget.js" not in raw and b"vi.json" not in raw


def test_no_rasa_version_anywhere(topology):
    status, _, raw = request("GET", topology["nginx_url"] + "/", source=new_source())
    assert status == 200 and b"Hello from Rasa" not in raw
    for replica in [topology["replica_urls"][0], topology["memory_url"]]:
        status, headers, raw = request("GET", replica + "/")
        assert (status, json.loads(raw)) == (200, {"status": "ok"})
        assert "rasa" not in json.dumps(headers).lower()


def test_redis_has_a_memory_limit_and_evicts_the_keys_nearest_expiry(topology, redis_client):
    assert int(redis_client.config_get("maxmemory")["maxmemory"]) > 0
    assert redis_client.config_get("maxmemory-policy")["maxmemory-policy"] == "volatile-ttl"
    # volatile-ttl only evicts keys that expire: every key the servers write does.
    person = Person(topology["replica_urls"][0])
    person.say("/greet")
    person.forget()  # a tombstone
    Person(topology["replica_urls"][0]).say("/greet")  # a conversation and its count
    keys = list(redis_client.scan_iter(match="modernslavery:*"))
    assert keys
    assert all(redis_client.ttl(key) > 0 for key in keys if redis_client.exists(key))
