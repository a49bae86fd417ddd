"""Q5 PyTorch.ipynb: the student's networks, read from one run of the notebook.

Everything a student writes here lives in notebook cells, so every check reads one shared run
of PyTorch.ipynb on a sandboxed kernel (the generated data, one thread). After the last cell
the grader's own export code calls the student's `three_layer_convnet` and
`ThreeLayerConvNet` on the kernel, on zeros (shapes) and on seeded float64 inputs drawn with
numpy's RandomState(231) by cs231n/torch_data.py (values, against the reference's outputs
frozen by `make fixtures` with torch 2.13.0), and scores the trained models on the
validation images; shapes, errors and accuracies are computed here, where torch is never
imported.
"""

import importlib.metadata

import numpy as np

from grader.checks import Inputs, NotebookRun, NotebookValues, Problem, Tolerance, Verdict
from grader.compare import compare

NOTEBOOK = "PyTorch.ipynb"
SEED = 231
# Float64 forward passes of the same network agree to rounding (~1e-15) whichever way the
# convolutions are computed (F.conv2d, nn.Conv2d, unfold); a real mistake is off by far more.
FORWARD = Tolerance("rel_error", 1e-8, partial_limit=0.0)
HELPERS = "__import__('cs231n.torch_data').torch_data"  # importable on the kernel whatever
TORCH = "__import__('torch')"  # the student named things

# The notebook's own shape tests: a minibatch of 64 zero images, 12/8 or 6/9 channels.
BAREBONES_SHAPES = [(6, 3, 5, 5), (6,), (9, 6, 3, 3), (9,), (9 * 32 * 32, 10), (10,)]
# Seeded values: x (4, 3, 32, 32) and the six tensors, weights scaled by sqrt(2 / fan_in)
# so the scores stay O(1); channel counts all differ, so every parameter has its own shape.
MODULE_CHANNELS = (3, 5, 7, 10)  # in_channel, channel_1, channel_2, num_classes


def _specs(in_channel, channel_1, channel_2, num_classes):
    """(shape, scale) of x and of three_layer_convnet's six tensors."""
    weights = [
        ((channel_1, in_channel, 5, 5), in_channel * 25),
        ((channel_1,), 0),
        ((channel_2, channel_1, 3, 3), channel_1 * 9),
        ((channel_2,), 0),
        ((channel_2 * 32 * 32, num_classes), channel_2 * 32 * 32),
        ((num_classes,), 0),
    ]  # (shape, fan_in); biases (fan_in 0) are unit-scale, like x
    return [((4, in_channel, 32, 32), 1.0)] + [
        (shape, float(np.sqrt(2.0 / fan_in)) if fan_in else 1.0) for shape, fan_in in weights
    ]


SPECS = _specs(*MODULE_CHANNELS)
# nn.Linear keeps its weight as (out, in), the transpose of three_layer_convnet's fc_w.
MODULE_SPECS = [*SPECS[:5], ((SPECS[5][0][1], SPECS[5][0][0]), SPECS[5][1]), SPECS[6]]


def seeded_tensors(specs, seed=SEED, torch=""):
    """The kernel's seeded inputs, drawn here the same way (numpy only): what the fixtures'
    record names, and what a test feeds an independent numpy forward pass. `torch` is only a
    record: the version the fixtures were computed with."""
    rng = np.random.RandomState(seed)
    return {f"t{i}": scale * rng.randn(*shape) for i, (shape, scale) in enumerate(specs)}


def _torch_version():
    try:
        return importlib.metadata.version("torch")
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


TORCH_VERSION = _torch_version()  # recorded with the fixtures: torch is pinned (2.13.0)
SEEDED = Inputs(
    seeded_tensors, seed=None, params={"specs": SPECS, "seed": SEED, "torch": TORCH_VERSION}
)
SEEDED_MODULE = Inputs(
    seeded_tensors, seed=None, params={"specs": MODULE_SPECS, "seed": SEED, "torch": TORCH_VERSION}
)


def zeros(shape):
    return f"{TORCH}.zeros({shape!r})"


BAREBONES_ON_ZEROS = (
    f"{HELPERS}.as_array(three_layer_convnet({zeros((64, 3, 32, 32))}, "
    f"[{', '.join(zeros(s) for s in BAREBONES_SHAPES)}])).shape"
)
MODULE_ON_ZEROS = (
    f"{HELPERS}.as_array(ThreeLayerConvNet(in_channel=3, channel_1=12, channel_2=8, "
    f"num_classes=10)({zeros((64, 3, 32, 32))})).shape"
)
BAREBONES_SEEDED = (
    f"(lambda t: {HELPERS}.as_array(three_layer_convnet(t[0], t[1:])))"
    f"({HELPERS}.seeded_tensors({SPECS!r}, {SEED}))"
)
MODULE_SEEDED = (
    f"(lambda t: {HELPERS}.as_array({HELPERS}.load_parameters("
    f"ThreeLayerConvNet(*{MODULE_CHANNELS!r}), t[1:])(t[0])))"
    f"({HELPERS}.seeded_tensors({MODULE_SPECS!r}, {SEED}))"
)


def scores(model):
    """Export: the scores of a trained model on the validation images, in order."""
    return f"{HELPERS}.class_scores({model})"


VAL_LABELS = {"val labels": f"{HELPERS}.split_images('val')[1]"}


def shape_judge(name, expected):
    """A judge: the exported shape `name` is `expected`."""

    def judge(arrays, fixture):
        got = tuple(int(n) for n in np.asarray(arrays[name]).reshape(-1))
        if got == expected:
            return Verdict(1.0, detail=f"{name}: {got}")
        return Verdict(0.0, f"{name}: shape {expected} expected, got {got}",
                       problems=(Problem("shape", name, expected=expected, got=got),))  # fmt: skip

    return judge


def fixture_judge(name):
    """A judge: the exported array `name` matches the reference's (the fixture)."""

    def judge(arrays, fixture):
        return compare(name, arrays[name], fixture[name], FORWARD)

    return judge


def val_accuracy(metric, scores_name):
    """A NotebookRun measure: {metric: accuracy of the exported validation scores}."""

    def measure(arrays):
        values, labels = (
            np.asarray(arrays[scores_name], np.float64),
            np.asarray(arrays["val labels"]),
        )
        if values.ndim != 2 or values.shape[0] != len(labels) or values.shape[1] != 10:
            raise ValueError(
                f"{scores_name} has shape {values.shape}, expected ({len(labels)}, 10)"
            )
        return {metric: float(np.mean(np.argmax(values, axis=1) == labels))}

    return measure


def training(what, points, model, metric, target, uses):
    """A NotebookRun: the model the notebook trained reaches its validation target."""
    name = f"scores of {model.removeprefix('lambda x: ')} on the validation images"
    return NotebookRun(
        unit=NOTEBOOK,
        what=what,
        question="pytorch",
        points=points,
        notebook=NOTEBOOK,
        uses=uses,
        exports={name: scores(model), **VAL_LABELS},
        measure=val_accuracy(metric, name),
        targets_by_metric={metric: target},
    )


CHECKS = [
    NotebookValues(
        unit="three_layer_convnet",
        what="scores of shape (64, 10) on the notebook's test input",
        question="pytorch",
        points=1,
        notebook=NOTEBOOK,
        exports={"three_layer_convnet scores": BAREBONES_ON_ZEROS},
        judge=shape_judge("three_layer_convnet scores", (64, 10)),
    ),
    NotebookValues(
        unit="three_layer_convnet",
        what="the reference's scores on seeded float64 inputs",
        question="pytorch",
        points=2,
        notebook=NOTEBOOK,
        exports={"three_layer_convnet seeded scores": BAREBONES_SEEDED},
        judge=fixture_judge("three_layer_convnet seeded scores"),
        fixture_exports=("three_layer_convnet seeded scores",),
        inputs=SEEDED,
        hint="conv (padding 2) - ReLU - conv (padding 1) - ReLU - flatten - affine, each with "
        "its bias",
    ),
    training(
        "the barebones ConvNet reaches the validation target after one epoch",
        2,
        "lambda x: three_layer_convnet(x, params)",
        "barebones ConvNet validation accuracy",
        "pytorch_barebones_cnn",
        ("three_layer_convnet",),
    ),
    NotebookValues(
        unit="ThreeLayerConvNet",
        what="scores of shape (64, 10) on the notebook's test input",
        question="pytorch",
        points=1,
        notebook=NOTEBOOK,
        exports={"ThreeLayerConvNet scores": MODULE_ON_ZEROS},
        judge=shape_judge("ThreeLayerConvNet scores", (64, 10)),
    ),
    NotebookValues(
        unit="ThreeLayerConvNet",
        what="the reference's scores with seeded float64 weights",
        question="pytorch",
        points=2,
        notebook=NOTEBOOK,
        exports={"ThreeLayerConvNet seeded scores": MODULE_SEEDED},
        judge=fixture_judge("ThreeLayerConvNet seeded scores"),
        fixture_exports=("ThreeLayerConvNet seeded scores",),
        inputs=SEEDED_MODULE,
        hint="conv1 (5x5, padding 2) - ReLU - conv2 (3x3, padding 1) - ReLU - flatten - fc, "
        "layers created in __init__",
    ),
    training(
        "the Module-API ConvNet reaches the validation target after one epoch",
        2,
        "module_model",
        "Module ConvNet validation accuracy",
        "pytorch_module_cnn",
        ("ThreeLayerConvNet",),
    ),
    training(
        "the Sequential ConvNet reaches the validation target after one epoch",
        2,
        "sequential_model",
        "Sequential ConvNet validation accuracy",
        "pytorch_sequential_cnn",
        (),
    ),
    training(
        "the Part V model reaches the challenge's validation target",
        3,
        "model",
        "Part V validation accuracy",
        "pytorch_challenge_val",
        (),
    ),
]
