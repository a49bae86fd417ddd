"""Q1, the update rules: cs231n/optim.py (SGD with momentum, RMSProp, Adam).

The published tests give exact next_w and state arrays (spec §5). Hidden checks start from the
defaults (config=None) and take two steps, so each rule's defaults and the state it carries from
one step to the next count too; their gradients hold exact zeros, where an update that forgets
epsilon divides 0 by 0, and tiny entries, where epsilon must be added to the square root (as
the update rule has it), not put under it or subtracted.
"""

import numpy as np

from grader.checks import ExpectedOutput, Inputs
from grader.compare import Tolerance

OPTIM = "cs231n.optim"
# The published arrays are printed to 8 digits: the course's own errors are 1e-9..1e-7.
PUBLISHED = Tolerance("rel_error", 2e-7)
FIXTURE_TOLERANCE = Tolerance("rel_error", 1e-8)


def notebook_inputs(state=None):
    """The notebook's w and dw (N, D = 4, 5), plus state arrays as np.linspace ranges."""
    N, D = 4, 5
    w = np.linspace(-0.4, 0.6, num=N * D).reshape(N, D)
    dw = np.linspace(-0.6, 0.4, num=N * D).reshape(N, D)
    config = {}
    for name, (low, high) in (state or {}).items():
        config[name] = np.linspace(low, high, num=N * D).reshape(N, D)
    return {"w": w, "dw": dw, "config": config}


def momentum_inputs():
    d = notebook_inputs({"velocity": (0.6, 0.9)})
    d["config"]["learning_rate"] = 1e-3
    return d


def rmsprop_inputs():
    d = notebook_inputs({"cache": (0.6, 0.9)})
    d["config"]["learning_rate"] = 1e-2
    return d


def adam_inputs():
    d = notebook_inputs({"m": (0.6, 0.9), "v": (0.7, 0.5)})
    d["config"].update(learning_rate=1e-2, t=5)
    return d


def two_step_inputs(rng, shape=(6, 7)):
    """Weights and two gradients with exact zeros in the same places (a third of them), and
    tiny entries (~1e-6) in others, where epsilon's place in the denominator shows."""
    zeros, tiny = rng.rand(*shape) < 0.3, rng.rand(*shape) < 0.3
    dws = [np.where(zeros, 0.0, rng.randn(*shape) * np.where(tiny, 1e-6, 1.0)) for _ in range(2)]
    return {"w": rng.randn(*shape), "dw1": dws[0], "dw2": dws[1]}


MOMENTUM_W = np.asarray([
    [0.1406, 0.20738947, 0.27417895, 0.34096842, 0.40775789],
    [0.47454737, 0.54133684, 0.60812632, 0.67491579, 0.74170526],
    [0.80849474, 0.87528421, 0.94207368, 1.00886316, 1.07565263],
    [1.14244211, 1.20923158, 1.27602105, 1.34281053, 1.4096],
])  # fmt: skip
MOMENTUM_V = np.asarray([
    [0.5406, 0.55475789, 0.56891579, 0.58307368, 0.59723158],
    [0.61138947, 0.62554737, 0.63970526, 0.65386316, 0.66802105],
    [0.68217895, 0.69633684, 0.71049474, 0.72465263, 0.73881053],
    [0.75296842, 0.76712632, 0.78128421, 0.79544211, 0.8096],
])  # fmt: skip
RMSPROP_W = np.asarray([
    [-0.39223849, -0.34037513, -0.28849239, -0.23659121, -0.18467247],
    [-0.132737, -0.08078555, -0.02881884, 0.02316247, 0.07515774],
    [0.12716641, 0.17918792, 0.23122175, 0.28326742, 0.33532447],
    [0.38739248, 0.43947102, 0.49155973, 0.54365823, 0.59576619],
])  # fmt: skip
RMSPROP_CACHE = np.asarray([
    [0.5976, 0.6126277, 0.6277108, 0.64284931, 0.65804321],
    [0.67329252, 0.68859723, 0.70395734, 0.71937285, 0.73484377],
    [0.75037008, 0.7659518, 0.78158892, 0.79728144, 0.81302936],
    [0.82883269, 0.84469141, 0.86060554, 0.87657507, 0.8926],
])  # fmt: skip
ADAM_W = np.asarray([
    [-0.40094747, -0.34836187, -0.29577703, -0.24319299, -0.19060977],
    [-0.1380274, -0.08544591, -0.03286534, 0.01971428, 0.0722929],
    [0.1248705, 0.17744702, 0.23002243, 0.28259667, 0.33516969],
    [0.38774145, 0.44031188, 0.49288093, 0.54544852, 0.59801459],
])  # fmt: skip
ADAM_V = np.asarray([
    [0.69966, 0.68908382, 0.67851319, 0.66794809, 0.65738853],
    [0.64683452, 0.63628604, 0.6257431, 0.61520571, 0.60467385],
    [0.59414753, 0.58362676, 0.57311152, 0.56260183, 0.55209767],
    [0.54159906, 0.53110598, 0.52061845, 0.51013645, 0.49966],
])  # fmt: skip
ADAM_M = np.asarray([
    [0.48, 0.49947368, 0.51894737, 0.53842105, 0.55789474],
    [0.57736842, 0.59684211, 0.61631579, 0.63578947, 0.65526316],
    [0.67473684, 0.69421053, 0.71368421, 0.73315789, 0.75263158],
    [0.77210526, 0.79157895, 0.81105263, 0.83052632, 0.85],
])  # fmt: skip


def update(rule, state):
    """One step on the given config: next_w and the named state entries of the config."""

    def call(student, d):
        next_w, config = student.call(f"{OPTIM}:{rule}", d["w"], d["dw"], config=d["config"],
                                      returns=2)  # fmt: skip
        return {"next_w": next_w, **{name: _entry(config, name) for name in state}}

    return call


def two_steps(rule, state):
    """Two steps from config=None (the rule's defaults), the second on the config the first
    returned: next_w after each and the state after the second."""

    def call(student, d):
        function = f"{OPTIM}:{rule}"
        w1, config = student.call(function, d["w"], d["dw1"], config=None, returns=2)
        config = config if isinstance(config, dict) else {}
        w2, config = student.call(function, w1, d["dw2"], config=config, returns=2)
        return {"next_w": w1, "next_w 2": w2, **{name: _entry(config, name) for name in state}}

    return call


def _entry(config, name):
    return config.get(name) if isinstance(config, dict) else None


def optim_check(rule, what, points, inputs, expected, state, hint, **extra):
    return ExpectedOutput(unit=rule, what=what, question="fc_nets", points=points, inputs=inputs,
                          call=update(rule, state), expected=expected, hint=hint,
                          **extra)  # fmt: skip


def defaults_check(rule, state, hint):
    return ExpectedOutput(
        unit=rule,
        what="two steps from the defaults (config=None), on gradients with zeros",
        question="fc_nets",
        points=0.5,
        hidden=True,
        inputs=Inputs(two_step_inputs, seed=17),
        call=two_steps(rule, state),
        tolerance=FIXTURE_TOLERANCE,
        hint=hint,
    )


MOMENTUM_HINT = "v = momentum * v - learning_rate * dw, then next_w = w + v"
RMSPROP_HINT = (
    "cache = decay_rate * cache + (1 - decay_rate) * dw**2, then "
    "next_w = w - learning_rate * dw / (np.sqrt(cache) + epsilon)"
)
ADAM_HINT = (
    "increment t first (t = t + 1), then m and v, then the bias corrections m / (1 - beta1**t) "
    "and v / (1 - beta2**t); next_w = w - learning_rate * mt / (np.sqrt(vt) + epsilon)"
)

CHECKS = [
    optim_check(
        "sgd_momentum",
        "next_w and velocity on the notebook's inputs (rel_error < 2e-7)",
        1.5,
        Inputs(momentum_inputs, seed=None),
        {"next_w": MOMENTUM_W, "velocity": MOMENTUM_V},
        ("velocity",),
        MOMENTUM_HINT,
        tolerance=PUBLISHED,
    ),
    defaults_check("sgd_momentum", ("velocity",), MOMENTUM_HINT),
    optim_check(
        "rmsprop",
        "next_w and cache on the notebook's inputs (rel_error < 2e-7)",
        1.5,
        Inputs(rmsprop_inputs, seed=None),
        {"next_w": RMSPROP_W, "cache": RMSPROP_CACHE},
        ("cache",),
        RMSPROP_HINT,
        tolerance=PUBLISHED,
    ),
    defaults_check("rmsprop", ("cache",), RMSPROP_HINT),
    optim_check(
        "adam",
        "next_w, m, v and t on the notebook's inputs (rel_error < 2e-7)",
        1.5,
        Inputs(adam_inputs, seed=None),
        {"next_w": ADAM_W, "m": ADAM_M, "v": ADAM_V, "t": 6},
        ("m", "v", "t"),
        ADAM_HINT,
        tolerance=PUBLISHED,
    ),
    defaults_check("adam", ("m", "v", "t"), ADAM_HINT),
]
