"""endpoints.yml and credentials.yml load as Rasa 3.6 reads them."""

from pathlib import Path

import pytest
import yaml
from rasa.core.utils import AvailableEndpoints
from rasa.shared.core.domain import Domain
from rasa.shared.utils.common import class_from_module_path

from serving.nlg import LiteralPayloadNLG
from serving.tracker_store import ExpiringInMemoryTrackerStore

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def endpoints(monkeypatch) -> AvailableEndpoints:
    for name in ["REDIS_URL", "REDIS_HOST", "SANIC_WORKERS"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ACTION_SERVER_URL", "http://actions.internal:5055/webhook")
    monkeypatch.setenv("ACTION_SERVER_SECRET", "from-the-environment-0123456789")
    return AvailableEndpoints.read_endpoints(str(ROOT / "endpoints.yml"))


def test_the_action_server_url_comes_from_the_environment(endpoints):
    # (A quoted "${ACTION_SERVER_URL}" is not substituted by Rasa 3.6: every action would fail.)
    assert endpoints.action.url == "http://actions.internal:5055/webhook"


def test_the_action_servers_secret_is_sent_as_a_header_never_in_the_url(endpoints):
    assert endpoints.action.headers == {"X-Action-Secret": "from-the-environment-0123456789"}
    assert endpoints.action.token is None and endpoints.action.params == {}  # no ?token=


def test_the_stores_are_ours_and_in_memory_by_default(endpoints):
    from rasa.core.lock_store import InMemoryLockStore, LockStore
    from rasa.core.tracker_store import TrackerStore

    tracker_store = TrackerStore.create(endpoints.tracker_store, Domain.empty())
    assert isinstance(tracker_store, ExpiringInMemoryTrackerStore)
    assert isinstance(LockStore.create(endpoints.lock_store), InMemoryLockStore)


def test_responses_come_from_the_generator_that_leaves_payloads_as_written(endpoints):
    from rasa.core.nlg import NaturalLanguageGenerator, TemplatedNaturalLanguageGenerator

    domain = Domain.from_dict({"responses": {"utter_x": [{"text": "x"}]}})
    nlg = NaturalLanguageGenerator.create(endpoints.nlg, domain)
    assert isinstance(nlg, LiteralPayloadNLG)
    # A TemplatedNaturalLanguageGenerator: Rasa gives it each loaded model's responses.
    assert isinstance(nlg, TemplatedNaturalLanguageGenerator)
    assert nlg.responses == domain.responses


def test_credentials_name_the_hardened_channel_which_keeps_the_rest_urls():
    credentials = yaml.safe_load((ROOT / "credentials.yml").read_text())
    assert list(credentials) == ["serving.rest_channel.HardenedRestInput"]
    channel = class_from_module_path("serving.rest_channel.HardenedRestInput")
    assert channel.name() == "rest"
