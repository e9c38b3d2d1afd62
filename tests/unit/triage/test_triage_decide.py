"""The triage decision: the lexicon beside the intent model's own danger confidence."""

from dataclasses import replace

from triage.assess import Assessment
from triage.decide import decide


def ranking(*pairs):
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


def test_the_lexicon_overrules_the_model():
    decision = decide(Assessment(answer="fire", fired=["fire"]), "faq", ranking(("faq", 0.9)))
    assert (decision.intent, decision.source) == ("danger_fire", "lexicon")


def test_the_model_alone_can_say_danger():
    decision = decide(Assessment(), "danger", ranking(("danger", 0.85), ("faq", 0.1)))
    assert (decision.intent, decision.source) == ("danger", "model")


def test_a_question_about_999_overrules_the_model():
    assessment = Assessment(not_now=["general_question"], not_now_firm=True)
    decision = decide(assessment, "danger", ranking(("danger", 0.85), ("faq", 0.1)))
    assert (decision.intent, decision.source) == ("faq", "cue")


def test_a_cue_of_now_keeps_the_models_danger():
    assessment = Assessment(not_now=["past"], now=True)
    assert decide(assessment, "danger", ranking(("danger", 0.85))).intent == "danger"


def test_danger_words_without_now_ask_first_instead_of_an_unrelated_answer():
    assessment = Assessment(concern=["violence_hurt_with_now"])
    decision = decide(assessment, "faq", ranking(("faq", 0.6), ("danger", 0.1)))
    assert (decision.intent, decision.source) == ("danger_check", "concern")


def test_some_danger_in_the_models_mind_asks_first():
    decision = decide(Assessment(), "out_of_scope", ranking(("out_of_scope", 0.5), ("danger", 0.3)))
    assert decision.intent == "danger_check"


def test_a_weak_danger_guess_caught_by_the_fallback_asks_first():
    decision = decide(
        Assessment(), "nlu_fallback", ranking(("nlu_fallback", 0.45), ("danger", 0.4))
    )
    assert decision.intent == "danger_check"


def test_answers_to_the_questions_are_never_replaced_by_a_concern():
    assessment = Assessment(concern=["threat_with_now"])
    decision = decide(assessment, "affirm", ranking(("affirm", 0.9), ("danger", 0.05)))
    assert (decision.intent, decision.source) == ("affirm", "none")


def test_nothing_found_leaves_the_model_alone():
    assert decide(Assessment(), "greet", ranking(("greet", 0.99))).intent == "greet"


def test_the_models_danger_for_a_message_in_another_language_asks_first_unless_sure():
    assessment = Assessment(english=False)
    decision = decide(assessment, "danger", ranking(("danger", 0.8)))
    assert (decision.intent, decision.source) == ("danger_check", "concern")
    assert decide(assessment, "danger", ranking(("danger", 0.95))).intent == "danger"


def test_a_past_cue_overrules_the_model_only_when_it_is_not_sure():
    assessment = Assessment(not_now=["past"])
    assert decide(assessment, "danger", ranking(("danger", 0.85), ("faq", 0.1))).intent == "faq"
    assert decide(assessment, "danger", ranking(("danger", 0.97))).intent == "danger"


def test_i_am_safe_now_outweighs_the_models_danger():
    assessment = Assessment(not_now=["safe"], now=True)
    decision = decide(assessment, "danger", ranking(("danger", 0.99), ("about_self", 0.01)))
    assert (decision.intent, decision.source) == ("about_self", "cue")


def test_both_models_sure_outweigh_a_cue_that_set_aside_danger_words_told_with_now():
    # "what if he kills me, he is kicking the door in right now": "what if" set the sentence
    # aside, words and "now" with it.
    set_aside = Assessment(
        not_now=["hypothetical"],
        not_now_firm=True,
        ruled_out=[("violence_being_hurt_now", "hypothetical")],
        ruled_out_now=True,
    )
    sure = ranking(("danger", 0.99), ("out_of_scope", 0.01))
    decision = decide(set_aside, "danger", sure, score=0.95)
    assert (decision.intent, decision.source) == ("danger", "model, cue outweighed")
    # Without a cue of now there, or with the score unsure, the danger question instead of the
    # model's next guess ("out of scope"), which has nothing to do with the message.
    for assessment, score in ((replace(set_aside, ruled_out_now=False), 0.95), (set_aside, 0.5)):
        decision = decide(assessment, "danger", sure, score=score)
        assert (decision.intent, decision.source) == ("danger_check", "cue, asked")


def test_a_cue_still_gives_a_related_next_guess_when_the_score_is_unsure():
    # "what should I do if someone is being hit at work?": the FAQ answer, not the question.
    asked = Assessment(
        not_now=["general_question"],
        not_now_firm=True,
        ruled_out=[("violence_being_hurt_now", "general_question")],
    )
    decision = decide(asked, "danger", ranking(("danger", 0.95), ("faq", 0.05)), score=0.5)
    assert (decision.intent, decision.source) == ("faq", "cue")
    # No danger words set aside: the cue decides, as before.
    plain = Assessment(not_now=["story"], not_now_firm=True)
    decision = decide(plain, "danger", ranking(("danger", 0.99), ("greet", 0.01)), score=0.95)
    assert (decision.intent, decision.source) == ("greet", "cue")


def test_a_model_danger_below_its_threshold_asks_first():
    decision = decide(Assessment(), "danger", ranking(("danger", 0.6), ("faq", 0.3)))
    assert (decision.intent, decision.source) == ("danger_check", "concern")


def test_help_that_has_come_outweighs_even_a_sure_model():
    assessment = Assessment(not_now=["over"])  # "the police are with me"
    decision = decide(assessment, "danger", ranking(("danger", 0.99), ("describe_situation", 0.01)))
    assert (decision.intent, decision.source) == ("describe_situation", "cue")


def test_someone_safe_against_both_models_sure_asks_instead_of_the_next_guess():
    # "no one is safe now, they are beating everyone" read as someone safe once got "deny" (a
    # typed "no" inside a question): with both models sure of danger, the danger question.
    for cue in ("safe", "over"):
        assessment = Assessment(not_now=[cue])
        sure = ranking(("danger", 0.99), ("deny", 0.01))
        decision = decide(assessment, "danger", sure, score=0.95)
        assert (decision.intent, decision.source) == ("danger_check", "safe, asked")
        # With the score unsure, the cue decides as before.
        assert decide(assessment, "danger", sure, score=0.5).intent == "deny"


def test_help_that_has_come_does_not_outweigh_a_cue_of_now():
    assessment = Assessment(not_now=["over"], now=True)  # "... but he is outside now"
    assert decide(assessment, "danger", ranking(("danger", 0.99))).intent == "danger"


def test_a_few_words_the_lexicon_does_not_know_are_asked_about_not_answered():
    # The model was sure "blah blah" was danger.
    assessment = Assessment(words=2)
    decision = decide(assessment, "danger", ranking(("danger", 1.0)))
    assert (decision.intent, decision.source) == ("danger_check", "concern")


def test_a_longer_message_can_still_get_the_models_danger():
    assessment = Assessment(words=4)
    assert decide(assessment, "danger", ranking(("danger", 0.95))).intent == "danger"


# -- the danger score, a second opinion beside DIET's --------------------------------------------
def test_a_high_danger_score_counts_as_the_model_saying_danger():
    decision = decide(
        Assessment(), "describe_situation", ranking(("describe_situation", 0.7)), score=0.95
    )
    assert (decision.intent, decision.source) == ("danger", "model")


def test_a_high_danger_score_keeps_the_kind_of_danger_the_model_ranked():
    decision = decide(
        Assessment(),
        "faq",
        ranking(("faq", 0.6), ("danger_medical", 0.3), ("danger", 0.05)),
        score=0.93,
    )
    assert decision.intent == "danger_medical"


def test_a_danger_score_below_its_threshold_changes_nothing():
    plain = decide(Assessment(), "describe_situation", ranking(("describe_situation", 0.7)))
    scored = decide(
        Assessment(), "describe_situation", ranking(("describe_situation", 0.7)), score=0.8
    )
    assert scored == plain


def test_the_cues_of_not_now_overrule_a_high_danger_score():
    assessment = Assessment(not_now=["general_question"], not_now_firm=True)
    decision = decide(assessment, "faq", ranking(("faq", 0.8)), score=0.97)
    assert (decision.intent, decision.source) == ("faq", "cue")


def test_danger_words_without_now_and_a_fair_score_get_the_answer_their_kind_needs():
    assessment = Assessment(concern=["weapon_held"], concern_answers=["police"])
    decision = decide(
        assessment, "describe_situation", ranking(("describe_situation", 0.8)), score=0.6
    )
    assert (decision.intent, decision.source) == ("danger", "lexicon+score")
    fire = Assessment(concern=["fire_smoke"], concern_answers=["fire"])
    assert decide(fire, "faq", ranking(("faq", 0.8)), score=0.6).intent == "danger_fire"


def test_danger_words_with_a_low_score_are_still_asked_about():
    assessment = Assessment(concern=["weapon_held"], concern_answers=["police"])
    decision = decide(assessment, "faq", ranking(("faq", 0.8)), score=0.3)
    assert (decision.intent, decision.source) == ("danger_check", "concern")


def test_danger_words_in_a_story_are_asked_about_whatever_the_score():
    assessment = Assessment(concern=["weapon_held"], concern_answers=["police"], not_now=["past"])
    decision = decide(assessment, "faq", ranking(("faq", 0.8)), score=0.7)
    assert decision.intent == "danger_check"


def test_a_high_danger_score_does_not_make_the_model_sure_against_a_past_cue():
    assessment = Assessment(not_now=["habitual"])
    decision = decide(assessment, "faq", ranking(("faq", 0.6), ("danger_fire", 0.3)), score=0.96)
    assert decision.source == "cue"
    sure = decide(assessment, "danger", ranking(("danger", 0.95)), score=0.96)
    assert sure.intent == "danger"


def test_when_only_diet_says_danger_and_the_score_disagrees_the_danger_question_is_asked():
    sure_model = ranking(("danger", 0.99), ("faq", 0.01))
    decision = decide(Assessment(), "danger", sure_model, score=0.1)
    assert (decision.intent, decision.source) == ("danger_check", "doubt")
    # A fair score, or no score at all (an older model), leaves the model's answer.
    assert decide(Assessment(), "danger", sure_model, score=0.4).intent == "danger"
    assert decide(Assessment(), "danger", sure_model).intent == "danger"


def test_the_score_never_doubts_an_emergency_the_lexicon_found_with_the_model():
    sure_model = ranking(("danger", 0.99), ("faq", 0.01))
    found = Assessment(answer="police", fired=["violence_being_hurt_now"])
    assert decide(found, "danger", sure_model, score=0.01).intent == "danger"


def test_danger_words_without_now_or_ruled_out_are_doubted_only_from_a_lower_score():
    sure_model = ranking(("danger", 0.99), ("faq", 0.01))
    without_now = Assessment(
        concern=["violence_hurt_with_now"], concern_answers=["police"], now=True
    )
    # "they are padlocked in at night": a cue of habit that a sure model outweighs
    ruled_out = Assessment(ruled_out=[("held_locked_in", "habitual")], not_now=["habitual"])
    for words in (without_now, ruled_out):
        assert decide(words, "danger", sure_model, score=0.25).intent == "danger"
        decision = decide(words, "danger", sure_model, score=0.15)
        assert (decision.intent, decision.source) == ("danger_check", "doubt")


def test_in_another_language_a_high_danger_score_stands_where_diet_would_need_to_be_sure():
    other = Assessment(english=False)
    decision = decide(other, "other_language", ranking(("other_language", 0.9)), score=0.82)
    assert (decision.intent, decision.source) == ("danger", "model")
    # Below its threshold the question comes first, as for DIET not sure.
    lower = decide(other, "danger", ranking(("danger", 0.85)), score=0.7)
    assert (lower.intent, lower.source) == ("danger_check", "concern")
    # In English the same score is under score_danger: it changes nothing.
    english = decide(Assessment(), "faq", ranking(("faq", 0.9)), score=0.82)
    assert english.intent == "faq"


def test_in_another_language_the_cues_of_not_now_still_overrule_a_high_score():
    past = Assessment(english=False, not_now=["past"])
    decision = decide(past, "other_language", ranking(("other_language", 0.9)), score=0.95)
    assert decision.source == "cue"


def test_the_lexicon_alone_against_two_sure_models_asks_the_danger_question():
    found = Assessment(answer="police", fired=["held_locked_in"])
    calm = ranking(("faq", 0.95), ("danger", 0.03))
    decision = decide(found, "faq", calm, score=0.01)
    assert (decision.intent, decision.source) == ("danger_check", "lexicon doubted")
    # A score that is not near zero, DIET with some danger in mind, or no score: the lexicon wins.
    assert decide(found, "faq", calm, score=0.2).intent == "danger"
    unsure = ranking(("faq", 0.8), ("danger", 0.08), ("danger_medical", 0.07))
    assert decide(found, "faq", unsure, score=0.01).intent == "danger"
    assert decide(found, "faq", calm).intent == "danger"


def test_the_lexicon_in_another_language_is_never_doubted_by_the_english_models():
    found = Assessment(answer="police", fired=["ro_violence_now"], english=False)
    decision = decide(found, "other_language", ranking(("other_language", 0.99)), score=0.01)
    assert decision.intent == "danger"


def test_a_short_answer_in_another_language_is_not_judged_by_the_score():
    # "nie" (Polish for "no") scores high: it is in many Polish danger messages.
    no = Assessment(english=False, words=1)
    decision = decide(no, "deny", ranking(("deny", 1.0)), score=0.82)
    assert (decision.intent, decision.source) == ("deny", "none")


def test_where_the_danger_question_would_be_asked_the_faq_about_999_answers_instead():
    about_999 = "faq/when_to_call_999"
    # Danger words with no sign of now, in a question about when to ring 999.
    worried = Assessment(concern=["violence_hurt_with_now"])
    decision = decide(worried, "faq", ranking(("faq", 0.9)), faq_answer=about_999)
    assert (decision.intent, decision.source) == ("faq", "faq with 999")
    # The lexicon alone, doubted by both models.
    found = Assessment(answer="police", fired=["threat_with_now"])
    decision = decide(found, "faq", ranking(("faq", 0.99)), score=0.01, faq_answer=about_999)
    assert (decision.intent, decision.source) == ("faq", "faq with 999")
    # Another FAQ answer does not carry the 999 advice: the danger question first.
    other = decide(worried, "faq", ranking(("faq", 0.9)), faq_answer="faq/keep_safe")
    assert other.intent == "danger_check"
    # Never in place of the 999 answer itself.
    sure = decide(found, "faq", ranking(("faq", 0.99)), score=0.5, faq_answer=about_999)
    assert sure.intent == "danger"


def test_the_danger_question_carries_the_emergency_the_lexicon_found():
    # Self-harm words without a cue of now: "Yes" to the question must give Samaritans.
    assessment = Assessment(concern=["self_harm_end_it"], concern_answers=["self_harm"])
    decision = decide(assessment, "faq", ranking(("faq", 0.6), ("danger", 0.3)))
    assert (decision.intent, decision.check_answer) == ("danger_check", "self_harm")
    # An emergency the lexicon found but both models doubted keeps its kind too.
    doubted = Assessment(answer="ambulance", fired=["medical_collapsed"])
    decision = decide(
        doubted, "describe_situation", ranking(("describe_situation", 0.95)), score=0.01
    )
    assert (decision.source, decision.check_answer) == ("lexicon doubted", "ambulance")


def test_without_the_lexicon_the_danger_question_carries_the_models_emergency_or_the_police():
    # DIET sure of a fire, the danger score not: asked first, and "Yes" gives the fire answer.
    fire = ranking(("danger_fire", 0.85), ("faq", 0.1))
    decision = decide(Assessment(), "danger_fire", fire, score=0.1)
    assert (decision.source, decision.check_answer) == ("doubt", "fire")
    # A weaker guess of DIET's, or its guess about a message in another language, says nothing
    # of the kind: the police answer, the general 999 advice.
    decision = decide(Assessment(), "faq", ranking(("faq", 0.5), ("danger_fire", 0.3)))
    assert (decision.intent, decision.check_answer) == ("danger_check", "police")
    other_language = Assessment(english=False, words=12)
    decision = decide(other_language, "danger_fire", fire, score=0.1)
    assert (decision.intent, decision.check_answer) == ("danger_check", "police")


def test_only_the_danger_question_carries_an_emergency():
    decision = decide(Assessment(answer="fire", fired=["fire"]), "faq", ranking(("faq", 0.9)))
    assert decision.check_answer is None


def test_a_few_words_unknown_to_the_lexicon_are_not_judged_by_the_danger_score():
    # "nie" (Polish for "no"), read as "deny" by the language answers: a typed answer, even if
    # the score, which has it in many danger examples, is high.
    short = Assessment(english=False, words=1)
    decision = decide(short, "deny", ranking(("about_someone_else", 0.5)), score=0.91)
    assert (decision.intent, decision.source) == ("deny", "none")
    # With danger words, a short message is still read with the score.
    cry = Assessment(concern=["weapon_knife_with_now"], concern_answers=["police"], words=2)
    decision = decide(cry, "nlu_fallback", ranking(("nlu_fallback", 0.45)), score=0.9)
    assert decision.intent == "danger"


def test_violence_and_injury_words_without_now_make_a_danger_question_about_the_police():
    # "i think he might hurt her": "hurt" is a word of injury and of violence. Yes to "Is anyone
    # in danger right now?" is the police's; injury words alone are the ambulance's.
    both = Assessment(
        concern=["violence_hurt_with_now", "medical_with_now"],
        concern_answers=["ambulance", "police"],
    )
    decision = decide(both, "faq", ranking(("faq", 0.7)))
    assert (decision.intent, decision.check_answer) == ("danger_check", "police")
    injury = Assessment(concern=["medical_with_now"], concern_answers=["ambulance"])
    assert decide(injury, "faq", ranking(("faq", 0.7))).check_answer == "ambulance"


def test_an_opening_with_self_harm_words_gets_the_danger_check_not_the_questions():
    # The questions start with their own danger question, whose "Yes" is the police answer.
    self_harm = Assessment(
        concern=["self_harm_goodbye_sent_with_now"],
        concern_answers=["self_harm"],
    )
    decision = decide(self_harm, "describe_situation", ranking(("describe_situation", 0.9)))
    assert (decision.intent, decision.check_answer) == ("danger_check", "self_harm")
    # Words of violence: the questions start, and their danger question is the police's.
    violence = Assessment(concern=["violence_hurt_with_now"], concern_answers=["police"])
    decision = decide(violence, "describe_situation", ranking(("describe_situation", 0.9)))
    assert decision.intent == "describe_situation"


def test_self_harm_words_ruled_out_by_a_cue_ask_the_danger_question_when_the_model_says_danger():
    # "my friend has been talking about ending it all": "talking about" rules the words out
    # (asking in general), DIET says danger. The questions would start with the police's danger
    # question; the danger check asks with the self-harm answer behind "Yes".
    talking = Assessment(
        ruled_out=[("more_self_harm_plain", "asking_in_its_clause")],
        ruled_out_answers=["self_harm"],
        not_now=["asking_in_its_clause"],
        not_now_firm=True,
    )
    model = ranking(("danger_medical", 0.83), ("about_someone_else", 0.02))
    decision = decide(talking, "danger_medical", model)
    assert (decision.intent, decision.check_answer) == ("danger_check", "self_harm")
    # It is asked because of the self-harm words, so it is about self-harm whatever else was set
    # aside with them (fire comes first for words found without a cue of now).
    with_fire = replace(talking, ruled_out_answers=["fire", "self_harm"])
    assert decide(with_fire, "danger_medical", model).check_answer == "self_harm"
    # Other words a cue ruled out still get the model's next guess ("he used to beat me").
    past = Assessment(
        ruled_out=[("violence_being_hurt_now", "past")],
        ruled_out_answers=["police"],
        not_now=["past"],
        not_now_firm=True,
    )
    assert decide(past, "danger", ranking(("danger", 0.85), ("faq", 0.1))).intent == "faq"
    # Someone safe now is not asked.
    safe = Assessment(
        ruled_out=[("more_self_harm_plain", "safe")],
        ruled_out_answers=["self_harm"],
        not_now=["safe"],
        not_now_firm=True,
    )
    assert decide(safe, "danger_self_harm", ranking(("danger_self_harm", 0.9))).intent != (
        "danger_check"
    )
