"""Forks without end: the process cap stops it, and every fork dies with the worker."""

import os

OUTCOME = ""


def relu_forward(x):
    out = None
    while True:
        os.fork()
    cache = x
    return out, cache
