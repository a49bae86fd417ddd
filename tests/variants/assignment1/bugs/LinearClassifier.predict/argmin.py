"""Picks the class with the lowest score, as if the scores were losses."""

import numpy as np

LOSES = "labels are the argmax of X.dot(W)"
REASON = "entries wrong"


class LinearClassifier:
    def predict(self, X):
        y_pred = np.zeros(X.shape[0])
        y_pred = np.argmin(X @ self.W, axis=1)
        return y_pred
