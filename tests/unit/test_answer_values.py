"""The answer values have one home, actions/routing/answers.py (QUESTIONS, YES_NO). Every other
place that names them is checked against it here:

- actions/assessment_logic.py reads them from there; its parsers accept exactly those values;
- domain.yml: each question's slot (categorical `values`, and the `value` of each mapping);
- actions/data/routing_rules.yml is checked by its loader (tests/unit/test_routing_loader.py).
"""

from pathlib import Path

import pytest
import yaml

from actions.assessment_logic import (
    AGE_GROUPS,
    CHILD_AGE_GROUPS,
    SIGN_QUESTIONS,
    is_child,
    parse_about,
    parse_age_group,
    parse_place,
    parse_sign_answer,
)
from actions.routing.answers import QUESTIONS, YES_NO, Answers

ROOT = Path(__file__).resolve().parents[2]
SLOTS = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["slots"]
# Every question the form asks, and the answers it can have.
ALLOWED = {**QUESTIONS, **{question: YES_NO for question in SIGN_QUESTIONS}}


def slot_values(name):
    """Every answer value the domain writes for a slot: categorical values and mapping values."""
    slot = SLOTS[name]
    written = [str(v) for v in slot.get("values") or []]
    written += [str(m["value"]) for m in slot.get("mappings") or [] if "value" in m]
    return written


@pytest.mark.parametrize("question", sorted(ALLOWED))
def test_the_domain_writes_only_answers_the_routing_knows(question):
    written = slot_values(question)
    assert written, f"domain.yml: slot {question} sets no answer value"
    unknown = sorted(set(written) - set(ALLOWED[question]))
    assert not unknown, f"domain.yml: slot {question}: {unknown} not in actions/routing/answers.py"


def test_the_check_finds_a_value_the_routing_does_not_know():
    SLOTS["care_needs"]["mappings"].append({"type": "from_intent", "value": "maybe"})
    try:
        with pytest.raises(AssertionError, match="maybe"):
            test_the_domain_writes_only_answers_the_routing_knows("care_needs")
    finally:
        SLOTS["care_needs"]["mappings"].pop()


@pytest.mark.parametrize("value", QUESTIONS["age_group"])
def test_every_age_group_is_read_as_itself(value):
    assert parse_age_group(value) == value
    assert parse_age_group(value.upper()) == value
    Answers(age_group=parse_age_group(value))  # the routing accepts it


@pytest.mark.parametrize("value", QUESTIONS["about"])
def test_every_about_answer_is_read_as_itself(value):
    assert parse_about(value) == value


@pytest.mark.parametrize("value", QUESTIONS["in_brighton_hove"])
def test_every_place_answer_is_read_as_itself(value):
    assert parse_place(value) == value
    assert parse_place(value, asked=False) == value


@pytest.mark.parametrize("value", YES_NO)
def test_every_sign_answer_is_read_as_itself(value):
    assert all(parse_sign_answer(question, value) == value for question in SIGN_QUESTIONS)


def test_values_the_routing_does_not_know_are_not_answers():
    assert parse_about("maybe") is None
    assert parse_age_group("maybe") is None
    assert parse_sign_answer("sign_debt", "maybe") is None
    assert parse_place("maybe", asked=False) is None


def test_the_child_age_groups_are_age_groups():
    assert AGE_GROUPS == QUESTIONS["age_group"]
    assert set(CHILD_AGE_GROUPS) < set(AGE_GROUPS)
    assert [group for group in AGE_GROUPS if not is_child(group)] == ["adult"]


def test_what_the_parsers_make_of_words_is_an_answer_the_routing_accepts():
    ages = [parse_age_group(v) for v in ("17", "40", "a teenager", "grown up", "under 18")]
    places = [parse_place(v, said_no=no) for v in ("Hove", "Hastings", "BN2") for no in (0, 1)]
    signs = [parse_sign_answer("sign_debt", v) for v in ("I owe them money", ["debt"])]
    assert set(ages) == {"under_18", "adult"}
    assert set(places) <= set(QUESTIONS["in_brighton_hove"]) and len(set(places)) == 3
    assert signs == ["yes", "yes"]
    Answers(age_group=ages[0], in_brighton_hove=places[0])  # the routing accepts them
