"""Stores the squared distance: forgets the square root."""

import numpy as np

LOSES = "L2 distances on random images"
REASON = "Frobenius difference"


class KNearestNeighbor:
    def compute_distances_two_loops(self, X):
        num_test = X.shape[0]
        num_train = self.X_train.shape[0]
        dists = np.zeros((num_test, num_train))
        for i in range(num_test):
            for j in range(num_train):
                dists[i, j] = np.sum((X[i] - self.X_train[j]) ** 2)
        return dists
