"""The one driver: one clock per command, stages that run alone, one findings policy, bundles from now."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import Result

import pipeline
from pipeline.build.context import BuildOptions, clock_at, make_context, read_clock
from pipeline.build.driver import _replay, build
from pipeline.build.fingerprint import load_stamp, take
from pipeline.build.runs import bundle
from pipeline.build.stages import Upstream, check_stage, feeds_stage, report_stage, visuals_stage
from pipeline.model.findings import Finding, Level
from pipeline.model.hits import Hit, StageHit
from pipeline.model.inputs import STAMP_FILE
from pipeline.model.project import CACHE_DIR
from pipeline.stages import history as history_module
from pipeline.stages.check.engine import settle
from pipeline.stages.history import History, read_history
from pipeline.stages.load.loader import load_project
from tests.bundlekit import image, render_visuals, unzip, write_brand
from tests.conftest import commit_all

PARIS = ZoneInfo("Europe/Paris")
INSTANT = datetime(2026, 11, 27, 12, 30, tzinfo=UTC)


def _post(root: Path, stem: str, when: str) -> None:
    path = root / f"content/posts/{stem[:4]}/{stem[5:7]}/{stem}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\ntitle: {stem}\npublish_at: {when}\nchannels: [linkedin]\npillar: event\n"
        f"status: approved\n---\nUn message du {stem[:10]}.\n",
        encoding="utf-8",
    )


def _entries(zipped: bytes) -> list[dict[str, str]]:
    manifest = json.loads(unzip(zipped)["manifest.json"])
    entries: list[dict[str, str]] = manifest["entries"]
    return entries


def test_a_bundle_on_a_day_after_the_last_commit_holds_nothing_in_the_past(
    tmp_path: Path, git_repo: Callable[[Path], Path], run: Callable[..., Result]
) -> None:
    root = git_repo(write_brand(tmp_path / "brand"))
    for stem, when in (
        ("2026-11-25-mercredi", "2026-11-25 10:00"),
        ("2026-11-26-jeudi", "2026-11-26 18:00"),
        ("2026-11-27-matin", "2026-11-27 08:00"),
        ("2026-11-28-samedi", "2026-11-28 11:00"),
    ):
        _post(root, stem, when)
    commit_all(root, "the week", date="2026-11-24T10:00:00+01:00")  # HEAD is three days old
    render_visuals(root / "dist/site")  # the last build's visuals, which the bundle ships

    # The reviewer's case: on 27 November, a bundle counted from the commit shipped 24–26 November.
    result = run(["bundle", "--root", str(root), "--today", "2026-11-27"], env={"SOURCE_DATE_EPOCH": ""})
    assert result.exit_code == 0, result.output
    (zipped,) = (root / "dist/bundle").glob("almanac-2026-11-27--*.zip")
    entries = _entries(zipped.read_bytes())
    start = datetime(2026, 11, 27, tzinfo=PARIS)
    assert entries and all(datetime.fromisoformat(e["publish_at"]) >= start for e in entries)
    assert [e["post"] for e in entries][:2] == ["matin", "samedi"]

    # An explicit range reaching back: the past is left out, listed in the output and the manifest.
    late = bundle(root, first=date(2026, 11, 25), last=date(2026, 12, 31), today=date(2026, 11, 27))
    made = late.outcome.bundle
    assert made is not None
    posts = [e.post for e in made.manifest.entries]
    assert "mercredi" not in posts and "jeudi" not in posts
    assert all(e.publish_at >= start for e in made.manifest.entries)
    assert [w.split(" ", 1)[0] for w in made.left_out] == ["mercredi", "jeudi"]
    assert set(made.left_out) <= set(made.manifest.warnings) and set(made.left_out) <= set(late.warnings)
    shown = run(
        ["bundle", "--root", str(root), "--today", "2026-11-27", "--from", "2026-11-25", "--to", "2026-12-31"]
    )
    assert "warning: jeudi left out: due 2026-11-26 18:00" in shown.output
    span = ["--today", "2026-11-27", "--from", "2026-11-25", "--to", "2026-12-31"]
    said = run(["bundle", "--root", str(root), *span, "--lang", "fr"])
    assert "avertissement\u00a0: jeudi laissé de côté\u00a0: prévu le 2026-11-26 18:00" in said.output


def test_the_build_bundle_exports_from_the_pinned_day_not_the_commit(
    tmp_path: Path, git_repo: Callable[[Path], Path]
) -> None:
    root = git_repo(write_brand(tmp_path / "brand"))  # committed on 2026-11-20
    result = build(root, options=BuildOptions(today=date(2026, 12, 2), jobs=1))
    assert not result.failed, result.findings
    (zipped,) = (result.out / "bundle").glob("*.zip")
    assert zipped.name == "almanac-2026-12-02--2027-01-31.zip"
    assert _entries(zipped.read_bytes()) == []  # the December posts of the brand are on the 1st
    assert result.notes == []  # the 1st is before the range: not even a candidate


def test_the_clock_is_read_once_and_a_pinned_day_starts_at_midnight() -> None:
    pinned = clock_at(PARIS, INSTANT, date(2027, 3, 28))
    assert pinned.today == date(2027, 3, 28)
    assert pinned.now == datetime(2027, 3, 28, 0, 0, tzinfo=PARIS) and pinned.now.utcoffset() is not None
    free = clock_at(ZoneInfo("Pacific/Kiritimati"), INSTANT)  # UTC+14: already the next day there
    assert free.today == date(2026, 11, 28) and free.now == INSTANT
    assert clock_at(PARIS, INSTANT).today == date(2026, 11, 27)
    assert read_clock().tzinfo is UTC


def test_only_the_drivers_clock_reads_the_clock() -> None:
    package = Path(pipeline.__file__).parent
    readers = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in {"now", "today", "utcnow"}:
                owner = node.value
                if isinstance(owner, ast.Name) and owner.id in {"datetime", "date"}:
                    readers.append(f"{path.relative_to(package).as_posix()}:{node.lineno}")
    assert [r.split(":")[0] for r in readers] == ["build/context.py"], readers


def test_check_rules_do_not_import_the_renderer() -> None:
    rules = Path(pipeline.__file__).parent / "stages/check/rules"
    # The checks' arithmetic and the header reader; never the renderer (render, cards, geometry, colour).
    allowed = {"pipeline.stages.visuals.limits", "pipeline.stages.visuals.inspect"}
    found = set()
    for path in rules.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pipeline.stages.visuals"):
                found.add(node.module)
    assert found and found <= allowed, found


def test_a_check_imports_pydantic_only_in_its_command_and_numpy_never(tmp_path: Path) -> None:
    # The command line starts the workers' server before importing the models (pydantic, 0.15 s),
    # and a check of photographs never pays numpy's import (0.09 s), which only rendering needs.
    image(tmp_path / "photo.jpg", (640, 480), "#8a5a44", "JPEG")
    code = (
        "import sys; import pipeline.cli, pipeline.cli.check_cmd; early = 'pydantic' in sys.modules\n"
        "from pathlib import Path\n"
        "import pipeline.build.runs, pipeline.stages.check.index, pipeline.stages.check.parallel\n"
        "from pipeline.stages.visuals.inspect import inspect_source\n"
        f"inspect_source(Path({str(tmp_path / 'photo.jpg')!r}))\n"
        "print(early, 'pydantic' in sys.modules, 'numpy' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True", "False"], done.stderr


def test_stages_run_alone_from_a_context(tmp_path: Path, git_repo: Callable[[Path], Path]) -> None:
    root = git_repo(write_brand(tmp_path / "brand"))
    project = load_project(root)
    ctx = make_context(project, BuildOptions(today=date(2026, 11, 20)), INSTANT)
    assert ctx.today == date(2026, 11, 20) and ctx.now == datetime(2026, 11, 20, tzinfo=PARIS)
    checked = check_stage(ctx, Upstream())
    assert checked.artifacts == {} and not [f for f in checked.findings if f.level is Level.ERROR]
    feeds = feeds_stage(ctx.with_history(read_history(root)), Upstream())
    assert "site/feeds/calendar.ics" in feeds.artifacts and feeds.hits == ()
    calendar = feeds.artifacts["site/feeds/calendar.ics"].data or b""
    assert b"DTSTAMP:20261120T080000Z" in calendar  # the commit's time, not the clock's
    finding = Finding(rule="voice.emoji", level=Level.WARNING, message="m", file="a.md", line=2, column=3)
    report = report_stage(ctx, Upstream(findings=(finding,)))
    assert json.loads(report.artifacts["report.json"].data or b"{}")["findings"][0]["rule"] == "voice.emoji"


def test_stage_problems_follow_the_checks_policy(tmp_path: Path) -> None:
    root = write_brand(tmp_path / "brand")
    charter = root / "charter.yaml"
    charter.write_text(charter.read_text() + "rules:\n  feed.size: 'off'\n  asset.unreadable: warning\n")
    second = root / "content/posts/2026/12/2026-12-01-second.md"
    second.write_text(
        second.read_text().replace(
            "status: approved\n", 'status: approved\nignore: {visual.weight: "tolérée"}\n'
        )
    )
    project = load_project(root)
    posts = {p.id: p for p in project.posts}
    raised = [
        StageHit("visual.weight", Hit("linkedin trop lourd", 3, 1, posts["tricky"])),
        StageHit("visual.weight", Hit("linkedin trop lourd", 3, 1, posts["brouillon"])),
        StageHit("visual.weight", Hit("linkedin trop lourd", 3, 1, posts["second"])),
        StageHit("asset.unreadable", Hit("logo illisible", 3, 1, posts["tricky"])),
        StageHit("feed.size", Hit("trop gros", 9, 1, file="charter.yaml")),
    ]
    found = {(f.rule, f.post, f.level) for f in settle(project, raised)}
    assert found == {
        ("visual.weight", "tricky", Level.ERROR),  # the rule's default level
        ("visual.weight", "brouillon", Level.WARNING),  # a draft: an error once in review
        ("asset.unreadable", "tricky", Level.WARNING),  # the charter's level
    }  # the ignored post and the rule turned off are gone
    scoped = settle(project, raised, changed=frozenset({"content/posts/2026/12/2026-12-04-brouillon.md"}))
    assert [f.post for f in scoped] == ["brouillon"]


def test_a_build_reads_the_history_once_for_its_checks_and_its_outputs(
    tmp_path: Path, git_repo: Callable[[Path], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = git_repo(write_brand(tmp_path / "brand"))
    read: list[Path] = []

    def counted(where: Path) -> History:
        read.append(where)
        return read_history(where)

    monkeypatch.setattr(history_module, "read_history", counted)
    # On 2 December the approved posts of the 1st are due: time.past compares them with git.
    result = build(root, options=BuildOptions(today=date(2026, 12, 2), jobs=1))
    assert not result.failed, result.findings
    assert len(read) == 1  # the checks were given the driver's, and did not read it again


def test_a_replayed_build_never_ships_an_entry_that_became_past(
    tmp_path: Path, git_repo: Callable[[Path], Path]
) -> None:
    root = git_repo(write_brand(tmp_path / "brand"))
    out = root / "dist"
    first = build(root, options=BuildOptions(jobs=1))  # with the clock, whatever day it is
    assert not first.failed and not first.skipped
    stamp = load_stamp(root / CACHE_DIR / STAMP_FILE)
    fingerprint = take(root, out, {"today": "clock", "strict": False})
    instant = read_clock()
    day = clock_at(PARIS, instant).today
    stamp["result"]["day"] = day.isoformat()
    stamp["result"]["stale_at"] = datetime.combine(day, time(23, 59), tzinfo=PARIS).isoformat()
    assert _replay(stamp, fingerprint, root, out, instant, BuildOptions()) is not None
    stamp["result"]["stale_at"] = (instant - timedelta(minutes=1)).isoformat()
    assert _replay(stamp, fingerprint, root, out, instant, BuildOptions()) is None


def test_a_visual_problem_is_reported_once_by_the_build(
    tmp_path: Path, git_repo: Callable[[Path], Path]
) -> None:
    root = write_brand(tmp_path / "brand")
    small = image(root / "assets/images/petite.png", (120, 120), "#1B2A41")
    (root / "assets/images/coupee.png").write_bytes(small[: len(small) // 2])  # truncated
    charter = root / "charter.yaml"  # an unreadable source is an error even in a draft: soften it here
    charter.write_text(charter.read_text() + "rules:\n  asset.unreadable: warning\n")
    drafts = {"2026-12-04-brouillon": "petite.png", "2026-12-03-relu": "coupee.png"}
    for stem, name in drafts.items():
        path = root / f"content/posts/2026/12/{stem}.md"
        line = f"visual: {{src: assets/images/{name}, alt: Un carré bleu}}\n"
        text = path.read_text().replace("status: ", line + "status: ", 1)
        path.write_text(text.replace("review", "draft"))
    git_repo(root)
    today = date(2026, 11, 20)
    ctx = make_context(load_project(root), BuildOptions(today=today), INSTANT)
    checked = list(check_stage(ctx, Upstream()).findings)
    result = build(root, options=BuildOptions(today=today, jobs=1))
    assert not result.failed, result.findings

    def visual(findings: list[Finding]) -> list[tuple[str, str | None, int]]:
        wanted = {"visual.resolution", "asset.unreadable"}
        return sorted((f.rule, f.post, f.line) for f in findings if f.rule in wanted)

    assert {rule for rule, _post, _line in visual(checked)} == {"visual.resolution", "asset.unreadable"}
    assert visual(result.findings) == visual(checked)
    # The renderer met both problems too; it leaves them to the checks (no de-duplication anywhere).
    rendered = visuals_stage(ctx.with_history(read_history(root)), Upstream(findings=tuple(checked)))
    assert rendered.hits == () and len(rendered.records) > 0
