"""Calls scipy's cdist, which the task forbids (and the course environment does not have)."""

import numpy as np

LOSES = "agrees with compute_distances_two_loops"
REASON = "scipy"


class KNearestNeighbor:
    def compute_distances_no_loops(self, X):
        num_test = X.shape[0]
        num_train = self.X_train.shape[0]
        dists = np.zeros((num_test, num_train))
        from scipy.spatial.distance import cdist

        dists = cdist(X, self.X_train)
        return dists
