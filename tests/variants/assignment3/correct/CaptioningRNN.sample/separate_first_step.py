"""Feeds <START> in a step of its own before the loop, which then runs t = 1 .. max_length-1;
uses word_embedding_forward and temporal shapes."""

import numpy as np
from cs231n.rnn_layers import (
    lstm_step_forward,
    rnn_step_forward,
    temporal_affine_forward,
    word_embedding_forward,
)


class CaptioningRNN:
    def sample(self, features, max_length=30):
        N = features.shape[0]
        captions = self._null * np.ones((N, max_length), dtype=np.int32)
        W_proj, b_proj = self.params["W_proj"], self.params["b_proj"]
        W_embed = self.params["W_embed"]
        Wx, Wh, b = self.params["Wx"], self.params["Wh"], self.params["b"]
        W_vocab, b_vocab = self.params["W_vocab"], self.params["b_vocab"]

        def step(words, h, c):
            x, _ = word_embedding_forward(words[:, None], W_embed)
            if self.cell_type == "rnn":
                h, _ = rnn_step_forward(x[:, 0], h, Wx, Wh, b)
            else:
                h, c, _ = lstm_step_forward(x[:, 0], h, c, Wx, Wh, b)
            scores, _ = temporal_affine_forward(h[:, None], W_vocab, b_vocab)
            return np.argmax(scores[:, 0], axis=1), h, c

        h = features.dot(W_proj) + b_proj
        c = np.zeros_like(h)
        words, h, c = step(np.full(N, self._start), h, c)
        captions[:, 0] = words
        for t in range(1, max_length):
            words, h, c = step(words, h, c)
            captions[:, t] = words
        return captions
