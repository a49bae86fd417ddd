"""cos in the even columns and sin in the odd ones."""

import torch
import torch.nn as nn

LOSES = "sinusoid formula"
REASON = "pe: "


class PositionalEncoding:
    def __init__(self, embed_dim, dropout=0.1, max_len=5000):
        super().__init__()
        self.dropout = nn.Dropout(p=dropout)
        assert embed_dim % 2 == 0
        pe = torch.zeros(1, max_len, embed_dim)
        position = torch.arange(max_len, dtype=torch.float32).unsqueeze(1)
        exponent = torch.arange(0, embed_dim, 2, dtype=torch.float32) / embed_dim
        angle = position * torch.pow(10000.0, -exponent)
        pe[0, :, 0::2] = torch.cos(angle)
        pe[0, :, 1::2] = torch.sin(angle)
        self.register_buffer("pe", pe)
