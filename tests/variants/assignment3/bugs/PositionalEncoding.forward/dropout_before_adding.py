"""Drops out x first and adds the encoding after: the encoding itself is never dropped."""

LOSES = "train mode drops"
REASON = "zeroed"


class PositionalEncoding:
    def forward(self, x):
        N, S, D = x.shape
        output = self.dropout(x) + self.pe[:, :S]
        return output
