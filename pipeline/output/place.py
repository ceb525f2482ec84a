"""Placing a build's files in a new build folder: linked, moved from the spool, or written.

Most of a first build's publish is the kernel's: making the folders (18,000 at 10,000 posts,
each post with a page folder and a visuals folder) and placing 43,000 files. :func:`fill`
shares that between threads; :mod:`pipeline.output.publish` decides what goes where and swaps.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.output.publish import Artifact


def place(art: Artifact, target: Path | str, origin: Path | str | None, moved: dict[Path, str]) -> None:
    """Link ``origin`` (or the artifact's file) to ``target``, else write it.

    A file of the spool is moved to its first place and linked from there to the
    others (``moved``): the spool is then left nearly empty, and removing
    thousands of files after the publish cost as much as making them.
    """
    if origin is not None and link(origin, target):
        return
    if art.source is not None and art.made:
        first = moved.get(art.source)
        if first is None and move(art.source, target):
            moved[art.source] = str(target)
            return
        if first is not None and link(first, target):
            return
    if art.source is not None and link(art.source, target):
        return
    if art.data is not None:
        Path(target).write_bytes(art.data)
    elif art.source is not None:
        shutil.copyfile(art.source, target)


def fill(
    staging: Path,
    files: Mapping[str, Artifact],
    manifest: dict[str, str],
    previous: Path | None,
    old: dict[str, str],
    threads: int = 1,
) -> None:
    """Fill a new build folder: each file linked from the previous build, moved from the spool,
    linked from a cache or written.

    Most of the time is the kernel's (making 18,000 folders and placing 43,000 files at 10,000
    posts), and a thread waiting on the kernel lets the others run: the files are cut into
    ``threads`` runs of whole folders, each placed by its own thread. A spooled file wanted at
    several paths is moved by its first one in one run; its other paths are linked to it once
    every run is done, so no two threads ever race for one spooled file.
    """
    staging.mkdir()
    # Plain strings, not Paths: a build places tens of thousands of files, and pathlib's
    # joins cost more than the links themselves.
    top, before = str(staging), str(previous) if previous is not None else None
    firsts: list[str] = []
    repeats: list[str] = []
    spooled: set[Path] = set()
    for rel in manifest:
        art = files[rel]
        if art.made and art.source is not None:
            if art.source in spooled:
                repeats.append(rel)
                continue
            spooled.add(art.source)
        firsts.append(rel)
    moved: dict[Path, str] = {}

    def place_run(rels: Sequence[str]) -> None:
        made: set[str] = set()
        for rel in rels:
            folder, _, _ = rel.rpartition("/")
            if folder and folder not in made:
                Path(top, folder).mkdir(parents=True, exist_ok=True)
                made.add(folder)
            digest = manifest[rel]
            origin = f"{before}/{rel}" if before is not None and old.get(rel) == digest else None
            place(files[rel], f"{top}/{rel}", origin, moved)

    shares = runs(firsts, threads)
    if len(shares) > 1:
        with ThreadPoolExecutor(max_workers=len(shares)) as pool:
            list(pool.map(place_run, shares))  # list(): a thread's error is raised here
    else:
        for share in shares:
            place_run(share)
    place_run(repeats)


FOLDER_COST = 10
"""Making a folder costs about ten times placing a file in it (ext4, measured): what :func:`runs`
balances."""


def runs(rels: list[str], count: int) -> list[list[str]]:
    """``rels`` (sorted) cut into at most ``count`` runs of about equal cost, never inside a folder.

    Whole folders keep each folder's making to one thread, and neighbouring folders share a
    parent (``site/posts/``), whose lock makes its children one at a time anyway.
    """
    if count <= 1 or len(rels) < 2:
        return [rels]
    folders = [_folder(rel) for rel in rels]
    costs = [1 + (FOLDER_COST if i == 0 or folders[i - 1] != f else 0) for i, f in enumerate(folders)]
    share = sum(costs) / count
    found: list[list[str]] = [[]]
    spent = 0
    for rel, cost in zip(rels, costs, strict=True):
        if cost > 1 and spent >= share * len(found) and len(found) < count:
            found.append([])
        found[-1].append(rel)
        spent += cost
    return found


def _folder(rel: str) -> str:
    return rel.rpartition("/")[0]


def link(origin: Path | str, target: Path | str) -> bool:
    """Hard-link ``origin`` at ``target``; False when the file system refuses (then write instead)."""
    try:
        os.link(origin, target)
    except OSError:
        return False
    return True


def move(origin: Path, target: Path | str) -> bool:
    """Rename ``origin`` to ``target``; False when it cannot (another file system)."""
    try:
        origin.rename(target)
    except OSError:
        return False
    return True
