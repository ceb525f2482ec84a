"""Almanac: a social-media editorial calendar as a git repository.

The command line is ``almanac`` (:mod:`pipeline.cli`); the stages are
:mod:`pipeline.load`, :mod:`pipeline.check`, :mod:`pipeline.history` and the
output stages called by :func:`pipeline.build.build`.
"""

__version__ = "0.1.0"
