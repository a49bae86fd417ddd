"""Calls sys.exit: an exception like any other, the worker goes on."""

import sys

OUTCOME = "SystemExit"


def relu_forward(x):
    out = None
    sys.exit(0)
    cache = x
    return out, cache
