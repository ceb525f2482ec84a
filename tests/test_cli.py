"""The command line: exit codes, formats, GitHub summary, atomic builds."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

BONJOUR = "content/posts/2026/12/2026-12-01-bonjour.md"
TODAY = ["--today", "2026-11-24"]
"""The day the checks count from: Noël is covered by the brand's approved post of 2026-12-01."""
PINNED = {"SOURCE_DATE_EPOCH": "1795510800"}  # 2026-11-24T09:00:00Z: dates a build without git


def test_check_clean_brand_exits_0(brand: Callable[[str], Path], run: Callable[..., Result]) -> None:
    result = run(["check", "--root", str(brand("minimal")), "--format", "json", *TODAY])
    assert result.exit_code == 0
    assert json.loads(result.output) == {
        "version": 1,
        "findings": [],
        "counts": {"error": 0, "warning": 0, "info": 0},
    }


def test_warnings_fail_only_under_strict(brand: Callable[[str], Path], run: Callable[..., Result]) -> None:
    root = brand("minimal")
    post = root / BONJOUR
    post.write_text(post.read_text().replace("2026-12-01 10:00", "2026-10-25 02:30"))
    assert run(["check", "--root", str(root), *TODAY]).exit_code == 0
    strict = run(["check", "--root", str(root), "--strict", *TODAY])
    assert strict.exit_code == 1
    assert "time.ambiguous" in strict.output


def test_github_format_writes_the_job_summary(
    brand: Callable[[str], Path], run: Callable[..., Result], tmp_path: Path
) -> None:
    root = brand("minimal")
    post = root / BONJOUR
    post.write_text(post.read_text().replace("topic: noel", "topic: noell"))
    summary = tmp_path / "summary.md"
    summary.write_text("previous step\n")
    result = run(
        ["check", "--root", str(root), "--format", "github", *TODAY],
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"::error file={BONJOUR},line=6,col=8,title=post.unknown-topic::")
    text = summary.read_text()
    assert text.startswith("previous step\n### Almanac charter check")
    assert "`post.unknown-topic`" in text


def test_usage_errors_exit_2(tmp_path: Path, run: Callable[..., Result]) -> None:
    assert run(["check", "--root", str(tmp_path / "missing")]).exit_code == 2
    assert run(["check", "--root", str(tmp_path)]).exit_code == 2  # no charter
    assert run(["check", "--format", "yaml"]).exit_code == 2
    assert run(["check", "--today", "2026-13-01"]).exit_code == 2


def test_build_writes_report_and_is_atomic(brand: Callable[[str], Path], run: Callable[..., Result]) -> None:
    root = brand("minimal")
    first = run(["build", "--root", str(root), *TODAY], env=PINNED)
    assert first.exit_code == 0, first.output
    report = json.loads((root / "dist" / "report.json").read_text())
    assert report["counts"]["error"] == 0
    noop = run(["build", "--root", str(root), *TODAY], env=PINNED)
    assert "nothing changed" in noop.output

    post = root / BONJOUR
    post.write_text(post.read_text().replace("campaign: hiver", "campaign: ete"))
    failed = run(["build", "--root", str(root), *TODAY], env=PINNED)
    assert failed.exit_code == 1
    assert "post.unknown-campaign" in failed.output
    assert json.loads((root / "dist" / "report.json").read_text()) == report


def test_python_dash_m_runs_the_cli() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "pipeline", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and "almanac" in done.stdout
