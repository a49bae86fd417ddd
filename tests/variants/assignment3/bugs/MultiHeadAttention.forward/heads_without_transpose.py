"""Splits the heads with .view(N, H, L, E // H) straight away, without the transpose: each
"head" then holds a block of positions instead of a block of features."""

import math

import torch
from torch.nn import functional as F

LOSES = "self-attention"
REASON = "error"


class MultiHeadAttention:
    def forward(self, query, key, value, attn_mask=None):
        N, S, E = query.shape
        N, T, E = value.shape
        H, Dh = self.n_head, self.head_dim
        q = self.query(query).view(N, H, S, Dh)
        k = self.key(key).view(N, H, T, Dh)
        v = self.value(value).view(N, H, T, Dh)
        scores = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(Dh)
        if attn_mask is not None:
            scores = scores.masked_fill(attn_mask == 0, float("-inf"))
        weights = self.attn_drop(F.softmax(scores, dim=-1))
        mixed = torch.matmul(weights, v).reshape(N, S, E)
        return self.proj(mixed)
