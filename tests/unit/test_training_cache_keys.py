"""Rasa's training cache keys a component by its config, inputs and class source only. The
components that read files of their own or code in other modules add a digest of them
(fingerprint_addon): otherwise a changed lexicon, a new danger-score example or changed features
would reuse the component trained before the change."""

from rasa.engine.training.fingerprinting import calculate_fingerprint_key

from faq_answers.component import FaqAnswerSelector
from linear_text.fingerprint import digest
from triage.component import TriageClassifier
from triage.score_component import DangerScore


def cache_key(component, **config):
    return calculate_fingerprint_key(
        component, {**component.get_default_config(), **config}, {"inputs": "same"}
    )


def test_a_changed_danger_score_example_changes_the_scores_cache_key(tmp_path):
    examples = tmp_path / "examples.yml"
    examples.write_text('danger:\n  fire:\n    - "smoke in the flat"\n', encoding="utf-8")
    before = cache_key(DangerScore, examples_dir=str(tmp_path))
    assert cache_key(DangerScore, examples_dir=str(tmp_path)) == before  # stable
    examples.write_text('danger:\n  fire:\n    - "smoke in the hall"\n', encoding="utf-8")
    assert cache_key(DangerScore, examples_dir=str(tmp_path)) != before
    (tmp_path / "more.yml").write_text('danger:\n  fire:\n    - "flames"\n', encoding="utf-8")
    assert len({before, cache_key(DangerScore, examples_dir=str(tmp_path))}) == 2


def test_a_changed_faq_answer_example_changes_the_answer_models_cache_key(tmp_path):
    examples = tmp_path / "examples.yml"
    examples.write_text('topics:\n  cost:\n    - "is it free"\n', encoding="utf-8")
    before = cache_key(FaqAnswerSelector, examples_dir=str(tmp_path))
    assert cache_key(FaqAnswerSelector, examples_dir=str(tmp_path)) == before  # stable
    examples.write_text('topics:\n  cost:\n    - "is it free to ring"\n', encoding="utf-8")
    assert cache_key(FaqAnswerSelector, examples_dir=str(tmp_path)) != before


def test_a_changed_lexicon_file_changes_the_triages_cache_key(tmp_path):
    (tmp_path / "cues.yml").write_text("now: [now]\n", encoding="utf-8")
    before = cache_key(TriageClassifier, lexicon_dir=str(tmp_path))
    (tmp_path / "cues.yml").write_text("now: [now, tonight]\n", encoding="utf-8")
    assert cache_key(TriageClassifier, lexicon_dir=str(tmp_path)) != before


def test_the_digest_covers_the_code_the_models_read_outside_their_class():
    import linear_text.features
    import triage.danger_score

    with_features = digest(modules=(linear_text.features,))
    assert with_features != digest()
    assert digest(modules=(linear_text.features, triage.danger_score)) != with_features
    # The FAQ answers name theirs: the key is stable from one call to the next.
    assert cache_key(FaqAnswerSelector) == cache_key(FaqAnswerSelector)
    assert FaqAnswerSelector.fingerprint_addon({}) != digest()


def test_the_digests_work_from_the_config_as_written_without_defaults():
    # Rasa's first pass over the graph hands over config.yml's entries only.
    assert DangerScore.fingerprint_addon({}) == DangerScore.fingerprint_addon(
        DangerScore.get_default_config()
    )
    assert TriageClassifier.fingerprint_addon({}) == TriageClassifier.fingerprint_addon(
        TriageClassifier.get_default_config()
    )
    assert FaqAnswerSelector.fingerprint_addon({}) == FaqAnswerSelector.fingerprint_addon(
        FaqAnswerSelector.get_default_config()
    )
