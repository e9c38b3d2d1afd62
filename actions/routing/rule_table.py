"""The rule table: actions/data/routing_rules.yml, loaded and checked against the directory."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, FrozenSet, Tuple

from actions.routing.answers import QUESTIONS, UNANSWERED, Answers
from actions.routing.checks import Checker
from actions.routing.directory import Directory
from actions.routing.wording import Wording, parse_wording
from actions.routing.yaml_file import load_yaml

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Sign:
    id: str
    label: str  # short plain-English label, used by the conversation and the review table


@dataclass(frozen=True)
class Intro:
    """The line sent before the recommendations; which one depends on how many signs were seen.
    A sign of danger (stopped from leaving, threats) puts a 999 line first when the person said no
    one is in danger now: the signs never choose services, but they must not go without 999."""

    no_signs: str
    one_sign: str
    several_signs: str
    danger_signs: FrozenSet[str]
    danger_line: Wording

    def for_signs(self, count: int) -> str:
        return self.no_signs if count == 0 else self.one_sign if count == 1 else self.several_signs

    def for_answers(self, answers: Answers) -> Tuple[str, ...]:
        """The intro's paragraphs: the 999 line first when a sign of danger calls for it."""
        line = self.for_signs(len(answers.signs))
        if answers.danger_now == "no" and self.danger_signs.intersection(answers.signs):
            return (self.danger_line.to(answers.audience), line)
        return (line,)


@dataclass(frozen=True)
class Recommend:
    service: str
    reason: Wording


@dataclass(frozen=True)
class Choice:
    """A service the rules chose for one set of answers, with the reason worded for its reader."""

    service: str
    reason: str


@dataclass(frozen=True)
class Rule:
    id: str
    when: Tuple[Tuple[str, FrozenSet[str]], ...]  # (question, allowed answers); absent = any answer
    recommend: Tuple[Recommend, ...]

    def matches(self, answers: Answers) -> bool:
        return all(answers.value(question) in allowed for question, allowed in self.when)


@dataclass(frozen=True)
class RuleTable:
    signs: Tuple[Sign, ...]
    intro: Intro
    rules: Tuple[Rule, ...]
    # Every combination of answers (4^5 = 1024) -> its recommendations, worked out once at load
    # time, so a decision is a dictionary look-up.
    _index: Dict[Tuple[str, ...], Tuple[Choice, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        options = [QUESTIONS[q] + (UNANSWERED,) for q in QUESTIONS]
        keys = itertools.product(*options)
        index = {key: self._apply(Answers.from_key(key)) for key in keys}
        object.__setattr__(self, "_index", index)

    @property
    def sign_ids(self) -> Tuple[str, ...]:
        return tuple(s.id for s in self.signs)

    def recommend(self, answers: Answers) -> Tuple[Choice, ...]:
        """Every rule that matches adds its services, top to bottom; a service is added only once,
        with the reason of the first rule that added it."""
        return self._index[answers.key()]

    def _apply(self, answers: Answers) -> Tuple[Choice, ...]:
        chosen: Dict[str, Choice] = {}
        for rule in self.rules:
            if rule.matches(answers):
                for item in rule.recommend:
                    reason = item.reason.to(answers.audience)
                    chosen.setdefault(item.service, Choice(item.service, reason))
        return tuple(chosen.values())


def load_rule_table(path: Path, directory: Directory) -> RuleTable:
    top = Checker(path, None).mapping(load_yaml(path), "", ("signs", "intro", "rules"))
    signs = _parse_signs(path, top["signs"])
    intro = _parse_intro(Checker(path, "intro"), top["intro"], signs)
    rules: Tuple[Rule, ...] = ()
    for index, raw in enumerate(Checker(path, None).items(top["rules"], "rules")):
        rule = _parse_rule(path, index, raw, directory)
        if any(r.id == rule.id for r in rules):
            Checker(path, f"rule '{rule.id}'").fail(
                "id", "used by two rules; each id must be unique"
            )
        rules += (rule,)
    return RuleTable(signs, intro, rules)


def _parse_intro(check: Checker, raw: Any, signs: Tuple[Sign, ...]) -> Intro:
    lines = ("no_signs", "one_sign", "several_signs")
    fields = check.mapping(raw, "", lines + ("danger_signs", "danger_line"))
    danger_signs = check.items(fields["danger_signs"], "danger_signs")
    known = {s.id for s in signs}
    for sign in danger_signs:
        if sign not in known:
            check.fail("danger_signs", f"unknown sign {sign!r} (use {', '.join(sorted(known))})")
    return Intro(
        *(check.text(fields[key], key) for key in lines),
        danger_signs=frozenset(danger_signs),
        danger_line=parse_wording(check, fields["danger_line"], "danger_line"),
    )


def _parse_signs(path: Path, raw: Any) -> Tuple[Sign, ...]:
    signs: Tuple[Sign, ...] = ()
    for index, item in enumerate(Checker(path, None).items(raw, "signs")):
        check = Checker(path, f"signs[{index}]")
        fields = check.mapping(item, "", ("id", "label"))
        if not isinstance(fields["id"], str) or not _ID.match(fields["id"]):
            check.fail("id", f"{fields['id']!r} should be lower-case letters, digits and _")
        if any(s.id == fields["id"] for s in signs):
            check.fail("id", f"sign '{fields['id']}' is listed twice")
        signs += (Sign(fields["id"], check.text(fields["label"], "label")),)
    return signs


def _parse_rule(path: Path, index: int, raw: Any, directory: Directory) -> Rule:
    rule_id = raw.get("id") if isinstance(raw, dict) else None
    check = Checker(path, f"rule '{rule_id}'" if isinstance(rule_id, str) else f"rules[{index}]")
    fields = check.mapping(raw, "", ("id", "recommend"), ("when",))
    if not _ID.match(str(fields["id"])):
        check.fail("id", f"{fields['id']!r} should be lower-case letters, digits and _")
    when = _parse_when(check, fields.get("when", {}))
    recommend: Tuple[Recommend, ...] = ()
    for i, item in enumerate(check.items(fields["recommend"], "recommend")):
        where = f"recommend[{i}]"
        rec = check.mapping(item, where, ("service", "reason"))
        if rec["service"] not in directory:
            check.fail(
                f"{where}.service",
                f"unknown service {rec['service']!r} "
                f"(services.yml has: {', '.join(s.id for s in directory)})",
            )
        if any(r.service == rec["service"] for r in recommend):
            check.fail(
                f"{where}.service", f"service '{rec['service']}' is listed twice in this rule"
            )
        reason = parse_wording(check, rec["reason"], f"{where}.reason")
        recommend += (Recommend(rec["service"], reason),)
    return Rule(fields["id"], when, recommend)


def _parse_when(check: Checker, raw: Any) -> Tuple[Tuple[str, FrozenSet[str]], ...]:
    if not isinstance(raw, dict):
        check.fail("when", "should be a set of answers, e.g. age_group: [under_18, not_sure]")
    when = []
    for question, values in raw.items():
        if question == "signs":
            check.fail(
                "when", "signs cannot choose services: they only change the explanation (intro)"
            )
        if question not in QUESTIONS:
            check.fail("when", f"unknown answer {question!r} (use {', '.join(QUESTIONS)})")
        allowed = QUESTIONS[question] + (UNANSWERED,)
        values = values if isinstance(values, list) else [values]
        if not values:
            check.fail(f"when.{question}", "should list at least one answer")
        for value in values:
            if value not in allowed:
                check.fail(
                    f"when.{question}",
                    f"{value!r} is not an answer to {question} (use {', '.join(allowed)})",
                )
        when.append((question, frozenset(values)))
    return tuple(when)
