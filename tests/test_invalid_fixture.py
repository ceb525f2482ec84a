"""The invalid fixture: every seeded problem is reported with its rule, file and line, and nothing else."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.conftest import FIXTURES

TODAY = "2026-11-24"
"""The day the checks count from, the one expected.json was written for."""


def _findings(result: Result) -> list[dict[str, object]]:
    return [
        {"rule": f["rule"], "file": f["file"], "line": f["line"]}
        for f in json.loads(result.output)["findings"]
    ]


def test_every_seeded_problem_and_nothing_else(
    brand: Callable[[str], Path], run: Callable[..., Result]
) -> None:
    root = brand("invalid")
    result = run(["check", "--root", str(root), "--format", "json", "--today", TODAY])
    assert result.exit_code == 1
    expected = json.loads((FIXTURES / "invalid" / "expected.json").read_text())
    assert sorted(_findings(result), key=str) == sorted(expected, key=str)
    # One file, one problem: a file named twice would mean a finding leaked from another rule.
    files = [f["file"] for f in expected]
    assert len(files) == len(set(files))


def test_hostile_files_made_at_test_time(brand: Callable[[str], Path], run: Callable[..., Result]) -> None:
    root = brand("minimal")
    posts = root / "content" / "posts"
    big = "---\ntitle: Énorme\npublish_at: 2026-12-03 10:00\nchannels: [linkedin]\npillar: event\nnotes: |\n"
    (posts / "2026-12-03-huge.md").write_text(big + ("  " + "x" * 98 + "\n") * 50_000 + "---\nTexte.\n")
    outside = root.parent / "secret.jpg"
    outside.write_bytes(b"\xff\xd8\xff")
    (root / "assets" / "images" / "lien.jpg").symlink_to(outside)
    (posts / "2026-12-04-symlink.md").write_text(
        "---\ntitle: Lien\npublish_at: 2026-12-04 10:00\nchannels: [linkedin]\npillar: event\n"
        "status: approved\nvisual:\n  src: assets/images/lien.jpg\n  alt: Un lien\n---\nTexte.\n"
    )
    result = run(["check", "--root", str(root), "--format", "json", "--today", TODAY])
    assert result.exit_code == 1
    found = {(f["rule"], f["file"], f["line"]) for f in _findings(result)}
    assert found == {
        ("yaml.syntax", "content/posts/2026-12-03-huge.md", 1),
        ("asset.outside-root", "content/posts/2026-12-04-symlink.md", 8),
    }
    message = json.loads(result.output)["findings"][0]["message"]
    assert "MB" in message
