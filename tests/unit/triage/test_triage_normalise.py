"""What the lexicon matches against: case, accents, repeats and text-speak do not matter."""

import pytest

from triage.lexicon import load_lexicon
from triage.normalise import asked_sentences, fold, sentences, words

SPELLINGS = load_lexicon().spellings


@pytest.mark.parametrize(
    "typed, usual",
    [
        ("HELP", "help"),
        ("heeeelp", "help"),
        ("he's", "he is"),
        ("He’s", "he is"),
        ("pls", "please"),
        ("plz hlp", "please hlp"),
        ("im", "i am"),
        ("u", "you"),
        ("gonna", "going to"),
        ("2nite", "tonight"),
        ("can't breath", "cant breathe"),
        ("cannot", "cant"),
        ("unconcious", "unconscious"),
    ],
)
def test_typed_forms_read_as_the_usual_spelling(typed, usual):
    assert words(typed, SPELLINGS) == words(usual, SPELLINGS)


@pytest.mark.parametrize(
    "text, folded",
    [("Mă bate", "ma bate"), ("Pomóż mi", "pomoz mi"), ("đánh tôi", "danh toi"), ("Łódź", "lodz")],
)
def test_accents_and_marks_are_ignored(text, folded):
    assert fold(text) == folded


def test_sentences_split_on_stops_and_but():
    assert [s.strip() for s in sentences("I left. Now he is here! Help? ok but not now")] == [
        "I left",
        "Now he is here",
        "Help",
        "ok",
        "not now",
    ]


def test_a_sentence_knows_whether_it_was_asked():
    assert [(s.strip(), asked) for s, asked in asked_sentences("Is it bad? He left. Why!?")] == [
        ("Is it bad", True),
        ("He left", False),
        ("Why", True),
    ]


def test_vowel_signs_of_indic_scripts_stay_in_their_word():
    # Read as consonants only, "knife" and "already" (Hindi), "knife" and "cheque" (Punjabi)
    # would be the same word.
    assert words("चाकू") != words("चुके")
    assert words("ਚਾਕੂ") != words("ਚੈੱਕ")
    assert words("मदद करो।") == "मद करो"  # the danda is punctuation; double letters fold as ever
    assert words("আমাকে বাঁচাও!") == "আমাকে বাঁচাও"


def test_the_nukta_folds_away_like_an_accent():
    assert words("ज़बरदस्ती गाड़ी") == words("जबरदस्ती गाडी")
    assert words("Mă bate, heeelp!") == "ma bate help"


def test_soon_keeps_its_double_letters_so_it_is_not_son():
    # Squeezed, "soon" (a cue of now) read as "son": every message about a son had a cue of now.
    assert words("my son", SPELLINGS) == "my son"
    assert words("Soon", SPELLINGS) == words("sooooon", SPELLINGS) == "soon"
    assert words("kill", SPELLINGS) == words("kil", SPELLINGS)  # other words are still squeezed


def test_sentences_split_on_but_in_other_languages():
    assert [s.strip() for s in sentences("jestem bezpieczna ale on jest tutaj")] == [
        "jestem bezpieczna",
        "on jest tutaj",
    ]
    safe_but_held = "我现在安全但是朋友还被关着"  # I am safe now but my friend is still locked in
    assert [s.strip() for s in sentences(safe_but_held)] == ["我现在安全", "朋友还被关着"]
