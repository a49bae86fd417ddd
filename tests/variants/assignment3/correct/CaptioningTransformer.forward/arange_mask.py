"""The causal mask from comparing position indices, memory made with view, and the decoder's
layers run one by one."""

import torch


class CaptioningTransformer:
    def forward(self, features, captions):
        N, T = captions.shape
        x = self.positional_encoding(self.embedding(captions))
        memory = self.visual_projection(features).view(N, 1, -1)
        positions = torch.arange(T)
        causal = positions[:, None] >= positions[None, :]  # [i, j]: j <= i
        for layer in self.transformer.layers:
            x = layer(x, memory, tgt_mask=causal)
        return self.output(x)
