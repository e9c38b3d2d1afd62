"""Scale-out: two Rasa replicas on one Redis, two action servers, nginx round-robin in front.

Turns of one conversation land on different replicas and the conversation completes with no
turn lost or repeated; with one replica stopped mid-conversation, it carries on through the
other with its answers intact. (Expiry: test_stack_privacy.py.)
"""

import re
import sys
import threading
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from stack_helpers import Person, cards, complete_assessment, texts, user_texts  # noqa: E402

from deploy.local import Process, alive, stop_process  # noqa: E402

ADULT_FOR_THEMSELVES = {"salvation_army", "modern_slavery_helpline"}


def check_adult_for_themselves(replies: list) -> None:
    ids = {card["id"] for card in cards(replies[-1])}
    assert ADULT_FOR_THEMSELVES <= ids, ids
    assert "front_door_for_families" not in ids
    # Questions after "About me" are worded for "you": the answer was carried between replicas.
    asked = "\n".join(texts(r) for r in replies[3:-1])
    assert "stopping you from leaving" in asked
    assert "stopping them from leaving" not in asked


def test_turns_alternating_between_replicas_complete_with_none_lost_or_repeated(
    topology, redis_client
):
    person = Person(*topology["replica_urls"])  # turn 1 -> replica 1, turn 2 -> replica 2, ...
    replies = complete_assessment(person)
    check_adult_for_themselves(replies)
    assert person.turns >= 8
    assert user_texts(redis_client, "modernslavery", person.sender) == person.sent


def test_many_people_at_once_through_nginx(topology, redis_client):
    people = [Person(topology["nginx_url"]) for _ in range(8)]
    results: dict = {}

    def run(person: Person) -> None:
        try:
            results[person.sender] = complete_assessment(person)
        except BaseException as error:  # noqa: BLE001 - reported below
            results[person.sender] = error

    threads = [threading.Thread(target=run, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=240)
    for person in people:
        assert not isinstance(results[person.sender], BaseException), results[person.sender]
        check_adult_for_themselves(results[person.sender])
        assert user_texts(redis_client, "modernslavery", person.sender) == person.sent
    # Round-robin really spread the turns over both replicas.
    log = Path(topology["processes"]["nginx"]["log"]).read_text()
    used = set(re.findall(r"upstream=127\.0\.0\.1:(\d+)", log))
    assert used >= {url.rsplit(":", 1)[1] for url in topology["replica_urls"]}


def test_nginx_serves_the_page_and_the_widget_pointed_at_itself(topology):
    nginx = topology["nginx_url"]
    public = nginx.replace("127.0.0.1", "localhost")
    with urllib.request.urlopen(f"{nginx}/", timeout=10) as response:
        page = response.read().decode()
        assert response.headers["Referrer-Policy"] == "no-referrer"
    assert f'data-server-url="{public}"' in page
    assert "localhost:5005" not in page
    with urllib.request.urlopen(f"{nginx}/widget/chat-widget.js", timeout=10) as response:
        assert response.status == 200
        assert "javascript" in response.headers["Content-Type"]


def test_stopping_a_replica_mid_conversation_the_other_carries_on(topology, redis_client):
    """Runs last in this file: replica 2 stays stopped afterwards."""
    nginx = topology["nginx_url"]
    person = Person(nginx)
    replies = [person.say(m) for m in ["/greet", "/deny", "/about_self", "/age_adult"]]
    replica_2 = Process(**topology["processes"]["rasa-2"])
    stop_process(replica_2)
    assert not alive(replica_2.pid)
    for _ in range(10):
        replies.append(person.say("/deny"))
        if cards(replies[-1]):
            break
    check_adult_for_themselves(replies)
    assert user_texts(redis_client, "modernslavery", person.sender) == person.sent
