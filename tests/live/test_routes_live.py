"""Each route of the rule table, played over HTTP against the running assistant: the questions
the form really asks (its branching runs in the action server, which rasa test does not run) and
the services it really recommends, in order."""

import pytest
from conftest import cards, texts

CARE_QUESTION = "care and support needs"

# (route, answers after "hello", services expected in this order, services never shown,
#  whether the care question must be asked)
ROUTES = [
    (
        "young person about themselves in Brighton & Hove",
        [
            "/deny",
            "/about_self",
            "/age_under_18",
            "/deny",
            "/deny",
            "/affirm",
            "/affirm",
            "/affirm",
        ],
        ["front_door_for_families", "childline", "modern_slavery_helpline"],
        ["salvation_army", "access_point"],
        False,
    ),
    (
        "young person about themselves elsewhere",
        ["/deny", "/about_self", "/age_under_18", "/affirm", "/affirm", "/deny"],
        ["childline", "modern_slavery_helpline"],
        ["salvation_army", "front_door_for_families"],
        False,
    ),
    (
        "someone about a child elsewhere",
        ["/deny", "/about_someone_else", "/age_under_18", "/deny", "/deny", "/deny", "/deny"]
        + ["/deny", "/deny"],
        ["modern_slavery_helpline", "nspcc_helpline", "police_101_elsewhere"],
        ["salvation_army", "front_door_for_families", "access_point", "police_101"],
        False,
    ),
    (
        "age not known, place not known",
        ["/deny", "/about_someone_else", "/not_sure", "/affirm", "/affirm", "/not_sure"],
        ["front_door_for_families", "modern_slavery_helpline"],
        ["salvation_army"],
        False,
    ),
    (
        "adult about themselves in Brighton & Hove",
        ["/deny", "/about_self", "/age_adult", "/affirm", "/affirm", "/deny", "/affirm"],
        ["salvation_army", "modern_slavery_helpline"],
        ["front_door_for_families", "access_point", "childline"],
        True,
    ),
    (
        "adult with care needs in Brighton & Hove, reported by someone else",
        ["/deny", "/about_someone_else", "/age_adult", "/deny", "/deny", "/deny", "/deny"]
        + ["/deny", "/affirm", "/affirm"],
        ["access_point", "modern_slavery_helpline", "police_101", "crimestoppers"],
        ["front_door_for_families", "childline"],
        True,
    ),
    (
        "danger not sure, everything not sure",
        ["/not_sure"] * 9,
        ["emergency_999", "front_door_for_families", "modern_slavery_helpline"],
        ["salvation_army"],
        False,
    ),
]


def in_order(expected, actual):
    positions = [actual.index(service) for service in expected]
    return positions == sorted(positions)


@pytest.mark.parametrize(
    "answers, expected, never, care_asked", [r[1:] for r in ROUTES], ids=[r[0] for r in ROUTES]
)
def test_route(conversation, answers, expected, never, care_asked):
    asked = texts(conversation.say("hello"))
    replies = []
    for answer in answers:
        replies = conversation.say(answer)
        asked += "\n" + texts(replies)
        if cards(replies):
            break
    ids = [card["id"] for card in cards(replies)]
    assert ids, f"no answer after {answers}: last reply {texts(replies)!r}"
    assert set(expected) <= set(ids) and in_order(expected, ids), ids
    assert not set(never) & set(ids), ids
    assert (CARE_QUESTION in asked) == care_asked
    assert "modern_slavery_helpline" in ids  # the safety net, always
