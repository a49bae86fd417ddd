"""Counts votes with np.unique(return_counts=True): its labels come sorted, so the argmax of the
counts is the smallest of the tied labels. Sorts with argsort's default (unstable) kind."""

import numpy as np


class KNearestNeighbor:
    def predict_labels(self, dists, k=1):
        num_test = dists.shape[0]
        y_pred = np.zeros(num_test)
        for i in range(num_test):
            closest_y = []
            closest_y = list(self.y_train[np.argsort(dists[i, :])[:k]])
            labels, counts = np.unique(closest_y, return_counts=True)
            y_pred[i] = labels[np.argmax(counts)]
        return y_pred
