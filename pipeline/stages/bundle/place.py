"""Where ``almanac bundle`` puts its zip without disturbing the rest of the build.

When ``out`` is a build managed by :mod:`pipeline.output.publish` (a link to a build
folder) or does not exist yet, the current build is published again with the
bundle added: every other file is hard-linked from the current build folder, the
link swaps atomically, and nothing else of ``dist/`` changes or is lost. When
``out`` is a plain folder (``--out`` elsewhere), the zip is written beside a
temporary name and renamed into ``out/bundle/``: other files there are untouched.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipeline.errors import OutputError
from pipeline.output import layout
from pipeline.output.atomic import write_atomic
from pipeline.output.publish import Artifact, check_relpath, current_folder, publish, published_files
from pipeline.text.messages import N_
from pipeline.text.oserrors import with_reason


def place_bundle(out: Path, first: date, last: date, data: bytes) -> Path:
    """Write the bundle of [first, last] at its place in ``out`` (:func:`layout.bundle_zip`) atomically."""
    return place_file(out, layout.bundle_zip(first, last), data)


def place_file(out: Path, rel: str, data: bytes) -> Path:
    """Add one file (``rel``, from the layout) to ``out`` without disturbing the rest, as above."""
    rel = check_relpath(rel)
    try:
        if current_folder(out) is not None or not out.exists():
            files = published_files(out)
            files[rel] = Artifact.of_bytes(data)
            publish(out, files)
            return out / rel
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data, mode=0o644)
    except OSError as exc:
        raise OutputError(with_reason(N_("cannot write {path}: {error}"), exc, path=out / rel)) from exc
    return target
