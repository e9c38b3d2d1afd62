"""The triage lexicon (data/triage/) loads, and a broken entry is named in one line."""

import shutil
from pathlib import Path

import pytest

from triage.lexicon import DEFAULT_DIR, LexiconError, build_lexicon, load_lexicon, read_files
from triage.normalise import words

LEXICON = load_lexicon()


def test_every_kind_is_used_and_every_answer_is_reachable():
    used = {p.kind for p in LEXICON.patterns}
    assert used == set(LEXICON.kinds)
    assert set(LEXICON.kinds.values()) == {"police", "ambulance", "fire", "self_harm"}


def test_every_example_matches_its_own_pattern():
    for pattern in LEXICON.patterns:
        assert pattern.search(words(pattern.example, LEXICON.spellings)), pattern.id


def test_ids_are_unique():
    ids = [p.id for p in LEXICON.patterns]
    assert len(ids) == len(set(ids))


@pytest.fixture
def lexicon_copy(tmp_path: Path) -> Path:
    target = tmp_path / "triage"
    shutil.copytree(DEFAULT_DIR, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    "file, old, new, message",
    [
        (
            "english.yml",
            "kind: weapon\n    phrases",
            "kind: wepon\n    phrases",
            "english.yml: pattern 'weapon_has_one': kind 'wepon' is not in kinds.yml",
        ),
        (
            "english.yml",
            'example: "hes tooled up and outside"',
            'example: "a calm day"',
            "english.yml: pattern 'weapon_has_one': the example does not match any phrase",
        ),
        (
            "english.yml",
            "      - tooled up\n",
            "      - tool(ed)? up\n",
            "english.yml: pattern 'weapon_has_one': phrase 'tool(ed)? up': use words, * and ...",
        ),
        (
            "english.yml",
            "      - shank*\n",
            "      - sh*\n",
            "english.yml: pattern 'weapon_has_one': phrase 'sh*': 'sh*' is too short for '*'",
        ),
        (
            "english.yml",
            "      - tooled up\n",
            "      - ... tooled\n",
            "english.yml: pattern 'weapon_has_one': phrase '... tooled': "
            "'...' goes between two words",
        ),
        (
            "english.yml",
            "  - id: weapon_word_with_now\n",
            "  - id: weapon_has_one\n",
            "english.yml: pattern 'weapon_has_one': id already used in english.yml",
        ),
        (
            "english.yml",
            "    when: with_now\n",
            "    when: sometimes\n",
            "when should be one of always, with_now",
        ),
        (
            "kinds.yml",
            "fire: {answer: fire}",
            "fire: {answer: firemen}",
            "kinds.yml: kind 'fire': answer 'firemen' is not one of police, ambulance, fire",
        ),
        (
            "cues.yml",
            "    overridden_by_now: true\n",
            "    overridden_by_now: maybe\n",
            "cues.yml: not_now 'over': overridden_by_now should be true or false",
        ),
        (
            "cues.yml",
            "    deniable: true\n",
            "    deniable: yes\n",
            "cues.yml: not_now 'safe': deniable should be true or false",
        ),
        (
            "cues.yml",
            "\ndenials:\n",
            "\nno_denials:\n",
            "cues.yml: not_now 'safe': deniable is true but the file has no denials list",
        ),
        (
            "cues.yml",
            "    scope: question\n",
            "    scope: questions\n",
            "cues.yml: not_now 'asked_about': scope should be sentence, clause or question",
        ),
        (
            "english.yml",
            "    unless:\n      - can someone help\n",
            "    unless: []\n    note:\n      - can someone help\n",
            "english.yml: pattern 'help_now': unless should be a list of words or phrases",
        ),
        (
            "english.yml",
            "      - can someone help\n",
            "      - can (some)one help\n",
            "english.yml: pattern 'help_now': phrase 'can (some)one help': use words, * and ...",
        ),
        (
            "english.yml",
            "language: en\npatterns:\n",
            "language: en\npatterns:\n  - id: x\n   kind: weapon\n",
            "english.yml: not valid YAML at line",
        ),
    ],
)
def test_a_broken_entry_is_named(lexicon_copy, file, old, new, message):
    edit(lexicon_copy / file, old, new)
    with pytest.raises(LexiconError) as error:
        build_lexicon(read_files(lexicon_copy))
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_a_missing_file_is_named(lexicon_copy):
    (lexicon_copy / "cues.yml").unlink()
    with pytest.raises(LexiconError, match=r"^cues.yml: file missing"):
        build_lexicon(read_files(lexicon_copy))


def test_an_empty_folder_is_named(tmp_path):
    with pytest.raises(LexiconError, match="no .yml files found"):
        read_files(tmp_path)


def test_an_unknown_field_is_named(lexicon_copy):
    edit(lexicon_copy / "english.yml", "    when: with_now\n", "    wen: with_now\n")
    with pytest.raises(LexiconError, match=r"unknown field\(s\): wen"):
        build_lexicon(read_files(lexicon_copy))
