"""torch.einsum for both products, heads split with reshape and permute, and masked scores set
to a large negative number instead of -inf (their weight is exactly zero all the same)."""

import torch


class MultiHeadAttention:
    def forward(self, query, key, value, attn_mask=None):
        N, S, E = query.shape
        T = value.shape[1]
        H, d = self.n_head, self.head_dim
        q = self.query(query).reshape(N, S, H, d).permute(0, 2, 1, 3)
        k = self.key(key).reshape(N, T, H, d).permute(0, 2, 1, 3)
        v = self.value(value).reshape(N, T, H, d).permute(0, 2, 1, 3)
        scores = torch.einsum("nhsd,nhtd->nhst", q, k) * d**-0.5
        if attn_mask is not None:
            scores = torch.where(attn_mask.bool(), scores, torch.full_like(scores, -1e9))
        weights = self.attn_drop(scores.softmax(dim=-1))
        mixed = torch.einsum("nhst,nhtd->nshd", weights, v).reshape(N, S, E)
        return self.proj(mixed)
