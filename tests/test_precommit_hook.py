"""The ``almanac-check`` pre-commit hook, run for real by ``pre-commit try-repo`` on a brand repository.

The hook repository is a fresh git repository holding this checkout's package
files (committed or not), so the test checks the hook as it would be published.
pre-commit builds the hook's virtualenv with ``pip install .``; the virtualenv
sees the already installed dependencies (``VIRTUALENV_SYSTEM_SITE_PACKAGES``) so
that the test takes seconds and needs no network, but Almanac itself is
installed from the temp repository. ``try-repo`` builds that virtualenv in a
fresh temporary store on every call (about 15 s here), so it runs twice: on a
clean brand, then on a staged mistake; which files trigger the hook is checked
with pre-commit's own manifest loader.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pre_commit.clientlib import load_manifest

from tests.conftest import REPO, commit_all, git, without_countdown

HOOK_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml")
POST = "content/posts/2026/12/2026-12-01-bonjour.md"


def _hook_repo(path: Path) -> Path:
    """A git repository with this checkout's package, as a hook repository."""
    path.mkdir()
    for name in HOOK_FILES:
        shutil.copy2(REPO / name, path / name)
    shutil.copytree(REPO / "pipeline", path / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    git(path, "init", "-q")
    commit_all(path, "hook repository")
    return path


def _try_repo(brand: Path, hooks: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NO_COLOR")}
    env.update(PRE_COMMIT_HOME=str(home), VIRTUALENV_SYSTEM_SITE_PACKAGES="1", PRE_COMMIT_COLOR="never")
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hooks), "almanac-check", *args],
        cwd=brand,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_try_repo_runs_the_hook_on_a_brand(brand: Callable[[str], Path], tmp_path: Path) -> None:
    hooks = _hook_repo(tmp_path / "almanac")
    home = tmp_path / "pre-commit-home"
    root = without_countdown(brand("minimal"))
    git(root, "init", "-q")
    (root / "README.md").write_text("Atelier Minimal\n")
    commit_all(root, "brand")

    clean = _try_repo(root, hooks, home, "--all-files")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "almanac check" in clean.stdout and "Passed" in clean.stdout

    post = root / POST
    post.write_text(post.read_text().replace("[instagram, linkedin]", "[instagram, linkdin]"))
    git(root, "add", POST)  # staged: what a commit would run the hook on
    broken = _try_repo(root, hooks, home)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "Failed" in broken.stdout
    assert f"{POST}:4:23: error [post.unknown-channel]" in broken.stdout


@pytest.mark.parametrize(
    ("path", "runs"),
    [
        ("charter.yaml", True),
        ("content/posts/2026/12/2026-12-01-bonjour.md", True),
        ("calendar/seasonal/noel.md", True),
        ("calendar/campaigns/hiver.md", True),
        ("calendar/seasonal/notes.yaml", True),
        ("README.md", False),
        ("assets/images/carre.png", False),
        ("content/posts/photo.jpg", False),
        ("pipeline/charter.py", False),
        ("tests/fixtures/minimal/charter.yaml", False),
    ],
)
def test_hook_manifest_and_the_files_it_runs_on(path: str, runs: bool) -> None:
    (hook,) = load_manifest(str(REPO / ".pre-commit-hooks.yaml"))
    assert (hook["id"], hook["language"], hook["entry"], hook["pass_filenames"]) == (
        "almanac-check",
        "python",
        "almanac check",
        False,
    )
    assert bool(re.search(hook["files"], path)) is runs
