"""The demo brand with its committed results and reports, as a git repository, and its site rendered."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from pipeline.output.publish import Artifact, publish
from pipeline.stages.history import read_history
from pipeline.stages.load.loader import load_project
from pipeline.stages.site import render_site
from tests.conftest import REPO, commit_all, copy_brand, git


def demo_with_results(folder: Path, *, reports: bool = True) -> Path:
    """A copy of the demo brand with ``results/`` (and ``reports/``) from the repository, committed."""
    root = copy_brand("demo", folder)
    shutil.copytree(REPO / "results", root / "results")
    if reports:
        shutil.copytree(REPO / "reports", root / "reports")
    git(root, "init", "-q")
    commit_all(root, "demo with results", date="2027-01-05T09:00:00+01:00")
    return root


def render(root: Path, out: Path) -> dict[str, Artifact]:
    """The brand's site, published into ``out`` (``out/site``)."""
    pages = render_site(load_project(root, use_cache=False), read_history(root), [])
    publish(out, pages)
    return pages


def result_rows(root: Path, month: str) -> list[dict[str, str]]:
    """The rows of ``results/<yyyy>/<mm>.csv`` read with the csv module."""
    year, mm = month.split("-")
    with (root / "results" / year / f"{mm}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
