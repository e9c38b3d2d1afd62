"""The fail-safe reply and the detection of failed actions (serving/failsafe.py)."""

import asyncio
import logging
from pathlib import Path

import yaml

from serving.failsafe import (
    ACTION_FAILED_LOG,
    CURRENT_TURN,
    FALLBACK_TEXT,
    PROCESSOR_LOGGER,
    TurnWatch,
    fail_safe_messages,
    install_action_failure_filter,
)

ROOT = Path(__file__).resolve().parents[3]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
HELPLINE = "08000 121 700"


def test_the_domain_fail_safe_has_999_and_the_helpline():
    [message] = fail_safe_messages(DOMAIN["responses"], "abc")
    assert message["recipient_id"] == "abc"
    assert "999" in message["text"] and HELPLINE in message["text"]
    assert message["buttons"] == [{"title": "Start again", "payload": "/start_again"}]


def test_without_the_response_the_built_in_text_still_has_999_and_the_helpline():
    for responses in [None, {}, {"utter_fail_safe": []}]:
        [message] = fail_safe_messages(responses, "abc")
        assert message == {"recipient_id": "abc", "text": FALLBACK_TEXT}
    assert "999" in FALLBACK_TEXT and HELPLINE in FALLBACK_TEXT


def test_a_failed_action_marks_only_the_turn_it_happened_in():
    install_action_failure_filter()
    install_action_failure_filter()  # idempotent
    logger = logging.getLogger(PROCESSOR_LOGGER)
    assert len([f for f in logger.filters if type(f).__name__ == "ActionFailureFilter"]) == 1

    async def turn(fails: bool) -> TurnWatch:
        watch = TurnWatch()
        CURRENT_TURN.set(watch)
        await asyncio.sleep(0.01)
        if fails:
            logger.error(f"{ACTION_FAILED_LOG} 'action_recommend_services'.")
        else:
            logger.error("Some other error.")
        await asyncio.sleep(0.01)
        return watch

    async def both():
        return await asyncio.gather(turn(True), turn(False))

    failed, fine = asyncio.run(both())
    assert failed.action_failed is True
    assert fine.action_failed is False
