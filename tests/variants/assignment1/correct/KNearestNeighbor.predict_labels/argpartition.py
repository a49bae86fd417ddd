"""Finds the k nearest with np.argpartition (unordered) instead of a full sort, and votes with
np.bincount(...).argmax()."""

import numpy as np


class KNearestNeighbor:
    def predict_labels(self, dists, k=1):
        num_test = dists.shape[0]
        y_pred = np.zeros(num_test)
        for i in range(num_test):
            closest_y = []
            nearest = np.argpartition(dists[i], k - 1)[:k]
            closest_y = self.y_train[nearest]
            y_pred[i] = np.bincount(closest_y).argmax()
        return y_pred
