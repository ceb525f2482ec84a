"""The bundle made while the site's worker renders post pages is the bundle made after the site."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pipeline.build import stages
from pipeline.build.context import BuildContext, BuildOptions, make_context
from pipeline.build.driver import build, run_stages
from pipeline.build.stages import Stage, StageResult, Upstream, check_stage
from pipeline.model.findings import Finding
from pipeline.model.hits import Hit, StageHit
from pipeline.output.publish import Artifact, Spool
from pipeline.stages.history import read_history
from pipeline.stages.load.loader import load_project
from tests.bundlekit import write_brand

INSTANT = datetime(2026, 11, 27, 12, 30, tzinfo=UTC)


def _checked(tmp_path: Path, git_repo: Callable[[Path], Path]) -> tuple[BuildContext, list[Finding]]:
    root = git_repo(write_brand(tmp_path / "brand"))
    ctx = make_context(load_project(root), BuildOptions(today=date(2026, 11, 20)), INSTANT)
    ctx = ctx.with_history(read_history(root))
    return ctx, list(check_stage(ctx, Upstream()).findings)


def _recorded(name: str, stage: Stage, calls: list[str], hit: StageHit | None = None) -> Stage:
    """The real stage, with its start and end written to ``calls`` (and ``hit`` added to its own)."""

    def run(ctx: BuildContext, upstream: Upstream) -> StageResult:
        calls.append(f"{name} starts")
        done = stage(ctx, upstream)
        calls.append(f"{name} ends")
        if hit is None:
            return done
        return replace(done, hits=(*done.hits, hit))

    return run


def _digests(outputs: dict[str, dict[str, Artifact]]) -> dict[str, dict[str, str]]:
    return {stage: {rel: art.digest for rel, art in files.items()} for stage, files in outputs.items()}


def test_the_bundle_runs_inside_the_site_stage_and_comes_out_the_same(
    tmp_path: Path, git_repo: Callable[[Path], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx, findings = _checked(tmp_path, git_repo)
    calls: list[str] = []
    real = stages.OUTPUT_STAGES
    monkeypatch.setattr(stages, "OUTPUT_STAGES", tuple((n, _recorded(n, s, calls)) for n, s in real))
    beside = run_stages(ctx, findings)
    site, bundle = calls.index("site starts"), calls.index("bundle starts")
    assert site < bundle < calls.index("bundle ends") < calls.index("site ends")
    assert calls.count("bundle starts") == 1

    calls.clear()
    monkeypatch.setattr(stages, "BESIDE", {})
    after = run_stages(ctx, findings)
    assert calls.index("site ends") < calls.index("admin starts") < calls.index("bundle starts")
    assert beside[0]["bundle"], "the demo brand's bundle holds files"
    assert _digests(beside[0]) == _digests(after[0])
    assert beside[1:] == after[1:]  # findings, notes, when the bundle goes stale


def test_a_bundle_made_beside_is_made_again_when_the_site_reports_a_problem(
    tmp_path: Path, git_repo: Callable[[Path], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the bundle was given must be what it would have been given after the site."""
    ctx, findings = _checked(tmp_path, git_repo)
    calls: list[str] = []
    hit = StageHit("feed.size", Hit("une page trop lourde", file="charter.yaml"))
    wrapped = [(n, _recorded(n, s, calls, hit if n == "site" else None)) for n, s in stages.OUTPUT_STAGES]
    monkeypatch.setattr(stages, "OUTPUT_STAGES", tuple(wrapped))
    outputs, settled, _notes, _stale = run_stages(ctx, findings)
    assert calls.count("bundle starts") == 2
    assert calls[-2:] == ["bundle starts", "bundle ends"]  # the second time after the site, in its turn
    assert any(f.message == "une page trop lourde" for f in settled)
    assert outputs["bundle"]


def test_the_bundle_stage_spools_its_zip_as_it_makes_it(
    tmp_path: Path, git_repo: Callable[[Path], Path]
) -> None:
    """Made beside the site's worker, the zip is written straight into the spool: its result holds no
    bytes until the bundle's turn (70 MB at 10,000 posts), and it is the zip made in memory."""
    ctx, findings = _checked(tmp_path, git_repo)
    visuals = stages.visuals_stage(ctx, Upstream(findings=tuple(findings)))
    upstream = Upstream(findings=tuple(findings), records=visuals.records, visuals=visuals.artifacts)
    in_memory = stages.bundle_stage(ctx, upstream)
    with Spool(tmp_path / "out" / "dist") as spool:
        spooled = stages.bundle_stage(ctx, replace(upstream, keep=spool.keep))
        assert spooled.artifacts, "the demo brand's bundle holds files"
        for rel, art in spooled.artifacts.items():
            assert art.data is None and art.source is not None and art.source.is_file(), rel
            made = in_memory.artifacts[rel]
            assert art.source.read_bytes() == made.data and art.digest == made.digest, rel
        assert not list(spool.folder.glob(".*.part"))  # the zip was written there, then named


def _published(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_the_feeds_run_inside_the_check_stage_and_come_out_the_same(
    tmp_path: Path, git_repo: Callable[[Path], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = git_repo(write_brand(tmp_path / "brand"))
    options = BuildOptions(today=date(2026, 11, 20), jobs=1)
    calls: list[str] = []
    monkeypatch.setattr(stages, "check_stage", _recorded("check", stages.check_stage, calls))
    real = stages.OUTPUT_STAGES
    monkeypatch.setattr(stages, "OUTPUT_STAGES", tuple((n, _recorded(n, s, calls)) for n, s in real))
    result = build(root, tmp_path / "beside" / "dist", options)
    assert not result.failed
    assert calls.index("check starts") < calls.index("feeds starts") < calls.index("feeds ends")
    assert calls.index("feeds ends") < calls.index("check ends") < calls.index("visuals starts")
    assert calls.count("feeds starts") == 1  # not made again in its turn

    calls.clear()
    monkeypatch.setattr(stages, "BESIDE_CHECKS", None)
    result = build(root, tmp_path / "after" / "dist", options)
    assert calls.index("check ends") < calls.index("visuals ends") < calls.index("feeds starts")
    beside, after = _published(tmp_path / "beside" / "dist"), _published(tmp_path / "after" / "dist")
    assert any(rel.endswith(".ics") for rel in beside)
    assert beside == after


def _failing_build(
    tmp_path: Path, git_repo: Callable[[Path], Path], monkeypatch: pytest.MonkeyPatch, post: str
) -> list[str]:
    """A first build, then one with ``post`` added: the stages the second ran, checked to leave
    nothing behind (no spool, the first build's ``dist/``)."""
    root = git_repo(write_brand(tmp_path / "brand"))
    out = tmp_path / "site" / "dist"
    options = BuildOptions(today=date(2026, 11, 20), jobs=1)
    assert not build(root, out, options).failed
    before = _published(out)
    (root / "content" / "posts" / "2026-12-05-de-trop.md").write_text(post, encoding="utf-8")
    calls: list[str] = []
    real = stages.OUTPUT_STAGES
    monkeypatch.setattr(stages, "OUTPUT_STAGES", tuple((n, _recorded(n, s, calls)) for n, s in real))
    failed = build(root, out, options)
    assert failed.failed and failed.published is None
    assert sorted(p.name for p in out.parent.iterdir()) == [".dist.builds", "dist"]  # no spool left
    assert _published(out) == before
    return calls


def test_a_build_the_rules_fail_keeps_nothing_the_feeds_made_beside_them(
    tmp_path: Path, git_repo: Callable[[Path], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Valid front matter, a channel the charter does not know: an error of the rules, not the loader.
    post = "---\ntitle: Ailleurs\npublish_at: 2026-12-05 10:00\nchannels: [myspace]\npillar: promo\n---\n"
    post += "Texte.\n"
    calls = _failing_build(tmp_path, git_repo, monkeypatch, post)
    assert calls == ["feeds starts", "feeds ends"]  # made beside the checks, then dropped


def test_a_build_with_a_file_the_loader_refuses_makes_no_feeds(
    tmp_path: Path, git_repo: Callable[[Path], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build fails whatever the rules say: nothing is made beside the checks."""
    calls = _failing_build(tmp_path, git_repo, monkeypatch, "---\ntitle: [pas fermé\n---\nTexte.\n")
    assert calls == []
