"""Notebook runs of Q1 and the extra credit: RNN_Captioning.ipynb and LSTM_Captioning.ipynb run
top to bottom on the run's dataset, and the small models their overfitting cells train have
learnt the 50 training captions, measured here in numpy from the exported parameters (never by
calling student code in this process).

The notebooks state their goal as a final loss, which the run's claims show; the target is the
word accuracy it implies: feeding each training caption's words (teacher forcing), the share
of its next words, <NULL> padding aside, that the model ranks first.
"""

import numpy as np

from grader.checks import NotebookRun

PARAMS = ("W_embed", "W_proj", "b_proj", "Wx", "Wh", "b", "W_vocab", "b_vocab")
METRIC = "training word accuracy"
RNN_UNITS = (
    "rnn_step_forward",
    "rnn_step_backward",
    "rnn_forward",
    "rnn_backward",
    "word_embedding_forward",
    "word_embedding_backward",
    "CaptioningRNN.loss",
)
LSTM_UNITS = (
    "lstm_step_forward",
    "lstm_step_backward",
    "lstm_forward",
    "lstm_backward",
    "word_embedding_forward",
    "word_embedding_backward",
    "CaptioningRNN.loss",
)


def exports(model):
    """The model's parameters and cell type, and the 50 captions with their images' features
    (load_coco_data subsets the captions, not the features: image_idxs index the full array)."""
    found = {name: f"{model}.params['{name}']" for name in PARAMS}
    return {
        **found,
        "cell_type": f"str({model}.cell_type)",
        "null": f"{model}._null",
        "captions": "small_data['train_captions']",
        "features": "small_data['train_features'][small_data['train_image_idxs']]",
    }


def word_accuracy(arrays):
    """{METRIC: ...} of the exported model on its training captions."""
    p = {name: np.asarray(arrays[name], dtype=np.float64) for name in PARAMS}
    captions = np.asarray(arrays["captions"]).astype(np.int64)
    features = np.asarray(arrays["features"], dtype=np.float64)
    if captions.ndim != 2 or len(features) != len(captions):
        raise ValueError(f"{len(features)} feature rows for captions of shape {captions.shape}")
    words_in, words_out = captions[:, :-1], captions[:, 1:]
    scores = hidden_states(p, features, words_in, str(arrays["cell_type"])) @ p["W_vocab"]
    scores = scores + p["b_vocab"]  # (N, T, V)
    mask = words_out != int(arrays["null"])
    if not np.all(np.isfinite(scores)):
        return {METRIC: 0.0}  # a diverged model
    right = (scores.argmax(axis=2) == words_out) & mask
    return {METRIC: float(right.sum() / max(mask.sum(), 1))}


def hidden_states(p, features, words, cell_type):
    """(N, T, H) hidden states of a vanilla RNN or an LSTM (gates i, f, o, g) fed `words`."""
    h = features @ p["W_proj"] + p["b_proj"]
    c = np.zeros_like(h)
    H = h.shape[1]
    states = []
    with np.errstate(over="ignore"):  # sigmoid of a large negative number is just 0
        for t in range(words.shape[1]):
            a = p["W_embed"][words[:, t]] @ p["Wx"] + h @ p["Wh"] + p["b"]
            if cell_type == "lstm":
                i, f, o = (1 / (1 + np.exp(-a[:, k * H : (k + 1) * H])) for k in range(3))
                c = f * c + i * np.tanh(a[:, 3 * H :])
                h = o * np.tanh(c)
            else:
                h = np.tanh(a)
            states.append(h)
    return np.stack(states, axis=1)


CHECKS = [
    NotebookRun(
        unit="RNN_Captioning.ipynb",
        what="run on the generated data, the small RNN learns its 50 training captions",
        question="rnn",
        points=5,
        notebook="RNN_Captioning.ipynb",
        uses=RNN_UNITS,
        exports=exports("small_rnn_model"),
        measure=word_accuracy,
        targets_by_metric={METRIC: "rnn_overfit_word_accuracy"},
        hint="the overfitting cell should end with a small loss (see its target); check "
        "CaptioningRNN.loss first",
    ),
    NotebookRun(
        unit="LSTM_Captioning.ipynb",
        what="run on the generated data, the small LSTM learns its 50 training captions",
        question="lstm",
        points=2,
        notebook="LSTM_Captioning.ipynb",
        uses=LSTM_UNITS,
        exports=exports("small_lstm_model"),
        measure=word_accuracy,
        targets_by_metric={METRIC: "lstm_overfit_word_accuracy"},
        hint="the overfitting cell should end with a small loss (see its target); check "
        "lstm_forward and lstm_backward first",
    ),
]
