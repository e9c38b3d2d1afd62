"""Every answer the rules can give, rendered for its reader: nothing speaks to the wrong one.

A child asking about themselves must not read "tell them what worries you about the child" or be
told to keep their report secret; someone worried about another must not read "what is happening
to you". The phrases below are the tell-tale words of the other reader's wording.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Iterator, Tuple
from zoneinfo import ZoneInfo

import pytest

from actions.routing import QUESTIONS, Answers, decide, routing_data
from actions.routing.render import intro_text, render

DATA = routing_data()
LONDON = ZoneInfo("Europe/London")
CLOCKS = (
    dt.datetime(2026, 11, 24, 10, 0, tzinfo=LONDON),  # Front Door for Families open
    dt.datetime(2026, 11, 24, 23, 0, tzinfo=LONDON),  # closed: out-of-hours services added
)
SIGNS = ((), ("threats",), ("not_free_to_leave", "debt"))

NOT_FOR_THE_PERSON_THEMSELVES = (
    "the child",
    "the adult",
    "someone under 18",
    "the person",
    "you have seen",
    "not to tell",
    "do not tell them",
    "not to face",
    "if they are stopped",
)
NOT_FOR_SOMEONE_ELSE = (
    "you said you are",
    "happening to you",
    "if you are under 19",
    "you said you have care",
    "if someone stops you",
    "keep you safe",
)


def answers_about(about: str) -> Iterator[Answers]:
    others = [q for q in QUESTIONS if q != "about"]
    for values in itertools.product(*[QUESTIONS[q] + (None,) for q in others]):
        for signs in SIGNS:
            yield Answers(about=about, signs=signs, **dict(zip(others, values, strict=True)))


def everything_read(answers: Answers) -> Iterator[Tuple[str, str]]:
    """(where, text) for the intro and every card, at both clocks."""
    yield "intro", intro_text(answers, DATA.rules)
    for now in CLOCKS:
        for rec in decide(answers, now, DATA):
            yield rec.service.id, render(rec, DATA.directory, answers.audience)[0]


@pytest.mark.parametrize(
    "about, wrong",
    [("self", NOT_FOR_THE_PERSON_THEMSELVES), ("someone_else", NOT_FOR_SOMEONE_ELSE)],
)
def test_no_words_for_the_other_reader(about, wrong):
    found = {
        (where, phrase)
        for answers in answers_about(about)
        for where, text in everything_read(answers)
        for phrase in wrong
        if phrase in text.lower()
    }
    assert found == set(), f"about={about}: (card, phrase) written for the other reader"


def test_the_check_would_catch_the_police_secrecy_advice_for_a_child():
    # The police card's advice for third parties, shown to a child about themselves, is caught.
    police = DATA.directory["police_101"]
    worded_for_others = police.what_happens.to("someone_else").lower()
    assert any(phrase in worded_for_others for phrase in NOT_FOR_THE_PERSON_THEMSELVES)
    assert not any(
        phrase in police.what_happens.to("self").lower() for phrase in NOT_FOR_THE_PERSON_THEMSELVES
    )
