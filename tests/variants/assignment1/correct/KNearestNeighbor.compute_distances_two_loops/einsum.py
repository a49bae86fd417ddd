"""Takes the squared length of the difference with np.einsum."""

import numpy as np


class KNearestNeighbor:
    def compute_distances_two_loops(self, X):
        num_test = X.shape[0]
        num_train = self.X_train.shape[0]
        dists = np.zeros((num_test, num_train))
        for i in range(num_test):
            for j in range(num_train):
                diff = X[i] - self.X_train[j]
                dists[i, j] = np.sqrt(np.einsum("k,k->", diff, diff))
        return dists
