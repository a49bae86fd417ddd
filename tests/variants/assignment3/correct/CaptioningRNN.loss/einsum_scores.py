"""Scores and their gradients by np.einsum instead of temporal_affine; the mask as floats."""

import numpy as np
from cs231n.rnn_layers import (
    affine_backward,
    affine_forward,
    lstm_backward,
    lstm_forward,
    rnn_backward,
    rnn_forward,
    temporal_softmax_loss,
    word_embedding_backward,
    word_embedding_forward,
)


class CaptioningRNN:
    def loss(self, features, captions):
        captions_in = captions[:, :-1]
        captions_out = captions[:, 1:]
        mask = (captions_out != self._null).astype(float)
        p = self.params
        loss, grads = 0.0, {}
        h0, proj_cache = affine_forward(features, p["W_proj"], p["b_proj"])
        x, embed_cache = word_embedding_forward(captions_in, p["W_embed"])
        if self.cell_type == "rnn":
            h, cache = rnn_forward(x, h0, p["Wx"], p["Wh"], p["b"])
        else:
            h, cache = lstm_forward(x, h0, p["Wx"], p["Wh"], p["b"])
        scores = np.einsum("nth,hv->ntv", h, p["W_vocab"]) + p["b_vocab"]
        loss, dscores = temporal_softmax_loss(scores, captions_out, mask > 0)
        grads["W_vocab"] = np.einsum("nth,ntv->hv", h, dscores)
        grads["b_vocab"] = dscores.sum(axis=(0, 1))
        dh = np.einsum("ntv,hv->nth", dscores, p["W_vocab"])
        if self.cell_type == "rnn":
            dx, dh0, grads["Wx"], grads["Wh"], grads["b"] = rnn_backward(dh, cache)
        else:
            dx, dh0, grads["Wx"], grads["Wh"], grads["b"] = lstm_backward(dh, cache)
        grads["W_embed"] = word_embedding_backward(dx, embed_cache)
        _, grads["W_proj"], grads["b_proj"] = affine_backward(dh0, proj_cache)
        return loss, grads
