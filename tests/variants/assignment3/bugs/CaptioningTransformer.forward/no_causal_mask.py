"""Runs the decoder without the causal mask: every position sees the words after it."""

LOSES = "changing later words"
REASON = "see the future"


class CaptioningTransformer:
    def forward(self, features, captions):
        words = self.positional_encoding(self.embedding(captions))
        memory = self.visual_projection(features).unsqueeze(1)
        return self.output(self.transformer(words, memory))
