"""Tracker and lock stores that forget (serving/tracker_store.py, serving/lock_store.py)."""

import asyncio
import hashlib
import shutil
import socket
import subprocess
import time
import uuid

import pytest
from rasa.core.lock_store import InMemoryLockStore, RedisLockStore
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered

from deploy import local
from serving.lock_store import ExpiringRedisLockStore, LockStoreFromEnv
from serving.tracker_store import (
    FORGOTTEN,
    ExpiringInMemoryTrackerStore,
    ExpiringRedisTrackerStore,
    TrackerStoreFromEnv,
    delete_conversation,
    use_expiring_fallback,
)

SERVING_VARS = ["REDIS_URL", "REDIS_HOST", "CONVERSATION_TTL_SECONDS", "SANIC_WORKERS"]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in SERVING_VARS:
        monkeypatch.delenv(name, raising=False)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def run(coro):
    return asyncio.new_event_loop().run_until_complete(coro)


async def say(store, sender: str, text: str) -> None:
    tracker = await store.get_or_create_tracker(sender)
    tracker.update(UserUttered(text))
    await store.save(tracker)


def test_a_conversation_is_kept_until_its_time_is_up_then_forgotten():
    clock = Clock()
    store = ExpiringInMemoryTrackerStore(Domain.empty(), ttl_seconds=60, clock=clock)
    run(say(store, "a", "hello"))
    clock.now += 59
    tracker = run(store.retrieve("a"))
    assert tracker is not None and tracker.latest_message.text == "hello"
    clock.now += 1
    assert run(store.retrieve("a")) is None
    assert "a" not in store.store  # gone from memory, not just hidden


def test_each_message_restarts_the_clock():
    clock = Clock()
    store = ExpiringInMemoryTrackerStore(Domain.empty(), ttl_seconds=60, clock=clock)
    run(say(store, "a", "one"))
    clock.now += 50
    run(say(store, "a", "two"))
    clock.now += 50
    assert run(store.retrieve("a")).latest_message.text == "two"


def test_a_sweep_forgets_conversations_nobody_reads_again():
    clock = Clock()
    store = ExpiringInMemoryTrackerStore(Domain.empty(), ttl_seconds=60, clock=clock)
    run(say(store, "old", "x"))
    clock.now += 30
    run(say(store, "new", "y"))
    clock.now += 30
    assert store.sweep() == 1
    assert list(store.store) == ["new"]
    clock.now += 30
    assert list(run(store.keys())) == []


def test_the_periodic_sweep_runs_on_an_idle_server():
    store = ExpiringInMemoryTrackerStore(Domain.empty(), ttl_seconds=1)
    assert store.sweep_interval() == 1.0

    async def idle():
        await say(store, "a", "x")
        assert "a" in store.store
        await asyncio.sleep(2.3)  # no reads, no writes
        return dict(store.store)

    assert run(idle()) == {}


def test_delete_forgets_at_once():
    store = ExpiringInMemoryTrackerStore(Domain.empty(), ttl_seconds=600)
    run(say(store, "a", "x"))
    assert store.delete("a") is True
    assert store.delete("a") is False
    assert run(store.retrieve("a")) is None


def test_delete_reaches_through_rasas_wrappers_and_the_fallback():
    primary = ExpiringInMemoryTrackerStore(Domain.empty(), ttl_seconds=600)
    wrapped = FailSafeTrackerStore(primary)
    use_expiring_fallback(wrapped)
    assert isinstance(wrapped.fallback_tracker_store, ExpiringInMemoryTrackerStore)
    run(say(primary, "a", "x"))
    run(say(wrapped.fallback_tracker_store, "a", "x"))
    plain = InMemoryTrackerStore(Domain.empty())
    run(say(plain, "a", "x"))
    assert delete_conversation(wrapped, "a") is True
    assert "a" not in primary.store and "a" not in wrapped.fallback_tracker_store.store
    assert delete_conversation(plain, "a") is True and plain.store == {}
    assert delete_conversation(wrapped, "a") is False


def test_the_chooser_keeps_conversations_in_memory_by_default(monkeypatch):
    monkeypatch.setenv("CONVERSATION_TTL_SECONDS", "90")
    store = TrackerStoreFromEnv(domain=Domain.empty(), event_broker=None, host=None)
    assert isinstance(store, ExpiringInMemoryTrackerStore)
    assert store.ttl_seconds == 90
    assert isinstance(LockStoreFromEnv(endpoint_config=None), InMemoryLockStore)


def test_the_chooser_uses_redis_with_record_expiry_when_redis_url_is_set(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://:pw@127.0.0.1:1/3")  # nothing listens: not used
    monkeypatch.setenv("CONVERSATION_TTL_SECONDS", "90")
    store = TrackerStoreFromEnv(domain=Domain.empty(), event_broker=None, host=None)
    assert isinstance(store, ExpiringRedisTrackerStore)
    assert store.record_exp == 90
    assert store.key("abc") == "modernslavery:tracker:abc"
    kwargs = store.red.connection_pool.connection_kwargs
    assert (kwargs["port"], kwargs["db"], kwargs["password"]) == (1, 3, "pw")
    assert kwargs["socket_timeout"] == 2.0
    lock_store = LockStoreFromEnv(endpoint_config=None)
    assert isinstance(lock_store, ExpiringRedisLockStore) and isinstance(lock_store, RedisLockStore)
    assert lock_store.key_prefix == "modernslavery:lock:"


def test_several_workers_without_redis_is_refused(monkeypatch):
    monkeypatch.setenv("SANIC_WORKERS", "2")
    with pytest.raises(ValueError, match="SANIC_WORKERS"):
        LockStoreFromEnv(endpoint_config=None)


# -- the message count, the absolute age and the tombstones (what the channel checks first) ----


def test_admit_counts_each_conversations_messages_from_one():
    store = ExpiringInMemoryTrackerStore(Domain.empty(), ttl_seconds=600)
    assert [store.admit("a"), store.admit("a"), store.admit("b"), store.admit("a")] == [1, 2, 1, 3]
    assert store.delete("a") is True  # the count alone is a conversation to forget
    assert store.admit("a") == 1


def test_a_conversation_is_forgotten_at_its_maximum_age_however_busy():
    clock = Clock()
    store = ExpiringInMemoryTrackerStore(
        Domain.empty(), ttl_seconds=60, max_age_seconds=300, clock=clock
    )
    store.admit("a")
    run(say(store, "a", "hello"))
    for _ in range(9):  # a message every 30 s: never idle for the TTL
        clock.now += 30
        store.admit("a")
        run(say(store, "a", "still here"))
    assert run(store.retrieve("a")) is not None  # 270 s old
    clock.now += 30  # 300 s since the first message, 30 s since the last
    assert run(store.retrieve("a")) is None
    assert "a" not in store.store
    assert store.admit("a") == 1  # a new conversation, counted afresh


def test_the_sweep_also_applies_the_maximum_age():
    clock = Clock()
    store = ExpiringInMemoryTrackerStore(
        Domain.empty(), ttl_seconds=60, max_age_seconds=100, clock=clock
    )
    run(say(store, "a", "hello"))
    for _ in range(3):
        clock.now += 25
        run(say(store, "a", "again"))
    assert store.sweep() == 0 and "a" in store.store
    clock.now += 25  # 100 s since the first message, 25 s since the last
    assert store.sweep() == 1 and store.store == {}


def test_a_tombstone_keeps_a_hash_for_the_ttl_then_lapses():
    clock = Clock()
    store = ExpiringInMemoryTrackerStore(Domain.empty(), ttl_seconds=60, clock=clock)
    sender = "forgotten-0123456789abcdef"
    store.admit(sender)
    store.delete(sender)
    store.tombstone(sender)
    assert store.admit(sender) == FORGOTTEN
    assert sender not in repr(store.__dict__)  # only its SHA-256
    clock.now += 59
    assert store.admit(sender) == FORGOTTEN
    clock.now += 1
    assert store.admit(sender) == 1
    store.sweep()
    assert store._tombstones == {}


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A real, throw-away redis-server (Debian's), or skip where there is none (the stack
    stage tests Redis end to end anyway)."""
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    folder = tmp_path_factory.mktemp("redis")
    # The command the local topologies run (and compose and Kubernetes, in their files).
    process = subprocess.Popen(
        local.redis_command(port, folder), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        import redis

        client = redis.Redis(host="127.0.0.1", port=port)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)


def redis_store(redis_url, **kwargs) -> ExpiringRedisTrackerStore:
    from serving.settings import redis_settings

    config = redis_settings({"REDIS_URL": redis_url, "REDIS_KEY_PREFIX": "t" + uuid.uuid4().hex})
    return ExpiringRedisTrackerStore(Domain.empty(), redis_settings=config, **kwargs)


def test_redis_admit_counts_in_one_round_trip_and_expires_with_the_conversation(redis_url):
    store = redis_store(redis_url, ttl_seconds=600)
    calls = []
    execute = type(store.red.pipeline()).execute

    def counting_execute(pipe, *args, **kwargs):
        calls.append(len(pipe.command_stack))
        return execute(pipe, *args, **kwargs)

    pipeline_class = type(store.red.pipeline())
    original = pipeline_class.execute
    pipeline_class.execute = counting_execute
    try:
        assert [store.admit("abcdefghijklmnop") for _ in range(3)] == [1, 2, 3]
    finally:
        pipeline_class.execute = original
    assert calls == [3, 3, 3]  # EXISTS, INCR, EXPIRE: one round trip per message
    assert 590 <= store.red.ttl(store.turns_key("abcdefghijklmnop")) <= 600
    run(say(store, "abcdefghijklmnop", "hello"))
    assert store.delete("abcdefghijklmnop") is True
    assert store.red.exists(store.turns_key("abcdefghijklmnop"), store.key("abcdefghijklmnop")) == 0


def test_redis_tombstone_is_a_hash_and_refuses_the_id_for_the_ttl(redis_url):
    store = redis_store(redis_url, ttl_seconds=600)
    sender = "forgotten-0123456789abcdef"
    store.admit(sender)
    store.delete(sender)
    store.tombstone(sender)
    assert store.admit(sender) == FORGOTTEN
    keys = sorted(store.red.scan_iter(match=f"{store.prefix}:*"))
    assert keys == [f"{store.prefix}:forgotten:{hashlib.sha256(sender.encode()).hexdigest()}"]
    assert 590 <= store.red.ttl(keys[0]) <= 600


def test_redis_record_expiry_is_the_idle_time_or_the_age_time_left(redis_url):
    clock = Clock()
    clock.now = time.time()
    store = redis_store(redis_url, ttl_seconds=600, max_age_seconds=900, clock=clock)
    run(say(store, "abcdefghijklmnop", "hello"))
    assert 590 <= store.red.ttl(store.key("abcdefghijklmnop")) <= 600  # idle time
    clock.now += 500
    run(say(store, "abcdefghijklmnop", "still here"))
    assert 390 <= store.red.ttl(store.key("abcdefghijklmnop")) <= 400  # 900 - 500 s left
    clock.now += 400
    store.admit("abcdefghijklmnop")
    run(say(store, "abcdefghijklmnop", "too old"))
    assert store.red.exists(store.key("abcdefghijklmnop"), store.turns_key("abcdefghijklmnop")) == 0
