"""Computes the scores with X.dot(self.W) and calls the array's argmax method."""

import numpy as np


class LinearClassifier:
    def predict(self, X):
        y_pred = np.zeros(X.shape[0])
        scores = X.dot(self.W)
        y_pred = scores.argmax(axis=1)
        return y_pred
