"""Starts the IPython kernel of a notebook run, inside the sandbox, confined like a worker.

    python -E -s grader/sandbox/kernel.py TREE CONNECTION_FILE CONFIG_JSON   (by the kernel manager)

The kernel talks to the grader over IPC sockets in its private home (a fresh network
namespace has no usable TCP), so only the grader, which shares that folder, can reach it.
"""

from __future__ import annotations

import importlib.util
import json
import os
import runpy
import sys


def _load_confine():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "confine.py")
    spec = importlib.util.spec_from_file_location("_grader_confine", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> None:
    tree, connection_file, config = argv[1], argv[2], json.loads(argv[3])
    _load_confine().enter(config)
    os.chdir(tree)
    sys.path.insert(0, tree)  # as `jupyter notebook` would: the notebook's folder imports
    sys.argv = ["ipykernel_launcher", "-f", connection_file]
    runpy.run_module("ipykernel_launcher", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv)
