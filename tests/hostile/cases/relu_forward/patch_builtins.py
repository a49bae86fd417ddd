"""Replaces builtins the worker itself relies on: it breaks its own worker, nothing else."""

import builtins

OUTCOME = ""


def relu_forward(x):
    out = None
    builtins.len = lambda value: 0
    builtins.isinstance = lambda *args: True
    builtins.open = None
    cache = x
    return out, cache
