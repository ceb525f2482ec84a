"""What no code can go under in this stack: the floors the bench prints beside two targets.

Two figures, measured on the bench's own brand in the same run as the targets:

* ``floor_start``: a fresh Python importing pydantic and Almanac's models (charter, posts,
  project), nothing else: what any command that validates a post pays before it reads a file.
  ``check`` warm after one edit must at least start, so its floor against Hugo's second build is
  this over Hugo's time.
* ``floor_posts``: one process, every post file read, split at its front matter and its front
  matter validated by the ``PostMeta`` model with its time resolved in the brand's zone, the YAML
  already parsed (its cost left out, as if a parser took no time at all). Whether an unchanged
  post is valid cannot be known without this much, so ``check --since`` cold is at least
  ``floor_start + floor_posts / cores`` (the work shared perfectly over the processes the commands
  use, :func:`pipeline.stages.fanout.default_jobs`, a worker starting for free).

Run alone: ``PYTHONPATH=$PWD python -m tests.bench.floors ROOT`` prints the second as JSON
(seconds for all posts, and the plain reader's parse time beside it, for information).
"""

from __future__ import annotations

import gc
import json
import sys
import time
from pathlib import Path
from typing import Any

START_IMPORTS = "import pipeline.model.charter, pipeline.model.content, pipeline.model.project"
"""What a fresh process imports for ``floor_start`` (pydantic comes with the models)."""


def start_argv() -> list[str]:
    """The command timed as ``floor_start``."""
    return [sys.executable, "-c", START_IMPORTS]


def posts_argv(root: Path) -> list[str]:
    """The command timed for ``floor_posts`` (its own figure is printed, not its wall time)."""
    return [sys.executable, "-m", "tests.bench.floors", str(root)]


def measure_posts(root: Path) -> dict[str, Any]:
    """Seconds to read, split and validate every post (YAML parsed beforehand, untimed)."""
    from pipeline.model.content import PostMeta
    from pipeline.model.walltime import resolve_wall_time
    from pipeline.stages.load.files import read_regular
    from pipeline.stages.load.frontmatter import MAX_FILE_BYTES, decode, parse_yaml, split
    from pipeline.stages.load.loader import load_charter

    gc.disable()  # as the loader runs (see pipeline.stages.fanout.gc_paused)
    charter, _text = load_charter(root)
    posts = root / "content" / "posts"
    paths = sorted(str(path) for path in posts.rglob("*.md"))
    texts = [split(decode(read_regular(path, MAX_FILE_BYTES))) for path in paths]
    parsed = [parse_yaml(parts.yaml_text, parts.yaml_line) for parts in texts]
    started = time.perf_counter()
    for path in paths:
        split(decode(read_regular(path, MAX_FILE_BYTES)))
    read_split = time.perf_counter() - started
    started = time.perf_counter()
    for mapping in parsed:
        resolve_wall_time(PostMeta.model_validate(mapping).publish_at, charter.tz)
    validate = time.perf_counter() - started
    started = time.perf_counter()
    for parts in texts:
        parse_yaml(parts.yaml_text, parts.yaml_line)
    parse = time.perf_counter() - started
    return {"posts": len(paths), "seconds": read_split + validate, "parse_seconds": parse}


if __name__ == "__main__":
    print(json.dumps(measure_posts(Path(sys.argv[1]))))
