"""A float 0/1 mask from Tensor.tril, features indexed with [:, None, :], positional
arguments all the way."""

import torch


class CaptioningTransformer:
    def forward(self, features, captions):
        N, T = captions.shape
        embedded = self.embedding(captions)
        embedded = self.positional_encoding(embedded)
        memory = self.visual_projection(features)[:, None, :]
        mask = torch.ones(T, T).tril()
        out = self.transformer(embedded, memory, mask)
        scores = self.output(out)
        return scores
