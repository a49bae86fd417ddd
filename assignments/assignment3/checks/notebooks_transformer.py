"""Transformer_Captioning.ipynb's overfitting run: the notebook runs top to bottom on the run's
dataset and its CaptioningTransformer has learnt the 50 training captions, measured here in
numpy from the exported weights (never by calling student code in this process), as the RNN
and LSTM runs are (notebooks_rnn.py).

The notebook states its goal as a final training loss below 0.03 (spec 7.4); the run's claim
shows the loss its solver printed. What counts is the word accuracy it implies, in eval mode:
feeding each training caption's words, the share of its next words, <NULL> padding aside,
that the model ranks first. The forward pass is the provided decoder's (post-norm layers:
masked self-attention, attention over the one memory vector, a ReLU feedforward network),
with our own sinusoid table, so a model trained on a wrong encoding is measured as it is.
"""

import numpy as np

from grader.checks import NotebookRun

NOTEBOOK = "Transformer_Captioning.ipynb"
MODEL = "transformer"
NUM_LAYERS, NUM_HEADS = 2, 2  # the notebook's overfitting model
METRIC = "training word accuracy"
LAYER_NORM_EPS = 1e-5  # nn.LayerNorm's default, which the provided layers keep
ATTENTION = ("key", "query", "value", "proj")
LAYER_PARAMS = [
    *(f"{attn}.{linear}.{p}" for attn in ("self_attn", "multihead_attn") for linear in ATTENTION
      for p in ("weight", "bias")),
    *(f"{name}.{p}" for name in ("linear1", "linear2", "norm1", "norm2", "norm3")
      for p in ("weight", "bias")),
]  # fmt: skip
PARAMS = (
    "visual_projection.weight", "visual_projection.bias", "embedding.weight",
    *(f"transformer.layers.{i}.{name}" for i in range(NUM_LAYERS) for name in LAYER_PARAMS),
    "output.weight", "output.bias",
)  # fmt: skip


def exports():
    """The model's weights as arrays, its <NULL> index, and the 50 captions with their images'
    features (load_coco_data subsets the captions, not the features)."""
    weights = {name: f"{MODEL}.state_dict()['{name}'].detach().cpu().numpy()" for name in PARAMS}
    return {
        **weights,
        "null": f"{MODEL}._null",
        "captions": "small_data['train_captions']",
        "features": "small_data['train_features'][small_data['train_image_idxs']]",
    }


def positional_table(length, dim):
    """The sinusoid encoding PositionalEncoding builds, (length, dim), in float64."""
    angle = np.arange(length)[:, None] * np.power(10000.0, -np.arange(0, dim, 2) / dim)
    table = np.zeros((length, dim))
    table[:, 0::2], table[:, 1::2] = np.sin(angle), np.cos(angle)
    return table


def linear(p, name, x):
    return x @ p[f"{name}.weight"].T + p[f"{name}.bias"]


def layer_norm(p, name, x):
    mean, var = x.mean(axis=-1, keepdims=True), x.var(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + LAYER_NORM_EPS) * p[f"{name}.weight"] + p[f"{name}.bias"]


def attention(p, name, query, key, value, mask=None, heads=NUM_HEADS):
    """MultiHeadAttention.forward in eval mode: (N, S, E) queries over (N, T, E) keys."""
    N, S, E = query.shape
    T = key.shape[1]

    def split(x, length):
        return x.reshape(N, length, heads, E // heads).transpose(0, 2, 1, 3)  # (N, H, L, E/H)

    q = split(linear(p, f"{name}.query", query), S)
    k = split(linear(p, f"{name}.key", key), T)
    v = split(linear(p, f"{name}.value", value), T)
    scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(E // heads)  # (N, H, S, T)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    scores = scores - scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores)
    weights /= weights.sum(axis=-1, keepdims=True)
    out = (weights @ v).transpose(0, 2, 1, 3).reshape(N, S, E)
    return linear(p, f"{name}.proj", out)


def scores(p, features, words):
    """CaptioningTransformer.forward in eval mode: (N, T, V) scores for (N, T) words."""
    T = words.shape[1]
    x = p["embedding.weight"][words]
    x = x + positional_table(T, x.shape[-1])
    memory = linear(p, "visual_projection", features)[:, None, :]  # (N, 1, W)
    causal = np.tril(np.ones((T, T), dtype=bool))
    for i in range(NUM_LAYERS):
        layer = f"transformer.layers.{i}"
        x = layer_norm(p, f"{layer}.norm1",
                       x + attention(p, f"{layer}.self_attn", x, x, x, causal))  # fmt: skip
        x = layer_norm(p, f"{layer}.norm2",
                       x + attention(p, f"{layer}.multihead_attn", x, memory, memory))  # fmt: skip
        hidden = np.maximum(0.0, linear(p, f"{layer}.linear1", x))
        x = layer_norm(p, f"{layer}.norm3", x + linear(p, f"{layer}.linear2", hidden))
    return linear(p, "output", x)


def word_accuracy(arrays):
    """{METRIC: ...} of the exported model on its training captions (teacher forcing)."""
    p = {name: np.asarray(arrays[name], dtype=np.float64) for name in PARAMS}
    captions = np.asarray(arrays["captions"]).astype(np.int64)
    features = np.asarray(arrays["features"], dtype=np.float64)
    if captions.ndim != 2 or len(features) != len(captions):
        raise ValueError(f"{len(features)} feature rows for captions of shape {captions.shape}")
    words_in, words_out = captions[:, :-1], captions[:, 1:]
    predicted = np.argmax(scores(p, features, words_in), axis=-1)
    mask = words_out != int(arrays["null"])
    if not mask.any():
        raise ValueError("the training captions hold no words")
    return {METRIC: float(np.mean(predicted[mask] == words_out[mask]))}


CHECKS = [
    NotebookRun(
        unit=NOTEBOOK,
        what="run on the generated data, the small Transformer learns its 50 training captions",
        question="transformer",
        points=7,
        uses=(
            "CaptioningTransformer.forward",
            "MultiHeadAttention.forward",
            "PositionalEncoding.__init__",
            "PositionalEncoding.forward",
        ),
        notebook=NOTEBOOK,
        exports=exports(),
        measure=word_accuracy,
        targets_by_metric={METRIC: "transformer_overfit_word_accuracy"},
        hint="the overfitting cell should end with a loss below 0.03: check forward's causal "
        "mask, and that the image is the memory, not a token",
    ),
]
