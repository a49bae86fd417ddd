"""Softmax over the queries (dim=-2) instead of the keys."""

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
        q = self.query(query).view(N, S, H, Dh).transpose(1, 2)
        k = self.key(key).view(N, T, H, Dh).transpose(1, 2)
        v = self.value(value).view(N, T, H, Dh).transpose(1, 2)
        scores = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(Dh)
        if attn_mask is not None:
            scores = scores.masked_fill(attn_mask == 0, float("-inf"))
        weights = self.attn_drop(F.softmax(scores, dim=-2))
        mixed = torch.matmul(weights, v).transpose(1, 2).reshape(N, S, E)
        return self.proj(mixed)
