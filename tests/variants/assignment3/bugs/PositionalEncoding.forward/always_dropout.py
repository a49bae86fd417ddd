"""F.dropout without training=self.training: dropout stays on in eval mode."""

from torch.nn import functional as F

LOSES = "eval mode adds"
REASON = "error"


class PositionalEncoding:
    def forward(self, x):
        N, S, D = x.shape
        return F.dropout(x + self.pe[:, :S], p=self.dropout.p)
