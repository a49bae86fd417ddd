"""Q1 and the extra credit, the model: CaptioningRNN (cs231n/classifiers/rnn.py), its loss for
both cell types and its greedy sampler.

The published losses (spec §5.4) set every parameter to a linspace, so they need no random
draws; the gradient checks draw the parameters as the notebook's model does and set them, so
the loss is graded apart from the provided __init__. sample() is judged against greedy
decoding computed here in numpy from the same parameters, on a vocabulary whose <NULL> is not
index 0 (so the pre-fill shows) and whose <START> is never the argmax (so column 0 cannot
honestly hold it): column 0 holds the first sampled word (spec §14), and stopping at <END> is
optional as long as the rest of the row is <NULL>.
"""

import numpy as np

from grader.checks import (
    ExpectedOutput,
    GradientCheck,
    Inputs,
    LeavesInputsAlone,
    Probe,
    Property,
)
from grader.compare import Tolerance, Verdict

NET = "cs231n.classifiers.rnn:CaptioningRNN"
DTYPE = "float64"  # a dtype name travels to the worker; np.float64 (a type) cannot
WORD_TO_IDX = {"<NULL>": 0, "cat": 2, "dog": 3}  # the notebooks' fake vocabulary (spec §3.4)
PARAMS = ("W_embed", "W_proj", "b_proj", "Wx", "Wh", "b", "W_vocab", "b_vocab")
RNN_UNITS = ("rnn_step_forward", "rnn_step_backward", "rnn_forward", "rnn_backward",
             "word_embedding_forward", "word_embedding_backward")  # fmt: skip
LSTM_UNITS = ("lstm_step_forward", "lstm_step_backward", "lstm_forward", "lstm_backward",
              "word_embedding_forward", "word_embedding_backward")  # fmt: skip
SAMPLE_USES = ("rnn_step_forward", "word_embedding_forward")
LOSS = Tolerance("abs", 1e-9)  # the notebooks print differences of ~2.6e-12
GRADIENT = Tolerance("rel_error", 1e-7, partial_limit=1e-5)
LOSS_HINT = (
    "affine(features) -> h0, embed captions[:, :-1], rnn/lstm forward, temporal affine, then "
    "temporal_softmax_loss against captions[:, 1:] with mask = captions[:, 1:] != self._null"
)
# The sampling vocabulary: <NULL> is not 0, and <START> can never win the argmax.
SAMPLE_WORDS = ("a", "<START>", "<END>", "<NULL>", "cat", "dog", "sat", "on", "the", "mat")
SAMPLE_VOCAB = {word: i for i, word in enumerate(SAMPLE_WORDS)}
START, END, NULL = SAMPLE_VOCAB["<START>"], SAMPLE_VOCAB["<END>"], SAMPLE_VOCAB["<NULL>"]
SAMPLE_HINT = (
    "feed <START> first, then at t = 0 .. max_length-1 write the argmax word to captions[:, t] "
    "and feed it back; column 0 is the first sampled word, never <START>"
)


def shapes(V, D, W, H, cell_type):
    k = 4 if cell_type == "lstm" else 1
    return {"W_embed": (V, W), "W_proj": (D, H), "b_proj": (H,), "Wx": (W, k * H),
            "Wh": (H, k * H), "b": (k * H,), "W_vocab": (H, V), "b_vocab": (V,)}  # fmt: skip


def drawn_params(rng, V, D, W, H, cell_type):
    """Parameters drawn as __init__ draws them (and in its order), biases small but nonzero
    so their gradients are checked on a model that uses them."""
    params = {}
    for name, shape in shapes(V, D, W, H, cell_type).items():
        if name.startswith("b"):
            params[name] = 0.1 * rng.randn(*shape)
        else:
            params[name] = rng.randn(*shape) / (100 if name == "W_embed" else np.sqrt(shape[0]))
    return params


def published_inputs(cell_type):
    """The notebooks' loss test: every parameter a linspace(-1.4, 1.3), linspace features."""
    N, D, W, H, T = 10, 20, 30, 40, 13
    V = len(WORD_TO_IDX)
    params = {name: np.linspace(-1.4, 1.3, num=int(np.prod(shape))).reshape(shape)
              for name, shape in shapes(V, D, W, H, cell_type).items()}  # fmt: skip
    low, high = (-1.5, 0.3) if cell_type == "rnn" else (-0.5, 1.7)
    return {"dims": (D, W, H), "cell_type": cell_type, "word_to_idx": WORD_TO_IDX,
            "params": params, "features": np.linspace(low, high, num=N * D).reshape(N, D),
            "captions": (np.arange(N * T) % V).reshape(N, T)}  # fmt: skip


def gradient_inputs(rng, cell_type="rnn", N=2, T=3, D=4, W=5, H=6, padded=False):
    """The notebook's gradient check: captions drawn before features. With `padded`, a larger
    vocabulary with <START>/<END> and captions that end early, padded with <NULL> (index 0)."""
    vocab = WORD_TO_IDX
    if padded:
        vocab = {"<NULL>": 0, "<START>": 1, "<END>": 2, **{f"w{i}": i for i in range(3, 9)}}
    captions = rng.randint(len(vocab), size=(N, T))
    features = rng.randn(N, D)
    if padded:
        captions[:, 0] = vocab["<START>"]
        for row, length in enumerate(rng.randint(1, T, size=N)):
            captions[row, length:] = vocab["<NULL>"]
    return {"dims": (D, W, H), "cell_type": cell_type, "word_to_idx": vocab,
            "params": drawn_params(rng, len(vocab), D, W, H, cell_type), "features": features,
            "captions": captions}  # fmt: skip


def build(student, d):
    """A CaptioningRNN of the inputs' sizes and cell, with the inputs' parameters set on it."""
    D, W, H = d["dims"]
    model = student.new(NET, d["word_to_idx"], input_dim=D, wordvec_dim=W, hidden_dim=H,
                        cell_type=d["cell_type"], dtype=DTYPE)  # fmt: skip
    student.set(model, "params", dict(d["params"]))
    return model


def loss_value(student, d):
    result = student.method(build(student, d), "loss", d["features"], d["captions"],
                            returns=("loss", "grads"))  # fmt: skip
    return {"loss": result["loss"]}


def gradients(student, d):
    model = build(student, d)
    result = student.method(model, "loss", d["features"], d["captions"],
                            returns=("loss", "grads"))  # fmt: skip
    grads = result["grads"] if isinstance(result["grads"], dict) else {}
    probes = {
        name: Probe((model, "loss"), (d["features"], d["captions"]), vary=("params", name),
                    select=(0,))
        for name in d["params"]
    }  # fmt: skip
    return grads, probes


# sample(): inputs, greedy decoding here, and the judgements.


# Each word leads to the next along a cycle that passes <END>: a trained-looking model whose
# captions end part-way (so stopping there or not both show) and start where the features say.
SUCCESSOR = {"a": "cat", "cat": "sat", "sat": "on", "on": "the", "the": "mat", "mat": "<END>",
             "<END>": "dog", "dog": "a"}  # fmt: skip


def sample_inputs(rng, N=6, D=4, W=10, H=12, max_length=9):
    """A model built to caption: the word vectors pick out the hidden unit of the word's
    successor, the hidden state keeps its previous value at a smaller weight (so the features
    choose the first word), and the vocabulary scores read the hidden units back; small noise
    on every parameter, and <START> and <NULL> never the best word."""
    V = len(SAMPLE_VOCAB)
    params = {name: 0.05 * rng.randn(*shape)
              for name, shape in shapes(V, D, W, H, "rnn").items()}  # fmt: skip
    params["W_embed"][:, :V] += np.eye(V)
    for word, successor in SUCCESSOR.items():
        params["Wx"][SAMPLE_VOCAB[word], SAMPLE_VOCAB[successor]] += 3.0
    params["Wh"] += np.eye(H)
    params["W_proj"] += rng.randn(D, H)
    params["W_vocab"][:V] += 5 * np.eye(V)
    params["b_vocab"][[START, NULL]] = -1e3
    return {"dims": (D, W, H), "cell_type": "rnn", "word_to_idx": SAMPLE_VOCAB,
            "params": params, "features": rng.randn(N, D), "max_length": max_length}  # fmt: skip


def greedy(d) -> np.ndarray:
    """Greedy decoding of a vanilla-RNN CaptioningRNN, never stopping: (N, max_length)."""
    p = d["params"]
    h = d["features"] @ p["W_proj"] + p["b_proj"]
    words = np.full(len(h), START)
    captions = []
    for _ in range(d["max_length"]):
        h = np.tanh(h @ p["Wh"] + p["W_embed"][words] @ p["Wx"] + p["b"])
        words = np.argmax(h @ p["W_vocab"] + p["b_vocab"], axis=1)
        captions.append(words)
    return np.stack(captions, axis=1)


def sampled(student, d):
    """{"captions": what sample() returns, "greedy": the decoding computed here}."""
    model = build(student, d)
    captions = student.method(model, "sample", d["features"], max_length=d["max_length"])
    return {"captions": captions, "greedy": greedy(d)}


def form_problem(captions, expected) -> Verdict | None:
    """A zero verdict when the captions are not an integer array of the expected shape."""
    try:
        array = np.asarray(captions)
    except (TypeError, ValueError):
        array = None
    if array is None or array.dtype == object:
        return Verdict(0.0, f"sample() returned {type(captions).__name__}, expected an integer "
                       f"array of shape {expected.shape}")  # fmt: skip
    if array.shape != expected.shape:
        return Verdict(0.0, f"captions: shape {expected.shape} (N, max_length) expected, got "
                       f"{array.shape}")  # fmt: skip
    if array.dtype.kind not in "iu":
        return Verdict(0.0, f"captions: expected an integer dtype (word indices), got "
                       f"{array.dtype}")  # fmt: skip
    return None


def allowed(row, greedy_row) -> bool:
    """The greedy words up to and including the first <END>; after it, more greedy words
    (generation went on) and then only <NULL> (the pre-fill)."""
    ends = np.flatnonzero(greedy_row == END)
    stop = ends[0] + 1 if ends.size else len(row)
    if not np.array_equal(row[:stop], greedy_row[:stop]):
        return False
    rest, more = row[stop:], greedy_row[stop:]
    written = np.flatnonzero(rest != NULL)
    kept = written[-1] + 1 if written.size else 0
    return np.array_equal(rest[:kept], more[:kept])


def greedy_captions(found) -> Verdict:
    expected = found["greedy"]
    problem = form_problem(found["captions"], expected)
    if problem:
        return problem
    captions = np.asarray(found["captions"])
    wrong = [i for i, row in enumerate(captions) if not allowed(row, expected[i])]
    if not wrong:
        return Verdict(1.0, detail=f"{len(captions)} greedy captions")
    row = wrong[0]
    return Verdict(0.0, f"{len(wrong)} of {len(captions)} captions differ from greedy "
                   f"decoding (row {row}: got {captions[row].tolist()}, expected "
                   f"{expected[row].tolist()}, or <NULL> = {NULL} after the first <END> = "
                   f"{END})")  # fmt: skip


def first_column(found) -> Verdict:
    expected = found["greedy"]
    problem = form_problem(found["captions"], expected)
    if problem:
        return problem
    captions = np.asarray(found["captions"])
    if np.array_equal(captions[:, 0], expected[:, 0]):
        return Verdict(1.0)
    if np.all(captions[:, 0] == START):
        shifted = np.array_equal(captions[:, 1], expected[:, 0])
        return Verdict(0.0, f"column 0 holds <START> (index {START}) in every row; it should "
                       "hold the first sampled word" + (" (your words start in column 1)"
                       if shifted else ""))  # fmt: skip
    wrong = int(np.sum(captions[:, 0] != expected[:, 0]))
    return Verdict(
        0.0,
        f"column 0: {wrong} of {len(captions)} rows are not the first greedy "
        f"word (got {captions[:, 0].tolist()}, expected {expected[:, 0].tolist()})",
    )


def sample_check(what, predicate, points, hidden=False, **params):
    return Property(
        unit="CaptioningRNN.sample",
        uses=SAMPLE_USES,
        what=what,
        question="rnn",
        points=points,
        hidden=hidden,
        inputs=Inputs(sample_inputs, seed=89 if hidden else 97, params=params),
        call=sampled,
        predicate=predicate,
        hint=SAMPLE_HINT,
    )


LOSS_UNIT = "CaptioningRNN.loss"
RNN_LOSS = 9.83235591003
LSTM_LOSS = 9.82445935443

# The loss unit's gated check comes before the LSTM checks: it requires the checks before it,
# and an LSTM bug (extra credit) must not cost Q1 its points.
CHECKS = [
    ExpectedOutput(
        unit=LOSS_UNIT,
        uses=RNN_UNITS,
        what=f"the notebook's loss {RNN_LOSS} (cell_type 'rnn')",
        question="rnn",
        points=3,
        inputs=Inputs(published_inputs, seed=None, params={"cell_type": "rnn"}),
        call=loss_value,
        expected={"loss": RNN_LOSS},
        tolerance=LOSS,
        hint=LOSS_HINT,
    ),
    GradientCheck(
        unit=LOSS_UNIT,
        uses=RNN_UNITS,
        what="gradients of every parameter on the notebook's inputs (cell_type 'rnn')",
        question="rnn",
        points=4,
        inputs=Inputs(gradient_inputs),
        case=gradients,
        tolerance=GRADIENT,
        hint="backpropagate through every layer in reverse; grads has a key per self.params",
    ),
    GradientCheck(
        unit=LOSS_UNIT,
        uses=RNN_UNITS,
        what="gradients of every parameter with captions padded by <NULL> (cell_type 'rnn')",
        question="rnn",
        points=2,
        hidden=True,
        inputs=Inputs(
            gradient_inputs,
            seed=101,
            params={"N": 4, "T": 6, "D": 5, "W": 3, "H": 4, "padded": True},
        ),
        case=gradients,
        tolerance=GRADIENT,
        hint="words after <END> are <NULL>: the mask removes them from the loss and gradients",
    ),
    LeavesInputsAlone(
        unit=LOSS_UNIT,
        uses=RNN_UNITS,
        what="leaves features and captions unchanged",
        question="rnn",
        points=0.5,
        inputs=Inputs(gradient_inputs, seed=101, params={"padded": True}),
        call=gradients,
        hint="compute on new arrays; the solver reuses each minibatch",
    ),
    ExpectedOutput(
        unit=LOSS_UNIT,
        uses=LSTM_UNITS,
        what=f"the notebook's loss {LSTM_LOSS} (cell_type 'lstm')",
        question="lstm",
        points=1,
        inputs=Inputs(published_inputs, seed=None, params={"cell_type": "lstm"}),
        call=loss_value,
        expected={"loss": LSTM_LOSS},
        tolerance=LOSS,
        hint="with cell_type 'lstm' use lstm_forward and lstm_backward",
    ),
    GradientCheck(
        unit=LOSS_UNIT,
        uses=LSTM_UNITS,
        what="gradients of every parameter with captions padded by <NULL> (cell_type 'lstm')",
        question="lstm",
        points=1.25,
        inputs=Inputs(
            gradient_inputs, seed=103, params={"cell_type": "lstm", "N": 3, "T": 5, "padded": True}
        ),
        case=gradients,
        tolerance=GRADIENT,
        hint="with cell_type 'lstm' use lstm_forward and lstm_backward",
    ),
    sample_check(
        "greedy captions from <START>, <NULL> after any stop at <END>", greedy_captions, 3.5
    ),
    sample_check("column 0 holds the first sampled word, not <START>", first_column, 2.5),
    sample_check(
        "greedy captions on new shapes and max_length",
        greedy_captions,
        1,
        hidden=True,
        N=5,
        D=7,
        W=11,
        H=10,
        max_length=14,
    ),
]
