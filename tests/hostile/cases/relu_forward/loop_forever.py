"""Spins forever: the call is cut at its timeout and the next check gets a fresh worker."""

OUTCOME = "timed out"


def relu_forward(x):
    out = None
    while True:
        pass
    cache = x
    return out, cache
