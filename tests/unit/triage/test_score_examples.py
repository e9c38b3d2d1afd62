"""The danger score's own examples (data/danger_score/, triage/score_examples.py): the real file
loads, and a broken one is refused with its file, entry and problem."""

import pytest

from triage.lexicon import LexiconError
from triage.score_examples import MAX_CHARS, load_score_examples


def write(tmp_path, text):
    (tmp_path / "examples.yml").write_text(text, encoding="utf-8")
    return tmp_path


def test_the_real_examples_load_with_both_sides():
    texts, danger = load_score_examples()
    assert len(texts) == len(danger) > 500
    assert 0.3 < sum(danger) / len(danger) < 0.7  # both sides, about evenly
    assert all(text.strip() == text and text for text in texts)


def test_a_valid_file_gives_each_line_and_its_side(tmp_path):
    folder = write(
        tmp_path,
        'version: 1\ndanger:\n  fire:\n    - "the flat is full of smoke"\n'
        'not_immediate:\n  idiom:\n    - "my feet are killing me"\n    - "dying to know"\n',
    )
    assert load_score_examples(folder) == (
        ["the flat is full of smoke", "my feet are killing me", "dying to know"],
        [True, False, False],
    )


def test_no_folder_means_no_extra_examples(tmp_path):
    assert load_score_examples(tmp_path / "missing") == ([], [])


@pytest.mark.parametrize(
    ("text", "entry", "problem"),
    [
        ("danger:\n  fire: [\n", None, "not valid YAML at line"),
        ("- just a list\n", None, "expected 'danger:' and 'not_immediate:'"),
        ('dangers:\n  fire:\n    - "smoke"\n', "dangers", "unknown section"),
        ('danger:\n  - "smoke"\n', "danger", "expected kinds"),
        ('danger:\n  fire: "smoke"\n', "danger/fire", "expected a list of messages"),
        ('danger:\n  fire:\n    - "smoke"\n    - ""\n', "danger/fire line 2", "expected a message"),
        ("not_immediate:\n  idiom:\n    - [a, b]\n", "not_immediate/idiom line 1", "a message"),
        (f"danger:\n  fire:\n    - \"{'x' * 1001}\"\n", "danger/fire line 1", "longer than 1000"),
    ],
)
def test_a_broken_file_names_the_file_the_entry_and_the_problem(tmp_path, text, entry, problem):
    with pytest.raises(LexiconError) as raised:
        load_score_examples(write(tmp_path, text))
    assert raised.value.file == "examples.yml"
    assert raised.value.entry == entry
    assert problem in raised.value.problem


def test_an_example_may_be_as_long_as_the_longest_message_the_chat_accepts():
    # Training does not read the server's settings (they come from the environment when it runs):
    # score_examples.py keeps its own copy of the default limit, kept equal here.
    from serving.settings import DEFAULT_MAX_MESSAGE_CHARS

    assert MAX_CHARS == DEFAULT_MAX_MESSAGE_CHARS
