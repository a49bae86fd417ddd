"""Q2, CaptioningTransformer.forward (cs231n/classifiers/transformer.py).

The course's published test sets every weight to a linspace and saturates: in eval mode
every position gives the same scores, and a forward that prepends the image as a token
(dropping the last word) differs by 1.4e-13 (spec 7.3, 14). The release's notebook tests in
eval mode with the default initialization instead, and prints six decimals: those numbers are
asserted here. The hidden cases load seeded float64 weights, large enough that positions
differ, and compare with the reference's scores (fixtures recorded with torch 2.13.0, eval
mode); properties check the causal mask and that each position reads its own word. The
model's PositionalEncoding is given the exact table, so these checks grade forward (and the
layers it calls) whatever the student's PositionalEncoding.__init__ builds.
"""

import numpy as np

from grader.checks import ExpectedOutput, Inputs, Problem, Property, Tolerance, Verdict

from ._torch import (
    MODEL,
    as_array,
    default_dtype,
    load_weights,
    parameter_shapes,
    randn,
    seed,
    seeded_weights,
    set_table,
    sinusoid_table,
    tensor,
)

QUESTION = "transformer"
UNIT = "CaptioningTransformer.forward"
TRANSFORMER = f"{MODEL}:CaptioningTransformer"
LAYERS_USED = ("MultiHeadAttention.forward", "PositionalEncoding.forward")
PRINTED = Tolerance("abs", 2e-6)  # six printed decimals of float32 scores
FIXTURE_TOLERANCE = Tolerance("rel_error", 1e-7)  # float64 weights, inputs and default dtype
# Scores of earlier positions with a masked future: equal to rounding (~1e-15).
UNCHANGED = 1e-10
CHANGED = 1e-6  # a position whose own word changed moves by far more (~0.1)

HINT = (
    "scores = self.output(self.transformer(self.positional_encoding(self.embedding(captions)), "
    "self.visual_projection(features).unsqueeze(1), tgt_mask=torch.tril(torch.ones(T, T))))"
)
CAUSAL_HINT = (
    "pass the decoder a lower-triangular (T, T) mask, torch.tril(torch.ones(T, T)): position t "
    "may look at positions 0..t only"
)
OWN_WORD_HINT = (
    "the captions are the decoder's T tokens and the image is its memory: do not prepend the "
    "image as a token or drop the last word"
)

# Transformer_Captioning.ipynb's CaptioningTransformer test, in eval mode, as printed.
NOTEBOOK_SCORES = [
    [[0.603529, -0.610753, -1.130743], [0.618324, -0.549206, -1.366013],
     [0.640035, -0.817833, -1.112344]],
    [[0.603496, -0.611688, -1.131852], [0.618232, -0.550075, -1.367128],
     [0.640017, -0.818758, -1.113234]],
    [[0.601886, -0.608650, -1.132462], [0.616737, -0.547216, -1.367666],
     [0.638485, -0.815870, -1.114108]],
    [[0.601460, -0.610079, -1.130760], [0.616274, -0.548470, -1.366076],
     [0.638038, -0.817146, -1.112277]],
]  # fmt: skip


def nothing():
    """No inputs: the notebook's cell draws its features in the worker from the torch seed."""
    return {}


def notebook_scores(student, d):
    """The notebook's cell: seeds 231, the default initialization, eval mode."""
    default_dtype(student, "float32")
    seed(student)
    student.seed(231)
    N, D, W, T = 4, 20, 30, 3
    vocab = {"<NULL>": 0, "cat": 2, "dog": 3}
    model = student.new(
        TRANSFORMER, vocab, input_dim=D, wordvec_dim=W, num_heads=2, num_layers=2, max_length=30
    )
    student.method(model, "eval")
    features = randn(student, N, D)
    captions = tensor(student, (np.arange(N * T) % len(vocab)).reshape(N, T))
    return {"scores": as_array(student, student.method(model, "forward", features, captions))}


def model_inputs(rng, N=3, T=6, V=11, D=10, W=16, H=2, L=2, max_length=20):
    """Sizes, seeded features (N, D) and captions (N, T) of words 0..V-1, and the rng state
    the weights are drawn from once their names and shapes are known."""
    vocab = {"<NULL>": 0, "<START>": 1, "<END>": 2, **{f"w{i}": i for i in range(3, V)}}
    return {
        "vocab": vocab,
        "D": D,
        "W": W,
        "H": H,
        "L": L,
        "max_length": max_length,
        "features": rng.randn(N, D),
        "captions": rng.randint(V, size=(N, T)),
        "weight_seed": int(rng.randint(2**31)),
    }


def seeded_model(student, d):
    """A CaptioningTransformer with seeded float64 weights and the exact positional table,
    in eval mode."""
    default_dtype(student, "float64")
    model = student.new(
        TRANSFORMER,
        d["vocab"],
        input_dim=d["D"],
        wordvec_dim=d["W"],
        num_heads=d["H"],
        num_layers=d["L"],
        max_length=d["max_length"],
    )
    shapes = parameter_shapes(student, model)
    load_weights(student, model, seeded_weights(np.random.RandomState(d["weight_seed"]), shapes))
    encoder = student.get(model, "positional_encoding")
    set_table(student, encoder, sinusoid_table(d["max_length"], d["W"]))
    student.method(model, "eval")
    return model


def score(student, model, features, captions):
    out = student.method(model, "forward", tensor(student, features), tensor(student, captions))
    return as_array(student, out)


def seeded_scores(student, d):
    model = seeded_model(student, d)
    return {"scores": score(student, model, d["features"], d["captions"])}


def changed_word(captions, t, V):
    changed = captions.copy()
    changed[:, t] = (changed[:, t] + 1) % V
    return changed


def future_changes(student, d):
    """Scores before and after changing the words from position k = T // 2 on."""
    model, V = seeded_model(student, d), len(d["vocab"])
    captions = d["captions"]
    k = captions.shape[1] // 2
    changed = captions.copy()
    changed[:, k:] = (changed[:, k:] + 1) % V
    return {
        "k": k,
        "before": score(student, model, d["features"], captions),
        "after": score(student, model, d["features"], changed),
    }


def scores_of(outputs, name):
    array = np.asarray(outputs[name], dtype=np.float64)
    if array.ndim != 3:
        raise ValueError(f"expected scores of shape (N, T, V), got {array.shape}")
    return array


def causal(outputs):
    """Changing words at positions >= k leaves the scores at positions < k as they were."""
    try:
        before, after = scores_of(outputs, "before"), scores_of(outputs, "after")
    except ValueError as error:
        return Verdict(0.0, str(error), problems=(Problem("shape", "scores"),))
    k = outputs["k"]
    earlier = float(np.abs(after[:, :k] - before[:, :k]).max())
    later = float(np.abs(after[:, k:] - before[:, k:]).max())
    if earlier > UNCHANGED:
        return Verdict(
            0.0,
            f"changing the words from position {k} on moved the scores of "
            f"positions 0..{k - 1} by up to {earlier:.1e}: they see the future",
            problems=(Problem("value", "scores", error=earlier, limit=UNCHANGED),),
        )
    if later < CHANGED:
        return Verdict(
            0.0,
            f"changing the words from position {k} on changed no score at "
            "all: the scores do not depend on the words",
            problems=(Problem("value", "scores", error=later),),
        )
    return Verdict(1.0, detail=f"earlier scores moved {earlier:.1e}, later ones {later:.2f}")


def own_word_changes(student, d):
    """For each position t, the scores at t before and after changing the word at t."""
    model, V = seeded_model(student, d), len(d["vocab"])
    captions = d["captions"]
    outputs = {"before": score(student, model, d["features"], captions)}
    for t in range(captions.shape[1]):
        outputs[f"after {t}"] = score(student, model, d["features"], changed_word(captions, t, V))
    return outputs


def reads_its_own_word(outputs):
    """The scores at position t depend on the word at t (the image is not token 0, and the
    last word is not dropped)."""
    try:
        before = scores_of(outputs, "before")
        moved = []
        for t in range(before.shape[1]):
            after = scores_of(outputs, f"after {t}")
            moved.append(float(np.abs(after[:, t] - before[:, t]).max()))
    except ValueError as error:
        return Verdict(0.0, str(error), problems=(Problem("shape", "scores"),))
    deaf = [t for t, m in enumerate(moved) if m < CHANGED]
    if deaf:
        where = ", ".join(str(t) for t in deaf)
        return Verdict(
            0.0,
            f"the scores at position(s) {where} do not change when the word at "
            "that position does (was the image prepended, or a word dropped?)",
            problems=(Problem("value", "scores", error=min(moved)),),
        )
    return Verdict(1.0, detail=f"each position's own word moves its scores by >= {min(moved):.2f}")


def check(what, points, uses=LAYERS_USED, **fields):
    return dict(unit=UNIT, what=what, question=QUESTION, points=points, uses=uses, **fields)


# One-word captions need no mask, so the properties below, which require this check, say
# something only about a forward whose scores are right where masking cannot matter.
ONE_WORD = ExpectedOutput(
    **check(
        "scores of one-word captions (no masking involved)", 2, hint=OWN_WORD_HINT, hidden=True
    ),
    inputs=Inputs(model_inputs, seed=29, params={"N": 4, "T": 1}),
    call=seeded_scores,
    tolerance=FIXTURE_TOLERANCE,
)

CHECKS = [
    ExpectedOutput(
        # The default initialization: the student's own positional table is used here.
        **check(
            "the notebook's test in eval mode, as printed",
            3,
            hint=HINT,
            uses=(*LAYERS_USED, "PositionalEncoding.__init__"),
        ),
        inputs=Inputs(nothing, seed=None),
        call=notebook_scores,
        expected={"scores": np.asarray(NOTEBOOK_SCORES)},
        tolerance=PRINTED,
    ),
    ONE_WORD,
    ExpectedOutput(
        **check(
            "scores with seeded float64 weights (T = 6, V = 11, 2 heads)", 3, hint=HINT, hidden=True
        ),
        inputs=Inputs(model_inputs, seed=31),
        call=seeded_scores,
        tolerance=FIXTURE_TOLERANCE,
    ),
    ExpectedOutput(
        **check(
            "scores on new sizes (T = 9, V = 13, 3 heads, one layer)", 2, hint=HINT, hidden=True
        ),
        inputs=Inputs(
            model_inputs, seed=37, params={"N": 2, "T": 9, "V": 13, "D": 7, "W": 12, "H": 3, "L": 1}
        ),
        call=seeded_scores,
        tolerance=FIXTURE_TOLERANCE,
    ),
    Property(
        **check(
            "changing later words leaves the earlier positions' scores alone",
            3,
            hint=CAUSAL_HINT,
            requires=(ONE_WORD,),
        ),
        inputs=Inputs(model_inputs, seed=41, params={"T": 8}),
        call=future_changes,
        predicate=causal,
    ),
    Property(
        **check(
            "the scores at each position depend on that position's word",
            2,
            hint=OWN_WORD_HINT,
            requires=(ONE_WORD,),
        ),
        inputs=Inputs(model_inputs, seed=43, params={"N": 2, "T": 5}),
        call=own_word_changes,
        predicate=reads_its_own_word,
    ),
]
