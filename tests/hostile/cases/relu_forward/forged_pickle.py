"""Writes a forged reply whose array is an object-dtype .npy (a pickle in disguise)."""

import io
import json
import os
import struct

import numpy as np

OUTCOME = "malformed reply"


def relu_forward(x):
    out = None
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        buffer, {"descr": "|O", "fortran_order": False, "shape": (3, 4)}
    )
    blob = buffer.getvalue() + b"\x80\x04N." * 12
    header = json.dumps({"ok": True, "value": {"$array": 0}, "blobs": [len(blob)]}).encode()
    for fd in range(3, 64):
        try:
            if "pipe" in os.readlink(f"/proc/self/fd/{fd}"):
                os.write(fd, struct.pack(">I", len(header)) + header + blob)
        except OSError:
            pass
    cache = x
    return out, cache
