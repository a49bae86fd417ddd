"""Stops each caption at its first <END> (the rest stays <NULL>) and the loop once all have
ended."""

import numpy as np
from cs231n.rnn_layers import affine_forward, lstm_step_forward, rnn_step_forward


class CaptioningRNN:
    def sample(self, features, max_length=30):
        N = features.shape[0]
        captions = self._null * np.ones((N, max_length), dtype=np.int32)
        W_proj, b_proj = self.params["W_proj"], self.params["b_proj"]
        W_embed = self.params["W_embed"]
        Wx, Wh, b = self.params["Wx"], self.params["Wh"], self.params["b"]
        W_vocab, b_vocab = self.params["W_vocab"], self.params["b_vocab"]
        h, _ = affine_forward(features, W_proj, b_proj)
        c = np.zeros(h.shape)
        prev = np.array([self._start] * N)
        done = np.zeros(N, dtype=bool)
        for t in range(max_length):
            if self.cell_type == "rnn":
                h, _ = rnn_step_forward(W_embed[prev], h, Wx, Wh, b)
            else:
                h, c, _ = lstm_step_forward(W_embed[prev], h, c, Wx, Wh, b)
            prev = (h @ W_vocab + b_vocab).argmax(axis=1)
            captions[~done, t] = prev[~done]
            done |= prev == self._end
            if done.all():
                break
        return captions
