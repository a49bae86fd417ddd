"""Build student releases of CS231n-style assignments and grade submissions against them."""

__version__ = "0.1.0"
