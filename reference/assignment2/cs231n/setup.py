"""Build the compiled helpers of the fast layers, in place, from inside cs231n/:

    python setup.py build_ext --inplace

This writes im2col_cython.<platform>.so next to im2col_cython.pyx; restart the notebook's
kernel afterwards so fast_layers.py imports it. It needs a C compiler, Cython and numpy.
"""

import numpy
from Cython.Build import cythonize
from setuptools import Extension, setup

extensions = [
    Extension("im2col_cython", ["im2col_cython.pyx"], include_dirs=[numpy.get_include()]),
]

setup(ext_modules=cythonize(extensions, language_level=3))
