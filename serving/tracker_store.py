"""Tracker stores that forget: conversations expire, and can be deleted at once.

endpoints.yml names `serving.tracker_store.TrackerStoreFromEnv`, which Rasa 3.6 loads as a
custom tracker store (rasa/core/tracker_store.py `_load_from_module_name_in_endpoint_config`)
and which builds, from the environment (serving/settings.py):

- no REDIS_URL / REDIS_HOST: `ExpiringInMemoryTrackerStore`. Rasa's own InMemoryTrackerStore
  keeps every conversation until the process stops; this one forgets a conversation
  CONVERSATION_TTL_SECONDS after its last message (checked on every read, and swept
  periodically so nothing lingers on an idle server);
- REDIS_URL or REDIS_HOST: `ExpiringRedisTrackerStore`, Rasa's RedisTrackerStore with
  `record_exp` = CONVERSATION_TTL_SECONDS (each save resets the key's expiry) and short socket
  timeouts, so any number of replicas share conversations.

Both have `delete(sender_id)`, used by the channel's forget route (the widget's "Exit").

Why a chooser class: Rasa substitutes ${VAR} in endpoints.yml but fails on an unset variable and
has no defaults, so one endpoints file cannot say "Redis if REDIS_URL is set". Rasa calls the
configured class with keyword arguments and uses what comes back; `TrackerStoreFromEnv.__new__`
returns the right store (Python then skips `__init__`, as the object is another class).
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Callable, Dict, Iterable

from rasa.core.tracker_store import InMemoryTrackerStore, RedisTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from serving import settings

logger = logging.getLogger(__name__)

MAX_SWEEP_INTERVAL_SECONDS = 60.0


class ExpiringInMemoryTrackerStore(InMemoryTrackerStore):
    """InMemoryTrackerStore that forgets a conversation `ttl_seconds` after its last save."""

    def __init__(
        self,
        domain: Domain | None = None,
        event_broker: Any = None,
        ttl_seconds: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        **kwargs: Any,
    ) -> None:
        kwargs.pop("host", None)  # Rasa passes the endpoint's url (none here)
        super().__init__(domain, event_broker, **kwargs)
        self.ttl_seconds = float(
            ttl_seconds if ttl_seconds is not None else settings.conversation_ttl_seconds()
        )
        self._clock = clock
        self._last_saved: Dict[str, float] = {}
        self._sweep_scheduled = False

    # -- expiry -------------------------------------------------------------------------------
    def _expired(self, sender_id: str, now: float) -> bool:
        last = self._last_saved.get(sender_id)
        return last is not None and now - last >= self.ttl_seconds

    def delete(self, sender_id: str) -> bool:
        """Forget one conversation now. True if there was one."""
        self._last_saved.pop(sender_id, None)
        return self.store.pop(sender_id, None) is not None

    def sweep(self) -> int:
        """Forget every expired conversation; returns how many."""
        now = self._clock()
        expired = [s for s in list(self._last_saved) if self._expired(s, now)]
        for sender_id in expired:
            self.delete(sender_id)
        return len(expired)

    def sweep_interval(self) -> float:
        return max(1.0, min(MAX_SWEEP_INTERVAL_SECONDS, self.ttl_seconds / 4))

    def _schedule_sweep(self) -> None:
        """Sweeps every `sweep_interval()` while conversations are held (needs a running loop)."""
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
        if self.store:
            self._schedule_sweep()

    # -- TrackerStore ---------------------------------------------------------------------------
    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        self._last_saved[tracker.sender_id] = self._clock()
        self._schedule_sweep()

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
    """Rasa's RedisTrackerStore with record expiry, socket timeouts and `delete()`."""

    def __init__(
        self,
        domain: Domain | None = None,
        redis_settings: settings.RedisSettings | None = None,
        ttl_seconds: float | None = None,
        event_broker: Any = None,
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

    def delete(self, sender_id: str) -> bool:
        """Forget one conversation now. True if there was one."""
        return bool(self.red.delete(self.key(sender_id)))


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


def use_expiring_fallback(store: Any) -> None:
    """If Redis fails, Rasa's FailSafeTrackerStore keeps conversations in a plain
    InMemoryTrackerStore that never forgets: give it an expiring one instead."""
    if hasattr(store, "_fallback_tracker_store") and store._fallback_tracker_store is None:
        store._fallback_tracker_store = ExpiringInMemoryTrackerStore(store.domain)
