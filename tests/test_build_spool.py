"""The build's spool: stage outputs go to disk as they are made, the publish links them, nothing stays."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO

import pytest
from PIL import Image

from pipeline.build.context import BuildOptions, make_context
from pipeline.build.driver import build, run_stages
from pipeline.errors import OutputError
from pipeline.output.publish import Spool
from pipeline.stages.check.engine import run_checks
from pipeline.stages.history import read_history
from pipeline.stages.load.loader import load_project

TODAY = date(2026, 11, 25)


def test_a_build_publishes_what_the_stages_made_in_memory_and_leaves_no_spool(
    brand: Callable[[str], Path], git_repo: Callable[[Path], Path], tmp_path: Path
) -> None:
    root = git_repo(brand("minimal"))
    out = tmp_path / "site" / "dist"
    result = build(root, out, BuildOptions(today=TODAY, jobs=1))
    assert not result.failed and result.published is not None
    # A first build: every file is new, the visuals it rendered too (linked from their cache).
    assert (result.published.written, result.published.linked) == (result.published.files, 0)
    assert result.stages["visuals"] > 0
    assert sorted(p.name for p in out.parent.iterdir()) == [".dist.builds", "dist"]
    published = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    project = load_project(root)
    ctx = make_context(project, BuildOptions(today=TODAY, jobs=1), datetime(2026, 11, 25, 9, tzinfo=UTC))
    outputs = run_stages(ctx.with_history(read_history(root)), run_checks(project, today=TODAY))[0]
    made = {rel: art for stage in outputs.values() for rel, art in stage.items()}
    assert any(art.data is not None for art in made.values())  # without a spool, pages stay in memory
    assert set(made) == set(published) - {".almanac-manifest.json"}
    for rel, art in made.items():
        assert hashlib.sha256(published[rel]).hexdigest() == art.digest, rel


def test_the_spool_holds_bytes_on_disk_once_and_goes_away(tmp_path: Path) -> None:
    out = tmp_path / "new" / "dist"
    with Spool(out) as spool:
        first, again = spool.keep(b"page"), spool.keep(b"page")
        assert first.data is None and first.source is not None
        assert first.source.read_bytes() == b"page" and again.source == first.source
        settled = spool.settle({"a.html": first, "b.html": spool.keep(b"other")})
        assert all(art.data is None for art in settled.values())
    assert not spool.folder.exists()
    assert not out.parent.exists()  # made for the spool, empty: removed with it


def test_a_writer_is_spooled_as_its_bytes_would_be_and_a_failed_one_leaves_nothing(tmp_path: Path) -> None:
    """A large file (the bundle's zip) is written straight into the spool, never whole in memory."""
    out = tmp_path / "new" / "dist"
    with Spool(out) as spool:

        def pieces(stream: IO[bytes]) -> None:
            for piece in (b"a zip, ", b"written piece ", b"by piece"):
                stream.write(piece)

        written = spool.keep(pieces)
        kept = spool.keep(b"a zip, written piece by piece")
        assert written == kept and written.data is None and written.source is not None
        assert written.source.read_bytes() == b"a zip, written piece by piece"
        other = spool.keep(b"a page")
        assert other.source is not None and written.source.stat().st_mode == other.source.stat().st_mode

        def broken(stream: IO[bytes]) -> None:
            stream.write(b"half a zip")
            raise OutputError("a visual went missing")

        with pytest.raises(OutputError, match="a visual went missing"):
            spool.keep(broken)
        left = sorted(p.name for p in spool.folder.rglob("*") if p.is_file())
        assert left == sorted([written.digest, other.digest])  # no half-written file


def test_an_error_inside_the_build_removes_the_spool(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    with pytest.raises(RuntimeError), Spool(out) as spool:
        spool.keep(b"half a build")
        raise RuntimeError
    assert list(tmp_path.iterdir()) == []


def test_a_spool_that_cannot_be_written_is_an_output_error_with_nothing_left(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    spool = Spool(blocker / "dist")
    with pytest.raises(OutputError, match="the previous build is kept"):
        spool.keep(b"page")
    with pytest.raises(OutputError, match="the previous build is kept"):
        spool.keep(lambda stream: None)  # a writer (the bundle's zip) is refused alike
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def _manifest(out: Path) -> dict[str, str]:
    manifest: dict[str, str] = json.loads((out / ".almanac-manifest.json").read_text(encoding="utf-8"))
    return manifest


def test_the_summary_counts_files_against_the_previous_build(
    brand: Callable[[str], Path], git_repo: Callable[[Path], Path], tmp_path: Path
) -> None:
    """A visual rendered anew is written, though the build links it from the visuals' cache."""
    root = git_repo(brand("minimal"))
    out = tmp_path / "dist"
    build(root, out, BuildOptions(today=TODAY, jobs=1))
    before = _manifest(out)
    source = root / "assets/images/carre.png"
    with Image.open(source) as image:
        Image.new("RGB", image.size, (200, 40, 40)).save(source)  # another picture, the same name
    again = build(root, out, BuildOptions(today=TODAY, jobs=1)).published
    assert again is not None
    after = _manifest(out)
    differ = {rel for rel, digest in after.items() if before.get(rel) != digest}
    assert any(rel.startswith("site/visuals/") for rel in differ)
    assert (again.written, again.linked) == (len(differ), len(after) - len(differ))
    assert again.linked > 0
