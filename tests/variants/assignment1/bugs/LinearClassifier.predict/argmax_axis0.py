"""Takes the argmax over axis 0, the examples, instead of over the classes."""

import numpy as np

LOSES = "labels are the argmax of X.dot(W)"
REASON = "shape (60,) expected"


class LinearClassifier:
    def predict(self, X):
        y_pred = np.zeros(X.shape[0])
        y_pred = np.argmax(X.dot(self.W), axis=0)
        return y_pred
