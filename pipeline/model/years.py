"""The years a brand plans in: every date Almanac reads or is given lies between these.

Apart from :mod:`pipeline.model.bounds`, which checks them in the models, so that the
command line can check ``--today`` without importing pydantic before its command runs.
"""

from __future__ import annotations

FIRST_YEAR = 2000
LAST_YEAR = 2100

__all__ = ["FIRST_YEAR", "LAST_YEAR"]
