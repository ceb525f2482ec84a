"""The publish's guard on output paths: plain paths pass as they are, hostile ones are refused."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from pipeline.errors import OutputError
from pipeline.output.publish import check_relpath


@pytest.mark.parametrize(
    "rel",
    ["site/index.html", "report.json", "site/visuals/a-b/instagram-feed.jpg", "a/.hidden/b", "a/..b/c"],
)
def test_plain_paths_pass_unchanged(rel: str) -> None:
    assert check_relpath(rel) == rel == PurePosixPath(rel).as_posix()


@pytest.mark.parametrize("rel", ["a//b", "./a/b", "a/./b", "a/b/"])
def test_odd_but_inside_paths_are_normalised_like_pathlib(rel: str) -> None:
    assert check_relpath(rel) == PurePosixPath(rel).as_posix()


@pytest.mark.parametrize(
    "rel", ["", "/etc/passwd", "../x", "a/../../x", "a/..", "a\\b", "a\x00b", "//server/share"]
)
def test_hostile_paths_are_refused(rel: str) -> None:
    with pytest.raises(OutputError, match="outside the output folder"):
        check_relpath(rel)
