"""Tries to write outside its folder: a world-writable folder in /tmp, a root-owned one, the
reference, /etc."""

OUTCOME = "got None"


def relu_forward(x):
    out = None
    for path in (
        "/tmp/hostile-canary/note.txt",
        "/tmp/hostile-canary-ro/note.txt",
        "/work/main/reference/assignment1/cs231n/hostile.py",
        "/etc/hostile",
    ):
        try:
            with open(path, "w") as f:
                f.write("written by a submission")
        except OSError:
            pass
    cache = x
    return out, cache
