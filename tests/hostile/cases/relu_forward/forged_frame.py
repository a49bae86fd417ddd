"""Finds the protocol's pipe among its file descriptors and writes a forged reply that claims
a terabyte of data: the grader refuses the frame and kills the worker."""

import json
import os
import struct

OUTCOME = "malformed reply"


def relu_forward(x):
    out = None
    header = json.dumps({"ok": True, "value": {"$array": 0}, "blobs": [10**12]}).encode()
    for fd in range(3, 64):
        try:
            if "pipe" in os.readlink(f"/proc/self/fd/{fd}"):
                os.write(fd, struct.pack(">I", len(header)) + header)
        except OSError:
            pass
    cache = x
    return out, cache
