"""Rasa's training cache keys a component by its config, inputs and class source only. The
components that read files of their own or code in other modules add a digest of them
(fingerprint_addon): otherwise a changed lexicon, a new danger-score example or changed features
would reuse the component trained before the change."""

import pytest
from rasa.engine.training.fingerprinting import calculate_fingerprint_key

from faq_answers.component import FaqAnswerSelector
from linear_text.fingerprint import digest
from triage.component import TriageClassifier
from triage.score_component import DangerScore


def cache_key(component, **config):
    return calculate_fingerprint_key(
        component, {**component.get_default_config(), **config}, {"inputs": "same"}
    )


# (component, its folder setting, a file, the file changed, another file beside it)
FOLDER_COMPONENTS = [
    (
        DangerScore,
        "examples_dir",
        'danger:\n  fire:\n    - "smoke in the flat"\n',
        'danger:\n  fire:\n    - "smoke in the hall"\n',
        'danger:\n  fire:\n    - "flames"\n',
    ),
    (
        FaqAnswerSelector,
        "examples_dir",
        'topics:\n  cost:\n    - "is it free"\n',
        'topics:\n  cost:\n    - "is it free to ring"\n',
        'topics:\n  cost:\n    - "do i pay"\n',
    ),
    (TriageClassifier, "lexicon_dir", "now: [now]\n", "now: [now, tonight]\n", "urgent: [sos]\n"),
]


@pytest.mark.parametrize(
    "component, setting, first, changed, added",
    FOLDER_COMPONENTS,
    ids=[c[0].__name__ for c in FOLDER_COMPONENTS],
)
def test_a_changed_or_added_data_file_changes_the_components_cache_key(
    tmp_path, component, setting, first, changed, added
):
    def key():
        return cache_key(component, **{setting: str(tmp_path)})

    (tmp_path / "examples.yml").write_text(first, encoding="utf-8")
    before = key()
    assert key() == before  # stable
    (tmp_path / "examples.yml").write_text(changed, encoding="utf-8")
    after_change = key()
    assert after_change != before
    (tmp_path / "more.yml").write_text(added, encoding="utf-8")
    assert len({before, after_change, key()}) == 3


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
