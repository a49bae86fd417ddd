"""The captioning models of assignment 3: CaptioningRNN (rnn.py, numpy) and
CaptioningTransformer (transformer.py, PyTorch)."""
