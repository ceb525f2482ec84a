"""Almanac: a social-media editorial calendar as a git repository.

The command line is ``almanac`` (:mod:`pipeline.cli`); the stages are
the packages of :mod:`pipeline.stages`, in the order of the data flow, called by
:func:`pipeline.build.driver.build`; the shared models are in :mod:`pipeline.model`.
"""

__version__ = "0.1.0"
