"""The models of assignment 2: FullyConnectedNet (fc_net.py) and ThreeLayerConvNet (cnn.py)."""
