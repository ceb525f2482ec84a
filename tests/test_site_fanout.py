"""The site's post pages rendered in a worker process are byte for byte those of one process.

The worker is a real process (forkserver) and this process is kept from taking
any chunk, so every post page is rendered there from its compact input (the
post, its own records and findings, the ledger's word) and written to the
build's spool by the worker itself, as a build does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import Result

from pipeline.output.publish import Artifact, Spool
from pipeline.stages import fanout
from pipeline.stages.check.engine import run_checks
from pipeline.stages.history import read_history
from pipeline.stages.load.loader import load_project
from pipeline.stages.site import render_site
from tests.conftest import commit_all
from tests.ledgerkit import import_sent
from tests.site_build import EXTRA, make_brand, visuals_for

SENT = datetime(2026, 12, 1, 10, 2, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture
def workers_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Share out from the first item, and leave every chunk to the workers."""
    monkeypatch.setattr(fanout, "MIN_ITEMS", 1)
    monkeypatch.setattr(fanout, "SHARE_HERE", False)


def _bytes(art: Artifact) -> bytes:
    if art.data is not None:
        return art.data
    assert art.source is not None
    return art.source.read_bytes()


def test_post_pages_from_a_worker_are_those_of_one_process(
    workers_only: None, tmp_path: Path, run: Callable[..., Result]
) -> None:
    root = make_brand(tmp_path)
    # A ledger row, so the pages show the ledger's word (computed here, shown by the worker).
    import_sent(
        run, root, tmp_path, [("bonjour", "linkedin", SENT, "https://www.linkedin.com/feed/update/1/")]
    )
    commit_all(root, "the ledger", date="2026-12-08T09:30:00+01:00")
    project = load_project(root, use_cache=False)
    findings = [*run_checks(project, today=project.posts[0].when.date()), *EXTRA]
    records, _images = visuals_for(root)
    history = read_history(root)
    alone = render_site(project, history, findings, records, jobs=1)
    with Spool(tmp_path / "out" / "dist") as spool:
        shared = render_site(project, history, findings, records, keep=spool.keep, jobs=2)
        assert shared.keys() == alone.keys()
        posts = [rel for rel in alone if rel.startswith("site/posts/")]
        assert len(posts) == len(project.posts)
        for rel in posts:
            assert shared[rel].made and shared[rel].source is not None, rel  # written by the worker
        for rel, art in alone.items():
            assert _bytes(shared[rel]) == _bytes(art), rel
        soldes = _bytes(shared["site/posts/soldes/index.html"]).decode()
        assert "petit prix" in soldes  # a finding, shown by the worker
        bonjour = _bytes(shared["site/posts/bonjour/index.html"]).decode()
        assert "https://www.linkedin.com/feed/update/1/" in bonjour  # the ledger's permalink
        assert "<img" in bonjour  # a visual record


@pytest.mark.parametrize("jobs", [1, 2])
def test_first_runs_once_before_the_chunks_here(workers_only: None, jobs: int) -> None:
    calls: list[int] = []
    with fanout.Fanout(jobs) as fan:
        done = fan.map(_double, 3, [1, 2, 3, 4, 5], first=lambda: calls.append(len(calls)))
    assert done == [6, 12, 18, 24, 30]
    assert calls == [0]


def _double(factor: int, items: list[int]) -> list[int]:
    return [2 * factor * item for item in items]
