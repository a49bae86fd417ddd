"""Q2, the Transformer's layers: MultiHeadAttention and PositionalEncoding of
cs231n/transformer_layers.py.

The course's published outputs (spec section 6) come from a train-mode run and depend on the
dropout draws of an unrecorded torch; they are documentation only (spec 6.3). The notebook of
this release tests in eval mode, seeded with torch.manual_seed(231), and prints six decimals:
those numbers are asserted here, as the notebook's test computes them (torch 2.13.0, CPU,
float32). The hidden cases load seeded float64 weights into the student's module and compare
with the reference's outputs (fixtures recorded with torch 2.13.0), in eval mode, except the
dropout checks, which say where dropout goes without depending on how torch draws its masks.
The positional-encoding table is compared with the formula itself, computed here in float64.
"""

import numpy as np

from grader.checks import ExpectedOutput, Inputs, Problem, Property, Tolerance, Verdict

from ._torch import (
    LAYERS,
    as_array,
    default_dtype,
    load_weights,
    randn,
    seed,
    set_table,
    sinusoid_table,
    tensor,
)

QUESTION = "transformer"
MHA = f"{LAYERS}:MultiHeadAttention"
PE = f"{LAYERS}:PositionalEncoding"
# The notebook prints six decimals of float32 outputs: rounding (5e-7) plus float32 sums
# computed in another order (~1e-7) stay below this; a wrong formula is off by far more.
PRINTED = Tolerance("abs", 2e-6)
# Float64 weights and inputs (and default dtype): implementations that differ only in the
# order of their sums (loops over heads, einsum, matmul) agree to ~1e-15.
FIXTURE_TOLERANCE = Tolerance("rel_error", 1e-7)
# The table built in float32 as the skeleton's torch.zeros does: angles up to max_len (< 64
# here) carry ~max_len * 6e-8 of rounding.
TABLE = Tolerance("abs", 2e-5)
DROPOUT_P = 0.1

MHA_HINT = (
    "project with self.query/self.key/self.value, split into heads with "
    ".view(N, L, H, E // H).transpose(1, 2), softmax(Q K^T / sqrt(E // H)) over the keys, "
    "weights @ V, merge the heads back with .transpose(1, 2).reshape(N, S, E), then self.proj"
)
MASK_HINT = (
    "before the softmax, scores.masked_fill(attn_mask == 0, float('-inf')): a masked key gets "
    "exactly zero weight"
)
TABLE_HINT = (
    "pe[0, i, j] = sin(i * 10000 ** (-j / E)) for even j and cos(i * 10000 ** (-(j - 1) / E)) "
    "for odd j, for every position i < max_len"
)
PE_FORWARD_HINT = "output = self.dropout(x + self.pe[:, :S])"

# Transformer_Captioning.ipynb's tests, in eval mode, as printed (six decimals).
NOTEBOOK_ATTENTION = {
    "self-attention": [
        [
            [-0.102963, 0.208978, 0.748143, -0.411648, -0.277235, 0.235667, -0.273989, -0.279764],
            [-0.179383, 0.163719, 0.692959, -0.343530, -0.230038, 0.245730, -0.250405, -0.232316],
            [-0.186086, 0.156738, 0.667743, -0.307805, -0.273129, 0.230165, -0.271352, -0.208171],
        ]
    ],
    "masked self-attention": [
        [
            [-0.120901, 0.180590, 0.805564, -0.465415, -0.226225, 0.255229, -0.254442, -0.281184],
            [-0.237431, 0.118277, 0.742277, -0.377701, -0.145983, 0.271641, -0.221311, -0.207705],
            [-0.085083, 0.242314, 0.794122, -0.377775, -0.492410, 0.151215, -0.424063, -0.173985],
        ]
    ],
    "cross-attention": [
        [
            [-0.196482, 0.070167, 0.522734, -0.138765, -0.352967, 0.216283, -0.264278, -0.190172],
            [-0.359202, -0.089867, 0.583562, 0.002864, -0.364347, 0.266668, -0.197254, -0.169754],
            [-0.379457, 0.043299, 0.563409, -0.074862, -0.437930, 0.271414, -0.220740, -0.198001],
        ]
    ],
}
NOTEBOOK_PE = [
    [
        [-1.110582, 1.001412, 1.528024, -0.077834, -0.696355, 1.145485],
        [0.812483, -0.430262, 0.498139, 0.731976, 1.137975, 1.533056],
    ]
]


def nothing():
    """No inputs: the notebook's cells draw theirs in the worker from the torch seed."""
    return {}


def notebook_attention(output):
    """The notebook's MultiHeadAttention cell (seed 231, E = 8, H = 2, eval mode): one of its
    three outputs, all three computed so the draws come in the notebook's order."""

    def call(student, d):
        default_dtype(student, "float32")
        seed(student)
        attn = student.new(MHA, 8, num_heads=2)
        student.method(attn, "eval")
        data = randn(student, 1, 3, 8)
        outputs = {"self-attention": attend(student, attn, data, data)}
        mask = student.call("torch:lt", randn(student, 3, 3), 0.5)
        outputs["masked self-attention"] = attend(student, attn, data, data, mask)
        other = randn(student, 1, 3, 8)
        outputs["cross-attention"] = attend(student, attn, data, other)
        return {output: outputs[output]}

    return call


def attend(student, attn, query, memory, mask=None):
    """attn.forward(query, memory, memory[, mask]) as a numpy array."""
    kwargs = {} if mask is None else {"attn_mask": mask}
    out = student.method(attn, "forward", query=query, key=memory, value=memory, **kwargs)
    return as_array(student, out)


def attention_inputs(rng, N=2, S=5, T=5, E=12, H=3, mask=False, cross=True):
    """Seeded float64 weights for MultiHeadAttention(E, H) and a query (N, S, E), a memory
    (N, T, E) (the query itself unless `cross`) and optionally a random (S, T) mask in which
    every query keeps at least one key."""
    weights = {}
    for name in ("key", "query", "value", "proj"):
        weights[f"{name}.weight"] = rng.randn(E, E) / np.sqrt(E)
        weights[f"{name}.bias"] = 0.1 * rng.randn(E)
    query = rng.randn(N, S, E)
    d = {
        "E": E,
        "H": H,
        "weights": weights,
        "query": query,
        "memory": rng.randn(N, T, E) if cross else query,
    }
    if mask:
        keep = rng.rand(S, T) < 0.5
        keep[np.arange(S), rng.randint(T, size=S)] = True
        d["mask"] = keep
    return d


def seeded_attention(student, d, train=False):
    """MultiHeadAttention(E, H) with the seeded weights, in eval mode unless `train`."""
    default_dtype(student, "float64")
    attn = student.new(MHA, d["E"], d["H"])
    load_weights(student, attn, d["weights"])
    student.method(attn, "train" if train else "eval")
    return attn


def seeded_output(student, d):
    attn = seeded_attention(student, d)
    query, memory = tensor(student, d["query"]), tensor(student, d["memory"])
    mask = tensor(student, d["mask"]) if "mask" in d else None
    return {"out": attend(student, attn, query, memory, mask)}


def causal_outputs(student, d):
    """Self-attention under a causal (lower-triangular) mask, on a sequence and on the same
    sequence with its last element changed."""
    attn = seeded_attention(student, d)
    S = d["query"].shape[1]
    mask = tensor(student, np.tril(np.ones((S, S), dtype=bool)))
    changed = d["query"].copy()
    changed[:, -1] += 1.0
    outputs = {}
    for name, x in (("before", d["query"]), ("after", changed)):
        x = tensor(student, x)
        outputs[name] = attend(student, attn, x, x, mask)
    return outputs


def only_the_last_query_changes(outputs):
    """Under a causal mask, changing the last element changes only the last output."""
    before, after = (np.asarray(outputs[k], dtype=np.float64) for k in ("before", "after"))
    if before.ndim != 3 or before.shape != after.shape:
        return Verdict(
            0.0,
            f"expected outputs of shape (N, S, E), got {before.shape}",
            problems=(Problem("shape", "out", got=before.shape),),
        )
    earlier = float(np.abs(after[:, :-1] - before[:, :-1]).max())
    last = float(np.abs(after[:, -1] - before[:, -1]).max())
    if earlier > 1e-12:
        return Verdict(
            0.0,
            f"changing the last key and value moved the outputs of earlier "
            f"queries by {earlier:.1e}: they attended to a masked key",
            problems=(Problem("value", "out", error=earlier, limit=1e-12),),
        )
    if last < 1e-6:
        return Verdict(
            0.0,
            "changing the last element did not change its own output",
            problems=(Problem("value", "out", error=last),),
        )
    return Verdict(1.0, detail=f"earlier outputs moved {earlier:.1e}, the last {last:.2f}")


def thresholded_output(student, d):
    """Train mode with self.attn_drop replaced by a deterministic stand-in (nn.Threshold,
    which zeroes the attention weights below 1 / T): the output says whether the weights, and
    only they, went through attn_drop."""
    attn = seeded_attention(student, d, train=True)
    T = d["memory"].shape[1]
    student.set(attn, "attn_drop", student.new("torch.nn:Threshold", 1.0 / T, 0.0))
    query, memory = tensor(student, d["query"]), tensor(student, d["memory"])
    return {"out": attend(student, attn, query, memory)}


def notebook_encoding(student, d):
    """The notebook's PositionalEncoding cell: seed 231, x = randn(1, 2, 6), eval mode."""
    default_dtype(student, "float32")
    seed(student)
    data = randn(student, 1, 2, 6)
    encoder = student.new(PE, 6)
    student.method(encoder, "eval")
    return {"output": as_array(student, student.method(encoder, "forward", data))}


def table_inputs(E=16, max_len=50):
    return {"E": E, "max_len": max_len, "pe": sinusoid_table(max_len, E)}


def encoding_table(student, d):
    """The pe buffer a PositionalEncoding(E, max_len=max_len) builds (float32, as in the
    notebook)."""
    default_dtype(student, "float32")
    encoder = student.new(PE, d["E"], max_len=d["max_len"])
    return {"pe": as_array(student, student.get(encoder, "pe"))}


def encoding_inputs(rng, N=3, S=7, E=16, max_len=50):
    table = sinusoid_table(max_len, E)
    x = rng.randn(N, S, E)
    return {"E": E, "max_len": max_len, "table": table, "x": x, "out": x + table[:, :S]}


def seeded_encoder(student, d, dropout=DROPOUT_P):
    """A PositionalEncoding holding the exact table (its own __init__ is graded apart)."""
    default_dtype(student, "float64")
    encoder = student.new(PE, d["E"], dropout=dropout, max_len=d["max_len"])
    set_table(student, encoder, d["table"])
    return encoder


def encoded(student, d):
    encoder = seeded_encoder(student, d)
    student.method(encoder, "eval")
    return {"out": as_array(student, student.method(encoder, "forward", tensor(student, d["x"])))}


def dropout_inputs(N=2000, S=10, E=8):
    """Ones through a train-mode PositionalEncoding: x + pe is never 0, so a zero is a drop."""
    table = sinusoid_table(S, E)
    return {"E": E, "max_len": S, "table": table, "x": np.ones((N, S, E)), "sum": 1.0 + table}


def dropped(student, d):
    seed(student)
    encoder = seeded_encoder(student, d)
    student.method(encoder, "train")
    out = as_array(student, student.method(encoder, "forward", tensor(student, d["x"])))
    return {"out": out, "undropped": d["sum"]}


def dropout_keeps_the_mean(outputs):
    """About p of the entries are zero, and the rest are scaled by 1 / (1 - p)."""
    out, undropped = np.asarray(outputs["out"], dtype=np.float64), outputs["undropped"]
    if out.shape[1:] != undropped.shape[1:]:
        return Verdict(
            0.0,
            f"expected an output of shape (N, S, D), got {out.shape}",
            problems=(Problem("shape", "out", got=out.shape),),
        )
    zeros = float(np.mean(out == 0))
    kept = out != 0
    scale = np.broadcast_to(undropped, out.shape)[kept]
    ratio = float(np.mean(out[kept] / scale)) if kept.any() else 0.0
    detail = f"{zeros:.3f} of the entries dropped, the others scaled by {ratio:.4f}"
    if not abs(zeros - DROPOUT_P) < 0.02:
        return Verdict(
            0.0,
            f"in train mode {zeros:.3f} of x + pe was zeroed, expected about "
            f"{DROPOUT_P} (dropout after adding the encoding)",
            problems=(Problem("value", "out", expected=DROPOUT_P, got=zeros),),
        )
    if not abs(ratio - 1 / (1 - DROPOUT_P)) < 1e-6:
        return Verdict(
            0.0,
            f"the entries kept were scaled by {ratio:.4f}, expected "
            f"1 / (1 - p) = {1 / (1 - DROPOUT_P):.4f}",
            problems=(Problem("value", "out", expected=1 / (1 - DROPOUT_P), got=ratio),),
        )
    return Verdict(1.0, detail=detail)


def attention_check(what, points, inputs, call, hint=MHA_HINT, hidden=True, **extra):
    return ExpectedOutput(
        unit="MultiHeadAttention.forward",
        what=what,
        question=QUESTION,
        points=points,
        hidden=hidden,
        inputs=inputs,
        call=call,
        tolerance=FIXTURE_TOLERANCE,
        hint=hint,
        **extra,
    )


def notebook_attention_check(output, points, hint=MHA_HINT):
    return ExpectedOutput(
        unit="MultiHeadAttention.forward",
        what=f"the notebook's {output} test in eval mode, as printed",
        question=QUESTION,
        points=points,
        inputs=Inputs(nothing, seed=None),
        call=notebook_attention(output),
        expected={output: np.asarray(NOTEBOOK_ATTENTION[output])},
        tolerance=PRINTED,
        hint=hint,
    )


UNMASKED = ExpectedOutput(
    unit="MultiHeadAttention.forward",
    what="self-attention with 3 heads, float64 weights",
    question=QUESTION,
    points=2,
    hidden=True,
    inputs=Inputs(attention_inputs, seed=7, params={"cross": False}),
    call=seeded_output,
    tolerance=FIXTURE_TOLERANCE,
    hint=MHA_HINT,
)

CHECKS = [
    notebook_attention_check("self-attention", 2),
    notebook_attention_check("masked self-attention", 2, MASK_HINT),
    notebook_attention_check("cross-attention", 2),
    UNMASKED,
    attention_check(
        "cross-attention (S = 4 queries, T = 6 keys, 4 heads)",
        2,
        Inputs(attention_inputs, seed=11, params={"N": 3, "S": 4, "T": 6, "E": 16, "H": 4}),
        seeded_output,
    ),
    attention_check(
        "cross-attention with a random mask",
        2,
        Inputs(attention_inputs, seed=13, params={"S": 5, "T": 7, "H": 2, "mask": True}),
        seeded_output,
        hint=MASK_HINT,
    ),
    Property(
        unit="MultiHeadAttention.forward",
        what="under a causal mask, earlier queries ignore later keys",
        question=QUESTION,
        points=2,
        hidden=True,
        inputs=Inputs(attention_inputs, seed=17, params={"S": 6, "T": 6, "cross": False}),
        call=causal_outputs,
        predicate=only_the_last_query_changes,
        hint=MASK_HINT,
        requires=(UNMASKED,),  # outputs right without a mask, so the property is not vacuous
    ),
    attention_check(
        "self.attn_drop is applied to the attention weights (train mode)",
        1,
        Inputs(attention_inputs, seed=19, params={"S": 4, "T": 6, "E": 8, "H": 2}),
        thresholded_output,
        hint="weights = self.attn_drop(F.softmax(scores, dim=-1)), before multiplying by V; "
        "not on the scores or the output",
    ),
    ExpectedOutput(
        unit="PositionalEncoding.__init__",
        uses=("PositionalEncoding.forward",),
        what="the notebook's test in eval mode, as printed",
        question=QUESTION,
        points=1.5,
        inputs=Inputs(nothing, seed=None),
        call=notebook_encoding,
        expected={"output": np.asarray(NOTEBOOK_PE)},
        tolerance=PRINTED,
        hint=TABLE_HINT,
    ),
    ExpectedOutput(
        unit="PositionalEncoding.__init__",
        what="the table pe of shape (1, max_len, E) is the sinusoid formula (E = 16)",
        question=QUESTION,
        points=2,
        inputs=Inputs(table_inputs, seed=None),
        call=encoding_table,
        expected={"pe": sinusoid_table(50, 16)},
        tolerance=TABLE,
        hint=TABLE_HINT,
    ),
    ExpectedOutput(
        unit="PositionalEncoding.__init__",
        what="the table for E = 10, max_len = 37",
        question=QUESTION,
        points=1,
        hidden=True,
        inputs=Inputs(table_inputs, seed=None, params={"E": 10, "max_len": 37}),
        call=encoding_table,
        expected={"pe": sinusoid_table(37, 10)},
        tolerance=TABLE,
        hint=TABLE_HINT,
    ),
    ExpectedOutput(
        unit="PositionalEncoding.forward",
        what="eval mode adds pe[:, :S] to every sequence",
        question=QUESTION,
        points=1.5,
        inputs=Inputs(encoding_inputs, seed=23),
        call=encoded,
        tolerance=FIXTURE_TOLERANCE,
        hint=PE_FORWARD_HINT,
    ),
    ExpectedOutput(
        unit="PositionalEncoding.forward",
        what="a sequence as long as max_len takes the whole table",
        question=QUESTION,
        points=0.5,
        hidden=True,
        inputs=Inputs(encoding_inputs, seed=29, params={"N": 1, "S": 12, "E": 8, "max_len": 12}),
        call=encoded,
        tolerance=FIXTURE_TOLERANCE,
        hint=PE_FORWARD_HINT,
    ),
    Property(
        unit="PositionalEncoding.forward",
        what="train mode drops about p of x + pe and rescales the rest by 1 / (1 - p)",
        question=QUESTION,
        points=1.5,
        inputs=Inputs(dropout_inputs, seed=None),
        call=dropped,
        predicate=dropout_keeps_the_mean,
        hint="apply self.dropout to the sum x + pe, in train mode only (nn.Dropout does)",
    ),
]
