"""Serving settings from the environment (serving/settings.py)."""

import pytest

from serving import settings
from serving.settings import RedisSettings, SettingError


def test_defaults_keep_everything_in_memory_for_thirty_minutes():
    assert settings.redis_settings({}) is None
    assert settings.conversation_ttl_seconds({}) == 1800
    assert settings.reply_timeout_seconds({}) == 4.0
    assert settings.max_message_chars({}) == 1000


def test_numbers_are_read_and_checked():
    assert settings.conversation_ttl_seconds({"CONVERSATION_TTL_SECONDS": "60"}) == 60
    assert settings.reply_timeout_seconds({"REPLY_TIMEOUT_SECONDS": "2.5"}) == 2.5
    for bad in ["0", "-5", "ten", "1.5"]:
        with pytest.raises(SettingError, match="CONVERSATION_TTL_SECONDS"):
            settings.conversation_ttl_seconds({"CONVERSATION_TTL_SECONDS": bad})


def test_redis_url_with_password_and_database():
    got = settings.redis_settings({"REDIS_URL": "redis://:s%40cret@redis.internal:6380/2"})
    assert got == RedisSettings(host="redis.internal", port=6380, db=2, password="s@cret")
    assert "s@cret" not in got.describe()


def test_rediss_url_means_tls_and_defaults_port_and_db():
    got = settings.redis_settings({"REDIS_URL": "rediss://user:pw@cache"})
    assert (got.host, got.port, got.db, got.username, got.password, got.use_ssl) == (
        "cache",
        6379,
        0,
        "user",
        "pw",
        True,
    )


def test_redis_host_and_parts():
    env = {"REDIS_HOST": "r", "REDIS_PORT": "7000", "REDIS_PASSWORD": "p", "REDIS_DB": "3"}
    assert settings.redis_settings(env) == RedisSettings(host="r", port=7000, db=3, password="p")


@pytest.mark.parametrize(
    "env, problem",
    [
        ({"REDIS_URL": "http://x"}, "redis://"),
        ({"REDIS_URL": "redis://x/db"}, "database"),
        ({"REDIS_URL": "redis://a", "REDIS_HOST": "b"}, "not both"),
        ({"REDIS_HOST": "a", "REDIS_KEY_PREFIX": "my-app"}, "letters and digits"),
        ({"REDIS_HOST": "a", "REDIS_USE_SSL": "maybe"}, "true or false"),
    ],
)
def test_bad_redis_settings_are_refused_by_name(env, problem):
    with pytest.raises(SettingError, match=problem):
        settings.redis_settings(env)
