"""Calls os.abort: a crash by SIGABRT."""

import os

OUTCOME = "SIGABRT"


def relu_forward(x):
    out = None
    os.abort()
    cache = x
    return out, cache
