"""Call a function with a deadline, on the kernel: the grader's exports call each student
function through this, so one that loops forever costs its own test and the others still run.
(A provided file of the scratch assignment in bench/tools.py.)"""

import signal


def within(seconds, call):
    """call(), or TimeoutError after `seconds` (SIGALRM: the kernel runs code in its main
    thread)."""

    def stop(signum, frame):
        raise TimeoutError(f"timed out after {seconds:g} s (an infinite loop?)")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return call()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
