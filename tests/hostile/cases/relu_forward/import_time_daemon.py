"""Leaves a daemon behind when its module is imported."""

OUTCOME = "got None"
DAEMON = True
APPEND = """
import os as _os, time as _time
if _os.fork() == 0:
    _os.setsid()
    if _os.fork() == 0:
        _time.sleep(2)
        for _ in range(100):
            try:
                open("/tmp/hostile-canary/daemon.txt", "a").write("imported\\n")
            except OSError:
                pass
            _time.sleep(0.2)
    _os._exit(0)
"""


def relu_forward(x):
    out = None
    cache = x
    return out, cache
