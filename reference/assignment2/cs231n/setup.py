"""Build the compiled helpers of the fast layers, in place, from inside cs231n/:

    python setup.py build_ext --inplace

This writes im2col_cython.<platform>.so next to im2col_cython.pyx; restart the notebook's
kernel afterwards (or reload cs231n.fast_layers) so it is used. It needs a C compiler, Cython
and numpy.
"""

import os

import numpy
from Cython.Build import cythonize
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class build_ext_by_rename(build_ext):
    """Put the built module in place by renaming a finished copy over the old one, never by
    rewriting the old file: a kernel that has the old module loaded keeps a valid file."""

    def copy_file(self, infile, outfile, *args, **kwargs):
        partial = outfile + ".partial"
        result = super().copy_file(infile, partial, *args, **kwargs)
        os.replace(partial, outfile)
        return outfile, result[1]


extensions = [
    Extension("im2col_cython", ["im2col_cython.pyx"], include_dirs=[numpy.get_include()]),
]

setup(
    ext_modules=cythonize(extensions, language_level=3),
    cmdclass={"build_ext": build_ext_by_rename},
)
