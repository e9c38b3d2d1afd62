"""Load benchmark: simulated people taking the whole assessment over the REST channel.

    .venv/bin/python bench/load.py                     # or: make benchmark-load
    .venv/bin/python bench/load.py --users 50,100 --duration 120 --targets baseline,one,two

For each target it starts the serving topology (deploy/local.py) on 127.0.0.1, then runs:

0. one person alone, sending each message as soon as the last answer arrives (the unloaded
   time per message);
1. people who read and think: each waits a random 2.5-7.5 s before every message, including
   the first (DESIGN.md section 8), then greets, answers every question with a button payload
   (random answers), reads the services, and starts again as a new person, until the time is up.
   This phase runs once for each number of people in --users (50 and 100 by default);
2. saturation: a few people sending their next message as soon as the last answer arrives;
3. one long conversation, alone (bench/turn_cost.py): the CPU time of a turn at turns 1-10,
   21-30, 41-50, 51-60 and 91-100, to show whether a turn costs more as the conversation grows
   (not for `two`, where the cost is spread over several processes).

Targets: `one` = one replica in memory (what `make run` starts), `two` = two replicas on Redis
behind nginx round-robin (the scale-out topology), `baseline` = a bare `rasa init` assistant
(one replica, in memory), measured in the same run for a ratio that survives machine drift; it
is created (and trained, about a minute) in results/bench/baseline-init the first time.

Reported per phase: people, think time, duration, requests, throughput (requests per second),
latency p50/p95/p99/max, errors (HTTP errors, timeouts, empty answers) and fail-safe answers,
assessments completed; and peak memory (RSS) per process. Results are printed as Markdown and
saved as JSON in results/bench/. Nothing is asserted: the figures are for docs/benchmarks.md.
Do not run it while a model is training: the figures would measure the training.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
import uuid
from argparse import Namespace
from pathlib import Path
from typing import Dict, List

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import turn_cost  # noqa: E402
from deploy import local  # noqa: E402

RESULTS = ROOT / "results" / "bench"
BASELINE_DIR = RESULTS / "baseline-init"
ANSWERS = ["/affirm", "/deny", "/not_sure"]
FAIL_SAFE_MARK = "something went wrong"


# -- the simulated people ---------------------------------------------------------------------
class Stats:
    def __init__(self) -> None:
        self.latencies: List[float] = []
        self.errors: Dict[str, int] = {}
        self.fail_safe = 0
        self.completed = 0
        self.started = 0

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


def assessment_script(rng: random.Random):
    """The messages of one person: the first answers, then one per question until the end."""
    yield "/greet"
    yield "/deny"
    yield rng.choice(["/about_self", "/about_someone_else", "/not_sure"])
    yield rng.choice(["/age_adult", "/age_under_18", "/not_sure"])
    while True:
        yield rng.choice(ANSWERS)


def baseline_script(rng: random.Random):
    yield "/greet"
    yield rng.choice(["/mood_great", "/mood_unhappy"])
    yield rng.choice(["/affirm", "/deny"])
    while True:
        yield rng.choice(["/greet", "/goodbye", "/bot_challenge"])


def finished(replies: list, baseline: bool, turns: int) -> bool:
    if baseline:
        return turns >= 5
    return any(r.get("custom", {}).get("type") == "service_card" for r in replies) or turns >= 16


async def person(
    session: aiohttp.ClientSession,
    url: str,
    stats: Stats,
    stop_at: float,
    think: tuple | None,
    rng: random.Random,
    baseline: bool,
) -> None:
    """One simulated person after another, until the time is up."""
    while time.monotonic() < stop_at:
        sender = f"bench-{uuid.uuid4().hex}"
        stats.started += 1
        script = baseline_script(rng) if baseline else assessment_script(rng)
        turns = 0
        while True:
            if think:
                await asyncio.sleep(rng.uniform(*think))
            if time.monotonic() >= stop_at:
                return
            message = next(script)
            start = time.monotonic()
            try:
                async with session.post(
                    f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message}
                ) as response:
                    body = await response.read()
                    elapsed = time.monotonic() - start
                    if response.status != 200:
                        stats.error(f"HTTP {response.status}")
                        break
                    replies = json.loads(body)
            except asyncio.TimeoutError:
                stats.error("timeout")
                break
            except aiohttp.ClientError as error:
                stats.error(type(error).__name__)
                break
            stats.latencies.append(elapsed)
            turns += 1
            if not replies:
                stats.error("empty answer")
                break
            if any(FAIL_SAFE_MARK in r.get("text", "") for r in replies):
                stats.fail_safe += 1
            if finished(replies, baseline, turns):
                stats.completed += 1
                if not baseline:  # the widget's exit, as a careful person would use it
                    async with session.post(
                        f"{url}/webhooks/rest/forget", json={"sender": sender}
                    ) as response:
                        await response.read()
                break


async def run_phase(
    url: str, users: int, duration: float, think: tuple | None, seed: int, baseline: bool
) -> Stats:
    stats = Stats()
    timeout = aiohttp.ClientTimeout(total=30)
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        stop_at = time.monotonic() + duration
        await asyncio.gather(
            *(
                person(session, url, stats, stop_at, think, random.Random(seed + i), baseline)
                for i in range(users)
            )
        )
    return stats


# -- memory -----------------------------------------------------------------------------------
def group_rss_mb(pgid: int) -> float:
    """Resident memory of every process in a process group (e.g. nginx master + worker)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(") ", 1)[1].split()
            if int(fields[2]) == pgid:  # pgrp
                status = (stat.parent / "status").read_text()
                rss = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
                total += int(rss.split()[1])
        except (OSError, StopIteration, IndexError, ValueError):
            continue
    return total / 1024


class MemorySampler(threading.Thread):
    def __init__(self, topology: local.Topology) -> None:
        super().__init__(daemon=True)
        self.topology = topology
        self.peak: Dict[str, float] = {}
        self.done = threading.Event()
        self.training_seen = False

    def sample(self) -> None:
        for name, process in self.topology.processes.items():
            self.peak[name] = max(self.peak.get(name, 0.0), group_rss_mb(process.pid))
        self.training_seen = self.training_seen or training_now()

    def run(self) -> None:
        while not self.done.is_set():
            self.sample()
            self.done.wait(1.0)


def training_now() -> bool:
    found = subprocess.run(["pgrep", "-f", "rasa train"], capture_output=True, text=True)
    return bool(found.stdout.strip())


# -- targets ----------------------------------------------------------------------------------
def ensure_baseline() -> Path:
    models = BASELINE_DIR / "models"
    if not (models.exists() and any(models.glob("*.tar.gz"))):
        print("Creating the bare `rasa init` baseline (trains its small model once)...")
        BASELINE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [str(local.VENV_BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(BASELINE_DIR)],
            check=True,
            env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    return max(models.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)


def start_target(target: str, run_dir: Path, base_port: int) -> tuple:
    # Every simulated person comes from 127.0.0.1: nginx's per-address limits, meant for one
    # person each, are lifted here so that the benchmark measures the servers, not the limits.
    args = local.parser().parse_args(
        ["start", "--dir", str(run_dir), "--base-port", str(base_port), "--default-log-level"]
        + ["--limit-req-rate", "100000r/s", "--limit-req-burst", "100000"]
        + ["--limit-conn", "60000"]  # nginx refuses 65536 or more
    )
    if target == "one" or target == "baseline":
        args.replicas, args.redis, args.nginx = 1, False, False
    if target == "baseline":
        args.model = str(ensure_baseline())
        # The bare assistant has no custom actions and none of our serving/ code.
        return start_baseline(run_dir, base_port, args.model)
    topology = local.start(args)
    url = topology.nginx_url if target == "two" else topology.replica_urls[0]
    return topology, url


def start_baseline(run_dir: Path, base_port: int, model: str) -> tuple:
    run_dir.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in local.SERVING_VARS}
    env.update(RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2")
    env.pop("LOG_LEVEL", None)
    launcher = local.Launcher(run_dir, env)
    port = base_port + 5
    (run_dir / "credentials.yml").write_text("rest:\n")
    launcher.spawn(
        "rasa-baseline",
        [
            str(local.VENV_BIN / "rasa"),
            "run",
            "--model",
            model,
            "--interface",
            "127.0.0.1",
            "--port",
            str(port),
            "--credentials",
            str(run_dir / "credentials.yml"),
            "--endpoints",
            str(BASELINE_DIR / "endpoints.yml"),
        ],
        port,
        f"http://127.0.0.1:{port}/webhooks/rest/",
    )
    try:
        local.wait_until_up(launcher.topology, 240)
    except BaseException:
        local.stop(launcher.topology)
        raise
    return launcher.topology, f"http://127.0.0.1:{port}"


def percentile(values: List[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)  # nearest rank
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]


def summarise(stats: Stats, users: int, duration: float, think: tuple | None) -> dict:
    ms = [v * 1000 for v in stats.latencies]
    return {
        "users": users,
        "think_s": list(think) if think else None,
        "duration_s": duration,
        "requests": len(ms),
        "throughput_rps": round(len(ms) / duration, 1),
        "p50_ms": round(percentile(ms, 50), 1),
        "p95_ms": round(percentile(ms, 95), 1),
        "p99_ms": round(percentile(ms, 99), 1),
        "max_ms": round(max(ms), 1) if ms else None,
        "mean_ms": round(statistics.fmean(ms), 1) if ms else None,
        "errors": sum(stats.errors.values()),
        "error_kinds": stats.errors,
        "fail_safe_answers": stats.fail_safe,
        "people_started": stats.started,
        "assessments_completed": stats.completed,
    }


def bench_target(target: str, args: Namespace) -> dict:
    run_dir = RESULTS / f"run-{target}"
    shutil.rmtree(run_dir, ignore_errors=True)
    print(f"\n== {target}: starting...", flush=True)
    topology, url = start_target(target, run_dir, args.base_port)
    sampler = MemorySampler(topology)
    try:
        # Warm up (first requests load lazily) and let start-up memory settle.
        asyncio.run(run_phase(url, 2, 5, None, 999, target == "baseline"))
        sampler.start()
        phases = {}
        print(f"   one person, no wait, {args.single_duration:.0f} s...", flush=True)
        stats = asyncio.run(run_phase(url, 1, args.single_duration, None, 3, target == "baseline"))
        phases["one person"] = summarise(stats, 1, args.single_duration, None)
        for users in args.users:
            print(f"   {users} people thinking {args.think[0]}-{args.think[1]} s, "
                  f"{args.duration:.0f} s...", flush=True)  # fmt: skip
            stats = asyncio.run(
                run_phase(url, users, args.duration, tuple(args.think), 1, target == "baseline")
            )
            phases[f"thinking {users}"] = summarise(stats, users, args.duration, tuple(args.think))
        print(f"   saturation: {args.sat_users} people, no wait, {args.sat_duration:.0f} s...",
              flush=True)  # fmt: skip
        stats = asyncio.run(
            run_phase(url, args.sat_users, args.sat_duration, None, 2, target == "baseline")
        )
        phases["saturation"] = summarise(stats, args.sat_users, args.sat_duration, None)
        sampler.sample()
        turns = None
        if target != "two":  # one conversation on one replica: its processes' CPU is the cost
            print("   one long conversation: CPU per turn...", flush=True)
            pids = [process.pid for process in topology.processes.values()]
            turns = turn_cost.measure(url, pids, target == "baseline")
    finally:
        sampler.done.set()
        local.stop(topology)
    memory = {name: round(mb) for name, mb in sorted(sampler.peak.items())}
    if sampler.training_seen:
        print("   WARNING: a model was training during this run: the figures are disturbed.")
    return {
        "target": target,
        "url": url,
        "phases": phases,
        "turn_cost": turns,
        "peak_rss_mb": memory,
        "training_seen": sampler.training_seen,
    }


def ratios(results: List[dict]) -> List[str]:
    """Each target against the bare `rasa init` bot of the same run (issue 12's aims: one person's
    p50 at most 1.5x, saturation throughput at least 0.7x)."""
    base = next((r for r in results if r["target"] == "baseline"), None)
    if base is None:
        return []
    lines = [
        "",
        "| Target | Phase | p50 / baseline | p95 / baseline | throughput / baseline |",
        "|---|---|---|---|---|",
    ]
    for result in results:
        if result is base:
            continue
        for phase, s in result["phases"].items():
            b = base["phases"].get(phase)
            if not b or not b["p50_ms"] or not b["p95_ms"] or not b["throughput_rps"]:
                continue
            lines.append(
                f"| {result['target']} | {phase} | {s['p50_ms'] / b['p50_ms']:.2f}x | "
                f"{s['p95_ms'] / b['p95_ms']:.2f}x | "
                f"{s['throughput_rps'] / b['throughput_rps']:.2f}x |"
            )
    return lines


def turn_table(results: List[dict]) -> List[str]:
    measured = [r for r in results if r.get("turn_cost")]
    if not measured:
        return []
    windows = [f"{a}-{b}" for a, b in turn_cost.WINDOWS]
    lines = [
        "",
        "CPU per turn of one long conversation (ms, Rasa and the action server together, mean "
        "of each window of turns):",
        "",
        "| Target | " + " | ".join(f"turns {w}" for w in windows) + " | stopped |",
        "|---|" + "---|" * (len(windows) + 1),
    ]
    for result in measured:
        cost = result["turn_cost"]
        cells = [str(cost["cpu_ms_per_turn"].get(w, "-")) for w in windows]
        refused = cost["refused"]
        stopped = (
            f"message {refused['turn']} refused (HTTP {refused['status']})"
            if refused
            else f"after {cost['turns_sent']} messages"
        )
        lines.append(f"| {result['target']} | " + " | ".join(cells) + f" | {stopped} |")
    return lines


def aims(results: List[dict]) -> List[str]:
    """Issue 12's aims, each with the figure of this run (nothing is asserted)."""
    by = {r["target"]: r["phases"] for r in results}
    base, one, two = by.get("baseline"), by.get("one"), by.get("two")
    lines = ["", "| Aim (issue 12) | This run |", "|---|---|"]
    if base and one:
        ratio = one["one person"]["p50_ms"] / base["one person"]["p50_ms"]
        lines.append(f"| one person p50 at most 1.5x the bare bot | {ratio:.2f}x |")
        ratio = one["saturation"]["throughput_rps"] / base["saturation"]["throughput_rps"]
        lines.append(f"| saturation at least 0.7x the bare bot | {ratio:.2f}x |")
    for name, phases in (("one", one), ("two", two)):
        if not phases:
            continue
        if "thinking 50" in phases:
            lines.append(
                f"| {name}: 50 thinking people p95 under 150 ms | "
                f"{phases['thinking 50']['p95_ms']} ms |"
            )
        if "thinking 100" in phases:
            lines.append(
                f"| {name}: 100 thinking people, 0 errors | {phases['thinking 100']['errors']} |"
            )
    if one and two:
        ratio = two["saturation"]["throughput_rps"] / one["saturation"]["throughput_rps"]
        lines.append(f"| two replicas at least 1.6x one's saturation | {ratio:.2f}x |")
    return lines if len(lines) > 3 else []


def markdown(results: List[dict], meta: dict) -> str:
    lines = [
        f"Run {meta['when']} on {meta['cpus']} CPUs, model {meta['model']}.",
        "",
        "| Target | Phase | People | Think (s) | Duration (s) | Requests | Req/s | p50 ms | "
        "p95 ms | p99 ms | max ms | Errors | Fail-safe | Assessments |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        for phase, s in result["phases"].items():
            think = f"{s['think_s'][0]}-{s['think_s'][1]}" if s["think_s"] else "none"
            lines.append(
                f"| {result['target']} | {phase} | {s['users']} | {think} | {s['duration_s']:.0f} "
                f"| {s['requests']} | {s['throughput_rps']} | {s['p50_ms']} | {s['p95_ms']} | "
                f"{s['p99_ms']} | {s['max_ms']} | {s['errors']} | {s['fail_safe_answers']} | "
                f"{s['assessments_completed']} |"
            )
    lines += ratios(results)
    lines += turn_table(results)
    lines += aims(results)
    lines += ["", "| Target | Peak memory (RSS, MB) per process |", "|---|---|"]
    for result in results:
        memory = ", ".join(f"{k} {v}" for k, v in result["peak_rss_mb"].items())
        lines.append(f"| {result['target']} | {memory} |")
    return "\n".join(lines)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--targets", default="baseline,one,two", help="baseline, one, two")
    p.add_argument(
        "--users",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[50, 100],
        help="thinking people, one phase per number (default 50,100)",
    )
    p.add_argument("--duration", type=float, default=120)
    p.add_argument("--think", type=float, nargs=2, default=[2.5, 7.5], metavar=("MIN", "MAX"))
    p.add_argument("--single-duration", type=float, default=20, help="one person, no wait")
    p.add_argument("--sat-users", type=int, default=8, help="people in the saturation phase")
    p.add_argument("--sat-duration", type=float, default=30)
    # Below Linux's range of ports for outgoing connections (32768-60999): at 35000 the second
    # action server once found its port taken by one of the load generator's own connections.
    p.add_argument("--base-port", type=int, default=int(os.environ.get("BENCH_BASE_PORT", 21000)))
    args = p.parse_args()
    if training_now():
        print("A model is training (pgrep -f 'rasa train'): the figures would be wrong.")
        return 1
    RESULTS.mkdir(parents=True, exist_ok=True)
    meta = {
        "when": time.strftime("%Y-%m-%d %H:%M"),
        "cpus": os.cpu_count(),
        "model": Path(local.model_path()).name,
        "args": vars(args),
    }
    out = RESULTS / f"load-{time.strftime('%Y%m%d-%H%M%S')}.json"
    results = []
    for target in (t.strip() for t in args.targets.split(",") if t.strip()):
        try:
            results.append(bench_target(target, args))
        except Exception as error:  # one target failing to start must not lose the others
            print(f"   {target} failed: {error}", flush=True)
        # Saved after every target, so a later failure keeps what was measured.
        out.write_text(json.dumps({"meta": meta, "results": results}, indent=2))
    print()
    print(markdown(results, meta))
    print(f"\nSaved {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
