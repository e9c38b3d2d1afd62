"""Serving settings, read from environment variables (plain Python: no Rasa here).

Every variable is optional; a bad value stops the server at start with a message that names it.

- CONVERSATION_TTL_SECONDS (default 1800): a conversation is forgotten this long after its last
  message (matches the domain's session_expiration_time of 30 minutes).
- CONVERSATION_MAX_AGE_SECONDS (default 7200): and this long after its first message, however
  busy it is (a real assessment takes minutes).
- CONVERSATION_MAX_MESSAGES (default 60): the most messages one conversation may have (a real
  assessment has under 30); the next one is refused (429) and the conversation deleted. Each
  turn costs more as a conversation grows, and a turn's work cannot be interrupted, so this
  is what keeps one client from holding a replica.
- REPLY_TIMEOUT_SECONDS (default 4): the fail-safe reply is sent if the answer takes longer.
- MAX_MESSAGE_CHARS (default 1000): the longest message accepted (the widget's text box limit).
- REDIS_URL: redis://[user:password@]host[:port][/db], or rediss:// for TLS. Or the parts:
  REDIS_HOST, REDIS_PORT (6379), REDIS_USERNAME, REDIS_PASSWORD, REDIS_DB (0), REDIS_USE_SSL.
  Neither set: conversations and locks stay in memory (one process).
- REDIS_KEY_PREFIX (default modernslavery): prefix of every Redis key (letters and digits).
- REDIS_SOCKET_TIMEOUT (default 2): seconds before a Redis call gives up.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping
from urllib.parse import unquote, urlsplit

DEFAULT_CONVERSATION_TTL_SECONDS = 1800
DEFAULT_CONVERSATION_MAX_AGE_SECONDS = 7200
DEFAULT_CONVERSATION_MAX_MESSAGES = 60
DEFAULT_REPLY_TIMEOUT_SECONDS = 4.0
DEFAULT_MAX_MESSAGE_CHARS = 1000
DEFAULT_REDIS_PORT = 6379
DEFAULT_REDIS_KEY_PREFIX = "modernslavery"
DEFAULT_REDIS_SOCKET_TIMEOUT = 2.0


class SettingError(ValueError):
    """A serving environment variable has a value that cannot be used."""


@dataclass(frozen=True)
class RedisSettings:
    host: str
    port: int = DEFAULT_REDIS_PORT
    db: int = 0
    username: str | None = None
    password: str | None = None
    use_ssl: bool = False
    key_prefix: str = DEFAULT_REDIS_KEY_PREFIX
    socket_timeout: float = DEFAULT_REDIS_SOCKET_TIMEOUT

    def describe(self) -> str:
        """Where Redis is, for the start-up log: never the password."""
        scheme = "rediss" if self.use_ssl else "redis"
        return f"{scheme}://{self.host}:{self.port}/{self.db} (key prefix '{self.key_prefix}')"


def _env(env: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if env is None else env


def _number(env: Mapping[str, str], name: str, default: float, kind: type) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise SettingError(f"{name} must be a {kind.__name__} number, not {raw!r}") from None
    if value <= 0:
        raise SettingError(f"{name} must be more than 0, not {raw!r}")
    return value


def conversation_ttl_seconds(env: Mapping[str, str] | None = None) -> int:
    return int(
        _number(_env(env), "CONVERSATION_TTL_SECONDS", DEFAULT_CONVERSATION_TTL_SECONDS, int)
    )


def conversation_max_age_seconds(env: Mapping[str, str] | None = None) -> int:
    return int(
        _number(
            _env(env), "CONVERSATION_MAX_AGE_SECONDS", DEFAULT_CONVERSATION_MAX_AGE_SECONDS, int
        )
    )


def conversation_max_messages(env: Mapping[str, str] | None = None) -> int:
    return int(
        _number(_env(env), "CONVERSATION_MAX_MESSAGES", DEFAULT_CONVERSATION_MAX_MESSAGES, int)
    )


def reply_timeout_seconds(env: Mapping[str, str] | None = None) -> float:
    return float(_number(_env(env), "REPLY_TIMEOUT_SECONDS", DEFAULT_REPLY_TIMEOUT_SECONDS, float))


def max_message_chars(env: Mapping[str, str] | None = None) -> int:
    return int(_number(_env(env), "MAX_MESSAGE_CHARS", DEFAULT_MAX_MESSAGE_CHARS, int))


def _flag(env: Mapping[str, str], name: str) -> bool:
    raw = env.get(name, "").strip().lower()
    if raw in ("", "0", "false", "no", "off"):
        return False
    if raw in ("1", "true", "yes", "on"):
        return True
    raise SettingError(f"{name} must be true or false, not {raw!r}")


def _key_prefix(env: Mapping[str, str]) -> str:
    prefix = env.get("REDIS_KEY_PREFIX", "").strip() or DEFAULT_REDIS_KEY_PREFIX
    # Rasa silently ignores a prefix that is not alphanumeric: refuse it instead.
    if not prefix.isalnum():
        raise SettingError(f"REDIS_KEY_PREFIX must be letters and digits only, not {prefix!r}")
    return prefix


def redis_settings(env: Mapping[str, str] | None = None) -> RedisSettings | None:
    """Redis settings from REDIS_URL or REDIS_HOST (+ parts); None means: stay in memory."""
    env = _env(env)
    url = env.get("REDIS_URL", "").strip()
    host = env.get("REDIS_HOST", "").strip()
    if not url and not host:
        return None
    common = dict(
        key_prefix=_key_prefix(env),
        socket_timeout=float(
            _number(env, "REDIS_SOCKET_TIMEOUT", DEFAULT_REDIS_SOCKET_TIMEOUT, float)
        ),
    )
    if url:
        if host:
            raise SettingError("Set REDIS_URL or REDIS_HOST, not both")
        return _from_url(url, **common)
    return RedisSettings(
        host=host,
        port=int(_number(env, "REDIS_PORT", DEFAULT_REDIS_PORT, int)),
        db=_db(env.get("REDIS_DB", "").strip() or "0", "REDIS_DB"),
        username=env.get("REDIS_USERNAME", "").strip() or None,
        password=env.get("REDIS_PASSWORD") or None,
        use_ssl=_flag(env, "REDIS_USE_SSL"),
        **common,
    )


def _db(raw: str, name: str) -> int:
    if not raw.isdigit():
        raise SettingError(f"{name}: the database must be a number, not {raw!r}")
    return int(raw)


def _from_url(url: str, **common) -> RedisSettings:
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss"):
        raise SettingError("REDIS_URL must start with redis:// or rediss://")
    if not parts.hostname:
        raise SettingError("REDIS_URL has no host name")
    try:
        port = parts.port or DEFAULT_REDIS_PORT
    except ValueError:
        raise SettingError("REDIS_URL has a port that is not a number") from None
    path = parts.path.lstrip("/")
    return RedisSettings(
        host=parts.hostname,
        port=port,
        db=_db(path, "REDIS_URL") if path else 0,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        use_ssl=parts.scheme == "rediss",
        **common,
    )
