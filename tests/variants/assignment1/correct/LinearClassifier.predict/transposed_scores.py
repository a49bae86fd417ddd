"""Scores classes as rows (W.T X.T, via np.einsum) and takes the argmax over axis 0."""

import numpy as np


class LinearClassifier:
    def predict(self, X):
        y_pred = np.zeros(X.shape[0])
        class_scores = np.einsum("dc,nd->cn", self.W, X)  # (C, N)
        y_pred = np.argmax(class_scores, axis=0)
        return y_pred
