"""The table built in numpy (float64) with exp(-log(10000) j / E), as the original Transformer
code writes it, then copied into the float32 buffer."""

import numpy as np
import torch
import torch.nn as nn


class PositionalEncoding:
    def __init__(self, embed_dim, dropout=0.1, max_len=5000):
        super().__init__()
        self.dropout = nn.Dropout(p=dropout)
        assert embed_dim % 2 == 0
        pe = torch.zeros(1, max_len, embed_dim)
        position = np.arange(max_len)[:, None]
        div_term = np.exp(np.arange(0, embed_dim, 2) * (-np.log(10000.0) / embed_dim))
        table = np.zeros((max_len, embed_dim))
        table[:, 0::2] = np.sin(position * div_term)
        table[:, 1::2] = np.cos(position * div_term)
        pe[0] = torch.from_numpy(table)
        self.register_buffer("pe", pe)
