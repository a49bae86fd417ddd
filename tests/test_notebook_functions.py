"""Functions defined in a notebook, graded without a kernel: the worker reads the notebook's
definitions (imports, functions, classes, call-free assignments) and none of its experiments."""

from __future__ import annotations

import nbformat
import pytest

from grader.registry import notebook_definitions
from grader.sandbox import SandboxWorker, StudentException
from tests.conftest import passable

CELLS = [
    "%matplotlib inline\nimport numpy as np\n!pip install nothing",
    "SCALE = 3\nALIAS = np.float64\n\ndef double(x):\n    return 2 * x",
    "raise RuntimeError('the experiments must not run')\ndata = np.load('x.npy')",
    "class Model:\n    def score(self, x):\n        return SCALE * double(x)",
    "print('training...')\nmodel = Model()",
]


def write(folder, cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    nbformat.write(nb, folder / "funcs.ipynb")
    return passable(folder)


def test_definitions_are_callable_and_experiments_do_not_run(tmp_path):
    root = write(tmp_path, CELLS)
    with SandboxWorker(root) as worker:
        assert worker.request({"op": "call", "function": "funcs.ipynb:double"}, (4,)) == 8
        model = worker.request({"op": "call", "function": "funcs.ipynb:Model"})
        assert worker.request({"op": "call", "handle": model.id, "method": "score"}, (2,)) == 12
        with pytest.raises(StudentException, match="AttributeError"):
            worker.request({"op": "call", "function": "funcs.ipynb:model.score"}, (1,))
    assert notebook_definitions(root / "funcs.ipynb") == ["double", "Model", "Model.score"]


def test_a_cell_that_does_not_parse_is_named_with_its_line(tmp_path):
    root = write(tmp_path, ["import numpy as np", "def broken(x:\n    return x"])
    with SandboxWorker(root) as worker:
        with pytest.raises(StudentException) as caught:
            worker.request({"op": "import", "module": "funcs.ipynb"})
    assert caught.value.ename == "SyntaxError"
    assert caught.value.where == "funcs.ipynb cell 2:1"
