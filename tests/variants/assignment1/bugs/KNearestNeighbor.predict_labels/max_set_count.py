"""Votes with max(set(closest_y), key=closest_y.count): ties go to whichever label the set
iterates first, which for 8 and 9 is not the smaller one."""

import numpy as np

LOSES = "ties go to the smaller label"
REASON = "entries wrong"


class KNearestNeighbor:
    def predict_labels(self, dists, k=1):
        num_test = dists.shape[0]
        y_pred = np.zeros(num_test)
        for i in range(num_test):
            closest_y = []
            closest_y = list(self.y_train[np.argsort(dists[i])[:k]])
            y_pred[i] = max(set(closest_y), key=closest_y.count)
        return y_pred
