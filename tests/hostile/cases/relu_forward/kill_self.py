"""Sends itself SIGKILL."""

import os
import signal

OUTCOME = "was killed"


def relu_forward(x):
    out = None
    os.kill(os.getpid(), signal.SIGKILL)
    cache = x
    return out, cache
