"""The lock store, chosen from the environment like the tracker store (serving/tracker_store.py).

- no REDIS_URL / REDIS_HOST: Rasa's InMemoryLockStore (one process, one replica);
- REDIS_URL or REDIS_HOST: Rasa's RedisLockStore on the same Redis (keys
  `<REDIS_KEY_PREFIX>:lock:<sender>`), so replicas take turns on a conversation instead of
  processing two of its messages at once. Lock keys get an expiry too, so a replica that dies
  mid-turn leaves nothing behind for ever.

Rasa 3.6 creates a custom lock store as `Class(endpoint_config=...)`.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, LockStore, RedisLockStore

from serving import settings

logger = logging.getLogger(__name__)


class ExpiringRedisLockStore(RedisLockStore):
    """RedisLockStore whose keys expire (Rasa's never do)."""

    def __init__(self, redis_settings: settings.RedisSettings, **kwargs: Any) -> None:
        super().__init__(
            host=redis_settings.host,
            port=redis_settings.port,
            db=redis_settings.db,
            username=redis_settings.username,
            password=redis_settings.password,
            use_ssl=redis_settings.use_ssl,
            key_prefix=redis_settings.key_prefix,
            socket_timeout=redis_settings.socket_timeout,
        )
        # A ticket lives LOCK_LIFETIME seconds (default 60); keep the key a while longer.
        self.key_expiry_seconds = int(2 * LOCK_LIFETIME)

    def save_lock(self, lock: TicketLock) -> None:
        self.red.set(
            self.key_prefix + lock.conversation_id, lock.dumps(), ex=self.key_expiry_seconds
        )


class LockStoreFromEnv:
    """Chooser named in endpoints.yml: returns an in-memory or a Redis lock store."""

    def __new__(cls, endpoint_config: Any | None = None, **kwargs: Any) -> LockStore:  # type: ignore[misc]
        try:
            redis_config = settings.redis_settings()
            if redis_config is None:
                workers = os.environ.get("SANIC_WORKERS", "1").strip() or "1"
                if workers != "1":
                    # Rasa allows several workers with any custom lock store; in memory each
                    # worker would hold its own conversations.
                    raise settings.SettingError(
                        "SANIC_WORKERS above 1 needs Redis: set REDIS_URL or REDIS_HOST"
                    )
                return InMemoryLockStore()
            return ExpiringRedisLockStore(redis_config)
        except (ImportError, AttributeError) as error:  # see TrackerStoreFromEnv
            raise RuntimeError(f"Could not create the lock store: {error!r}") from error
