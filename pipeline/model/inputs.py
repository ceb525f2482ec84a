"""Where a brand repository's inputs live, relative to its root.

Apart from the models, so that what only needs a path (git's listing of the changes
in pull-request mode) does not wait for pydantic to build them.
"""

CHARTER_FILE = "charter.yaml"
POSTS_DIR = "content/posts"
SEASONAL_DIR = "calendar/seasonal"
CAMPAIGNS_DIR = "calendar/campaigns"
CACHE_DIR = ".almanac"
PARSE_CACHE_FILE = "parse-cache.json"
"""In :data:`CACHE_DIR`: every content file's parsed form, kept by the full load."""
CALENDAR_INDEX_FILE = "calendar-index.json"
"""In :data:`CACHE_DIR`: what pull-request mode keeps of each unchanged post."""
