"""A second opinion on danger: one number from 0 to 1, how much a message reads like danger now.

DIET learns about 25 intents at once; this learns one question only (danger now, or not) from the
same training examples, with a logistic regression over the message's letter groups and words
(scikit-learn, already a Rasa dependency). On blind sets that it never saw, it found more danger
than DIET at the same rate of false alarms (docs/benchmarks.md), and the two miss different
messages, so the triage listens to both (triage/decide.py).

Plain Python, so it is trained and tested without Rasa; triage/score_component.py is the adapter.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Iterable, Sequence

from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion

from linear_text.model import LinearTextModel
from triage.normalise import words


class DangerScorer(LinearTextModel):
    MODEL_FILE = "danger_score.joblib"

    def __init__(self, features: FeatureUnion, classifier: LogisticRegression) -> None:
        super().__init__(features, classifier)
        self._tables = _weight_tables(features, classifier)
        self._intercept = float(classifier.intercept_[0])

    @classmethod
    def fit(
        cls,
        texts: Sequence[str],
        is_danger: Sequence[bool],
        random_seed: int,
        regularisation: float = 16.0,
    ) -> DangerScorer:
        if not any(is_danger) or all(is_danger):
            raise ValueError("the danger score needs examples of danger and of everything else")
        features, matrix = cls.fitted_features(texts)
        classifier = LogisticRegression(
            C=regularisation,
            # Danger is about a fifth of the examples: weigh the two sides equally.
            class_weight="balanced",
            max_iter=5000,
            random_state=random_seed,
        )
        classifier.fit(matrix, [int(bool(d)) for d in is_danger])
        return cls(features, classifier)

    def score(self, text: str) -> float:
        """The same number as scikit-learn's predict_proba (a test checks it), worked out from
        the weights directly: about 0.25 ms a message instead of 1.5 ms."""
        text = words(text)
        total = self._intercept
        for analyse, table in self._tables:
            counts = Counter(term for term in analyse(text) if term in table)
            if not counts:
                continue
            # TF-IDF as fitted: (1 + log count) x idf, the vector scaled to length 1.
            values = [((1 + math.log(n)) * table[t][0], table[t][1]) for t, n in counts.items()]
            length = math.sqrt(sum(value * value for value, _ in values))
            total += sum(value * weight for value, weight in values) / length
        return 1.0 / (1.0 + math.exp(-total))

    def scores(self, texts: Iterable[str]) -> list[float]:
        return [self.score(text) for text in texts]

    def scores_by_sklearn(self, texts: Iterable[str]) -> list[float]:
        """scikit-learn's own predict_proba, for the test that pins score() to it."""
        danger_column = list(self._classifier.classes_).index(1)
        return [float(self.probabilities(text)[danger_column]) for text in texts]


def _weight_tables(features: FeatureUnion, classifier: LogisticRegression) -> list:
    """For each vectoriser: its analyser, and for each term it knows, (idf, the classifier's
    weight for that term). The classes are 0 and 1, so a higher total means danger."""
    weights = classifier.coef_[0]
    tables, offset = [], 0
    for _, vectoriser in features.transformer_list:
        table = {
            term: (float(vectoriser.idf_[column]), float(weights[offset + column]))
            for term, column in vectoriser.vocabulary_.items()
        }
        tables.append((vectoriser.build_analyzer(), table))
        offset += len(vectoriser.vocabulary_)
    return tables
