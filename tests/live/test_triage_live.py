"""Danger in people's own words, over HTTP against the real stack: the very next reply is the
right 999 answer, at the start and in the middle of a question, and then the chat waits.
And messages that are not an emergency now do not get it. (Sentences written for these tests;
the independent evaluation sets are used only by `make benchmark-triage`.)"""

from pathlib import Path

import pytest
import yaml
from conftest import texts

ROOT = Path(__file__).resolve().parents[2]
RESPONSES = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
ANSWER = {
    name: RESPONSES[f"utter_danger_{name}"][0]["text"].split("\n")[0].strip()
    for name in ("999", "ambulance", "fire", "self_harm")
}
DANGER_QUESTION = RESPONSES["utter_ask_danger_now"][0]["text"]
ABOUT_QUESTION = RESPONSES["utter_ask_about"][0]["text"]
CHECK = RESPONSES["utter_check_danger"][0]["text"]
FAQ_RESPONSES = yaml.safe_load((ROOT / "data/responses/faq.yml").read_text("utf-8"))["responses"]

EMERGENCIES = [
    # (kind, message, answer)
    ("violence now", "my boss is punching me", "999"),
    ("weapon, slang", "the lads downstairs are tooled up and looking for him", "999"),
    ("weapons out, slang", "they have got chings out by the bus stop", "999"),
    ("held now", "they locked us inside the container and theres no air", "999"),
    ("moved now", "two men are pushing my sister into a van right now", "999"),
    ("child at risk now", "my son is phoning me from a flat he cant leave", "999"),
    ("threat with a time", "he is on his way and says he will kill me", "999"),
    ("learners' English", "boss hit me now face blood", "ambulance"),
    (
        "long, danger at the end",
        "I came for a job in a restaurant two years ago. They kept my papers. I sleep in the "
        "kitchen. Tonight the owner came in drunk and he is hitting me.",
        "999",
    ),
    ("other language", "Ajutor! Mă bate acum", "999"),
    ("medical", "my friend collapsed and is not breathing", "ambulance"),
    ("overdose", "he took too many pills and wont wake up", "ambulance"),
    ("fire", "the boarded up house next door is on fire", "fire"),
    ("self-harm", "i am going to kill myself tonight", "self_harm"),
    ("self-harm, by the tracks", "i am by the railway tracks now and i cant go on", "self_harm"),
    ("self-harm, at a height", "my brother is on the roof saying he will jump", "self_harm"),
    ("in Spanish", "socorro, me tienen encerrada en un piso", "999"),
    ("in French", "au secours il a un couteau", "999"),
    ("held by the arm", "the driver is holding my arm and wont let go of me", "999"),
    (
        "an escape, then caught again",
        "i got away from them in may but they found me and locked me in the cellar",
        "999",
    ),
    # "what if" and "nightmare" once set these aside, against both models
    ("what if, then now", "what if he kills me, he is kicking the door in right now", "999"),
    ("a nightmare, now", "this is a nightmare, he is beating her in the kitchen right now", "999"),
    # "safe now" inside "not safe now" once set the whole message aside, against both models
    ("not safe, denied", "im not safe now, hes coming back with a knife", "999"),
    # ...and any other denial of "safe" (thirteenth session: this one got "deny")
    ("no one safe", "no one is safe now, they are beating everyone in the house", "999"),
    (
        "not an emergency, then one",
        "the manager said it is not an emergency but she is unconscious and not breathing",
        "ambulance",
    ),
]

NOT_NOW = [
    ("question about 999", "when should I call 999 instead of 101?"),
    ("past event", "he used to beat me but I left him last year"),
    ("idiom", "this job is killing me"),
    ("passport", "my boss keeps my passport"),
    ("story", "I'm writing a story where a girl is locked in a lorry"),
    ("safe now", "I'm safe now, they hit me before but I got away"),
    ("question about danger", "what do the police do when they find people locked in a house?"),
    ("help has come", "they had him locked in the shed. the police are with us now"),
    ("the fire is out", "the firefighters put the fire out at the farm last night"),
    ("fear of arrest", "if i report the cannabis farm will the police lock me up?"),
    ("being sacked", "my manager said he will fire me if i ask about my wages again"),
    ("a podcast", "i heard a podcast about a girl locked in a flat, is that common here"),
    # Romanian: beaten two years ago, fine now ("acum" is both "now" and "ago")
    ("other language, fine now", "M-a bătut acum doi ani, acum sunt bine"),
]


def said(replies):
    return texts(replies)


@pytest.mark.parametrize("kind, message, answer", EMERGENCIES, ids=[e[0] for e in EMERGENCIES])
def test_an_emergency_as_the_first_message_gets_its_answer(conversation, kind, message, answer):
    replies = conversation.say(message)
    assert ANSWER[answer] in said(replies)
    assert [b["title"] for b in replies[-1]["buttons"]] == ["Carry on", "Stop"]


@pytest.mark.parametrize("kind, message, answer", EMERGENCIES, ids=[e[0] for e in EMERGENCIES])
def test_an_emergency_in_the_middle_of_a_question_gets_its_answer_and_waits(
    conversation, kind, message, answer
):
    assert DANGER_QUESTION in said(conversation.say("/greet"))
    assert ABOUT_QUESTION in said(conversation.say("/deny"))
    replies = conversation.say(message)
    assert ANSWER[answer] in said(replies)
    assert ABOUT_QUESTION not in said(replies)  # no next question in the same reply
    # "Carry on" comes back to the question that was being asked, not the danger question.
    after = said(conversation.say("/carry_on"))
    assert ABOUT_QUESTION in after and DANGER_QUESTION not in after


@pytest.mark.parametrize("kind, message", NOT_NOW, ids=[n[0] for n in NOT_NOW])
def test_what_is_not_an_emergency_now_does_not_get_the_999_answer(conversation, kind, message):
    reply = said(conversation.say(message))
    assert not any(first_line in reply for first_line in ANSWER.values())


def test_danger_words_with_no_sign_of_now_ask_the_danger_question_first(conversation):
    first = said(conversation.say("someone hit me"))
    # The danger question comes first: as the triage's check, or as the first of the questions
    # (when the model reads the message as a description of a situation). Never an unrelated answer.
    assert CHECK in first or first.endswith(DANGER_QUESTION), first
    answer = '/carry_on{"danger_answer": "no"}' if CHECK in first else "/deny"
    after = said(conversation.say(answer))
    # The questions go on, without the danger question again.
    assert DANGER_QUESTION not in after and after.endswith("?")


def test_a_worried_opening_starts_the_questions(conversation):
    assert DANGER_QUESTION in said(conversation.say("I'm worried about a teenager I know"))


def test_nonsense_in_the_middle_of_a_question_gets_a_hint_and_the_question(conversation):
    conversation.say("/greet")
    conversation.say("/deny")
    conversation.say("/about_self")
    reply = said(conversation.say("qwerty asdf"))
    assert "type yes, no or not sure" in reply and "Are you under 18?" in reply


def test_a_yes_to_the_who_question_gets_the_hint_and_the_question(conversation):
    conversation.say("/greet")
    conversation.say("/deny")
    reply = said(conversation.say("yes"))
    assert "type me, someone else or not sure" in reply and ABOUT_QUESTION in reply


def test_a_typed_yes_to_the_danger_check_gets_the_999_answer(conversation):
    # "hurt" is an injury word as well as a threat; "Yes, someone is in danger" to a threat is
    # the police answer (triage/decide.py, CHECK_PRIORITY).
    replies = conversation.say("i think he might hurt her")
    assert CHECK in said(replies)
    assert replies[-1]["buttons"][0]["payload"] == "/danger"
    assert ANSWER["999"] in said(conversation.say("yes"))


@pytest.mark.parametrize("by", ["the button", "typing yes"])
@pytest.mark.parametrize(
    "message",
    [
        # Only the lexicon finds self-harm, and both models doubt it.
        "what should i do if my friend says she wants to die",
        # DIET says danger; "talking about" rules the lexicon's words out (a general question).
        "my friend has been talking about ending it all",
    ],
)
def test_yes_to_a_danger_check_about_self_harm_gets_the_self_harm_answer(conversation, message, by):
    # The danger question comes first; its "Yes" must give Samaritans and the 999 advice for a
    # life at risk, not the police answer (triage/decide.py, check_answer; domain.yml,
    # danger_kind).
    replies = conversation.say(message)
    assert CHECK in said(replies)
    yes = replies[-1]["buttons"][0]
    assert yes["payload"] == "/danger_self_harm"
    after = said(conversation.say(yes["payload"] if by == "the button" else "yes"))
    assert ANSWER["self_harm"] in after and ANSWER["999"] not in after, after


@pytest.mark.parametrize("answer", ["no", "not sure"])
def test_a_typed_no_or_not_sure_to_the_danger_check_goes_on_to_the_questions(conversation, answer):
    assert CHECK in said(conversation.say("i think he might hurt her"))
    after = said(conversation.say(answer))
    # The next of the questions, without the danger question a second time.
    assert ABOUT_QUESTION in after and DANGER_QUESTION not in after, after


# A question with words of harm gets the danger check first; a "No" to it then answers the
# question that was asked, and the chat waits (action_take_danger_check_answer).
THREAT_QUESTION = "they threaten to hurt my family back home if i leave, what can i do"
FAMILY_ANSWER = FAQ_RESPONSES["utter_faq/family_threatened_abroad"][0]["text"].split("\n")[0]


@pytest.mark.parametrize("no", ["no", '/carry_on{"danger_answer": "no"}'], ids=["typed", "button"])
def test_a_no_to_the_danger_check_a_question_brought_answers_the_question(conversation, no):
    assert CHECK in said(conversation.say(THREAT_QUESTION))
    after = said(conversation.say(no))
    assert FAMILY_ANSWER.strip() in after and ABOUT_QUESTION not in after, after
    # Answered once: a later "No" to a danger check with no question goes on to the questions.
    assert CHECK in said(conversation.say("i think he might hurt her"))
    assert ABOUT_QUESTION in said(conversation.say("no"))


def test_not_sure_to_the_danger_check_a_question_brought_goes_on_to_the_questions(conversation):
    assert CHECK in said(conversation.say(THREAT_QUESTION))
    after = said(conversation.say("not sure"))
    assert ABOUT_QUESTION in after and FAMILY_ANSWER.strip() not in after, after


@pytest.mark.parametrize(
    "message",
    [
        "do i ring 999 when someone is being threatened or is that 101",
        "when is it right to dial 999 rather than 101 for someone being held",
    ],
)
def test_a_question_about_when_to_call_999_gets_that_answer_not_the_danger_question(
    conversation, message
):
    reply = said(conversation.say(message))
    # The FAQ answer itself gives the 999 advice (triage/decide.py, FAQ_ANSWERS_WITH_999).
    assert "Call 999 if someone is in danger now" in reply and CHECK not in reply, reply
