"""Leaves out the positional encoding: the decoder cannot tell the words' order."""

import torch

LOSES = "seeded float64 weights"
REASON = "scores: "


class CaptioningTransformer:
    def forward(self, features, captions):
        N, T = captions.shape
        words = self.embedding(captions)
        memory = self.visual_projection(features).unsqueeze(1)
        mask = torch.tril(torch.ones(T, T, dtype=torch.bool))
        return self.output(self.transformer(words, memory, tgt_mask=mask))
