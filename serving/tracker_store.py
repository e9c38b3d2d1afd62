"""Tracker stores that forget: conversations expire, can be deleted at once, and are capped.

endpoints.yml names `serving.tracker_store.TrackerStoreFromEnv`, which Rasa 3.6 loads as a
custom tracker store (rasa/core/tracker_store.py `_load_from_module_name_in_endpoint_config`)
and which builds, from the environment (serving/settings.py):

- no REDIS_URL / REDIS_HOST: `ExpiringInMemoryTrackerStore`. Rasa's own InMemoryTrackerStore
  keeps every conversation until the process stops; this one forgets a conversation
  CONVERSATION_TTL_SECONDS after its last message, or CONVERSATION_MAX_AGE_SECONDS after its
  first, whichever comes first (checked on every read, and swept periodically so nothing
  lingers on an idle server);
- REDIS_URL or REDIS_HOST: `ExpiringRedisTrackerStore`, Rasa's RedisTrackerStore with record
  expiry (each save sets the key's expiry to the idle time left or the age time left, whichever
  is shorter) and short socket timeouts, so any number of replicas share conversations.

Both also keep, beside each conversation, what the REST channel checks before Rasa loads it:

- `admit(sender_id)`: counts the message and returns its number in the conversation (the
  channel refuses the message over CONVERSATION_MAX_MESSAGES), or FORGOTTEN. One dictionary
  look-up in memory; one round trip to Redis (EXISTS, INCR, EXPIRE in one MULTI), so a turn
  never loads the conversation twice;
- `delete(sender_id)`: forgets the conversation and its count now (the forget route, "Stop");
- `tombstone(sender_id)`: remembers, for CONVERSATION_TTL_SECONDS, that this id was forgotten,
  as a SHA-256 hash of the id (not the id), so a later message to it gets 410 instead of
  quietly starting a new conversation under an id the widget has thrown away.

Why a chooser class: Rasa substitutes ${VAR} in endpoints.yml but fails on an unset variable and
has no defaults, so one endpoints file cannot say "Redis if REDIS_URL is set". Rasa calls the
configured class with keyword arguments and uses what comes back; `TrackerStoreFromEnv.__new__`
returns the right store (Python then skips `__init__`, as the object is another class).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from typing import Any, Callable, Dict, Iterable

from rasa.core.tracker_store import InMemoryTrackerStore, RedisTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from serving import settings

logger = logging.getLogger(__name__)

MAX_SWEEP_INTERVAL_SECONDS = 60.0
# admit(): the conversation was forgotten (its id has a tombstone).
FORGOTTEN = -1


def id_digest(sender_id: str) -> str:
    """What a tombstone keeps of a forgotten id: its SHA-256, never the id itself."""
    return hashlib.sha256(sender_id.encode("utf-8")).hexdigest()


class ExpiringInMemoryTrackerStore(InMemoryTrackerStore):
    """InMemoryTrackerStore that forgets a conversation `ttl_seconds` after its last message or
    `max_age_seconds` after its first, and counts its messages (see the module docstring)."""

    def __init__(
        self,
        domain: Domain | None = None,
        event_broker: Any = None,
        ttl_seconds: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        max_age_seconds: float | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.pop("host", None)  # Rasa passes the endpoint's url (none here)
        super().__init__(domain, event_broker, **kwargs)
        self.ttl_seconds = float(
            ttl_seconds if ttl_seconds is not None else settings.conversation_ttl_seconds()
        )
        self.max_age_seconds = float(
            max_age_seconds
            if max_age_seconds is not None
            else settings.conversation_max_age_seconds()
        )
        self._clock = clock
        self._last_seen: Dict[str, float] = {}  # last message (admitted or saved)
        self._started: Dict[str, float] = {}  # first message
        self._turns: Dict[str, int] = {}
        self._tombstones: Dict[str, float] = {}  # id digest -> when the tombstone lapses
        self._sweep_scheduled = False

    # -- expiry -------------------------------------------------------------------------------
    def _expired(self, sender_id: str, now: float) -> bool:
        last = self._last_seen.get(sender_id)
        if last is None:
            return False
        started = self._started.get(sender_id, last)
        return now - last >= self.ttl_seconds or now - started >= self.max_age_seconds

    def _seen(self, sender_id: str) -> None:
        now = self._clock()
        self._last_seen[sender_id] = now
        self._started.setdefault(sender_id, now)
        self._schedule_sweep()

    def delete(self, sender_id: str) -> bool:
        """Forget one conversation (and its count) now. True if there was one."""
        self._last_seen.pop(sender_id, None)
        self._started.pop(sender_id, None)
        counted = self._turns.pop(sender_id, None) is not None
        return (self.store.pop(sender_id, None) is not None) or counted

    def sweep(self) -> int:
        """Forget every expired conversation and lapsed tombstone; returns how many
        conversations."""
        now = self._clock()
        expired = [s for s in list(self._last_seen) if self._expired(s, now)]
        for sender_id in expired:
            self.delete(sender_id)
        for digest, until in list(self._tombstones.items()):
            if now >= until:
                del self._tombstones[digest]
        return len(expired)

    def sweep_interval(self) -> float:
        return max(1.0, min(MAX_SWEEP_INTERVAL_SECONDS, self.ttl_seconds / 4))

    def _schedule_sweep(self) -> None:
        """Sweeps every `sweep_interval()` while anything is held (needs a running loop)."""
        if self._sweep_scheduled:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # no event loop (unit tests): reads still expire lazily
        self._sweep_scheduled = True
        loop.call_later(self.sweep_interval(), self._sweep_tick)

    def _sweep_tick(self) -> None:
        self._sweep_scheduled = False
        self.sweep()
        if self.store or self._last_seen or self._tombstones:
            self._schedule_sweep()

    # -- what the channel checks before Rasa loads the conversation ---------------------------
    def admit(self, sender_id: str) -> int:
        """Counts a message; its number in the conversation, or FORGOTTEN."""
        now = self._clock()
        until = self._tombstones.get(id_digest(sender_id))
        if until is not None:
            if now < until:
                return FORGOTTEN
            del self._tombstones[id_digest(sender_id)]
        if self._expired(sender_id, now):
            self.delete(sender_id)
        turns = self._turns.get(sender_id, 0) + 1
        self._turns[sender_id] = turns
        self._seen(sender_id)
        return turns

    def tombstone(self, sender_id: str) -> None:
        """Remember for `ttl_seconds` that this id was forgotten (its hash only)."""
        self._tombstones[id_digest(sender_id)] = self._clock() + self.ttl_seconds
        self._schedule_sweep()

    # -- TrackerStore ---------------------------------------------------------------------------
    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        self._seen(tracker.sender_id)

    async def _retrieve(
        self, sender_id: str, fetch_all_sessions: bool
    ) -> DialogueStateTracker | None:
        if self._expired(sender_id, self._clock()):
            self.delete(sender_id)
        return await super()._retrieve(sender_id, fetch_all_sessions)

    async def keys(self) -> Iterable[str]:
        self.sweep()
        return list(self.store.keys())


class ExpiringRedisTrackerStore(RedisTrackerStore):
    """Rasa's RedisTrackerStore with record expiry (idle and absolute), socket timeouts,
    `delete()`, and the message count and tombstones (see the module docstring).

    Keys: `<prefix>:tracker:<id>` (Rasa's), `<prefix>:turns:<id>` (the count, expiring with the
    conversation's idle time), `<prefix>:forgotten:<sha256 of id>` (the tombstone)."""

    def __init__(
        self,
        domain: Domain | None = None,
        redis_settings: settings.RedisSettings | None = None,
        ttl_seconds: float | None = None,
        event_broker: Any = None,
        max_age_seconds: float | None = None,
        clock: Callable[[], float] = time.time,
        **kwargs: Any,
    ) -> None:
        import redis

        config = redis_settings or settings.redis_settings()
        if config is None:
            raise settings.SettingError("ExpiringRedisTrackerStore needs REDIS_URL or REDIS_HOST")
        ttl = ttl_seconds if ttl_seconds is not None else settings.conversation_ttl_seconds()
        super().__init__(
            domain=domain,
            host=config.host,
            port=config.port,
            db=config.db,
            username=config.username,
            password=config.password,
            event_broker=event_broker,
            record_exp=int(ttl),
            key_prefix=config.key_prefix,
            use_ssl=config.use_ssl,
        )
        self.ttl_seconds = int(ttl)
        self.max_age_seconds = int(
            max_age_seconds
            if max_age_seconds is not None
            else settings.conversation_max_age_seconds()
        )
        self.prefix = config.key_prefix
        self._clock = clock  # wall-clock time, as Rasa stamps events
        # Rasa's client has no timeouts: a Redis that hangs would hang the whole replica (the
        # client is synchronous), and the fail-safe reply with it.
        self.red = redis.StrictRedis(
            host=config.host,
            port=config.port,
            db=config.db,
            username=config.username,
            password=config.password,
            ssl=config.use_ssl,
            socket_timeout=config.socket_timeout,
            socket_connect_timeout=config.socket_timeout,
            decode_responses=True,
        )

    def key(self, sender_id: str) -> str:
        return self.key_prefix + sender_id

    def turns_key(self, sender_id: str) -> str:
        return f"{self.prefix}:turns:{sender_id}"

    def tombstone_key(self, sender_id: str) -> str:
        return f"{self.prefix}:forgotten:{id_digest(sender_id)}"

    def delete(self, sender_id: str) -> bool:
        """Forget one conversation (and its count) now. True if there was one."""
        return bool(self.red.delete(self.key(sender_id), self.turns_key(sender_id)))

    def admit(self, sender_id: str) -> int:
        """Counts a message; its number in the conversation, or FORGOTTEN. One round trip."""
        turns_key = self.turns_key(sender_id)
        pipe = self.red.pipeline(transaction=True)
        pipe.exists(self.tombstone_key(sender_id))
        pipe.incr(turns_key)
        pipe.expire(turns_key, self.ttl_seconds)
        forgotten, turns, _ = pipe.execute()
        if forgotten:
            self.red.delete(turns_key)
            return FORGOTTEN
        return int(turns)

    def tombstone(self, sender_id: str) -> None:
        self.red.set(self.tombstone_key(sender_id), "1", ex=self.ttl_seconds)

    async def save(self, tracker: DialogueStateTracker, timeout: float | None = None) -> None:
        """Saves with an expiry of the idle time or the time left of the conversation's
        maximum age (from its first event), whichever is shorter; past that age, deletes it."""
        expiry = float(timeout or self.ttl_seconds)
        if tracker.events:
            left = self.max_age_seconds - (self._clock() - tracker.events[0].timestamp)
            if left < 1:
                self.delete(tracker.sender_id)
                return
            expiry = min(expiry, left)
        await super().save(tracker, timeout=int(expiry))


class TrackerStoreFromEnv:
    """Chooser named in endpoints.yml: returns the in-memory or the Redis store (see above)."""

    def __new__(  # type: ignore[misc]
        cls,
        domain: Domain | None = None,
        event_broker: Any = None,
        **kwargs: Any,
    ) -> TrackerStore:
        try:
            redis_config = settings.redis_settings()
            ttl = settings.conversation_ttl_seconds()
            if redis_config is None:
                logger.info(f"Conversations are kept in memory and expire after {ttl} s.")
                return ExpiringInMemoryTrackerStore(domain, event_broker, ttl_seconds=ttl)
            logger.info(
                f"Conversations are kept in Redis at {redis_config.describe()} and expire "
                f"after {ttl} s."
            )
            return ExpiringRedisTrackerStore(
                domain, redis_settings=redis_config, ttl_seconds=ttl, event_broker=event_broker
            )
        except (ImportError, AttributeError) as error:
            # Rasa would take these for "class not found" and silently fall back to an
            # InMemoryTrackerStore that never forgets: stop instead.
            raise RuntimeError(f"Could not create the tracker store: {error!r}") from error


def innermost_stores(store: Any) -> list:
    """The real stores behind Rasa's wrappers (FailSafeTrackerStore, AwaitableTrackerStore),
    including FailSafeTrackerStore's fallback once it exists."""
    found: list = []
    pending = [store]
    while pending:
        current = pending.pop()
        if current is None:
            continue
        inner = getattr(current, "_tracker_store", None)
        if inner is not None:
            pending.append(inner)
            pending.append(getattr(current, "_fallback_tracker_store", None))
        else:
            found.append(current)
    return found


def delete_conversation(store: Any, sender_id: str) -> bool:
    """Deletes a conversation from every store behind `store`. True if one held it."""
    deleted = False
    for inner in innermost_stores(store):
        if hasattr(inner, "delete"):
            deleted = bool(inner.delete(sender_id)) or deleted
        elif isinstance(inner, InMemoryTrackerStore):
            deleted = inner.store.pop(sender_id, None) is not None or deleted
        elif isinstance(inner, RedisTrackerStore):
            deleted = bool(inner.red.delete(inner.key_prefix + sender_id)) or deleted
        else:
            logger.error(f"Cannot delete a conversation from {type(inner).__name__}.")
    return deleted


def primary_store(store: Any) -> Any:
    """The store behind Rasa's wrappers, without FailSafeTrackerStore's fallback."""
    while getattr(store, "_tracker_store", None) is not None:
        store = store._tracker_store
    return store


def mark_forgotten(store: Any, sender_id: str) -> None:
    """Leaves a tombstone for a forgotten id in every store behind `store` that keeps them."""
    for inner in innermost_stores(store):
        if hasattr(inner, "tombstone"):
            inner.tombstone(sender_id)


def use_expiring_fallback(store: Any) -> None:
    """If Redis fails, Rasa's FailSafeTrackerStore keeps conversations in a plain
    InMemoryTrackerStore that never forgets: give it an expiring one instead."""
    if hasattr(store, "_fallback_tracker_store") and store._fallback_tracker_store is None:
        store._fallback_tracker_store = ExpiringInMemoryTrackerStore(store.domain)
