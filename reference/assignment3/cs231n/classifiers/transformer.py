"""
CaptioningTransformer: a Transformer decoder that writes a caption for an image, one word at a
time, attending to the image's feature vector.

Dimension letters: N is the batch size, T the caption length, D the size of the image features,
W the word-vector (model) dimension, V the vocabulary size.

Everything here is provided except CaptioningTransformer.forward.
"""

import copy

import numpy as np
import torch
import torch.nn as nn

from ..transformer_layers import *


class CaptioningTransformer(nn.Module):
    """
    A Transformer decoder that produces captions from image features.

    A caption of T words is embedded into T vectors of dimension W, the image features are
    projected to one more vector of dimension W (the "memory"), and the decoder layers turn the
    word vectors into scores over the vocabulary. A causal mask keeps each position from
    seeing the words after it, so the scores at position t predict word t + 1.

    The model has no regularization.
    """

    def __init__(
        self, word_to_idx, input_dim, wordvec_dim, num_heads=4, num_layers=2, max_length=50
    ):
        """
        Construct a new CaptioningTransformer instance.

        Inputs:
        - word_to_idx: A dictionary giving the vocabulary. It contains V entries,
          and maps each string to a unique integer in the range [0, V).
        - input_dim: Dimension D of the input image feature vectors.
        - wordvec_dim: Dimension W of the word vectors (and of the whole model).
        - num_heads: Number of attention heads.
        - num_layers: Number of decoder layers.
        - max_length: The longest caption (in tokens) the positional encoding covers.
        """
        super().__init__()

        vocab_size = len(word_to_idx)
        self.vocab_size = vocab_size
        self._null = word_to_idx["<NULL>"]
        self._start = word_to_idx.get("<START>", None)
        self._end = word_to_idx.get("<END>", None)

        # The order of construction fixes the order of the random draws (and so the seeded
        # initial weights); the output layer comes after _init_weights and keeps the default
        # initialization of nn.Linear.
        self.visual_projection = nn.Linear(input_dim, wordvec_dim)
        self.embedding = nn.Embedding(vocab_size, wordvec_dim, padding_idx=self._null)
        self.positional_encoding = PositionalEncoding(wordvec_dim, max_len=max_length)

        decoder_layer = TransformerDecoderLayer(input_dim=wordvec_dim, num_heads=num_heads)
        self.transformer = TransformerDecoder(decoder_layer, num_layers=num_layers)
        self.apply(self._init_weights)

        self.output = nn.Linear(wordvec_dim, vocab_size)

    def _init_weights(self, module):
        """
        Initialize the weights of one submodule: small normal weights for the linear and
        embedding layers, zero biases, and the identity for layer normalization.
        """
        if isinstance(module, (nn.Linear, nn.Embedding)):
            module.weight.data.normal_(mean=0.0, std=0.02)
            if isinstance(module, nn.Linear) and module.bias is not None:
                module.bias.data.zero_()
        elif isinstance(module, nn.LayerNorm):
            module.bias.data.zero_()
            module.weight.data.fill_(1.0)

    def forward(self, features, captions):
        """
        Given image features and caption tokens, return a distribution over the possible
        tokens for each timestep. Note that since the entire sequence of captions is provided
        all at once, we mask out future timesteps.

        Inputs:
        - features: image features, of shape (N, D)
        - captions: ground-truth captions (word indices), of shape (N, T)

        Returns:
        - scores: score for each token at each timestep, of shape (N, T, V)
        """
        N, T = captions.shape
        # Create a placeholder, to be overwritten by your code below.
        scores = torch.empty((N, T, self.vocab_size))
        # TODO: Implement the forward function for CaptionTransformer:
        #  1. embed the captions (self.embedding) and add the positional encoding
        #     (self.positional_encoding), giving shape (N, T, W);
        #  2. project the image features into the same space (self.visual_projection)
        #     and give them a sequence axis of length one: the memory, (N, 1, W);
        #  3. build a causal mask of shape (T, T), lower-triangular, in which entry
        #     [i, j] is nonzero exactly when position i may look at position j;
        #  4. run self.transformer on the caption vectors, the memory and the mask,
        #     then score the vocabulary with self.output, giving shape (N, T, V).
        #
        # Do not add the image as an extra token and do not drop a caption token: the
        # solver already passes captions[:, :-1] and compares with captions[:, 1:].
        # torch.tril may help with the mask.
        # BEGIN SOLUTION
        words = self.positional_encoding(self.embedding(captions))  # (N, T, W)
        memory = self.visual_projection(features).unsqueeze(1)  # (N, 1, W)
        tgt_mask = torch.tril(torch.ones(T, T, dtype=torch.bool, device=captions.device))
        decoded = self.transformer(words, memory, tgt_mask=tgt_mask)  # (N, T, W)
        scores = self.output(decoded)  # (N, T, V)
        # END SOLUTION
        return scores

    def sample(self, features, max_length=30):
        """
        Given image features, use greedy decoding to predict the image caption.

        Inputs:
        - features: image features, of shape (N, D), a numpy array or a tensor
        - max_length: maximum possible caption length; at most the model's max_length

        Returns:
        - captions: captions for each example, of shape (N, max_length), int32 word indices.
          Column 0 holds the first generated word (not <START>); every word is produced,
          <END> included, so words after <END> are what the model keeps predicting.
        """
        max_positions = self.positional_encoding.pe.shape[1]
        assert max_length <= max_positions, (
            f"max_length {max_length} exceeds the positional encoding's {max_positions}"
        )
        was_training = self.training
        self.eval()  # greedy decoding without dropout
        try:
            with torch.no_grad():
                features = torch.as_tensor(features, dtype=self.output.weight.dtype)
                N = features.shape[0]

                # Fill the captions with <NULL>; the words overwrite them column by column.
                captions = self._null * np.ones((N, max_length), dtype=np.int32)

                # Every caption starts with <START>; the prefix grows by one word a step.
                partial_caption = torch.full((N, 1), self._start, dtype=torch.long)

                for t in range(max_length):
                    # Scores of the next word, from the last position of the prefix.
                    output_logits = self.forward(features, partial_caption)[:, -1, :]  # (N, V)
                    word = torch.argmax(output_logits, dim=1)  # (N,)
                    captions[:, t] = word.numpy()
                    partial_caption = torch.cat([partial_caption, word.unsqueeze(1)], dim=1)
        finally:
            self.train(was_training)
        return captions


class TransformerDecoderLayer(nn.Module):
    """
    One layer of a Transformer decoder: self-attention over the words, attention over the
    memory (the image), then a two-layer feedforward network. Each of the three is followed by
    dropout, a residual connection and layer normalization (the "post-norm" layout).
    """

    def __init__(self, input_dim, num_heads, dim_feedforward=2048, dropout=0.1):
        """
        Construct a TransformerDecoderLayer instance.

        Inputs:
        - input_dim: Number of expected features in the input, W.
        - num_heads: Number of attention heads.
        - dim_feedforward: Dimension of the feedforward network's hidden layer.
        - dropout: The dropout probability.
        """
        super().__init__()
        self.self_attn = MultiHeadAttention(input_dim, num_heads, dropout)
        self.multihead_attn = MultiHeadAttention(input_dim, num_heads, dropout)
        self.linear1 = nn.Linear(input_dim, dim_feedforward)
        self.dropout = nn.Dropout(dropout)
        self.linear2 = nn.Linear(dim_feedforward, input_dim)

        self.norm1 = nn.LayerNorm(input_dim)
        self.norm2 = nn.LayerNorm(input_dim)
        self.norm3 = nn.LayerNorm(input_dim)
        self.dropout1 = nn.Dropout(dropout)
        self.dropout2 = nn.Dropout(dropout)
        self.dropout3 = nn.Dropout(dropout)

        self.activation = nn.ReLU()

    def forward(self, tgt, memory, tgt_mask=None):
        """
        Pass the inputs (and the mask) through the decoder layer.

        Inputs:
        - tgt: the word vectors, of shape (N, T, W)
        - memory: the projected image features, of shape (N, S, W)
        - tgt_mask: the part of the target sequence each position may see, of shape (T, T)

        Returns:
        - out: the transformed words, of shape (N, T, W)
        """
        # Self-attention over the words (masked), then add & norm.
        attended = self.self_attn(query=tgt, key=tgt, value=tgt, attn_mask=tgt_mask)
        tgt = self.norm1(tgt + self.dropout1(attended))

        # Attention over the memory, then add & norm.
        attended = self.multihead_attn(query=tgt, key=memory, value=memory)
        tgt = self.norm2(tgt + self.dropout2(attended))

        # Feedforward network, then add & norm.
        hidden = self.dropout(self.activation(self.linear1(tgt)))  # (N, T, dim_feedforward)
        tgt = self.norm3(tgt + self.dropout3(self.linear2(hidden)))
        return tgt


def clones(module, N):
    """Produce N identical, independent copies of a module."""
    return nn.ModuleList([copy.deepcopy(module) for _ in range(N)])


class TransformerDecoder(nn.Module):
    """A stack of num_layers decoder layers, each a deep copy of decoder_layer."""

    def __init__(self, decoder_layer, num_layers):
        super().__init__()
        self.layers = clones(decoder_layer, num_layers)
        self.num_layers = num_layers

    def forward(self, tgt, memory, tgt_mask=None):
        """
        Inputs:
        - tgt: the word vectors, of shape (N, T, W)
        - memory: the projected image features, of shape (N, S, W)
        - tgt_mask: the causal mask, of shape (T, T)

        Returns:
        - output: the decoded words, of shape (N, T, W)
        """
        output = tgt
        for mod in self.layers:
            output = mod(output, memory, tgt_mask=tgt_mask)
        return output
