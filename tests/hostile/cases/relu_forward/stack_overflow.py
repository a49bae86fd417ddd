"""Lifts the recursion limit and recurses until the C stack overflows: the worker crashes
or runs out of time."""

import sys

OUTCOME = ""


def relu_forward(x):
    out = None
    sys.setrecursionlimit(10**8)

    def down(n):
        return down(n + 1) + 1

    out = down(0)
    cache = x
    return out, cache
