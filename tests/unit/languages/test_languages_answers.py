"""Short typed answers in another language become the intents the English words would have."""

import pytest

from languages.answers import AnswerWords
from languages.catalogue import load_catalogue
from triage.normalise import fold


@pytest.fixture
def answers(sample_dir):
    return AnswerWords([load_catalogue(sample_dir / "xx.yml")])


@pytest.mark.parametrize(
    "text, intent",
    [
        ("ja", "affirm"),
        ("Ja!", "affirm"),
        ("jawel, hij houdt mijn paspoort", "affirm"),  # a yes set apart by a comma, then more
        ("nee weet, echt", "not_sure"),
        ("nee", "deny"),
        ("nee weet", "not_sure"),  # the longer phrase wins over "nee"
        ("weet niet", "not_sure"),
        ("ikke", "about_self"),
        ("over mij", "about_self"),
        ("iemand anders", "about_someone_else"),
        ("taal", "choose_language"),
    ],
)
def test_answer_words(answers, text, intent):
    reading = answers.read(text)
    assert reading is not None and reading.intent == intent and reading.language == "xx"


def test_an_age_with_its_word(answers):
    reading = answers.read("ik ben 15 jaar")
    assert (reading.intent, reading.age) == ("give_age", 15)
    assert answers.read("15 uren") is None  # a number with no age word is not an age


def test_a_sentence_that_starts_with_no_is_not_a_no(answers):
    # "nie mogę wyjść" (I cannot leave) starts with "nie" (no): a sentence, not the answer no.
    assert answers.read("nee ik kan niet weg") is None
    assert answers.read("nee weet of het klopt") is None  # nor "not sure" without a comma


def test_long_messages_and_other_words_are_left_to_the_model(answers):
    assert answers.read("ja ja ja ja ja ja ja ja") is None
    assert answers.read("ikke weet het echt niet meer wat te doen") is None
    assert answers.read("hello") is None
    assert answers.read("ikke, iemand") is None  # "ikke" must be the whole answer


def test_accents_are_optional():
    assert fold("Không") == "khong" and fold("știu") == "stiu" and fold("đúng") == "dung"
