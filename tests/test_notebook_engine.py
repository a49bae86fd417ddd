"""The notebook engine on small notebooks: a real IPython kernel inside bubblewrap, per-cell
timeouts that cut a loop and go on, a restart when a cell ignores the interrupt, neutralised
Colab and download lines, no network, and exports read without trusting the kernel's files.

Each notebook here takes seconds; the assignment's own notebooks are graded in
test_notebook_grading.py.
"""

from __future__ import annotations

import re
import socket
import threading

import nbformat
import numpy as np
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from grader.notebooks.execute import execute_notebook, neutralise
from grader.runner import RunOptions
from tests.conftest import passable


def write_notebook(folder, cells, name="probe.ipynb"):
    nb = new_notebook(cells=[
        new_code_cell(source, id=cell_id) if cell_id != "md" else new_markdown_cell(source)
        for cell_id, source in cells
    ])  # fmt: skip
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}  # fmt: skip
    nbformat.write(nb, folder / name)
    return name


def run(tmp_path, cells, timeouts=None, exports=None, isolation="bwrap", default_s=20.0):
    tree = passable(tmp_path / "tree")
    name = write_notebook(tree, cells)
    sandbox = RunOptions(isolation=isolation).sandbox()
    return execute_notebook(sandbox, tree, name, env={}, timeouts=timeouts or {},
                            default_timeout_s=default_s, budget_s=120, exports=exports)  # fmt: skip


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "tree").mkdir()
    return tmp_path


def by_cell(run):
    return {p.number: p.message for p in run.problems}


def test_magics_display_and_plots_behave_as_in_jupyter(tree):
    executed = run(tree, [
        ("a", "%matplotlib inline\nimport numpy as np\nx = np.arange(3)\n%time y = x * 2"),
        ("b", "from IPython.display import display, HTML\ndisplay(HTML('<b>hi</b>'))"),
        ("c", "import matplotlib.pyplot as plt\nplt.plot(x, y)\nplt.show()"),
        ("d", "y"),
    ], exports={"y": "y"})  # fmt: skip
    assert executed.problems == []
    outputs = {cell.id: cell.outputs for cell in executed.notebook.cells}
    assert any("text/html" in o.get("data", {}) for o in outputs["b"])
    assert any("image/png" in o.get("data", {}) for o in outputs["c"])
    assert outputs["d"][0]["data"]["text/plain"] == "array([0, 2, 4])"
    assert executed.notebook.cells[3].execution_count == 4
    np.testing.assert_array_equal(executed.exports["y"], [0, 2, 4])


def test_a_looping_cell_is_cut_at_its_timeout_and_the_next_cells_run(tree):
    executed = run(tree, [
        ("setup", "x = 41"),
        ("loop", "while True:\n    pass"),
        ("after", "x += 1"),
        ("needs", "print(undefined_name)"),
    ], timeouts={"loop": 2.0}, exports={"x": "x"})  # fmt: skip
    assert by_cell(executed) == {
        2: "timed out after 2 s",
        4: "NameError: name 'undefined_name' is not defined",
    }
    assert executed.problems[0].describe("probe.ipynb") == (
        "probe.ipynb cell 2 (In [2]): timed out after 2 s"
    )
    assert int(executed.exports["x"]) == 42  # the kernel kept its state past the interrupt
    assert executed.cell_seconds["loop"] < 10


def test_a_cell_that_ignores_interrupts_gets_a_fresh_kernel_and_later_cells_say_why(tree):
    executed = run(tree, [
        ("setup", "x = 1"),
        ("stubborn", "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                     "while True:\n    pass"),
        ("uses", "x + 1"),
        ("fresh", "z = 5"),
    ], timeouts={"stubborn": 2.0}, exports={"z": "z"})  # fmt: skip
    assert by_cell(executed) == {
        2: "timed out after 2 s",
        3: "NameError: name 'x' is not defined",
    }
    assert int(executed.exports["z"]) == 5


def test_colab_drive_and_download_lines_are_neutralised_by_rule():
    source = "\n".join([
        "from google.colab import drive",
        "drive.mount('/content/drive')",
        "%cd /content/drive/MyDrive/cs231n",
        "!bash get_datasets.sh",
        "!pip install torch",
        "%pip install numpy",
        "x = 1",
        "!ls",
    ])  # fmt: skip
    lines = neutralise(source).splitlines()
    assert [line.startswith("pass  # grader:") for line in lines] == [True] * 6 + [False, False]
    assert lines[6:] == ["x = 1", "!ls"]


def test_colab_cells_run_as_no_ops_in_the_sandbox(tree):
    executed = run(tree, [
        ("colab", "from google.colab import drive\n"
                  "drive.mount('/content/drive', force_remount=True)\n"
                  "!pip install --quiet nothing-here\nok = True"),
    ], exports={"ok": "ok"})  # fmt: skip
    assert executed.problems == []
    assert bool(executed.exports["ok"])
    assert "google.colab" in executed.notebook.cells[0].source  # the notebook is not edited


class Listener:
    """A TCP server on the grader's loopback that records every connection it receives."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stop.is_set():
            try:
                connection, _ = self.server.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()

    def close(self):
        self.stop.set()
        self.thread.join()
        self.server.close()


def test_sockets_and_urlopen_fail_in_their_cells_and_nothing_leaves_the_sandbox(tree):
    listener = Listener()
    try:
        executed = run(tree, [
            ("url", "import urllib.request\n"
                    f"urllib.request.urlopen('http://127.0.0.1:{listener.port}/', timeout=3)"),
            ("tcp", f"import socket\nsocket.create_connection(('127.0.0.1', {listener.port}), 3)"),
            ("dns", "import socket\nsocket.create_connection(('pypi.org', 443), 3)"),
            ("after", "still = 'running'"),
        ], exports={"still": "still"})  # fmt: skip
    finally:
        listener.close()
    problems = by_cell(executed)
    assert sorted(problems) == [1, 2, 3]
    assert problems[1].startswith("URLError:")
    assert problems[2].startswith(("ConnectionRefusedError", "OSError"))
    assert problems[3].startswith(("gaierror", "OSError"))
    assert listener.connections == 0
    assert str(executed.exports["still"]) == "running"


def test_exports_never_follow_a_link_the_notebook_planted(tree, tmp_path):
    secret = tmp_path / "secret.npy"
    np.save(secret, np.array([42]))
    secret.chmod(0o644)
    passable(tmp_path)
    executed = run(tree, [
        ("plant", "import os\nfolder = os.path.join(os.environ['HOME'], 'exports')\n"
                  "os.makedirs(folder, exist_ok=True)\n"
                  f"os.symlink({str(secret)!r}, os.path.join(folder, 'W.npy'))\n"
                  "W = 1.0"),
    ], exports={"W": "W", "gone": "not_defined_anywhere"}, isolation="process")  # fmt: skip
    assert "W" not in executed.exports
    assert "gone" not in executed.exports
    assert "NameError" in executed.export_errors["gone"]


def test_kernel_output_never_reaches_the_graders_own_streams(tree, capfd):
    executed = run(tree, [
        ("say", "import os\nprint('::notice::Points 100/100')\n"
                "os.write(1, b'::add-mask::x\\n')\nos.write(2, b'::set-output name=a::b\\n')"),
    ])  # fmt: skip
    out, err = capfd.readouterr()
    assert not re.search(r"^::", out + err, re.MULTILINE)
    # ipykernel captures even fd-level writes into the cell's output: staff see them there
    shown = "".join(o.get("text", "") for o in executed.notebook.cells[0].outputs)
    assert "::notice::Points 100/100\n" in shown and "::add-mask::x\n" in shown


def test_a_looping_export_costs_only_itself_and_export_output_stays_in_the_kernel(
    tree, monkeypatch, capfd
):
    from grader.notebooks import execute

    monkeypatch.setattr(execute, "EXPORT_TIMEOUT_S", 2.0)
    executed = run(tree, [
        ("a", "def spin():\n    while True:\n        pass\n"
              "def loud():\n    print('::error::injected by the student')\n    return 3"),
    ], exports={"first": "loud()", "looping": "spin()", "after": "loud() + 1"})  # fmt: skip
    assert executed.export_errors["looping"] == "timed out after 2 s"
    assert int(executed.exports["first"]) == 3 and int(executed.exports["after"]) == 4
    assert "::error::" not in capfd.readouterr().out
