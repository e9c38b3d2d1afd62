"""Which FAQ answer (faq/nrm, faq/cost, ...) a question asks for, ranked with confidences.

A logistic regression over the same letter groups and words as the danger score
(linear_text/features.py), trained on the FAQ examples. On the independent FAQ set's dev half it
picked the right answer for 45 of 46 questions where the ResponseSelector (a DIET network, 30
epochs) picked 43, and it trains in about a second instead of about a minute
(docs/benchmarks.md). Its confidences keep nonsense apart from real questions as the
ResponseSelector's did ("qwerty asdf" about 0.1, real questions from about 0.24), so the FAQ
floor of 0.15 (nlu_guards/faq_floor.py) still holds.

Plain Python, so it is trained and tested without Rasa; faq_answers/component.py is the adapter.
"""

from __future__ import annotations

from typing import Sequence

from sklearn.linear_model import LogisticRegression

from linear_text.model import LinearTextModel


class AnswerModel(LinearTextModel):
    MODEL_FILE = "faq_answers.joblib"

    @classmethod
    def fit(
        cls,
        texts: Sequence[str],
        answer_keys: Sequence[str],
        random_seed: int,
        regularisation: float = 16.0,
    ) -> AnswerModel:
        if len(set(answer_keys)) < 2:
            raise ValueError("the FAQ answer model needs examples of at least two answers")
        features, matrix = cls.fitted_features(texts)
        classifier = LogisticRegression(C=regularisation, max_iter=5000, random_state=random_seed)
        classifier.fit(matrix, list(answer_keys))
        return cls(features, classifier)

    def rank(self, text: str, length: int = 10) -> list[tuple[str, float]]:
        """The answers from the most likely down, each with its confidence (they add up to 1)."""
        probabilities = self.probabilities(text)
        ranked = sorted(
            zip(self._classifier.classes_, probabilities, strict=True), key=lambda kv: -kv[1]
        )
        return [(str(key), float(confidence)) for key, confidence in ranked[:length]]
