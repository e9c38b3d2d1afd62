"""Plain words: no sentence a person can read is over 20 words (DESIGN.md: reading age about 9).

`python -m scripts.plain_words` prints the same check with each text's reading ease.
"""

from scripts.plain_words import MAX_WORDS, all_texts, long_sentences, reading_ease, word_count


def test_no_sentence_is_over_twenty_words():
    texts = all_texts()
    assert len(texts) > 150  # every response, card field, reason and intro line is read
    assert long_sentences(texts) == []


def test_the_check_counts_a_phone_number_as_one_word_and_finds_a_long_sentence():
    assert word_count("Call the Helpline on 08000 121 700.") == 5
    long = "word " * (MAX_WORDS + 1)
    assert long_sentences([("here", f"Short one. {long.strip()}.")]) != []


def test_the_reading_ease_of_a_plain_sentence_is_high():
    assert reading_ease("You can call us. It is free.") > reading_ease(
        "Notwithstanding jurisdictional considerations, safeguarding obligations supersede."
    )
