"""Danger recall and false alarms on the independent sets, per kind: lexicon alone, model alone,
both (what runs), and the real first reply at the start and in the middle of a question.

Usage: python bench/triage_benchmark.py [model.tar.gz]     (make benchmark-triage)

The sets (tests/triage/independent_set.yml, tests/nlu_independent/faq_openings.yml) were
written by helpers who never read data/nlu/ or the lexicon. Each line is also put in a "dev" or
"test" half by a hash of its text: the lexicon was corrected after reading misses of the dev half
only, so the test half is the figure that says how the lexicon does on words nobody tuned it to.

The dialogue figures run the trained model through Rasa's Agent with a real action server
(started here on a free port), exactly as a person's messages would go.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TRIAGE_SET = ROOT / "tests/triage/independent_set.yml"
# Blind too, but the lexicon (and, for dev_set2, the triage's rules) were corrected on all of them.
TUNING_SETS = (
    ROOT / "tests/triage/dev_set.yml",
    ROOT / "tests/triage/dev_set2.yml",
    ROOT / "tests/triage/dev_set3.yml",
)


# The fifth and later blind sets (dev_set4.yml onwards, 2026-11-30 on): each measured once, whole,
# before it was read; then the triage was corrected on its dev half only; their test halves, like
# the independent set's, have not been read: generalisation figures. Found by name, in number
# order, so that a new set is never left out of the figures.
def _set_number(path: Path) -> int:
    return int(path.stem.removeprefix("dev_set") or 1)


HALVED_SETS = tuple(
    sorted(
        (path for path in (ROOT / "tests/triage").glob("dev_set*.yml") if path not in TUNING_SETS),
        key=_set_number,
    )
)
# The FAQ-and-openings sets, each with what its dev half was used for.
FAQ_SETS = (
    (
        ROOT / "tests/nlu_independent/faq_openings.yml",
        "its misses were described to the writer of more training data",
    ),
    (
        ROOT / "tests/nlu_independent/faq_openings2.yml",
        "the lexicon was corrected after reading its misses",
    ),
    (
        ROOT / "tests/nlu_independent/faq_openings3.yml",
        "its misses were read: the FAQ answer on 999 and the contact cards came from them",
    ),
    (
        ROOT / "tests/nlu_independent/faq_openings4.yml",
        "measured once, whole, before it was read; its misses were read in the eleventh session",
    ),
    (
        ROOT / "tests/nlu_independent/faq_openings5.yml",
        "measured once, whole, before it was read",
    ),
)

from actions.recommend import first_named_service  # noqa: E402 - after ROOT is on sys.path
from nlu_guards.faq_floor import SELECTOR_KEY, answer_topic  # noqa: E402
from triage.decide import INTENT_FOR_ANSWER, Thresholds  # noqa: E402

# FAQ topics about one service: a question such as "salvation army number?" is answered as well
# by that service's contact card (action_contact_service), which has its number and hours.
SERVICE_OF_TOPIC = {
    "salvation_army": "salvation_army",
    "what_is_front_door_for_families": "front_door_for_families",
    "what_is_access_point": "access_point",
    "what_is_early_help": "early_help",
    "what_happens_helpline": "modern_slavery_helpline",
}


def _score_danger_threshold() -> float:
    """The danger score alone says danger from the threshold the triage uses (config.yml)."""
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    triage = next(c for c in pipeline if c["name"].endswith("TriageClassifier"))
    return float(triage.get("score_danger_threshold", Thresholds.score_danger))


SCORE_DANGER = _score_danger_threshold()

ANSWER_OF_INTENT = {intent: answer for answer, intent in INTENT_FOR_ANSWER.items()}
# The 999 answer each response gives (data/rules/safety.yml).
ANSWER_OF_RESPONSE = {
    "utter_danger_999": "police",
    "utter_danger_ambulance": "ambulance",
    "utter_danger_fire": "fire",
    "utter_danger_self_harm": "self_harm",
}
STARTS_QUESTIONS = {
    "describe_situation",
    "about_self",
    "about_someone_else",
    "age_under_18",
    "age_adult",
    "give_age",
    "greet",
}


def half(text: str) -> str:
    return "dev" if int(hashlib.sha256(text.encode()).hexdigest(), 16) % 2 == 0 else "test"


def model_path() -> str:
    if len(sys.argv) > 1:
        return sys.argv[1]
    return subprocess.check_output(["scripts/model_path.sh"], cwd=ROOT, text=True).strip()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_action_server(port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/rasa"),
            "run",
            "actions",
            "--actions",
            "actions",
            "--port",
            str(port),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=dict(os.environ, SANIC_HOST="127.0.0.1"),
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
            return process
        except OSError:
            time.sleep(1)
    process.kill()
    raise SystemExit("the action server did not start")


class Replies:
    """Which response a reply is, by its text (responses are fixed text). Where two responses
    share a text (utter_danger_after_check gives the text of one of the four 999 answers), the
    999 answer names it."""

    def __init__(self, domain) -> None:
        self.by_text = {}
        for name, variations in sorted(
            domain.responses.items(), key=lambda item: item[0] in ANSWER_OF_RESPONSE
        ):
            for variation in variations:
                if variation.get("text"):
                    self.by_text[variation["text"].strip()] = name

    def names(self, replies) -> list[str]:
        return [self.by_text.get((r.get("text") or "").strip(), "?") for r in replies]


async def first_reply(agent, replies: Replies, text: str, mid_question: bool) -> list[str]:
    sender = uuid.uuid4().hex
    if mid_question:  # welcome, "No" to the danger question: now at "about you or someone else?"
        await agent.handle_text("/greet", sender_id=sender)
        await agent.handle_text("/deny", sender_id=sender)
    return replies.names(await agent.handle_text(text, sender_id=sender))


def answer_in(names: list[str]) -> str | None:
    for name in names:
        if name in ANSWER_OF_RESPONSE:
            return ANSWER_OF_RESPONSE[name]
    return None


def pct(n: int, d: int) -> str:
    return f"{n}/{d} ({100 * n / d:.1f} %)" if d else "-"


async def triage_figures(agent, replies: Replies) -> None:
    data = yaml.safe_load(TRIAGE_SET.read_text(encoding="utf-8"))
    rows = []
    for group, items in (("danger", data["danger"]), ("not_immediate", data["not_immediate"])):
        for item in items:
            parse = await agent.parse_message(item["text"])
            triage = parse.get("triage") or {}
            first = await first_reply(agent, replies, item["text"], mid_question=False)
            mid = await first_reply(agent, replies, item["text"], mid_question=True)
            rows.append(
                {
                    **item,
                    "group": group,
                    "half": half(item["text"]),
                    "lexicon": triage.get("lexicon_answer"),
                    "model": ANSWER_OF_INTENT.get(triage.get("model_intent")),
                    "score": (triage.get("score") or 0.0) >= SCORE_DANGER,
                    "both": ANSWER_OF_INTENT.get(parse["intent"]["name"]),
                    "intent": parse["intent"]["name"],
                    "first": answer_in(first),
                    "mid": answer_in(mid),
                    "check": "utter_check_danger" in first,
                }
            )
    report_triage(rows)
    for path in TUNING_SETS:
        found = await found_in(agent, path, lambda text: True)
        print(
            f"\nTuning set ({path.relative_to(ROOT)}, written blind, then used to correct the "
            f"triage: not a generalisation figure): recall {pct(*found['danger'])}, "
            f"false alarms {pct(*found['not_immediate'])}{instead_note(found)}"
        )
    # Every test half together, the independent set's with them: the one generalisation figure.
    unread = {
        group: [
            sum(r["both"] is not None for r in rows if r["group"] == group and r["half"] == "test"),
            sum(r["group"] == group and r["half"] == "test" for r in rows),
        ]
        for group in ("danger", "not_immediate")
    }
    for path in HALVED_SETS:
        for part, note in (
            ("dev", "corrected on"),
            ("test", "never read: a generalisation figure"),
        ):
            found = await found_in(agent, path, lambda text, part=part: half(text) == part)
            print(
                f"\n{path.relative_to(ROOT)}, {part} half ({note}): recall "
                f"{pct(*found['danger'])}, false alarms {pct(*found['not_immediate'])}"
                f"{instead_note(found)}"
            )
            if part == "test":
                for group in unread:
                    unread[group][0] += found[group][0]
                    unread[group][1] += found[group][1]
    print(
        f"\nAll {len(HALVED_SETS) + 1} test halves together (the independent set's and the halved "
        f"sets'; never read): recall {pct(*unread['danger'])}, false alarms "
        f"{pct(*unread['not_immediate'])}"
    )


async def found_in(agent, path: Path, keep) -> dict:
    """How many lines of each group of a set get a 999 answer (from the NLU result)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = {}
    for group in ("danger", "not_immediate"):
        items = [item for item in data[group] if keep(item["text"])]
        hits = 0
        for item in items:
            parse = await agent.parse_message(item["text"])
            intent = parse["intent"]["name"]
            hit = intent in ANSWER_OF_INTENT
            hits += hit
            # Counts by kind and by what a missed line got instead, never the text: a test half
            # stays unread.
            if group == "danger" and not hit:
                found.setdefault("instead", Counter())[intent] += 1
                found.setdefault("missed_kinds", Counter())[item.get("kind", "?")] += 1
            elif group == "not_immediate" and hit:
                found.setdefault("alarm_kinds", Counter())[item.get("kind", "?")] += 1
        found[group] = (hits, len(items))
    return found


def instead_note(found: dict) -> str:
    """Missed danger by what it got instead: the danger question is one tap from 999, an FAQ
    answer is not."""
    parts = []
    for key, label in (
        ("instead", "missed danger got instead"),
        ("missed_kinds", "missed danger by kind"),
        ("alarm_kinds", "false alarms by kind"),
    ):
        if found.get(key):
            parts.append(f"\n    {label}: {dict(found[key].most_common())}")
    return "".join(parts)


def report_triage(rows: list[dict]) -> None:
    danger = [r for r in rows if r["group"] == "danger"]
    negatives = [r for r in rows if r["group"] == "not_immediate"]
    hard = [r for r in negatives if r.get("hard")]
    print(
        f"\nIndependent danger set: {len(danger)} immediate, {len(negatives)} not immediate "
        f"({len(hard)} hard negatives)\n"
    )
    print(f"{'':34} {'recall (999 answer)':>22} {'false alarms':>20} {'hard negatives':>18}")
    for column, label in (
        ("lexicon", "lexicon alone"),
        ("model", "model alone (DIET)"),
        ("score", "danger score alone"),
        ("both", "both (NLU result)"),
        ("first", "first reply, first message"),
        ("mid", "first reply, mid-question"),
    ):
        for part in ("all", "dev", "test"):
            d = [r for r in danger if part == "all" or r["half"] == part]
            n = [r for r in negatives if part == "all" or r["half"] == part]
            h = [r for r in n if r.get("hard")]
            name = label if part == "all" else f"  {part} half"
            print(
                f"{name:34} {pct(sum(bool(r[column]) for r in d), len(d)):>22} "
                f"{pct(sum(bool(r[column]) for r in n), len(n)):>20} "
                f"{pct(sum(bool(r[column]) for r in h), len(h)):>18}"
            )
    right = sum(r["first"] == r.get("expect") for r in danger)
    print(
        f"\nThe right 999 answer (police / ambulance / fire / self-harm): {pct(right, len(danger))}"
    )
    asked = sum(r["check"] for r in danger if not r["first"])
    print(f"Missed danger that got 'Is anyone in danger right now?' instead: {asked}")
    for part in ("dev", "test"):
        instead = Counter(r["intent"] for r in danger if r["half"] == part and not r["both"])
        print(f"  {part} half, missed danger by what it got instead: {dict(instead.most_common())}")
    print("\nBy kind (first reply, first message / mid-question):")
    by_kind = defaultdict(list)
    for r in rows:
        by_kind[(r["group"], r["kind"])].append(r)
    for (group, kind), items in sorted(by_kind.items()):
        first = sum(bool(r["first"]) for r in items)
        mid = sum(bool(r["mid"]) for r in items)
        word = "recall" if group == "danger" else "false alarms"
        print(
            f"  {group:14} {kind:20} {word:13} {first:3}/{len(items):<3}  {mid:3}/{len(items):<3}"
        )


async def faq_figures(agent, path: Path, dev_note: str) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    per_topic = defaultdict(lambda: [0, 0])
    wrong = []
    by_half = defaultdict(lambda: [0, 0])
    as_card = 0
    for item in data["faq"]:
        parse = await agent.parse_message(item["text"])
        got = _faq_key(parse)
        card = _contact_card(parse)
        if card is not None and card == SERVICE_OF_TOPIC.get(item["topic"]):
            got = item["topic"]
            as_card += 1
        per_topic[item["topic"]][1] += 1
        by_half[half(item["text"])][1] += 1
        if got == item["topic"]:
            per_topic[item["topic"]][0] += 1
            by_half[half(item["text"])][0] += 1
        else:
            wrong.append((item["topic"], got or parse["intent"]["name"]))
    openings = [0, len(data["openings"])]
    opening_wrong = defaultdict(int)
    with_check = 0
    for item in data["openings"]:
        intent = (await agent.parse_message(item["text"]))["intent"]["name"]
        by_half[half(item["text"])][1] += 1
        # The danger check ("Is anyone in danger right now?") is the first of the questions in
        # other words: a "no" or "not sure" to it, tapped or typed, goes on to the next question.
        if intent in STARTS_QUESTIONS or intent == "danger_check":
            openings[0] += 1
            with_check += intent == "danger_check"
            by_half[half(item["text"])][0] += 1
        else:
            opening_wrong[intent] += 1
    off = [0, len(data["out_of_scope"])]
    not_understood = 0
    for item in data["out_of_scope"]:
        intent = (await agent.parse_message(item["text"]))["intent"]["name"]
        off[0] += intent == "out_of_scope"
        not_understood += intent == "nlu_fallback"
        by_half[half(item["text"])][1] += 1
        by_half[half(item["text"])][0] += intent == "out_of_scope"
    faq_right = sum(v[0] for v in per_topic.values())
    faq_all = sum(v[1] for v in per_topic.values())
    total = faq_right + openings[0] + off[0]
    print(f"\nIndependent FAQ-and-openings set {path.name} (NLU result, first message):")
    print(f"  FAQ questions answered with the right topic: {pct(faq_right, faq_all)}")
    if as_card:
        print(f"    of them with that service's contact card: {as_card}")
    print(f"  openings that start the questions:           {pct(*openings)}")
    if with_check:
        print(f"    of them with the danger check first: {with_check}")
    if opening_wrong:
        print(f"    instead: {dict(opening_wrong)}")
    print(f"  off-topic messages answered as off-topic:    {pct(*off)}")
    if not_understood:
        print(f"    and 'not understood' (which says what the chat helps with): {not_understood}")
    everything = faq_all + openings[1] + off[1]
    print(f"  all:                                         {pct(total, everything)}")
    print(
        f"    dev half {pct(*by_half['dev'])} ({dev_note}), "
        f"test half {pct(*by_half['test'])} (never looked at)"
    )
    print("  per topic (right / asked):")
    for topic, (ok, n) in sorted(per_topic.items()):
        flag = "" if ok == n else "   <- " + ", ".join(g for t, g in wrong if t == topic)
        print(f"    {topic:34} {ok}/{n}{flag}")


def _contact_card(parse: dict) -> str | None:
    """The service whose contact card the reply shows: the first service the message names, as
    action_contact_service reads it."""
    if parse["intent"]["name"] != "contact_service":
        return None
    named = [e.get("value") for e in parse.get("entities", []) if e.get("entity") == "service"]
    return first_named_service(named)


def _faq_key(parse: dict) -> str | None:
    if parse["intent"]["name"] != "faq":
        return None
    return answer_topic(parse.get(SELECTOR_KEY))


async def main() -> None:
    logging.disable(logging.WARNING)
    import structlog

    # Rasa 3.6 prints every parse at debug level through structlog: keep the report readable.
    # (Its response interpolator also logs an ERROR for every button payload with {...}: noise
    # here, and a known problem of its own - see the hardening issue.)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.CRITICAL))
    from rasa.core.agent import Agent
    from rasa.utils.endpoints import EndpointConfig

    port = free_port()
    server = start_action_server(port)
    try:
        started = time.time()
        agent = Agent.load(
            model_path(), action_endpoint=EndpointConfig(f"http://127.0.0.1:{port}/webhook")
        )
        replies = Replies(agent.domain)
        await triage_figures(agent, replies)
        for path, dev_note in FAQ_SETS:
            await faq_figures(agent, path, dev_note)
        print(f"\n({time.time() - started:.0f} s)")
    finally:
        server.terminate()


if __name__ == "__main__":
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    asyncio.run(main())
