"""The first S rows of the table expanded over the batch, then the module's dropout."""


class PositionalEncoding:
    def forward(self, x):
        N, S, D = x.shape
        encodings = self.pe[0, :S, :].unsqueeze(0).expand(N, S, D)
        output = self.dropout(x + encodings)
        return output
