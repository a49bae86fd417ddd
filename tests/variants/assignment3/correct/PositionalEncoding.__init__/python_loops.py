"""Two Python loops over positions and column pairs, with math.sin and math.cos."""

import math

import torch
import torch.nn as nn


class PositionalEncoding:
    def __init__(self, embed_dim, dropout=0.1, max_len=5000):
        super().__init__()
        self.dropout = nn.Dropout(p=dropout)
        assert embed_dim % 2 == 0
        pe = torch.zeros(1, max_len, embed_dim)
        for i in range(max_len):
            for j in range(0, embed_dim, 2):
                angle = i / 10000 ** (j / embed_dim)
                pe[0, i, j] = math.sin(angle)
                pe[0, i, j + 1] = math.cos(angle)
        self.register_buffer("pe", pe)
