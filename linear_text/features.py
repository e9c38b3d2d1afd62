"""The features of the project's linear models (the danger score, the FAQ answer selector): the
message normalised as the triage reads it, then TF-IDF over letter groups and over words."""

from __future__ import annotations

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion


def text_features() -> FeatureUnion:
    """Unfitted. Fit it on normalised text (triage.normalise.words)."""
    return FeatureUnion(
        [
            # Letter groups inside words cope with typos and text-speak...
            (
                "letters",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True
                ),
            ),
            # ...and words and word pairs with what is said ("on his way").
            ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True)),
        ]
    )
