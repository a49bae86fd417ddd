"""Writes a gigabyte to the real stderr: capped the same way."""

import sys

OUTCOME = "File too large"


def relu_forward(x):
    out = None
    line = "y" * 10**7
    for _ in range(100):
        sys.__stderr__.write(line)
        sys.__stderr__.flush()
    cache = x
    return out, cache
