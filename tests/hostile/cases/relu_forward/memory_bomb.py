"""Asks numpy for 160 GB: the address-space limit refuses it."""

import numpy as np

OUTCOME = "MemoryError"


def relu_forward(x):
    out = None
    hoard = np.ones((200_000, 100_000))
    out = hoard[:3, :4]
    cache = x
    return out, cache
