"""Shared test helpers: copies of fixture brands, real git repositories, the CLI runner."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings

from pipeline.cli import cli

# Hypothesis profiles: "ci" (the default) bounds the fuzzer to about a minute and a half on
# two cores; "long" (pytest --hypothesis-profile=long) runs twenty times as many examples.
settings.register_profile(
    "ci",
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile("long", parent=settings.get_profile("ci"), max_examples=3000)
settings.load_profile("ci")

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
REPO = TESTS.parent


@pytest.fixture
def brand(tmp_path: Path) -> Callable[[str], Path]:
    """Copy a fixture brand (``minimal``, ``invalid``, or ``demo`` for the repository's own) to tmp."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        if name == "demo":
            for part in ("charter.yaml", "content", "calendar", "assets"):
                source = REPO / part
                if source.is_dir():
                    shutil.copytree(source, target / part, ignore=shutil.ignore_patterns(".almanac"))
                else:
                    target.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(source, target / part)
        else:
            shutil.copytree(FIXTURES / name, target, ignore=shutil.ignore_patterns(".almanac"))
        return target

    return copy


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Run git in a test repository with a fixed identity."""
    base = [
        "git",
        "-c",
        "user.name=Test Author",
        "-c",
        "user.email=test@example.org",
        "-c",
        "commit.gpgsign=false",
        "-c",
        "init.defaultBranch=main",
    ]
    done = subprocess.run([*base, *args], cwd=cwd, check=True, capture_output=True, text=True, env=env)
    return done.stdout


def commit_all(cwd: Path, message: str, *, date: str | None = None) -> None:
    """``git add -A && git commit`` with an optional fixed date."""
    import os

    env = dict(os.environ)
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    git(cwd, "add", "-A")
    git(cwd, "commit", "-q", "-m", message, env=env)


@pytest.fixture
def git_repo() -> Callable[[Path], Path]:
    """Turn a folder into a git repository with everything committed once."""

    def init(path: Path) -> Path:
        git(path, "init", "-q")
        commit_all(path, "initial", date="2026-11-20T09:00:00+01:00")
        return path

    return init


@pytest.fixture
def run() -> Callable[..., Result]:
    """Run the ``almanac`` command line in-process."""

    def invoke(args: Sequence[str], env: dict[str, str] | None = None) -> Result:
        return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)

    return invoke
