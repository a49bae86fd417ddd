"""Takes the last maximum of the vote counts, so ties go to the larger label."""

import numpy as np

LOSES = "ties go to the smaller label"
REASON = "entries wrong"


class KNearestNeighbor:
    def predict_labels(self, dists, k=1):
        num_test = dists.shape[0]
        y_pred = np.zeros(num_test)
        for i in range(num_test):
            closest_y = []
            closest_y = self.y_train[np.argsort(dists[i])[:k]]
            votes = np.bincount(closest_y)
            y_pred[i] = len(votes) - 1 - np.argmax(votes[::-1])
        return y_pred
