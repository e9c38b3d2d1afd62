"""Tests against the running serving topology (deploy/local.py), started by
scripts/test_stack.sh, which sets STACK_RUN_DIR. Without it (`pytest tests`, say) nothing here
is collected."""

import json
import os
from pathlib import Path

import pytest

if not os.environ.get("STACK_RUN_DIR"):
    collect_ignore_glob = ["test_*.py"]


@pytest.fixture(scope="session")
def topology() -> dict:
    run_dir = os.environ.get("STACK_RUN_DIR")
    if not run_dir:
        pytest.fail("STACK_RUN_DIR is not set: run these through scripts/test_stack.sh")
    return json.loads(Path(run_dir, "topology.json").read_text())


@pytest.fixture(scope="session")
def redis_client(topology):
    import redis

    return redis.Redis.from_url(topology["redis_url"], decode_responses=True)


@pytest.fixture(scope="session")
def ttl(topology) -> int:
    return int(topology["settings"]["CONVERSATION_TTL_SECONDS"])


@pytest.fixture(scope="session")
def reply_timeout(topology) -> float:
    return float(topology["settings"]["REPLY_TIMEOUT_SECONDS"])
