"""The published pitfall (spec 14): the image is prepended as the first token and the last
caption word is dropped, so position t reads word t - 1 (and the memory is the image again)."""

import torch

LOSES = "one-word captions"
REASON = "scores: "


class CaptioningTransformer:
    def forward(self, features, captions):
        N, T = captions.shape
        image = self.visual_projection(features).unsqueeze(1)  # (N, 1, W)
        tokens = torch.cat([image, self.embedding(captions[:, :-1])], dim=1)  # (N, T, W)
        tokens = self.positional_encoding(tokens)
        mask = torch.tril(torch.ones(T, T, dtype=torch.bool))
        return self.output(self.transformer(tokens, image, tgt_mask=mask))
