"""CPU per turn as one conversation grows (issue 12): does a turn cost the same at turn 50 as at 10?

Rasa loads, replays and saves the whole conversation on every message, so without a cap the cost
of a turn grows with its length. One simulated person answers every question with a button, gets
the services, presses "Start again" and goes round again, in one conversation, until the server
refuses a message or 100 messages have been sent. The CPU time of every process of the target
(Rasa and the action server) is read from /proc before and after each message; it is reported
per window of ten turns, because one turn is near the clock's 10 ms tick.

Used by bench/load.py (the `turns` part of each target); nothing is asserted.
"""

from __future__ import annotations

import asyncio
import os
import random
import uuid
from pathlib import Path
from typing import Dict, Iterable, Iterator, List

import aiohttp

MAX_TURNS = 100
WINDOWS = ((1, 10), (21, 30), (41, 50), (51, 60), (91, 100))
_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: Iterable[int]) -> float:
    """User and system CPU time of these processes so far (a process that is gone counts 0)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()
        except (OSError, IndexError):
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / _TICKS


def assessment_rounds() -> Iterator[str]:
    """The same answers every round, so every round costs the same work apart from its length."""
    opening = "/greet"
    while True:
        yield opening
        yield "/deny"  # no one is in danger now
        yield "/about_someone_else"
        yield "/age_adult"
        for _ in range(12):  # every sign question "no", until the services come
            yield "/deny"
        opening = "/start_again"


def baseline_rounds() -> Iterator[str]:
    rng = random.Random(5)
    while True:
        yield rng.choice(["/greet", "/mood_great", "/mood_unhappy", "/affirm", "/goodbye"])


def _is_services(replies: list) -> bool:
    return any(r.get("custom", {}).get("type") == "service_card" for r in replies)


async def _conversation(url: str, pids: List[int], baseline: bool) -> dict:
    sender = f"bench-turns-{uuid.uuid4().hex}"
    script = baseline_rounds() if baseline else assessment_rounds()
    cpu_ms: List[float] = []
    refused = None
    services = 0
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        message = next(script)
        while len(cpu_ms) < MAX_TURNS:
            before = cpu_seconds(pids)
            async with session.post(
                f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message}
            ) as response:
                replies = await response.json(content_type=None)
                if response.status != 200:
                    refused = {"turn": len(cpu_ms) + 1, "status": response.status}
                    break
            cpu_ms.append((cpu_seconds(pids) - before) * 1000)
            services += _is_services(replies)
            message = next(script)
            # Inside the questions a sign answer after the services would be off-script: skip on.
            while not baseline and _is_services(replies) and message == "/deny":
                message = next(script)
    return {"cpu_ms": cpu_ms, "refused": refused, "services_given": services}


def windows(cpu_ms: List[float]) -> Dict[str, float]:
    out = {}
    for first, last in WINDOWS:
        if len(cpu_ms) >= last:
            out[f"{first}-{last}"] = round(sum(cpu_ms[first - 1 : last]) / (last - first + 1), 1)
    return out


def measure(url: str, pids: List[int], baseline: bool) -> dict:
    """One long conversation against a started target; CPU ms per turn by window of turns."""
    result = asyncio.run(_conversation(url, pids, baseline))
    return {
        "turns_sent": len(result["cpu_ms"]),
        "cpu_ms_per_turn": windows(result["cpu_ms"]),
        "refused": result["refused"],
        "services_given": result["services_given"],
    }
