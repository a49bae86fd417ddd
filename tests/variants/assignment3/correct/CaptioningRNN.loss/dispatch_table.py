"""Picks the sequence layers from a dict, and the projection by a plain matrix product."""

import numpy as np
from cs231n.rnn_layers import (
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


class CaptioningRNN:
    def loss(self, features, captions):
        captions_in = captions[:, :-1]
        captions_out = captions[:, 1:]
        mask = captions_out != self._null
        W_proj, b_proj = self.params["W_proj"], self.params["b_proj"]
        W_embed = self.params["W_embed"]
        Wx, Wh, b = self.params["Wx"], self.params["Wh"], self.params["b"]
        W_vocab, b_vocab = self.params["W_vocab"], self.params["b_vocab"]
        loss, grads = 0.0, {}
        layers = {"rnn": (rnn_forward, rnn_backward), "lstm": (lstm_forward, lstm_backward)}
        forward, backward = layers[self.cell_type]
        h0 = features @ W_proj + b_proj
        embedded, embed_cache = word_embedding_forward(captions_in, W_embed)
        hidden, hidden_cache = forward(embedded, h0, Wx, Wh, b)
        scores, scores_cache = temporal_affine_forward(hidden, W_vocab, b_vocab)
        loss, dscores = temporal_softmax_loss(scores, captions_out, mask)
        dhidden, grads["W_vocab"], grads["b_vocab"] = temporal_affine_backward(
            dscores, scores_cache
        )
        dembedded, dh0, grads["Wx"], grads["Wh"], grads["b"] = backward(dhidden, hidden_cache)
        grads["W_embed"] = word_embedding_backward(dembedded, embed_cache)
        grads["W_proj"] = features.T @ dh0
        grads["b_proj"] = np.sum(dh0, axis=0)
        return loss, grads
