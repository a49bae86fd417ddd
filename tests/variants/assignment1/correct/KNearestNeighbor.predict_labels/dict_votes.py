"""Collects the neighbours in a Python loop and counts votes in a dict, then takes the
smallest label among those with the most votes."""

import numpy as np


class KNearestNeighbor:
    def predict_labels(self, dists, k=1):
        num_test = dists.shape[0]
        y_pred = np.zeros(num_test)
        for i in range(num_test):
            closest_y = []
            order = np.argsort(dists[i])
            for idx in order[:k]:
                closest_y.append(self.y_train[idx])
            votes = {}
            for label in closest_y:
                votes[label] = votes.get(label, 0) + 1
            most = max(votes.values())
            y_pred[i] = min(label for label, count in votes.items() if count == most)
        return y_pred
