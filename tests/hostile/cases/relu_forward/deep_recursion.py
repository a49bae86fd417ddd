"""Recurses without a base case: Python's own limit stops it."""

OUTCOME = "RecursionError"


def relu_forward(x):
    out = None

    def down(n):
        return down(n + 1)

    out = down(0)
    cache = x
    return out, cache
