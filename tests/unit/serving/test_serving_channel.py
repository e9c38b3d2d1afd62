"""The hardened channel's turn handling, without a server (serving/rest_channel.py `answer`)."""

import asyncio
import logging
import time
from pathlib import Path
from types import SimpleNamespace

import yaml
from rasa.core.channels.channel import UserMessage

from serving.failsafe import ACTION_FAILED_LOG, PROCESSOR_LOGGER
from serving.rest_channel import HardenedRestInput

ROOT = Path(__file__).resolve().parents[3]
RESPONSES = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
AGENT = SimpleNamespace(domain=SimpleNamespace(responses=RESPONSES))
TIMEOUT = 0.3


def channel() -> HardenedRestInput:
    return HardenedRestInput(reply_timeout_seconds=TIMEOUT, max_message_chars=1000)


def answer(handler, text="/deny"):
    return asyncio.run(channel().answer(handler, AGENT, "abc", text))


def is_fail_safe(message) -> bool:
    return "999" in message["text"] and "08000 121 700" in message["text"]


def test_the_answer_is_passed_through():
    seen = []

    async def handler(message: UserMessage):
        seen.append((message.sender_id, message.text, message.input_channel, message.metadata))
        await message.output_channel.send_text_message("abc", "Is this about you?")

    # Each message says its language (English here: not a translation from data/languages/).
    assert answer(handler) == [{"recipient_id": "abc", "text": "Is this about you?", "lang": "en"}]
    assert seen == [("abc", "/deny", "rest", None)]


def test_an_empty_answer_becomes_the_fail_safe():
    async def handler(message):
        return None

    [reply] = answer(handler)
    assert is_fail_safe(reply)


def test_a_late_answer_becomes_the_fail_safe_in_time_and_the_turn_is_cancelled():
    state = {}

    async def handler(message):
        try:
            await asyncio.sleep(30)
            await message.output_channel.send_text_message("abc", "too late")
        except asyncio.CancelledError:
            state["cancelled"] = True
            raise

    start = time.monotonic()
    [reply] = answer(handler)
    assert time.monotonic() - start < TIMEOUT + 1.0
    assert is_fail_safe(reply)
    assert state == {"cancelled": True}


def test_what_was_said_before_a_timeout_is_not_sent():
    async def handler(message):
        await message.output_channel.send_text_message("abc", "half an answer")
        await asyncio.sleep(30)

    [reply] = answer(handler)
    assert is_fail_safe(reply)


def test_a_999_answer_said_before_a_timeout_is_sent_before_the_fail_safe():
    advice = RESPONSES["utter_danger_999"][0]["text"]

    async def handler(message):
        await message.output_channel.send_text_message("abc", advice)
        await message.output_channel.send_text_message("abc", "half an answer")
        await asyncio.sleep(30)

    said, safe = answer(handler)
    assert said["text"] == advice
    assert is_fail_safe(safe)


def test_an_error_becomes_the_fail_safe():
    async def handler(message):
        raise ConnectionError("redis is down")

    [reply] = answer(handler)
    assert is_fail_safe(reply)


def test_a_failed_action_adds_the_fail_safe_after_what_was_said():
    async def handler(message):
        await message.output_channel.send_text_message("abc", "Thank you for telling me.")
        logging.getLogger(PROCESSOR_LOGGER).error(f"{ACTION_FAILED_LOG} 'x'. Bot will continue")

    said, safe = answer(handler)
    assert said["text"] == "Thank you for telling me."
    assert is_fail_safe(safe)


def test_concurrent_turns_do_not_share_a_failure():
    async def handler(message):
        await asyncio.sleep(0.05)
        if message.text == "fails":
            logging.getLogger(PROCESSOR_LOGGER).error(f"{ACTION_FAILED_LOG} 'x'.")
        await message.output_channel.send_text_message(message.sender_id, "ok")

    async def both():
        rest = channel()
        return await asyncio.gather(
            rest.answer(handler, AGENT, "a", "fails"), rest.answer(handler, AGENT, "b", "fine")
        )

    failing, fine = asyncio.run(both())
    assert len(failing) == 2 and is_fail_safe(failing[1])
    assert fine == [{"recipient_id": "b", "text": "ok", "lang": "en"}]


def test_the_allow_list_follows_the_loaded_domain():
    rest = channel()
    assert rest.allow_list(AGENT).resolve("/deny") == "/deny"
    other = SimpleNamespace(domain=SimpleNamespace(responses={}))
    assert rest.allow_list(other).resolve("/deny") == "deny"
    assert rest.allow_list(other).resolve("/greet") == "/greet"  # the widget's, always


def test_forget_deletes_at_once_and_again_after_a_turn_still_running():
    from rasa.core.lock_store import InMemoryLockStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered

    from serving.tracker_store import ExpiringInMemoryTrackerStore

    store = ExpiringInMemoryTrackerStore(Domain.empty(), ttl_seconds=600)
    locks = InMemoryLockStore()
    agent = SimpleNamespace(tracker_store=store, lock_store=locks)

    async def say(text):
        tracker = await store.get_or_create_tracker("a")
        tracker.update(UserUttered(text))
        await store.save(tracker)

    async def scenario():
        await say("hello")

        async def running_turn():  # saves the conversation when it ends, as Rasa does
            async with locks.lock("a"):
                await asyncio.sleep(0.3)
                await say("the end of a turn that started before the exit")

        turn = asyncio.ensure_future(running_turn())
        await asyncio.sleep(0.05)
        await channel().forget(agent, "a")
        await turn
        return dict(store.store), dict(locks.conversation_locks)

    assert asyncio.run(scenario()) == ({}, {})


def test_stop_forgets_the_conversation_after_answering(monkeypatch):
    stopped = RESPONSES["utter_stopped"][0]["text"]
    forgotten = []

    async def handler(message):
        await message.output_channel.send_text_message("abc", stopped)

    async def forget(self, agent, sender):
        forgotten.append(sender)

    monkeypatch.setattr(HardenedRestInput, "forget", forget)
    [reply] = answer(handler, "stop")
    assert reply["text"] == stopped and forgotten == ["abc"]


def test_other_answers_forget_nothing(monkeypatch):
    forgotten = []

    async def handler(message):
        await message.output_channel.send_text_message("abc", "Is this about you?")

    async def forget(self, agent, sender):
        forgotten.append(sender)

    monkeypatch.setattr(HardenedRestInput, "forget", forget)
    answer(handler)
    assert forgotten == []
