"""Votes with collections.Counter.most_common(1), which breaks ties by first appearance (the
nearest neighbour's label), not towards the smaller label."""

import numpy as np

LOSES = "ties go to the smaller label"
REASON = "entries wrong"


class KNearestNeighbor:
    def predict_labels(self, dists, k=1):
        num_test = dists.shape[0]
        y_pred = np.zeros(num_test)
        for i in range(num_test):
            closest_y = []
            from collections import Counter

            closest_y = self.y_train[np.argsort(dists[i])[:k]]
            y_pred[i] = Counter(closest_y).most_common(1)[0][0]
        return y_pred
