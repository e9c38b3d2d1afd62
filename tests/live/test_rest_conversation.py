"""The assistant over its REST channel, as the widget and curl use it."""

from conftest import cards, texts


def test_hello_gets_the_welcome_and_the_danger_question_with_buttons(conversation):
    replies = conversation.say("hello")
    assert "This chat stores nothing on this device" in texts(replies)
    question = replies[-1]
    assert question["text"] == "First, is anyone in danger right now?"
    assert [b["payload"] for b in question["buttons"]] == ["/danger", "/deny", "/not_sure"]


def test_danger_in_the_first_message_gets_999_in_the_very_next_reply(conversation):
    replies = conversation.say("I'm locked in and he says he'll hurt me")
    assert replies[0]["text"].startswith("Please call 999 now")


def test_danger_button_gets_999_then_waits_and_carry_on_asks_the_next_question(conversation):
    conversation.say("hello")
    replies = conversation.say("/danger")
    assert [r["text"][:19] for r in replies] == ["Please call 999 now"]
    assert [b["payload"] for b in replies[0]["buttons"]] == ["/carry_on", "/stop"]
    replies = conversation.say("/carry_on")
    assert replies[-1]["text"] == "Is this about you, or about someone else?"


def test_adult_about_themselves_gets_salvation_army_and_helpline(conversation):
    conversation.say("hello")
    for answer in ["/deny", "/about_self", "/age_adult"]:
        conversation.say(answer)
    replies = []
    # Answer every remaining question "no" until the answer arrives.
    for _ in range(10):
        replies = conversation.say("/deny")
        if cards(replies):
            break
    ids = [card["id"] for card in cards(replies)]
    assert "salvation_army" in ids and "modern_slavery_helpline" in ids
    assert "front_door_for_families" not in ids
    assert replies[-1]["text"] == "What would you like to do next?"


def test_child_gets_front_door_for_families_and_never_the_salvation_army(conversation):
    conversation.say("hello")
    for answer in ["/deny", "/about_someone_else", "/age_under_18"]:
        conversation.say(answer)
    replies = []
    for _ in range(10):
        replies = conversation.say("/affirm")
        if cards(replies):
            break
    ids = [card["id"] for card in cards(replies)]
    assert "front_door_for_families" in ids
    assert "salvation_army" not in ids


def test_free_text_opening_is_not_asked_again(conversation):
    replies = conversation.say("my boss has my passport and I owe him money, I'm 17")
    asked = texts(replies)
    assert "under 18" not in asked  # the age was already given
    assert "passport" not in asked.lower()  # and so was that sign


def test_typed_yes_to_the_danger_question_gets_999_waits_and_is_not_asked_again(conversation):
    conversation.say("hello")
    replies = conversation.say("yes")
    assert [r["text"][:19] for r in replies] == ["Please call 999 now"]
    replies = conversation.say("/carry_on")
    assert replies[-1]["text"] == "Is this about you, or about someone else?"


def test_danger_in_the_middle_of_a_later_question_gets_999_then_waits_for_that_question(
    conversation,
):
    conversation.say("hello")
    conversation.say("/deny")
    conversation.say("/about_someone_else")
    # Words that also name who it is about must not be taken as an answer to the question.
    replies = conversation.say("my friend is being beaten right now")
    assert [r["text"][:19] for r in replies] == ["Please call 999 now"]
    replies = conversation.say("/carry_on")
    assert replies[-1]["text"] == "Is the person under 18?"


def test_after_danger_was_said_999_comes_first_in_the_answer(conversation):
    conversation.say("they are coming back now and they will hurt me")
    for answer in ["/about_self", "/age_adult"]:
        conversation.say(answer)
    replies = []
    for _ in range(10):
        replies = conversation.say("/deny")
        if cards(replies):
            break
    assert cards(replies)[0]["id"] == "emergency_999"


def test_fourteen_hours_a_day_is_not_an_age_the_age_question_is_asked(conversation):
    asked = texts(conversation.say("I work 14 hours a day and my boss keeps my passport"))
    for answer in ["/deny", "/about_self"]:
        if "under 18" in asked:
            break
        asked = texts(conversation.say(answer))
    assert "Are you under 18?" in asked


def test_stop_forgets_the_conversation(conversation):
    conversation.say("hello")
    conversation.say("/deny")
    conversation.say("/about_self")  # now at the age question
    assert "Our server has deleted this chat" in texts(conversation.say("stop"))
    # Carrying on starts afresh: the danger question again, not the age question.
    assert texts(conversation.say("/carry_on")).endswith("First, is anyone in danger right now?")
