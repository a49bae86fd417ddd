"""Takes k + 1 neighbours ([:k+1]), off by one."""

import numpy as np

LOSES = "labels with k = 1"
REASON = "entries wrong"


class KNearestNeighbor:
    def predict_labels(self, dists, k=1):
        num_test = dists.shape[0]
        y_pred = np.zeros(num_test)
        for i in range(num_test):
            closest_y = []
            closest_y = self.y_train[np.argsort(dists[i])[: k + 1]]
            y_pred[i] = np.argmax(np.bincount(closest_y))
        return y_pred
