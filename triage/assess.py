"""Finds danger now in a message with the lexicon alone (no model).

The message is read sentence by sentence, and each sentence clause by clause (commas), because a
long message often tells a past story first and the danger last ("I came here two years ago...
he has a knife and he is outside now"). In each sentence:
- a cue that it is not about now - a general question, a "what if", a story, "I am safe" - rules
  out the emergency phrases of the whole sentence; a cue of someone safe with a denial just
  before it ("I don't feel safe now", "am I safe now?") is not one;
- a cue of the past or of something that keeps happening rules out each clause of the sentence
  that has no cue of now of its own ("last year he hit me, now he is outside": only the first
  clause is ruled out);
- a question about danger (a sentence that opens with a phrase of a `scope: question` cue and
  ends with "?") rules out that sentence;
- a "now" that says where someone is safe or how they are ("I'm in hospital now": the cue list
  `settled`) is not a cue of now;
- a pattern marked `always` ("he is beating me", "not breathing") is an emergency by itself;
- a pattern marked `with_now` ("hit me", "kill me") is one only with a cue of now in the same
  sentence, or an urgent cue anywhere ("hurry"); otherwise it is a concern (the conversation then
  asks the danger question first), unless its kind is marked `concern_without_now: false`.
Then, over the whole message: a cue that the danger is over ("the police are with us", "I am fine
now") with no cue of now anywhere turns every emergency found into a concern: the chat asks
instead of answering.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Tuple

from triage.lexicon import Lexicon, Pattern
from triage.normalise import asked_sentences, clauses, words

# The not_now cue categories (data/triage/cues.yml) that say the danger is over.
OVER = frozenset({"safe", "over"})

# When kinds with different answers fire together, the answer that fits best comes first: a fire
# needs the fire service whoever else is there; someone about to end their life needs an
# ambulance and Samaritans; an injury needs an ambulance (the answer also says "police too").
ANSWER_PRIORITY = ("fire", "self_harm", "ambulance", "police")

# Short English words that almost every English message has. The intent model is trained on
# English: for a message mostly in another language its guess is no evidence of danger.
_ENGLISH_FUNCTION_WORDS = frozenset(
    "i me my you your he him his she her it its we us our they them their a an the and or but "
    "if to of in on at for with from by is are was were be been am do does did not no dont cant "
    "wont this that there here what when where who how why can could will would should have has "
    "had got get please now".split()
)


def mostly_english(normalised: str) -> bool:
    tokens = normalised.split()
    if not tokens or any(ord(ch) > 0x24F for ch in normalised):
        return False
    return sum(t in _ENGLISH_FUNCTION_WORDS for t in tokens) / len(tokens) >= 0.2


@dataclass
class Assessment:
    answer: str | None = None  # police, ambulance, fire, self_harm; None if no emergency found
    fired: List[str] = field(default_factory=list)  # pattern ids that found an emergency
    concern: List[str] = field(default_factory=list)  # pattern ids found without a cue of now
    concern_answers: List[str] = field(default_factory=list)  # the answers they would need
    ruled_out: List[Tuple[str, str]] = field(default_factory=list)  # (pattern id, cue category)
    ruled_out_answers: List[str] = field(default_factory=list)  # the answers those would need
    not_now: List[str] = field(default_factory=list)  # cue categories that ruled a part out
    not_now_firm: bool = False  # one of them cannot be overridden by now (a question, a story...)
    now: bool = False  # a cue of now in a part that was not ruled out
    ruled_out_now: bool = False  # a cue of now in a sentence that a cue ruled out (decide.py)
    english: bool = True  # mostly English words (see mostly_english)
    words: int | None = None  # how many words the message has (None: not counted)

    @property
    def emergency(self) -> bool:
        return self.answer is not None

    @property
    def concern_answer(self) -> str | None:
        """The answer the concern patterns would need first (ANSWER_PRIORITY), if any."""
        return _first_by_priority(set(self.concern_answers))


@dataclass
class _Part:
    text: str
    now: bool
    ruled_by: str | None


def _matches(lexicon: Lexicon, text: str) -> List[Pattern]:
    return [p for p in lexicon.candidates(text) if p.search(text)]


def _has_now(lexicon: Lexicon, text: str) -> bool:
    return bool(lexicon.now and lexicon.now.search(text))


def _parts(lexicon: Lexicon, sentence: str, asked: bool = False) -> List[_Part]:
    """The clauses of one sentence, each with its cue of now and what rules it out, if anything.
    `asked`: the sentence ends with a question mark."""
    texts = [words(c, lexicon.spellings) for c in clauses(sentence)] or [""]
    # The cues of now are looked for with "I'm in hospital now", "I'm better now"... taken out.
    # ("she is not stable now" keeps its "now": a denial before a settled phrase; see denials)
    now_texts = [lexicon.settled.blank(t, lexicon.denials) if lexicon.settled else t for t in texts]
    sentence_now = _has_now(lexicon, " ".join(now_texts))
    # The not_now cues are looked for with "not a story", "not joking"... taken out.
    cue_texts = [lexicon.real.blank(t) if lexicon.real else t for t in texts]
    whole = " ".join(cue_texts)
    for cues in lexicon.not_now:
        if cues.question_only:
            # "What do the police do when they find people locked in...?": a question about
            # danger, not a report of it. Only a question that opens with the phrase.
            if asked and cues.regex is not None and cues.regex.starts(whole):
                return [_Part(t, sentence_now, cues.category) for t in texts]
            continue
        firm_sentence = not cues.overridden_by_now and not cues.clause_only
        if firm_sentence and cues.found(cue_texts, whole, lexicon.denials):
            return [_Part(t, sentence_now, cues.category) for t in texts]
    sentence_cue = next(
        (
            c.category
            for c in lexicon.not_now
            if not (c.clause_only or c.question_only) and c.found(cue_texts, whole, lexicon.denials)
        ),
        None,
    )
    parts = []
    for text, cue_text, now_text in zip(texts, cue_texts, now_texts, strict=True):
        clause_cues = [
            c
            for c in lexicon.not_now
            if c.clause_only and c.found([cue_text], cue_text, lexicon.denials)
        ]
        # A firm cue of this clause alone ("where can I stay tonight") rules it out, now or not.
        firm = next((c.category for c in clause_cues if not c.overridden_by_now), None)
        # The sentence speaks of the past (or the clause of what keeps happening): only a clause
        # with a cue of now of its own still counts.
        cue = sentence_cue or next((c.category for c in clause_cues if c.overridden_by_now), None)
        ruled = firm or (cue if cue and not _has_now(lexicon, now_text) else None)
        parts.append(_Part(text, sentence_now, ruled))
    return parts


def assess(lexicon: Lexicon, message: str) -> Assessment:
    result = Assessment()
    parts = [
        part
        for sentence, asked in asked_sentences(message)
        for part in _parts(lexicon, sentence, asked)
    ]
    normalised = words(message)
    result.english = mostly_english(normalised)
    result.words = len(normalised.split())
    urgent = bool(lexicon.urgent and lexicon.urgent.search(words(message, lexicon.spellings)))
    result.now = any(p.now and not p.ruled_by for p in parts)
    result.ruled_out_now = any(p.now and p.ruled_by for p in parts)
    result.not_now = sorted({p.ruled_by for p in parts if p.ruled_by})
    firm = {c.category for c in lexicon.not_now if not c.overridden_by_now}
    result.not_now_firm = bool(firm & set(result.not_now))
    answers, concern_answers, ruled_out_answers = set(), set(), set()
    for part in parts:
        for pattern in _matches(lexicon, part.text):
            if part.ruled_by:
                result.ruled_out.append((pattern.id, part.ruled_by))
                ruled_out_answers.add(lexicon.answer_for(pattern.kind))
            elif pattern.when == "always" or part.now or urgent:
                result.fired.append(pattern.id)
                answers.add(lexicon.answer_for(pattern.kind))
            elif lexicon.concern_without_now.get(pattern.kind, True):
                result.concern.append(pattern.id)
                concern_answers.add(lexicon.answer_for(pattern.kind))
    if OVER & set(result.not_now) and not result.now and not urgent and result.fired:
        # "I got out, I'm at a friend's" in one sentence and the danger in another, with no cue
        # of now anywhere: the story is over as far as the words go, so ask, do not answer.
        result.concern.extend(result.fired)
        concern_answers |= answers
        result.fired, answers = [], set()
    result.answer = _first_by_priority(answers)
    result.concern_answers = sorted(concern_answers)
    result.ruled_out_answers = sorted(ruled_out_answers)
    return result


def _first_by_priority(answers: set) -> str | None:
    return next((answer for answer in ANSWER_PRIORITY if answer in answers), None)
