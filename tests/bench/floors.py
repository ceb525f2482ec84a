"""What no code can go under in this stack: the floors the bench prints beside three targets.

Three figures, measured on the bench's own brand in the same run as the targets:

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
* ``floor_edit``: a fresh Python doing the least a one-shot ``check`` after one edit can do: import
  pydantic, the models, the loader and the per-post rules; stat every post file to find the edited
  one (told the instant before the edit, so that no record of the last run is read); read, parse
  and validate it with the charter; run the per-post rules on it; print how many findings. No
  other post, no calendar rule, no cache read or written (the edited post's source image, read
  from the store by the check, is inspected instead: 2 ms for the bench's 3000×2000 JPEG): any
  one-shot check that answers for the edit does all of this, and more. Its wall time, over Hugo's
  second build, is the floor of the one-shot ``check`` after an edit.

Run alone: ``PYTHONPATH=$PWD python -m tests.bench.floors ROOT`` prints the second as JSON
(seconds for all posts, and the plain reader's parse time beside it, for information);
``... floors --edited ROOT NS DAY`` is the third (posts changed after ``NS``, nanoseconds since the
epoch; ``DAY`` as ``--today`` takes it).
"""

from __future__ import annotations

import gc
import json
import os
import sys
import tempfile
import time
from datetime import date
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


def edit_argv(root: Path, since_ns: int, today: str) -> list[str]:
    """The command timed as ``floor_edit`` (``today`` as ``--today`` takes it): its wall time is the floor."""
    return [sys.executable, "-m", "tests.bench.floors", "--edited", str(root), str(since_ns), today]


def file_clock(folder: Path) -> int:
    """The file system's time now (ns), as it stamps a file written in ``folder``.

    Not ``time.time_ns()``: the kernel stamps files from its own coarse clock, and under
    ``faketime`` the process's clock is not the file system's at all.
    """
    with tempfile.NamedTemporaryFile(dir=folder) as mark:
        return os.stat(mark.name).st_mtime_ns


def check_edited(root: Path, since_ns: int, today: date) -> dict[str, int]:
    """The least one-shot check after an edit (see the module's text): posts changed, findings.

    The edited posts go through the check's own per-post path (:func:`check_posts`, as a worker
    runs it), with the rules the charter does not turn off.
    """
    from pipeline.model.inputs import POSTS_DIR
    from pipeline.stages.check.parallel import PostJob, check_posts
    from pipeline.stages.check.rules import ALL_RULES
    from pipeline.stages.load.loader import _Reader, load_charter
    from pipeline.stages.load.parse_cache import ParseCache

    root = root.resolve()
    changed: list[str] = []
    folders = [root / POSTS_DIR]
    while folders:  # scandir: the cheapest stat of every file Python has
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(Path(entry.path))
                elif entry.stat(follow_symlinks=False).st_mtime_ns > since_ns:
                    changed.append(os.path.relpath(entry.path, root))
    charter, text = load_charter(root)
    reader = _Reader(root, ParseCache.open(None))
    posts = [post for post in (reader.post(rel, charter) for rel in sorted(changed)) if post]
    rules = tuple(r for r in ALL_RULES if r.check_post is not None and charter.rules.get(r.id) != "off")
    job = PostJob(root, charter, text, (), (), today, None, cache=False, rules=rules)
    found = sum(len(done.found) for done in check_posts(job, [(post, {}) for post in posts]))
    return {"changed": len(changed), "posts": len(posts), "findings": found}


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
    if sys.argv[1] == "--edited":
        gc.disable()  # as the loader and the rules run (pipeline.stages.fanout.gc_paused)
        day = date.fromisoformat(sys.argv[4])
        done = check_edited(Path(sys.argv[2]), int(sys.argv[3]), day)
        print(json.dumps(done), flush=True)
        # As the command line ends, with no teardown; an edit it did not see would time a floor
        # that checked nothing, so that fails the bench instead.
        os._exit(0 if done["posts"] else 3)
    print(json.dumps(measure_posts(Path(sys.argv[1]))))
