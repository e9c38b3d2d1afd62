"""What the project's linear text models share: fitting the features on normalised text, and
storing the fitted features and classifier inside the trained Rasa model."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import joblib
from scipy.sparse import spmatrix
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion

from linear_text.features import text_features
from triage.normalise import words


class LinearTextModel:
    MODEL_FILE = "linear_text.joblib"  # each kind of model names its own file

    def __init__(self, features: FeatureUnion, classifier: LogisticRegression) -> None:
        self._features = features
        self._classifier = classifier

    @staticmethod
    def fitted_features(texts: Sequence[str]) -> tuple[FeatureUnion, spmatrix]:
        features = text_features()
        return features, features.fit_transform([words(t) for t in texts])

    def probabilities(self, text: str):
        """One row of predict_proba, in the order of the classifier's classes_."""
        return self._classifier.predict_proba(self._features.transform([words(text)]))[0]

    def save(self, directory: Path) -> None:
        joblib.dump((self._features, self._classifier), directory / self.MODEL_FILE)

    @classmethod
    def load(cls, directory: Path):
        # Only ever the file this class wrote into the trained model (a pickle: never load one
        # from anywhere else).
        features, classifier = joblib.load(directory / cls.MODEL_FILE)
        return cls(features, classifier)
