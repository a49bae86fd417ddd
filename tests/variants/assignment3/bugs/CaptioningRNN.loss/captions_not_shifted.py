"""Predicts captions_in instead of the next words: the targets are not shifted by one."""

import numpy as np
from cs231n.rnn_layers import (
    affine_backward,
    affine_forward,
    lstm_backward,
    lstm_forward,
    rnn_backward,
    rnn_forward,
    temporal_affine_backward,
    temporal_affine_forward,
    temporal_softmax_loss,
    word_embedding_backward,
    word_embedding_forward,
)

LOSES = "the notebook's loss 9.83235591003"
REASON = "loss: got"


class CaptioningRNN:
    def loss(self, features, captions):
        captions_in = captions[:, :-1]
        mask = captions_in != self._null
        p = self.params
        loss, grads = 0.0, {}
        forward, backward = (rnn_forward, rnn_backward) if self.cell_type == "rnn" else (
            lstm_forward, lstm_backward)  # fmt: skip
        h0, proj_cache = affine_forward(features, p["W_proj"], p["b_proj"])
        words, embed_cache = word_embedding_forward(captions_in, p["W_embed"])
        h, rnn_cache = forward(words, h0, p["Wx"], p["Wh"], p["b"])
        scores, vocab_cache = temporal_affine_forward(h, p["W_vocab"], p["b_vocab"])
        loss, dscores = temporal_softmax_loss(scores, captions_in, mask)
        dh, grads["W_vocab"], grads["b_vocab"] = temporal_affine_backward(dscores, vocab_cache)
        dwords, dh0, grads["Wx"], grads["Wh"], grads["b"] = backward(dh, rnn_cache)
        grads["W_embed"] = word_embedding_backward(dwords, embed_cache)
        _, grads["W_proj"], grads["b_proj"] = affine_backward(dh0, proj_cache)
        return loss, grads
