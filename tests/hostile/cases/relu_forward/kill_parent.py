"""Sends its parent SIGKILL: the grader is not its to kill (another uid, or outside its pid
namespace, where the parent it sees is the namespace's init)."""

import os
import signal

OUTCOME = ""


def relu_forward(x):
    out = None
    try:
        os.kill(os.getppid(), signal.SIGKILL)
    except OSError:
        pass
    cache = x
    return out, cache
