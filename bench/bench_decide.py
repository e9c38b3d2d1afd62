"""Micro-benchmark: time per routing decision (answers -> ordered recommendations).

    python bench/bench_decide.py [calls]

Prints the mean and 99th-percentile time per call. No assertion: the figure is for the record.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import statistics
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere

from actions.routing import QUESTIONS, Answers, decide, load_routing_data  # noqa: E402


def main(calls: int = 100_000) -> None:
    data = load_routing_data()
    questions = list(QUESTIONS)
    combos = [
        Answers(**dict(zip(questions, values, strict=True)), signs=("debt",))
        for values in itertools.product(*(QUESTIONS[q] + (None,) for q in questions))
    ]
    rng = random.Random(0)
    inputs = [rng.choice(combos) for _ in range(calls)]
    london = ZoneInfo("Europe/London")
    now = dt.datetime(
        2026, 11, 24, 23, 0, tzinfo=london
    )  # a weekday night: out-of-hours logic runs too
    for answers in inputs[:1000]:  # warm up
        decide(answers, now, data)
    timings = []
    clock = time.perf_counter_ns
    for answers in inputs:
        start = clock()
        decide(answers, now, data)
        timings.append(clock() - start)
    timings.sort()
    mean_us = statistics.fmean(timings) / 1000
    p99_us = timings[int(len(timings) * 0.99) - 1] / 1000
    print(
        f"decide(): {calls} calls over {len(combos)} answer combinations, "
        f"mean {mean_us:.1f} µs, p99 {p99_us:.1f} µs per call"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
