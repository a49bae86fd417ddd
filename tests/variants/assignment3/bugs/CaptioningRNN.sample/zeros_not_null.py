"""Stops at <END> but starts from np.zeros, so the rest of an ended caption is word 0, not
<NULL>."""

import numpy as np
from cs231n.rnn_layers import affine_forward, lstm_step_forward, rnn_step_forward

LOSES = "greedy captions from <START>"
REASON = "differ from greedy decoding"


class CaptioningRNN:
    def sample(self, features, max_length=30):
        N = features.shape[0]
        captions = np.zeros((N, max_length), dtype=np.int32)
        W_proj, b_proj = self.params["W_proj"], self.params["b_proj"]
        W_embed = self.params["W_embed"]
        Wx, Wh, b = self.params["Wx"], self.params["Wh"], self.params["b"]
        W_vocab, b_vocab = self.params["W_vocab"], self.params["b_vocab"]
        h, _ = affine_forward(features, W_proj, b_proj)
        c = np.zeros_like(h)
        words = np.full(N, self._start)
        done = np.zeros(N, dtype=bool)
        for t in range(max_length):
            if self.cell_type == "rnn":
                h, _ = rnn_step_forward(W_embed[words], h, Wx, Wh, b)
            else:
                h, c, _ = lstm_step_forward(W_embed[words], h, c, Wx, Wh, b)
            words = (h @ W_vocab + b_vocab).argmax(axis=1)
            captions[~done, t] = words[~done]
            done |= words == self._end
        return captions
