"""Uses each column's own index j in the exponent (0, 1, 2, 3, ...) instead of the pairs'
0, 0, 2, 2, ...: the odd columns get the wrong frequency."""

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
        j = torch.arange(embed_dim, dtype=torch.float32)
        angle = position * torch.pow(10000.0, -j / embed_dim)
        pe[0, :, 0::2] = torch.sin(angle[:, 0::2])
        pe[0, :, 1::2] = torch.cos(angle[:, 1::2])
        self.register_buffer("pe", pe)
