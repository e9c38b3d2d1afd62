"""The real catalogues (data/languages/): at least Romanian, Polish, Albanian and Vietnamese; every
English text translated, nothing left over, every number the same, and the widget's files and
the language buttons in step with them. Adding a language is adding its file and these passing."""

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from actions.routing import Answers, decide, load_routing_data
from actions.routing.render import render
from languages.catalogue import DEFAULT_DIR, load_catalogues, normalise
from languages.source import english_texts
from languages.translate import Translator
from languages.widget import OUT_DIR, WIDGET_WORDS, write_files

ROOT = Path(__file__).resolve().parents[3]
CATALOGUES = load_catalogues(DEFAULT_DIR)
CODES = sorted(CATALOGUES)
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
ENGLISH = {text for _, text in english_texts()}


def test_the_four_languages_are_there():
    assert {"ro", "pl", "sq", "vi"} <= set(CODES)


@pytest.mark.parametrize("code", CODES)
def test_every_english_text_is_translated(code):
    untranslated = [text[:70] for text in ENGLISH if text not in CATALOGUES[code].texts]
    assert untranslated == [], f"run: python -m languages.source {code}"


@pytest.mark.parametrize("code", CODES)
def test_no_translation_of_a_text_that_is_no_longer_shown(code):
    # An English text changed: its old translation must go (and the new one be written).
    stale = [text[:70] for text in CATALOGUES[code].texts if text not in ENGLISH]
    assert stale == []


@pytest.mark.parametrize("code", CODES)
def test_the_widget_words_are_all_there(code):
    assert set(CATALOGUES[code].widget) == set(WIDGET_WORDS)


def test_the_widget_language_files_are_up_to_date(tmp_path):
    expected = write_files(tmp_path)
    actual = {p.name: p.read_text(encoding="utf-8") for p in OUT_DIR.glob("*.json")}
    assert actual == expected, "run: python -m languages.widget"


def test_the_widget_holds_the_same_english_words():
    script = (ROOT / "web/widget/chat-widget.js").read_text(encoding="utf-8")
    block = script[
        script.index("const WORDS = {") : script.index("};", script.index("const WORDS"))
    ]
    found = dict(re.findall(r"^\s*(\w+): '((?:[^'\\]|\\.)*)'", block, re.M))
    assert found == WIDGET_WORDS
    langs = re.search(r"const LANGS = \[([^\]]*)\]", script).group(1)
    assert sorted(re.findall(r"'(\w+)'", langs)) == CODES


def set_language_codes(response: str) -> list:
    buttons = DOMAIN["responses"][response][0]["buttons"]
    return [re.search(r'"language":"(\w+)"', b["payload"]).group(1) for b in buttons]


def test_the_language_buttons_name_every_language_in_its_own_words():
    codes = set_language_codes("utter_choose_language")
    assert codes[0] == "en" and sorted(codes[1:]) == CODES
    assert sorted(set_language_codes("utter_welcome")) == CODES
    titles = {b["title"] for b in DOMAIN["responses"]["utter_choose_language"][0]["buttons"]}
    assert {c.name for c in CATALOGUES.values()} <= titles


def test_each_language_can_be_offered_in_itself():
    assert set(DOMAIN["slots"]["offered_language"]["values"]) == set(CODES)
    offered = {
        v["condition"][0]["value"]
        for v in DOMAIN["responses"]["utter_offer_language"]
        if v.get("condition")
    }
    assert offered == set(CODES)


@pytest.mark.parametrize("code", CODES)
def test_no_answer_word_means_two_things(code):
    answers = CATALOGUES[code].answers
    seen = {}
    for kind, words in answers.items():
        for word in words:
            assert seen.setdefault(word, kind) == kind, f"{word!r} is under {seen[word]} and {kind}"


@pytest.mark.parametrize("code", CODES)
def test_cards_keep_every_number_and_link_in_every_language(code):
    data = load_routing_data()
    translator = Translator(CATALOGUES)
    now = dt.datetime(2026, 11, 24, 23, 0, tzinfo=dt.timezone.utc)
    answers = Answers(danger_now="not_sure", about="someone_else", age_group="under_18")
    for rec in decide(answers, now, data):
        _, english = render(rec, data.directory, answers.audience)
        _, card = render(rec, data.directory, answers.audience, translator.for_language(code))
        numbers = [(p["display"], p["tel"]) for p in card["phones"]]
        assert numbers == [(p["display"], p["tel"]) for p in english["phones"]]
        urls = [w.get("url") for w in card["other_ways"]]
        assert urls == [w.get("url") for w in english["other_ways"]]
        assert card["reason"] != english["reason"], rec.service.id  # translated


def test_the_helpline_card_says_how_to_ask_for_an_interpreter():
    helpline = load_routing_data().directory["modern_slavery_helpline"]
    for code, catalogue in CATALOGUES.items():
        text = catalogue.texts[normalise(helpline.languages)]
        assert f'"{catalogue.english_name}"' in text or catalogue.english_name in text, code
