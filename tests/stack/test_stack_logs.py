"""No user text, client address or query string in any log at the default level. Runs last: it
checks every message every stack test sent, and every client address the tests used, plus a
conversation of its own in a person's own words, against every log of the topology (Rasa
replicas, action servers, nginx's access and error logs, Redis)."""

import json
from pathlib import Path

from stack_helpers import SENT, SOURCES, Person, post, request

OWN_WORDS = [
    "my cousin Zarkovian works at the Quexley car wash and they took his passport",
    "he sleeps at the Quexley car wash and owes Zarkovian 4000 pounds",
    "/Quexley help he is here",  # Rasa would log an unparseable "/..." at WARNING
]
REFUSED = [
    "Quexley\x00",
    "/Quexley@@{not a payload",
    '/greet{"place":"Zarkovian street"}',
    "Zarkovian " * 200,
]
MARKERS = ["Quexley", "Zarkovian"]


def all_logs(topology) -> dict:
    run_dir = Path(topology["run_dir"])
    return {p.name: p.read_text(errors="replace") for p in sorted(run_dir.glob("*.log"))}


def test_no_user_text_in_any_log(topology):
    for server in [topology["memory_url"], topology["nginx_url"]]:
        person = Person(server)
        for words in OWN_WORDS:
            person.say(words)
        for words in REFUSED:
            SENT.append(words)
            body = json.dumps({"sender": person.sender, "message": words}).encode()
            assert post(f"{server}/webhooks/rest/webhook", body, source=person.source)[0] == 400
        # A query string (the REST channel ignores it; a log must not keep it).
        body = json.dumps({"sender": person.sender, "message": "hello"}).encode()
        status, _, _ = post(
            f"{server}/webhooks/rest/webhook?who=Quexleyquery", body, source=person.source
        )
        assert status == 200
        assert request("GET", f"{server}/?q=Zarkovianquery", source=person.source)[0] == 200
    logs = all_logs(topology)
    # The logs are real and at the default level (INFO): Rasa's start-up lines are there,
    # and no DEBUG lines.
    assert "Rasa server is up and running" in logs["rasa-1.log"]
    assert "Rasa server is up and running" in logs["rasa-memory.log"]
    assert "POST /webhooks/rest/webhook" in logs["nginx.log"]
    for name, text in logs.items():
        assert "DEBUG" not in text, name
    sent = {message for message in SENT if len(message) >= 5}
    assert len(sent) >= len(OWN_WORDS) + len(REFUSED)
    for name, text in logs.items():
        leaked = sorted(m for m in sent | set(MARKERS) if m in text)
        assert leaked == [], f"{name} contains user text: {leaked[:5]}"
    # Client addresses: every test connected from addresses of its own (127.0.x.y), through
    # nginx and straight to the replicas, including requests nginx refused (429).
    assert len(SOURCES) >= 20
    for name, text in logs.items():
        seen = sorted(address for address in SOURCES if address in text)
        assert seen == [], f"{name} contains client addresses: {seen[:5]}"
