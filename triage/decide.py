"""The triage decision: the lexicon's reading of a message combined with the intent model's.

- The lexicon finds an emergency: that emergency's intent, whatever the model said (but see the
  danger score below: in English, both models nearly sure it is not danger ask first).
- The model says danger (confidently) and nothing in the message says "not now": danger; but for a
  message mostly in another language (the model knows English) it asks first unless it is sure,
  and for a message of three words or fewer with none of the lexicon's words it always asks.
- The model says danger, but the message is a general question, a "what if" or a story (or, if
  the model is not sure, about the past), says "I am safe", or says the danger is over with
  nothing that says now, and the lexicon found no emergency: the model's next guess (so "when
  should I call 999?" gets the answer about 999, not the 999 advice); but where a question, a
  "what if", a story or the past set aside words of self-harm ("my friend has been talking
  about ending it all"), the danger question, about self-harm; and where "I am safe" or help
  come set aside what both models are sure is danger, the danger question.
- Danger words without a cue of now, or some danger in the model's mind, where the model's answer
  would otherwise be something unrelated (an FAQ, "off topic", "not understood"): `danger_check`,
  which asks "Is anyone in danger right now?" first.

The danger score (triage/danger_score.py) is a second opinion beside DIET's:
- from `score_danger` it counts as the model saying danger with that confidence, and everything
  above applies to it as to DIET (the cues of "not now" still overrule it), except that only
  DIET's own confidence makes the model "sure" (a sure score let "there's always smoke at night"
  through the cue of habit);
- danger words without a cue of now ("a man with a machete at the house") get the 999 answer
  instead of the danger question when the score is at least `score_concern` and nothing in the
  message says "not now";
- in a message mostly in another language it counts as the model from `score_other_language`,
  and there it also stands for DIET's "sure" (DIET knows English only; the score learns from
  examples in many languages). The cues of "not now" are still read as for DIET;
- where DIET alone says danger and the score is below `score_doubt` (`score_doubt_with_words`
  when the message has danger words that had no cue of now or that a cue ruled out), or the
  lexicon alone finds danger in English and both models are nearly sure it is not
  (`lexicon_doubt_score`, `lexicon_doubt_model`), the danger question is asked instead of the
  999 answer.

The danger question carries the emergency it is about (`check_answer`): its "Yes" gives that
emergency's answer, so self-harm words asked about get Samaritans, not the police answer.

Where the danger question would be asked and DIET's answer is the FAQ about when to call 999
("when should I ring 999 and when is it just 101?"), that answer is given instead: it opens with
"Call 999 if someone is in danger now" and has the silent-call advice, so it carries what the
danger question would, and answers what was asked.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Mapping, Tuple

from triage.assess import OVER, Assessment

INTENT_FOR_ANSWER = {
    "police": "danger",
    "ambulance": "danger_medical",
    "fire": "danger_fire",
    "self_harm": "danger_self_harm",
}
DANGER_INTENTS = frozenset(INTENT_FOR_ANSWER.values())
ANSWER_FOR_INTENT = {intent: answer for answer, intent in INTENT_FOR_ANSWER.items()}
CHECK_INTENT = "danger_check"
# "Yes, someone is in danger" to the danger question: danger words of violence and of injury
# together ("i think he might hurt her") are the police's; the ambulance answer is for words of
# injury alone. (An emergency found now puts the ambulance first: assess.ANSWER_PRIORITY.)
CHECK_PRIORITY = ("fire", "self_harm", "police", "ambulance")
# FAQ answers that give the 999 advice themselves (data/responses/faq.yml; a unit test keeps them
# so): where the danger question would be asked, one of these answers instead.
FAQ_ANSWERS_WITH_999 = frozenset({"faq/when_to_call_999"})
SAFE_CUES = "safe"  # the cue category in data/triage/cues.yml for "I am safe now"
FALLBACK_INTENT = "nlu_fallback"
DESCRIBE_INTENT = "describe_situation"  # a description of a situation: starts the questions
SELF_HARM = "self_harm"
# Answers that have nothing to do with danger: replaced by the danger question when the message
# has danger words. Answers to the questions (yes, no, an age...) are never replaced.
UNRELATED_INTENTS = frozenset(
    {
        "faq",
        "out_of_scope",
        FALLBACK_INTENT,
        "ask_questions",
        "ask_topic",
        "contact_service",
        "bot_challenge",
        "dont_understand",
        "greet",
        "thanks",
        "goodbye",
    }
)


@dataclass(frozen=True)
class Thresholds:
    model_danger: float = 0.8  # the model alone decides danger at or above this
    model_sure: float = 0.9  # ...and past cues or another language do not overrule it above this
    model_concern: float = 0.2  # ...and asks the danger question at or above this
    # A message this short, with none of the lexicon's words, is asked about, never answered with
    # 999 by the model alone: it was sure "blah blah" was danger (1.0). The lexicon knows the
    # short cries ("help he has a knife", "fire").
    short_words: int = 3
    score_danger: float = 0.85  # the danger score counts as the model saying danger from this
    score_concern: float = 0.4  # ...and turns danger words without "now" into an answer from this
    # When DIET alone says danger, the message has no danger words at all and the danger score is
    # below this, the two models disagree: ask the danger question instead of answering with 999.
    score_doubt: float = 0.3
    # ...and where the message has danger words, but without a cue of now or in a part a cue rules
    # out ("the knife thing was earlier, police came"), the same doubt from this lower score.
    score_doubt_with_words: float = 0.2
    # A message mostly in another language: DIET knows English only, so it needs the lexicon or
    # DIET's "sure" to give the 999 answer; the danger score, which learns from examples in many
    # languages (data/danger_score/), counts as the model from this, and as sure.
    score_other_language: float = 0.8
    # When the lexicon alone finds danger in an English message and both models are nearly sure
    # it is not (the score below lexicon_doubt_score, DIET's danger intents together below
    # lexicon_doubt_model), the danger question is asked instead of the 999 answer: words like
    # "locked" or "police" in a message about something else.
    lexicon_doubt_score: float = 0.05
    lexicon_doubt_model: float = 0.1


@dataclass(frozen=True)
class Decision:
    intent: str
    source: str  # lexicon, model, lexicon+model, lexicon+score, cue (model overruled), concern,
    # cue, self-harm asked (the same, for words of self-harm: the danger question instead),
    # model, cue outweighed (both models sure of danger words told with now that a cue set
    # aside), cue, asked (the same without now, or the model's next guess unrelated),
    # safe, asked (someone safe, or help come, against both models sure of danger),
    # doubt (the model said danger, the score did not), lexicon doubted (only the lexicon said
    # danger, both models were nearly sure it is not), faq with 999 (an FAQ answer that gives
    # the 999 advice, where the danger question would be asked), none
    # With the danger question: the answer its "Yes" gives (police, ambulance, fire, self_harm),
    # so "Yes" to it after "what should i do if my friend says she wants to die" gets
    # Samaritans, not the police answer.
    check_answer: str | None = None


def model_danger(ranking: Iterable[Mapping]) -> Tuple[str | None, float]:
    """The danger intent the model ranks highest, with its confidence."""
    best: Tuple[str | None, float] = (None, 0.0)
    for entry in ranking:
        name, confidence = entry.get("name"), float(entry.get("confidence") or 0.0)
        if name in DANGER_INTENTS and confidence > best[1]:
            best = (name, confidence)
    return best


def next_guess(ranking: Iterable[Mapping]) -> str | None:
    for entry in ranking:
        if entry.get("name") not in DANGER_INTENTS | {FALLBACK_INTENT, CHECK_INTENT}:
            return entry.get("name")
    return None


def with_score(
    ranking: Iterable[Mapping], model_intent: str | None, score: float | None, threshold: float
) -> Tuple[list, str | None]:
    """The ranking with the danger score as the confidence of the model's best danger intent
    (danger, if it ranked none), when the score reaches the threshold and is higher; the top of
    the new ranking becomes the model's intent."""
    ranking = [dict(entry) for entry in ranking]
    if score is None or score < threshold:
        return ranking, model_intent
    name, confidence = model_danger(ranking)
    if score <= confidence:
        return ranking, model_intent
    name = name or "danger"
    for entry in ranking:
        if entry.get("name") == name:
            entry["confidence"] = score
    if not any(entry.get("name") == name for entry in ranking):
        ranking.append({"name": name, "confidence": score})
    ranking.sort(key=lambda entry: -float(entry.get("confidence") or 0.0))
    return ranking, ranking[0].get("name")


def decide(
    assessment: Assessment,
    model_intent: str | None,
    ranking: Iterable[Mapping],
    thresholds: Thresholds | None = None,
    score: float | None = None,
    faq_answer: str | None = None,
) -> Decision:
    """`score`: the danger score (None where there is none, as in an older model).
    `faq_answer`: the FAQ answer chosen for the message ("faq/when_to_call_999"), if any."""
    ranking = list(ranking)
    decision = _decide_with_score(assessment, model_intent, ranking, thresholds, score)
    asked_about_999 = model_intent == "faq" and faq_answer in FAQ_ANSWERS_WITH_999
    if decision.intent == CHECK_INTENT and asked_about_999:
        return Decision("faq", "faq with 999")
    if decision.intent == CHECK_INTENT and decision.check_answer is None:
        return replace(decision, check_answer=check_answer(assessment, ranking, thresholds))
    return decision


def check_answer(
    assessment: Assessment, ranking: Iterable[Mapping], thresholds: Thresholds | None = None
) -> str:
    """The emergency the danger question is about: the lexicon's (an emergency it doubted, or
    danger words without a cue of now, by CHECK_PRIORITY), else DIET's danger intent where it
    would have given that answer by itself (an English message, at or above `model_danger`: the
    score doubted it), else the police, whose answer is the general 999 advice. DIET's weaker
    guesses are no evidence of the kind: it gave "fire" to a message in Hindi about a child
    taken in a car."""
    found = lexicon_kind(assessment)
    if found:
        return found
    name, confidence = model_danger(ranking)
    if name and assessment.english and confidence >= (thresholds or Thresholds()).model_danger:
        return ANSWER_FOR_INTENT[name]
    return "police"


def lexicon_kind(assessment: Assessment) -> str | None:
    """The emergency of the lexicon's words: one it found now, else the first by
    CHECK_PRIORITY of the ones it found without a cue of now, else of the ones a cue ruled out."""
    if assessment.answer:
        return assessment.answer
    for found in (assessment.concern_answers, assessment.ruled_out_answers):
        kind = next((answer for answer in CHECK_PRIORITY if answer in found), None)
        if kind:
            return kind
    return None


def _decide_with_score(
    assessment: Assessment,
    model_intent: str | None,
    ranking: Iterable[Mapping],
    thresholds: Thresholds | None,
    score: float | None,
) -> Decision:
    thresholds = thresholds or Thresholds()
    ranking = list(ranking)
    if _short(assessment, thresholds) and not (assessment.answer or assessment.concern):
        # A few words the lexicon does not know: the score cannot judge them. "nu" and "nie"
        # ("no" in Romanian and Polish) and "po" ("yes" in Albanian) are in many of its danger
        # examples and scored 0.87-0.92, which turned a typed answer into the danger question.
        score = None
    # Only DIET's own confidence makes the model "sure" (past cues do not overrule it).
    _, diet_confidence = model_danger(ranking)
    diet_danger_total = sum(
        float(entry.get("confidence") or 0.0)
        for entry in ranking
        if entry.get("name") in DANGER_INTENTS
    )
    # In another language a high danger score stands where DIET's "sure" would; not for a few
    # words, which the score cannot judge ("nie", Polish for "no", scores 0.8: it is in many
    # Polish danger messages).
    other_language = not assessment.english and not _short(assessment, thresholds)
    score_threshold = thresholds.score_other_language if other_language else thresholds.score_danger
    ranking, model_intent = with_score(ranking, model_intent, score, score_threshold)
    score_sure = other_language and score is not None and score >= score_threshold
    score_says_danger = score is not None and score >= thresholds.score_danger
    decision = _decide(
        assessment,
        model_intent,
        ranking,
        thresholds,
        diet_confidence,
        score_sure,
        score_says_danger,
    )
    if decision.source == "model" and score is not None:
        words = bool(assessment.concern or assessment.ruled_out)
        doubt = thresholds.score_doubt_with_words if words else thresholds.score_doubt
        if score < doubt:
            return Decision(CHECK_INTENT, "doubt")
    if (
        decision.source == "lexicon"
        and assessment.english
        and score is not None
        and score < thresholds.lexicon_doubt_score
        and diet_danger_total < thresholds.lexicon_doubt_model
    ):
        return Decision(CHECK_INTENT, "lexicon doubted")
    if (
        decision.intent not in DANGER_INTENTS
        and assessment.concern_answer is not None
        and not assessment.not_now
        and score is not None
        and score >= thresholds.score_concern
    ):
        return Decision(INTENT_FOR_ANSWER[assessment.concern_answer], "lexicon+score")
    return decision


def _decide(
    assessment: Assessment,
    model_intent: str | None,
    ranking: list,
    thresholds: Thresholds,
    diet_confidence: float,
    score_sure: bool = False,
    score_says_danger: bool = False,
) -> Decision:
    danger_name, danger_confidence = model_danger(ranking)
    model_says_danger = danger_confidence >= thresholds.model_danger
    if assessment.answer is not None:
        intent = INTENT_FOR_ANSWER[assessment.answer]
        return Decision(intent, "lexicon+model" if model_says_danger else "lexicon")
    if model_says_danger or model_intent in DANGER_INTENTS:
        sure = diet_confidence >= thresholds.model_sure
        not_now = assessment.not_now and not assessment.now and not assessment.concern
        # The lexicon found no emergency, and "I am safe now" anywhere outweighs the model; so
        # does "the police are with me" (or another cue that the danger is over) when nothing in
        # the message says now.
        safe = SAFE_CUES in assessment.not_now
        over = bool(OVER & set(assessment.not_now)) and not assessment.now
        # DIET sure of danger whose words the lexicon found in a sentence that a cue set aside
        # ("this is a nightmare, he is beating her right now", "what if he kills me, he is
        # kicking the door in right now", "doing my homework and I can hear him hitting mum"):
        # with the score sure too and a cue of now in that sentence, the 999 answer; with the
        # score sure but no cue of now there, or where the cue would give an answer about
        # something else ("greet", "out of scope"), the danger question.
        words_set_aside = sure and bool(assessment.ruled_out) and not (safe or over)
        if words_set_aside and score_says_danger and assessment.ruled_out_now:
            return Decision(danger_name or "danger", "model, cue outweighed")
        if (not_now and (assessment.not_now_firm or not sure)) or safe or over:
            if SELF_HARM in assessment.ruled_out_answers and not (safe or over):
                # "my friend has been talking about ending it all": not now by the words, but
                # the model says danger; ask, with the self-harm answer behind "Yes", rather
                # than start the questions, whose danger question is the police's.
                return Decision(CHECK_INTENT, "cue, self-harm asked", SELF_HARM)
            guess = next_guess(ranking)
            if words_set_aside and (score_says_danger or guess in UNRELATED_INTENTS - {"faq"}):
                return Decision(CHECK_INTENT, "cue, asked")
            if (safe or over) and sure and score_says_danger:
                # "I'm safe now" (or help has come) against both models sure of danger: ask,
                # never the model's next guess, which was "greet" or "deny" for messages like
                # "no one is safe now, they are beating everyone" (a "deny" inside a question
                # would be taken as its answer).
                return Decision(CHECK_INTENT, "safe, asked")
            return Decision(guess or FALLBACK_INTENT, "cue")
        if not model_says_danger:
            # The model's top guess is danger but below its threshold (the fallback may have
            # caught it already): not enough to say 999, enough to ask.
            return Decision(CHECK_INTENT, "concern")
        if not assessment.english and not sure and not score_sure:
            # DIET knows English; the lexicon found no emergency words: ask first.
            return Decision(CHECK_INTENT, "concern")
        if _short(assessment, thresholds) and not assessment.concern:
            return Decision(CHECK_INTENT, "concern")
        return Decision(danger_name or "danger", "model")
    worried = assessment.concern or danger_confidence >= thresholds.model_concern
    if worried and (model_intent in UNRELATED_INTENTS or model_intent is None):
        return Decision(CHECK_INTENT, "concern")
    if (
        model_intent == DESCRIBE_INTENT
        and assessment.concern
        and lexicon_kind(assessment) not in (None, "police")
    ):
        # The questions would start with their own danger question, whose "Yes" is the police
        # answer; words of self-harm, injury or fire get the danger check, which knows the kind.
        return Decision(CHECK_INTENT, "concern")
    return Decision(model_intent or FALLBACK_INTENT, "none")


def _short(assessment: Assessment, thresholds: Thresholds) -> bool:
    return assessment.words is not None and assessment.words <= thresholds.short_words
