"""Which questions are asked, and how free-text answers are read (no Rasa needed)."""

from pathlib import Path

import pytest
import yaml

from actions.assessment_logic import (
    _BRIGHTON_AND_HOVE_PLACES,
    ENOUGH_SIGNS,
    SIGN_QUESTIONS,
    danger_advice_given,
    effective_answers,
    parse_about,
    parse_age_group,
    parse_place,
    parse_sign_answer,
    previous_question,
    questions_to_ask,
    signs_from_events,
    starts_with_no,
)
from actions.routing.answers import QUESTIONS

ROOT = Path(__file__).resolve().parents[2]
KNOWN = {"not_free_to_leave", "id_held", "debt", "little_or_no_pay", "threats", "forced_crime"}

# The form's questions in the order the domain asks them (never a hand copy).
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
FORM = DOMAIN["forms"]["assessment_form"]["required_slots"]


def slot(name, value):
    return {"event": "slot", "name": name, "value": value}


def test_the_form_asks_each_routing_question_and_each_sign_question_once():
    assert sorted(FORM) == sorted([*QUESTIONS, *SIGN_QUESTIONS])
    assert FORM[0] == "danger_now"  # the danger question always comes first
    # Answers.from_slots counts a "yes" to sign_<id> as the sign <id>.
    assert all(question == f"sign_{sign}" for question, sign in SIGN_QUESTIONS.items())


def test_nothing_known_asks_every_question_in_order():
    assert questions_to_ask(FORM, {}) == FORM


@pytest.mark.parametrize("age_group", ["under_18", "not_sure"])
def test_children_and_unknown_ages_are_not_asked_about_care_needs(age_group):
    assert "care_needs" not in questions_to_ask(FORM, {"age_group": age_group})


def test_adults_are_asked_about_care_needs():
    assert "care_needs" in questions_to_ask(FORM, {"age_group": "adult"})


def test_a_sign_already_told_in_free_text_is_not_asked_again():
    asked = questions_to_ask(FORM, {"signs": ["id_held"]})
    assert "sign_id_held" not in asked
    assert "sign_not_free_to_leave" in asked


def test_once_enough_signs_are_known_no_more_sign_questions_are_asked():
    slots = {"signs": ["debt", "threats"], "sign_not_free_to_leave": "no"}
    asked = questions_to_ask(FORM, slots)
    assert ENOUGH_SIGNS == 2
    # The answered one stays (it is filled); the unanswered ones go.
    assert [q for q in asked if q in SIGN_QUESTIONS] == ["sign_not_free_to_leave"]
    assert asked == [q for q in FORM if q not in SIGN_QUESTIONS or q == "sign_not_free_to_leave"]


def test_an_answered_question_stays_in_the_list_so_the_form_knows_it_is_filled():
    slots = {"signs": ["id_held", "debt"], "sign_id_held": "yes", "sign_debt": "yes"}
    asked = questions_to_ask(FORM, slots)
    assert "sign_id_held" in asked and "sign_debt" in asked


@pytest.mark.parametrize(
    "value, expected",
    [
        ("under_18", "under_18"),
        ("adult", "adult"),
        ("not_sure", "not_sure"),
        ("17", "under_18"),
        ("18", "adult"),
        ("i'm 15", "under_18"),
        (["16"], "under_18"),
        ("a teenager", "under_18"),
        ("grown up", "adult"),
        ("400", None),
        ("banana", None),
        (None, None),
        ([], None),
    ],
)
def test_age_groups_from_buttons_numbers_and_words(value, expected):
    assert parse_age_group(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("yes", "yes"),
        ("no", "no"),
        ("not_sure", "not_sure"),
        ("brighton_hove", "yes"),
        ("Hove", "yes"),
        ("Moulsecoomb", "yes"),
        ("Stanmer", "yes"),
        ("North Laine", "yes"),
        ("BN2", "yes"),
        ("bn41 1aa", "yes"),
        ("Sussex", "not_sure"),
        ("London", "not_sure"),
        (["Worthing"], "not_sure"),
        ("BN11", "not_sure"),
        ("Hovel Street", "not_sure"),
        ("", None),
        (None, None),
    ],
)
def test_places_answering_the_question_become_yes_or_not_sure(value, expected):
    # Only the person's own "no" rules Brighton & Hove out: a place we do not know is "not sure".
    assert parse_place(value) == expected


def test_an_unknown_place_after_a_no_is_no():
    # "no, I live in Hastings": the person's own "no" rules Brighton & Hove out.
    assert parse_place("Hastings", said_no=True) == "no"
    assert parse_place("Hove", said_no=True) == "yes"  # "no, Hove": a place we know wins
    assert starts_with_no("No, I live in Hastings") and starts_with_no("nope")
    assert not starts_with_no("Nottingham") and not starts_with_no("I know")


def test_a_place_we_do_not_know_before_the_question_leaves_it_to_be_asked():
    assert parse_place("London", asked=False) is None
    assert parse_place("Hove", asked=False) == "yes"


def test_the_place_list_and_the_nlu_synonyms_agree():
    synonyms = yaml.safe_load((ROOT / "data/nlu/synonyms.yml").read_text())["nlu"]
    entry = next(item for item in synonyms if item.get("synonym") == "brighton_hove")
    words = [line[2:].strip() for line in entry["examples"].splitlines() if line.strip()]
    assert [w for w in words if parse_place(w) != "yes"] == []
    missing = [p for p in _BRIGHTON_AND_HOVE_PLACES if p not in words]
    assert missing == [], "add these to the brighton_hove synonym in data/nlu/synonyms.yml"


def test_signs_from_events_keeps_every_sign_once_in_order():
    events = [
        slot("signs", ["id_held"]),
        slot("sign_debt", "yes"),
        slot("signs", ["threats", "id_held"]),
        slot("sign_threats", "no"),
    ]
    assert signs_from_events(events, KNOWN) == ["id_held", "debt", "threats"]


def test_signs_are_forgotten_after_start_again():
    events = [slot("signs", ["id_held"]), {"event": "reset_slots"}, slot("sign_debt", "yes")]
    assert signs_from_events(events, KNOWN) == ["debt"]


def test_phrases_that_are_not_known_signs_are_left_out():
    events = [slot("signs", ["id_held", "i work"])]
    assert signs_from_events(events, KNOWN) == ["id_held"]


def test_raw_sign_words_the_nlu_did_not_map_become_sign_ids():
    events = [slot("signs", ["my pasport", "owes"])]
    assert signs_from_events(events, KNOWN) == ["id_held", "debt"]


def test_previous_question_is_the_last_answer_given():
    events = [slot("danger_now", "no"), slot("about", "self"), slot("requested_slot", "age_group")]
    assert previous_question(events, FORM) == "about"


def test_going_back_twice_goes_back_two_questions():
    events = [slot("danger_now", "no"), slot("about", "self"), slot("about", None)]
    assert previous_question(events, FORM) == "danger_now"


def test_nothing_to_go_back_to_at_the_start_or_after_start_again():
    assert previous_question([], FORM) is None
    assert previous_question([slot("about", "self"), {"event": "reset_slots"}], FORM) is None


def test_the_phrase_under_18_wins_over_the_number_18():
    assert parse_age_group(["18", "under_18"]) == "under_18"


@pytest.mark.parametrize(
    "value, expected",
    [("self", "self"), (["someone_else"], "someone_else"), ("my uncle", None), (None, None)],
)
def test_who_it_is_about_keeps_known_values_only(value, expected):
    assert parse_about(value) == expected


DANGER_ADVICE_EVENT = {"event": "action", "name": "utter_danger_999"}


def test_after_the_999_advice_the_danger_question_is_not_asked():
    assert "danger_now" not in questions_to_ask(FORM, {}, danger_advice_given=True)
    assert questions_to_ask(FORM, {}, danger_advice_given=False)[0] == "danger_now"


def test_the_999_advice_is_read_from_the_conversation_and_forgotten_on_restart():
    assert danger_advice_given([slot("about", "self"), DANGER_ADVICE_EVENT])
    assert not danger_advice_given([slot("about", "self")])
    assert not danger_advice_given([DANGER_ADVICE_EVENT, {"event": "session_started"}])


def test_danger_said_at_any_point_counts_as_danger_now():
    assert effective_answers({"danger_now": "no"}, danger_said=True)["danger_now"] == "yes"
    assert effective_answers({"danger_now": "no"}, danger_said=False)["danger_now"] == "no"


@pytest.mark.parametrize(
    "question, value, expected",
    [
        ("sign_id_held", "yes", "yes"),
        ("sign_id_held", "not_sure", "not_sure"),
        ("sign_id_held", "id_held", "yes"),
        ("sign_id_held", ["threats", "id_held"], "yes"),
        ("sign_id_held", "debt", None),
        ("sign_id_held", "passport", "yes"),
        ("sign_debt", ["owes", "money"], "yes"),
        ("sign_debt", "banana", None),
    ],
)
def test_a_sign_described_in_words_answers_its_own_question(question, value, expected):
    assert parse_sign_answer(question, value) == expected
