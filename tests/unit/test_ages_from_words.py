"""A number becomes an age only when the words say so (actions/assessment_logic.py,
number_is_an_age), and the form asks the age question otherwise (validate_age_group)."""

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.assessment import ValidateAssessmentForm
from actions.assessment_logic import number_is_an_age

AGES = [
    ("I'm 14", "14"),
    ("im 14 and scared", "14"),
    ("i am 17", "17"),
    ("she is 16", "16"),
    ("he's 15", "15"),
    ("14 years old", "14"),
    ("she is 15 years old", "15"),
    ("aged 13", "13"),
    ("my son, 14, works there", "14"),
    ("14", "14"),
    ("17 yo", "17"),
    ("a 15-year-old girl", "15"),
    ("a 15 year old boy", "15"),
    ("they are 16", "16"),
    ("he was 12 when it started", "12"),
    ("she just turned 18", "18"),
    ("my sister is only 15", "15"),
    ("I think he's about 16", "16"),
    ("age 16", "16"),
    ("the boy is 14", "14"),
    ("I'm 29", "29"),
]
NOT_AGES = [
    ("I work 14 hours a day", "14"),
    ("they pay me £14", "14"),
    ("there are 14 of us", "14"),
    ("on the 14th", "14"),
    ("in 2014", "14"),
    ("I owe 14000", "14"),
    ("14 people in the house", "14"),
    ("room 14", "14"),
    ("bus 14 goes there", "14"),
    ("I sleep 4 hours", "4"),
    ("12 hour shifts", "12"),
    ("20 pounds a day", "20"),
    ("since 2019", "19"),
    ("at 10pm", "10"),
    ("5 days a week", "5"),
    ("£30 a week", "30"),
    ("3 months", "3"),
    ("flat 16", "16"),
    ("50%", "50"),
    ("I work 7 days", "7"),
    ("call 999", "999"),
    ("we are 14 in one house", "14"),
    ("my boss keeps my passport, 14 hours a day", "14"),
]


@pytest.mark.parametrize("text, number", AGES)
def test_an_age_in_words_is_an_age(text, number):
    assert number_is_an_age(text, number)


@pytest.mark.parametrize("text, number", NOT_AGES)
def test_other_numbers_are_not_ages(text, number):
    assert not number_is_an_age(text, number)


def validate(text, value):
    tracker = Tracker("p", {}, {"text": text}, [], False, None, {}, "action_listen")
    action = ValidateAssessmentForm()
    result = action.validate_age_group(value, CollectingDispatcher(), tracker, {})
    return asyncio.run(result) if asyncio.iscoroutine(result) else result


def test_fourteen_hours_a_day_leaves_the_age_question_to_be_asked():
    text = "I work 14 hours a day and my boss keeps my passport"
    assert validate(text, "14") == {"age_group": None}


def test_an_age_in_the_same_words_is_taken():
    assert validate("my boss keeps my passport and I'm 17", "17") == {"age_group": "under_18"}
    assert validate("/age_adult", "adult") == {"age_group": "adult"}
