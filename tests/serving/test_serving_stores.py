"""Tracker and lock stores that forget (serving/tracker_store.py, serving/lock_store.py)."""

import asyncio

import pytest
from rasa.core.lock_store import InMemoryLockStore, RedisLockStore
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered

from serving.lock_store import ExpiringRedisLockStore, LockStoreFromEnv
from serving.tracker_store import (
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
