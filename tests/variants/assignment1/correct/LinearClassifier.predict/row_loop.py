"""Fills the stub's float y_pred one row at a time: labels stored as floats 0.0, 1.0, ..."""

import numpy as np


class LinearClassifier:
    def predict(self, X):
        y_pred = np.zeros(X.shape[0])
        for i in range(X.shape[0]):
            y_pred[i] = np.argmax(X[i] @ self.W)
        return y_pred
