"""The years a brand plans in: every date Almanac reads or is given lies between these.

Kept apart from :mod:`pipeline.model.bounds`, which checks them in the models and imports
pydantic, so that the command line checks ``--today`` before importing pydantic.
"""

from __future__ import annotations

FIRST_YEAR = 2000
LAST_YEAR = 2100

__all__ = ["FIRST_YEAR", "LAST_YEAR"]
