"""Kills its own process group."""

import os
import signal

OUTCOME = "worker process"


def relu_forward(x):
    out = None
    os.killpg(0, signal.SIGKILL)
    cache = x
    return out, cache
