"""Shared test helpers: copies of fixture brands, real git repositories, the CLI runner.

Also the one place that decides what happens to a test whose outside tool is
missing (markers ``browser`` and ``node``): outside CI it is skipped with the
reason and the command that installs the tool; in CI (``CI=true``) it fails,
since CI installs every tool and a skip there would hide a lost test.
"""

from __future__ import annotations

import importlib.util
import json
import os
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
NODE_DIR = TESTS / "node"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
"""Debian's Chromium: playwright's own browser download is not used."""
GET_TOOLS = "apt-get install chromium nodejs npm && (cd tests/node && npm ci)"
"""The one command that installs every outside tool of the suite (the README says it too)."""
GOLDEN = TESTS / "golden"
COMMIT_DAY = "2026-11-24T10:00:00+01:00"
"""The date of a commit made in a test that names none."""


def in_ci() -> bool:
    """Whether this run is CI's, where every outside tool must be present."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def missing_tool(marker: str) -> str | None:
    """Why the tool behind a marker cannot run here, or None when it can."""
    if marker == "browser":
        if importlib.util.find_spec("playwright") is None:
            return "playwright is not installed (pip install -e '.[dev]')"
        if not Path(CHROMIUM).exists():
            return "Debian's chromium is not installed"
    elif marker == "node":
        if shutil.which("node") is None:
            return "node is not installed (ical.js, the third feed parser, and twitter-text run under it)"
        wanted = json.loads((NODE_DIR / "package.json").read_text(encoding="utf-8"))["dependencies"]
        absent = [name for name in wanted if not (NODE_DIR / "node_modules" / name).is_dir()]
        if absent:
            return f"{', '.join(absent)} not installed in tests/node"
    elif marker == "waits" and "faketime" in os.environ.get("LD_PRELOAD", ""):
        # libfaketime (0.9.10) breaks Python's timed waits: with the monotonic clock
        # faked, a threading wait with a timeout sleeps for the whole shift (years);
        # with --exclude-monotonic, time.sleep fails with EINVAL instead.
        return "libfaketime is loaded: Python's threading waits and sleeps cannot run under it"
    return None


def require(marker: str) -> None:
    """Skip (outside CI) or fail (in CI) the running test when its outside tool is missing."""
    reason = missing_tool(marker)
    if reason is None:
        return
    if marker == "waits":
        pytest.skip(reason)  # a property of how the suite is run, in CI or not
    if in_ci():
        pytest.fail(f"{reason}: CI must run the {marker} tests")
    pytest.skip(f"{reason}; to run it: {GET_TOOLS}")


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-golden`` rewrites tests/golden/ from this build instead of comparing."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden outputs in tests/golden/ instead of comparing with them",
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Apply :func:`require` to every test marked ``browser``, ``node`` or ``waits``."""
    for marker in ("browser", "node", "waits"):
        if item.get_closest_marker(marker) is not None:
            require(marker)


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether this run rewrites the golden outputs (``pytest --update-golden``)."""
    return bool(request.config.getoption("--update-golden"))


def copy_brand(name: str, folder: Path) -> Path:
    """Copy a fixture brand (``minimal``, ``invalid``, or ``demo`` for the repository's own) into a folder."""
    target = folder / name
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


@pytest.fixture
def brand(tmp_path: Path) -> Callable[[str], Path]:
    """Copy a fixture brand (``minimal``, ``invalid``, or ``demo`` for the repository's own) to tmp."""

    def copy(name: str) -> Path:
        return copy_brand(name, tmp_path)

    return copy


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Run git in a test repository with a fixed identity and, unless ``env`` names one, a fixed date."""
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
    # A commit made without a date would be dated by the clock, and so would every
    # output dated by its commit: commits get COMMIT_DAY unless the caller says otherwise.
    pinned = dict(os.environ if env is None else env)
    pinned.setdefault("GIT_AUTHOR_DATE", COMMIT_DAY)
    pinned.setdefault("GIT_COMMITTER_DATE", COMMIT_DAY)
    done = subprocess.run([*base, *args], cwd=cwd, check=True, capture_output=True, text=True, env=pinned)
    return done.stdout


def commit_all(cwd: Path, message: str, *, date: str = COMMIT_DAY) -> None:
    """``git add -A && git commit``, dated ``date`` (author and committer)."""
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    git(cwd, "add", "-A")
    git(cwd, "commit", "-q", "-m", message, env=env)


def without_countdown(root: Path) -> Path:
    """Turn off the brand's one countdown rule, for a command that cannot be given ``--today``.

    ``almanac bundle``, the preview server and the pre-commit hook count seasonal
    coverage from the clock (they take no ``--today``): with ``seasonal.coverage``
    off, their verdict on a fixture brand is the same on any day.
    """
    charter = root / "charter.yaml"
    text = charter.read_text(encoding="utf-8")
    assert "\nrules:" not in text, "the brand already sets rule levels: merge by hand"
    charter.write_text(text + "\nrules:\n  seasonal.coverage: off\n", encoding="utf-8")
    return root


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
