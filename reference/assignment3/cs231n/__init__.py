"""Assignment 3: image captioning with recurrent networks (rnn_layers.py,
classifiers/rnn.py) and with a Transformer (transformer_layers.py,
classifiers/transformer.py), on the COCO captioning data (coco_utils.py)."""
