"""Double-forks and calls setsid to outlive the grading, then keeps writing a file in /tmp:
it dies with the worker (pid namespace, or the sweep of its uid)."""

import os
import time

OUTCOME = "got None"
DAEMON = True


def relu_forward(x):
    out = None
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            time.sleep(2)
            for _ in range(100):
                try:
                    with open("/tmp/hostile-canary/daemon.txt", "a") as f:
                        f.write("still here\n")
                except OSError:
                    pass
                time.sleep(0.2)
        os._exit(0)
    cache = x
    return out, cache
