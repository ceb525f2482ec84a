"""Visuals: every channel's formats from one source, branded cards, and what the checks need.

Split by concern: ``geometry`` (crops, focus, safe zones), ``colour`` (opening,
sRGB), ``encode``, ``logo``, ``cards``, ``render`` (the worker), ``pool``
(processes), ``cache``, ``inspect`` (header reads for ``almanac check``),
``limits`` (the charter's arithmetic the checks and the renderer share) and
``stage`` (the build stage). Import from the submodules; this package imports
nothing so the rule registry can use ``inspect`` without loading the renderer.
"""
