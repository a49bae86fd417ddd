"""Opens a socket to a listener on the grading machine and to the internet."""

import socket

OUTCOME = "got None"
NETWORK = True


def relu_forward(x):
    out = None
    for address in (("127.0.0.1", 47213), ("1.1.1.1", 80)):
        try:
            with socket.create_connection(address, timeout=1) as connection:
                connection.sendall(b"leaked")
        except OSError:
            pass
    cache = x
    return out, cache
