"""Conversations are forgotten: at once on the widget's exit (forget), and after the configured
time, both in memory and in Redis.

How "forgotten" is seen from outside: three questions in, a person who answered "About me" is
asked the next question in the "you" wording. A forgotten conversation answers the same message
exactly as a brand-new one does instead.
"""

import hashlib
import json
import time
import urllib.request

from stack_helpers import Person, keys_of, post, texts, user_texts

NEXT_QUESTION_FOR_ME = "Is someone stopping you from leaving your work or the place you live?"


def three_questions_in(server: str) -> Person:
    person = Person(server)
    person.say("/greet")
    person.say("/deny")
    assert texts(person.say("/about_self")) == "Are you under 18?"
    return person


def fresh_reply(server: str) -> str:
    return texts(Person(server).say("/age_adult"))


def remembered(person: Person) -> bool:
    reply = texts(person.say("/age_adult"))
    return NEXT_QUESTION_FOR_ME in reply


def test_a_remembered_conversation_carries_on(topology):
    # The control for the tests below: without forget or expiry, the answers are remembered.
    for server in [topology["memory_url"], topology["replica_urls"][0]]:
        assert remembered(three_questions_in(server))


def test_forget_deletes_the_conversation_in_memory_at_once(topology):
    server = topology["memory_url"]
    person = three_questions_in(server)
    assert person.forget() == (200, {"status": "forgotten"})
    # Exit's forget: the id is dead (410) for the TTL, and nothing is answered or stored.
    status, reply = person.send("/age_adult")
    assert (status, reply["error"]) == (410, "conversation_forgotten")
    # "Stop" forgets too, without a tombstone: the same id then starts afresh.
    person = three_questions_in(server)
    assert "Our server has deleted this chat" in texts(person.say("stop"))
    assert texts(person.say("/age_adult")) == fresh_reply(server)


def test_forget_deletes_the_conversation_and_its_lock_from_redis_at_once(topology, redis_client):
    person = three_questions_in(topology["replica_urls"][0])
    assert keys_of(redis_client, person.sender) == [
        f"modernslavery:tracker:{person.sender}",
        f"modernslavery:turns:{person.sender}",  # the message count
    ]
    assert person.forget(via=topology["nginx_url"]) == (200, {"status": "forgotten"})
    assert keys_of(redis_client, person.sender) == []


def test_after_exit_the_id_is_dead_and_only_its_hash_is_kept(topology, redis_client, ttl):
    """The widget's Exit: a beacon (text/plain) through nginx. A message to the forgotten id
    then gets 410, on every replica, and nothing is stored for it again."""
    person = three_questions_in(topology["replica_urls"][0])
    status, reply = person.forget(
        via=topology["nginx_url"], content_type="text/plain;charset=UTF-8"
    )
    assert (status, reply) == (200, {"status": "forgotten"})
    assert keys_of(redis_client, person.sender) == []
    tombstone = f"modernslavery:forgotten:{hashlib.sha256(person.sender.encode()).hexdigest()}"
    assert redis_client.exists(tombstone) == 1
    assert 0 < redis_client.ttl(tombstone) <= ttl
    for server in [topology["nginx_url"], *topology["replica_urls"]]:
        status, reply = person.send("/age_adult", via=server)
        assert (status, reply["error"]) == (410, "conversation_forgotten")
    assert keys_of(redis_client, person.sender) == []


def test_stop_forgets_but_the_person_can_start_again_with_the_same_id(topology, redis_client):
    person = three_questions_in(topology["replica_urls"][0])
    assert "Our server has deleted this chat" in texts(person.say("stop"))
    assert keys_of(redis_client, person.sender) == []
    assert texts(person.say("/age_adult")) == fresh_reply(topology["replica_urls"][0])
    assert user_texts(redis_client, "modernslavery", person.sender) == ["/age_adult"]


def test_forget_is_idempotent_and_checks_its_input(topology, redis_client):
    server = topology["memory_url"]
    assert Person(server).forget() == (200, {"status": "forgotten"})
    # An id nobody used leaves no tombstone behind (a flood of made-up ids fills nothing).
    before = set(redis_client.scan_iter(match="modernslavery:forgotten:*"))
    unused = Person(topology["replica_urls"][0])
    assert unused.forget(content_type="text/plain") == (200, {"status": "forgotten"})
    assert set(redis_client.scan_iter(match="modernslavery:forgotten:*")) == before
    status, reply, _ = post(f"{server}/webhooks/rest/forget", b"{}")
    assert (status, reply["error"]) == (400, "missing_sender")


def test_forget_works_cross_origin_from_the_demo_page(topology):
    """The widget's exit is a keepalive fetch with a JSON body: the browser asks first."""
    server = topology["memory_url"]
    origin = topology["nginx_url"].replace("127.0.0.1", "localhost")  # rasa run --cors <this>
    preflight = urllib.request.Request(
        f"{server}/webhooks/rest/forget",
        method="OPTIONS",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    with urllib.request.urlopen(preflight, timeout=10) as response:
        assert response.status in (200, 204)
        assert response.headers["Access-Control-Allow-Origin"] == origin
        assert "POST" in response.headers["Access-Control-Allow-Methods"]
    body = json.dumps({"sender": "cors-check-0123456789"}).encode()
    status, _, _ = post(f"{server}/webhooks/rest/forget", body, headers={"Origin": origin})
    assert status == 200


def test_conversations_expire_after_the_configured_time(topology, redis_client, ttl):
    in_memory = three_questions_in(topology["memory_url"])
    in_redis = three_questions_in(topology["replica_urls"][0])
    key = f"modernslavery:tracker:{in_redis.sender}"
    assert 0 < redis_client.ttl(key) <= ttl  # Redis record expiry, renewed on every message
    time.sleep(ttl + 3)  # + the in-memory store's sweep interval (ttl / 4, at least 1 s)
    assert redis_client.exists(key) == 0
    assert texts(in_memory.say("/age_adult")) == fresh_reply(topology["memory_url"])
    assert texts(in_redis.say("/age_adult")) == fresh_reply(topology["replica_urls"][0])
