"""One head at a time: slices of the projections, scores with an explicit transpose, the mask
filled with -inf, and each head written into the skeleton's torch.empty placeholder in place
(a tensor of the default dtype) before the output projection."""

import math

import torch


class MultiHeadAttention:
    def forward(self, query, key, value, attn_mask=None):
        N, S, E = query.shape
        N, T, E = value.shape
        output = torch.empty((N, S, E))
        q_all, k_all, v_all = self.query(query), self.key(key), self.value(value)
        for h in range(self.n_head):
            part = slice(h * self.head_dim, (h + 1) * self.head_dim)
            q, k, v = q_all[:, :, part], k_all[:, :, part], v_all[:, :, part]
            scores = torch.bmm(q, k.transpose(1, 2)) / math.sqrt(self.head_dim)  # (N, S, T)
            if attn_mask is not None:
                scores = scores.masked_fill(attn_mask == 0, float("-inf"))
            weights = self.attn_drop(torch.softmax(scores, dim=2))
            output[:, :, part] = torch.bmm(weights, v)  # (N, S, head_dim)
        output = self.proj(output)
        return output
