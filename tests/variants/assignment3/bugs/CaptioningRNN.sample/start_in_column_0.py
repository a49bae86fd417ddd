"""The published pitfall (spec §14): <START> written into column 0, sampling only
t = 1 .. max_length-1."""

import numpy as np
from cs231n.rnn_layers import affine_forward, lstm_step_forward, rnn_step_forward

LOSES = "column 0 holds the first sampled word"
REASON = "column 0 holds <START>"


class CaptioningRNN:
    def sample(self, features, max_length=30):
        N = features.shape[0]
        captions = self._null * np.ones((N, max_length), dtype=np.int32)
        W_proj, b_proj = self.params["W_proj"], self.params["b_proj"]
        W_embed = self.params["W_embed"]
        Wx, Wh, b = self.params["Wx"], self.params["Wh"], self.params["b"]
        W_vocab, b_vocab = self.params["W_vocab"], self.params["b_vocab"]
        h, _ = affine_forward(features, W_proj, b_proj)
        c = np.zeros_like(h)
        captions[:, 0] = self._start
        for t in range(1, max_length):
            x = W_embed[captions[:, t - 1]]
            if self.cell_type == "rnn":
                h, _ = rnn_step_forward(x, h, Wx, Wh, b)
            else:
                h, c, _ = lstm_step_forward(x, h, c, Wx, Wh, b)
            captions[:, t] = (h @ W_vocab + b_vocab).argmax(axis=1)
        return captions
