"""The catalogue loader: what a translator or reviewer gets wrong is refused in one line naming
the file, the entry and the problem; numbers and placeholders can never change in translation."""

from pathlib import Path

import pytest

from languages.catalogue import CatalogueError, check_pair, load_catalogue, normalise
from languages.translate import Translator, enabled_languages


def broken(sample_dir: Path, old: str, new: str) -> str:
    path = sample_dir / "xx.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CatalogueError) as error:
        load_catalogue(path)
    return str(error.value).split("xx.yml: ", 1)[1]


def test_the_sample_loads_and_keeps_line_breaks(sample_dir):
    catalogue = load_catalogue(sample_dir / "xx.yml")
    assert catalogue.code == "xx" and not catalogue.reviewed
    english = "Please call 999 now and ask for the police.\nStay on the line."
    assert catalogue.texts[english] == "Bel nu 999 en vraag om de politie.\nBlijf aan de lijn."


def test_a_changed_number_is_refused(sample_dir):
    problem = broken(sample_dir, "Bel nu 999", "Bel nu 998")
    assert problem.startswith("texts[2]: numbers differ: 999 in English, 998 here")


def test_a_lost_placeholder_is_refused(sample_dir):
    problem = broken(sample_dir, "bel {calls}", "bel ze")
    assert problem.startswith("texts[3]: placeholders such as {language} must be kept")


def test_an_entry_without_a_translation_is_refused(sample_dir):
    assert broken(sample_dir, "tr: Nee", "tr: ''") == "texts[1].tr: should be some text"


def test_a_file_named_for_another_language_is_refused(sample_dir):
    assert broken(sample_dir, "language: xx", "language: ro").startswith("language: 'ro'")


def test_an_unknown_field_is_refused(sample_dir):
    assert broken(sample_dir, "direction: ltr", "directon: ltr").startswith("directon: unknown")


def test_phone_numbers_compare_without_their_spaces():
    assert check_pair("Call 08000 121 700.", "Sunați la 08000 121 700.") is None
    assert check_pair("Call 08000 121 700.", "Sunați la 08000 121 701.") is not None
    assert check_pair("Call 116 123.", "Llamar 116123.") is None  # the same digits


def test_normalise_keeps_lines_and_drops_folding():
    assert normalise("  a  b \n c\n\n\n\nd ") == "a b\nc\n\nd"


def test_translator_falls_back_to_english_and_knows_each_texts_language(sample_dir):
    translator = Translator({"xx": load_catalogue(sample_dir / "xx.yml")})
    assert translator.text("No", "xx") == "Nee"
    assert translator.text("Not translated yet", "xx") == "Not translated yet"
    assert translator.text("No", None) == "No" and translator.text("No", "en") == "No"
    assert translator.language_of("Nee") == "xx"
    assert translator.language_of("Blijf aan de lijn.") == "xx"  # one line of a translation
    assert translator.language_of("No") == "en"


def test_a_language_can_be_turned_off_without_editing_its_file(sample_dir):
    catalogues = {"xx": load_catalogue(sample_dir / "xx.yml")}
    assert enabled_languages(catalogues, {"LANGUAGES_OFF": "xx, yy"}) == {}
    assert list(enabled_languages(catalogues, {})) == ["xx"]
