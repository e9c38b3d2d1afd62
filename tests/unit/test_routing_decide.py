"""The routing decision, checked on every combination of answers (DESIGN.md section 4)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Dict, List, Tuple
from zoneinfo import ZoneInfo

import pytest

from actions.routing import QUESTIONS, Answers, Recommendation, decide, routing_data
from actions.routing.render import render

LONDON = ZoneInfo("Europe/London")
DATA = routing_data()

# Tuesday 24 November 2026: Front Door for Families open at 10:00, closed at 23:00.
CLOCKS = {
    "weekday_morning": dt.datetime(2026, 11, 24, 10, 0, tzinfo=LONDON),
    "weekday_night": dt.datetime(2026, 11, 24, 23, 0, tzinfo=LONDON),
}
SIGNS = {"none": (), "one": ("debt",), "several": ("id_held", "threats", "forced_crime")}
CHILD_OR_UNKNOWN = ("under_18", "not_sure", None)
NOT_CLEARLY_ELSEWHERE = ("yes", "not_sure", None)


def every_answers() -> List[Answers]:
    """Every combination: each answer, "not sure" and unanswered, times 3 sets of signs."""
    questions = list(QUESTIONS)
    options = [QUESTIONS[q] + (None,) for q in questions]
    return [
        Answers(**dict(zip(questions, values, strict=True)), signs=signs)
        for values in itertools.product(*options)
        for signs in SIGNS.values()
    ]


ALL_ANSWERS = every_answers()
Decision = Tuple[Answers, Tuple[Recommendation, ...]]
_CACHE: Dict[str, List[Decision]] = {}


def decisions(clock: str) -> List[Decision]:
    if clock not in _CACHE:
        _CACHE[clock] = [(a, decide(a, CLOCKS[clock], DATA)) for a in ALL_ANSWERS]
    return _CACHE[clock]


def ids(recs: Tuple[Recommendation, ...]) -> List[str]:
    return [r.service.id for r in recs]


clocks = pytest.mark.parametrize("clock", list(CLOCKS))


def test_every_combination_is_covered():
    assert len(ALL_ANSWERS) == 4**5 * 3 == 3072
    assert len(set(ALL_ANSWERS)) == len(ALL_ANSWERS)


@clocks
def test_never_empty_never_repeated_always_a_reason(clock):
    for answers, recs in decisions(clock):
        assert recs, answers
        assert len(set(ids(recs))) == len(recs), answers
        assert all(r.reason.strip() for r in recs), answers


@clocks
def test_helpline_always_present(clock):
    for answers, recs in decisions(clock):
        assert "modern_slavery_helpline" in ids(recs), answers


@clocks
def test_danger_puts_999_first(clock):
    for answers, recs in decisions(clock):
        if answers.danger_now == "yes":
            assert ids(recs)[0] == "emergency_999", answers
            assert "danger now" in recs[0].reason


@clocks
def test_danger_not_ruled_out_still_puts_999_first_but_no_danger_leaves_it_out(clock):
    for answers, recs in decisions(clock):
        if answers.danger_now in ("not_sure", None):
            assert ids(recs)[0] == "emergency_999", answers
        if answers.danger_now == "no":
            assert "emergency_999" not in ids(recs), answers


@clocks
def test_child_or_unknown_age_gets_front_door_for_families(clock):
    for answers, recs in decisions(clock):
        if (
            answers.age_group in CHILD_OR_UNKNOWN
            and answers.in_brighton_hove in NOT_CLEARLY_ELSEWHERE
        ):
            assert "front_door_for_families" in ids(recs), answers
            first_non_999 = [i for i in ids(recs) if i != "emergency_999"][0]
            assert first_non_999 == "front_door_for_families", answers


@clocks
def test_child_or_unknown_age_never_gets_the_salvation_army(clock):
    for answers, recs in decisions(clock):
        if answers.age_group in CHILD_OR_UNKNOWN:
            assert "salvation_army" not in ids(recs), answers


def test_front_door_closed_at_night_adds_the_out_of_hours_number_right_after_it():
    for answers, recs in decisions("weekday_night"):
        if "front_door_for_families" not in ids(recs):
            continue
        order = ids(recs)
        position = order.index("front_door_for_families")
        assert order[position + 1] == "childrens_emergency_duty_service", answers
        _, card = render(recs[position], DATA.directory, answers.audience)
        assert card["open_now"] is False
        assert card["open_status"] == (
            "Closed now. Out of hours, call 01273 335905 "
            "(Children's Services Emergency Duty Service)."
        )
        _, ooh_card = render(recs[position + 1], DATA.directory, answers.audience)
        assert ooh_card["open_now"] is True
        assert ooh_card["phones"][0]["tel"] == "tel:+441273335905"


def test_front_door_open_in_the_morning_needs_no_out_of_hours_service():
    for answers, recs in decisions("weekday_morning"):
        assert "childrens_emergency_duty_service" not in ids(recs), answers
        for rec in recs:
            if rec.service.id == "front_door_for_families":
                assert (
                    render(rec, DATA.directory, answers.audience)[1]["open_status"] == "Open now."
                )


@clocks
def test_child_clearly_elsewhere_gets_national_help_and_is_told_to_contact_their_council(clock):
    for answers, recs in decisions(clock):
        if answers.age_group in CHILD_OR_UNKNOWN and answers.in_brighton_hove == "no":
            order = ids(recs)
            assert "front_door_for_families" not in order, answers
            assert {"modern_slavery_helpline", "police_101_elsewhere"} <= set(order), answers
            assert "police_101" not in order, answers  # Sussex Police: not outside Sussex
            assert ("childline" in order) == (answers.about in ("self", "not_sure", None)), answers
            helpline = recs[order.index("modern_slavery_helpline")]
            assert "Contact the council where" in helpline.reason, answers


@clocks
def test_adult_about_themselves_gets_the_salvation_army_and_the_helpline(clock):
    for answers, recs in decisions(clock):
        if answers.age_group == "adult" and answers.about == "self":
            order = [i for i in ids(recs) if i != "emergency_999"]
            assert order[:1] == ["salvation_army"], answers
            assert "modern_slavery_helpline" in order, answers
            assert "crimestoppers" not in order, answers
            assert "police_101" not in order and "police_101_elsewhere" not in order, answers


def police_for(answers: Answers) -> str:
    """Sussex Police when it may be in Brighton & Hove; the police where they are otherwise."""
    return "police_101_elsewhere" if answers.in_brighton_hove == "no" else "police_101"


@clocks
def test_someone_worried_about_an_adult_or_a_person_of_unknown_age_can_report(clock):
    # Unknown age adds the child route but keeps the routes to report, also without a name.
    for answers, recs in decisions(clock):
        if answers.about == "someone_else" and answers.age_group in ("adult", "not_sure", None):
            order = ids(recs)
            assert "salvation_army" not in order, answers
            helpline, police, crimestoppers = (
                order.index(s)
                for s in ("modern_slavery_helpline", police_for(answers), "crimestoppers")
            )
            assert helpline < police < crimestoppers, answers


@clocks
def test_sussex_police_only_where_it_may_be_in_brighton_and_hove(clock):
    for answers, recs in decisions(clock):
        order = ids(recs)
        if answers.in_brighton_hove == "no":
            assert "police_101" not in order, answers
        else:
            assert "police_101_elsewhere" not in order, answers


@clocks
def test_adult_with_care_needs_in_brighton_and_hove_gets_access_point(clock):
    for answers, recs in decisions(clock):
        if (
            answers.age_group == "adult"
            and answers.care_needs == "yes"
            and answers.in_brighton_hove == "yes"
        ):
            assert "access_point" in ids(recs), answers


@clocks
def test_council_services_only_where_they_apply(clock):
    for answers, recs in decisions(clock):
        order = ids(recs)
        child = answers.age_group in CHILD_OR_UNKNOWN
        local = answers.in_brighton_hove in NOT_CLEARLY_ELSEWHERE
        assert ("front_door_for_families" in order) == (child and local), answers
        assert ("access_point" in order) == (
            answers.age_group == "adult" and answers.care_needs != "no" and local
        ), answers
        # Exploitation of a child is for Front Door for Families, never voluntary family support.
        assert "early_help" not in order, answers
        if "childrens_emergency_duty_service" in order:
            assert clock == "weekday_night" and "front_door_for_families" in order, answers


@clocks
def test_signs_shape_the_explanation_not_the_services(clock):
    by_situation: Dict[Answers, List[str]] = {}
    for answers, recs in decisions(clock):
        situation = Answers(**{q: getattr(answers, q) for q in QUESTIONS})
        by_situation.setdefault(situation, ids(recs))
        assert by_situation[situation] == ids(recs), answers


# Given by a fixed safety answer (domain.yml utter_danger_self_harm, checked by
# tests/unit/test_domain_text.py), not by the rule table.
SAFETY_ANSWER_ONLY = {"samaritans"}
# Shown only to someone who asks by name, or named in the FAQ answers: the answers to the questions
# cannot tell these situations apart (routing_rules.yml and services.yml say why).
ASKED_FOR_BY_NAME_ONLY = {
    "early_help",
    "glaa",
    "national_domestic_abuse_helpline",
    "forced_marriage_unit",
}


def test_every_service_can_be_recommended():
    seen = {s for clock in CLOCKS for _, recs in decisions(clock) for s in ids(recs)}
    assert seen == {s.id for s in DATA.directory} - SAFETY_ANSWER_ONLY - ASKED_FOR_BY_NAME_ONLY


def test_rendered_text_never_shows_the_salvation_army_old_number_or_forbidden_promises():
    texts = {
        render(r, DATA.directory, answers.audience)[0]
        for clock in CLOCKS
        for answers, recs in decisions(clock)
        for r in recs
    }
    for text in texts:
        assert "3038151" not in text.replace(" ", "")
        lowered = text.lower()
        for phrase in ("deport", "home office", "we have told", "we will tell", "we've told"):
            assert phrase not in lowered, text


@pytest.mark.parametrize(
    "answers, expected",
    [
        (
            Answers(
                danger_now="no",
                about="self",
                age_group="adult",
                care_needs="no",
                in_brighton_hove="yes",
            ),
            ["salvation_army", "modern_slavery_helpline"],
        ),
        (
            Answers(
                danger_now="yes",
                about="self",
                age_group="adult",
                care_needs="no",
                in_brighton_hove="yes",
            ),
            ["emergency_999", "salvation_army", "modern_slavery_helpline"],
        ),
        (
            Answers(
                danger_now="no",
                about="someone_else",
                age_group="adult",
                care_needs="yes",
                in_brighton_hove="yes",
            ),
            ["access_point", "modern_slavery_helpline", "police_101", "crimestoppers"],
        ),
        (
            Answers(
                danger_now="no", about="someone_else", age_group="under_18", in_brighton_hove="yes"
            ),
            ["front_door_for_families", "modern_slavery_helpline"],
        ),
        (
            Answers(danger_now="no", about="self", age_group="under_18", in_brighton_hove="no"),
            ["childline", "modern_slavery_helpline", "police_101_elsewhere"],
        ),
        (
            Answers(
                danger_now="no", about="someone_else", age_group="not_sure", in_brighton_hove="no"
            ),
            ["modern_slavery_helpline", "nspcc_helpline", "police_101_elsewhere", "crimestoppers"],
        ),
        (
            Answers(),
            ["emergency_999", "front_door_for_families", "childline", "modern_slavery_helpline"],
        ),
    ],
)
def test_examples_in_order_on_a_weekday_morning(answers, expected):
    assert ids(decide(answers, CLOCKS["weekday_morning"], DATA)) == expected


def test_answers_reject_unknown_values_but_slots_never_break_the_answer():
    with pytest.raises(ValueError):
        Answers(danger_now="maybe")
    answers = Answers.from_slots(
        {
            "danger_now": "maybe",
            "about": "self",
            "signs": ["debt", "not_a_sign", "debt"],
            "sign_threats": "yes",
            "sign_id_held": "no",
        },
        DATA.rules.sign_ids,
    )
    assert answers == Answers(about="self", signs=("debt", "threats"))
    assert Answers.from_slots({}).signs == ()
    assert Answers.from_slots({"signs": None}).value("age_group") == "unanswered"


def test_signs_in_the_rule_table_are_the_contracted_ids():
    assert DATA.rules.sign_ids == (
        "not_free_to_leave",
        "id_held",
        "debt",
        "little_or_no_pay",
        "threats",
        "forced_crime",
        "sexual_exploitation",
        "controlled_housing",
        "speaks_for_them",
    )
    assert all(s.label for s in DATA.rules.signs)
