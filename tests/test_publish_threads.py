"""A first build's folder filled by several threads: the same folder as one thread makes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.errors import OutputError
from pipeline.output.place import FOLDER_COST, runs
from pipeline.output.publish import Artifact, Spool, current_folder, publish


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != ".almanac-manifest.json"
    }


def _cost(run: list[str]) -> int:
    folders = [rel.rpartition("/")[0] for rel in run]
    return len(run) + FOLDER_COST * len(set(folders))


def test_runs_cut_only_between_folders_and_share_the_cost() -> None:
    rels = sorted(
        [f"site/posts/p{i:03d}/index.html" for i in range(120)]
        + [f"site/visuals/p{i % 40:03d}/v{i}.jpg" for i in range(200)]
        + ["report.json", "site/index.html"]
    )
    for count in (2, 3):
        found = runs(rels, count)
        assert len(found) == count
        assert [rel for run in found for rel in run] == rels
        folders = [{rel.rpartition("/")[0] for rel in run} for run in found]
        assert all(not (a & b) for i, a in enumerate(folders) for b in folders[i + 1 :])
        costs = [_cost(run) for run in found]
        # Within one folder's cost (the largest here: 5 files and its making) of an even share.
        assert max(costs) - min(costs) <= 2 * (5 + FOLDER_COST)
    assert runs(rels, 1) == [rels]
    one_folder = [f"site/posts/p/{i}.html" for i in range(50)]
    assert runs(one_folder, 2) == [one_folder]


ALIASES = ("site/index.html", "site/posts/p00/alias.html", "site/visuals/z/alias.html")


def _files(spool: Spool, cache: Path) -> dict[str, Artifact]:
    files: dict[str, Artifact] = {}
    shared = spool.keep(b"<p>the same page</p>")
    for i in range(60):
        files[f"site/posts/p{i:02d}/index.html"] = spool.keep(b"<p>post %d</p>" % i)
    for rel in ALIASES:
        files[rel] = shared  # one spooled file wanted at three paths, in different runs
    for i in range(90):
        source = cache / f"v{i % 7}"
        source.write_bytes(b"visual %d" % (i % 7))
        files[f"site/visuals/p{i % 30:02d}/v{i}.jpg"] = Artifact.of_file(source, f"digest-{i % 7}")
    files["report.json"] = Artifact.of_bytes(b"{}")
    return files


def test_two_threads_fill_the_folder_one_thread_fills(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    trees, counts = [], []
    for threads in (1, 2):
        out = tmp_path / f"t{threads}" / "dist"
        with Spool(out) as spool:
            files = _files(spool, cache)
            stats = publish(out, files, threads=threads)
            assert not any(p.is_file() for p in spool.folder.rglob("*")), "every spooled file was moved"
        folder = current_folder(out)
        assert folder is not None
        trees.append(_tree(folder))
        counts.append((stats.files, stats.written, stats.linked))
        aliases = [folder / rel for rel in ALIASES]
        assert len({os.stat(p).st_ino for p in aliases}) == 1, "the same bytes are one file, linked"
    assert trees[0] == trees[1]
    assert counts[0] == counts[1]
    assert trees[0]["site/visuals/z/alias.html"] == b"<p>the same page</p>"
    assert len(trees[0]) == 60 + 3 + 90 + 1


def test_a_failure_in_one_thread_keeps_the_previous_build(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    first = {f"site/p{i}/index.html": Artifact.of_bytes(b"%d" % i) for i in range(40)}
    publish(out, first, threads=2)
    before = current_folder(out)
    assert before is not None
    # "site/p39/index.html" is a file, and another path needs it to be a folder.
    broken = {**first, "site/p39/index.html/x": Artifact.of_bytes(b"x")}
    with pytest.raises(OutputError):
        publish(out, broken, threads=2)
    assert current_folder(out) == before
    assert _tree(before) == {rel: art.data for rel, art in first.items()}
    assert [p.name for p in before.parent.iterdir()] == [before.name]
