"""The crashes, hangs and unsafe outputs the fuzzer found, one test per class, on real files."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from html5lib import parse
from PIL import Image

from pipeline.cli import cli
from pipeline.model.charter import Term
from pipeline.stages.check.engine import run_checks
from pipeline.stages.check.rules.sources import MAX_SOURCE_BYTES, SourceStore
from pipeline.stages.check.rules.term_regex import finditer, term_problem
from pipeline.stages.feeds.ics import clean_text
from pipeline.stages.history import read_history
from pipeline.stages.load.depth import MAX_DEPTH
from pipeline.stages.load.frontmatter import FrontMatterError, parse_yaml
from pipeline.stages.load.loader import load_project
from pipeline.stages.site import render_site
from pipeline.text.compose import link_for, published_text
from pipeline.text.urls import link_problem, safe_url
from tests.conftest import FIXTURES

TODAY = "2026-11-20"
POSTS = Path("content/posts/2026/12")
NS = "{http://www.w3.org/1999/xhtml}"


def _check(root: Path) -> tuple[Result, list[dict[str, object]]]:
    result = CliRunner().invoke(cli, ["check", "--root", str(root), "--format", "json", "--today", TODAY])
    assert result.exit_code in (0, 1), result.output
    return result, json.loads(result.stdout)["findings"]


def _write(root: Path, name: str, front: str, body: str = "Texte.") -> None:
    (root / POSTS / name).write_text(f"---\n{front}\n---\n{body}\n", encoding="utf-8")


def _post(front_extra: str) -> str:
    return (
        "title: T\npublish_at: 2026-12-03 10:00\nchannels: [linkedin]\npillar: community\n"
        f"status: approved\n{front_extra}"
    )


def _rules_at(findings: list[dict[str, object]], name: str) -> set[object]:
    return {f["rule"] for f in findings if str(f["file"]).endswith(name)}


# --- 1. Script in the preview site and the bundle --------------------------------------------
@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(document.domain)//",
        "JavaScript:alert(1)",
        "java\tscript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/",
        "https://[x",
        "https:evil",
        "ftp://example.org/",
    ],
)
def test_a_link_outside_the_allow_list_is_a_voice_link_error(brand: Callable[[str], Path], link: str) -> None:
    root = brand("minimal")
    _write(root, "2026-12-03-lien.md", _post(f"link: {json.dumps(link)}"))
    _result, findings = _check(root)
    errors = [f for f in findings if f["rule"] == "voice.link" and f["level"] == "error"]
    assert errors and errors[0]["line"] == 7, findings
    project = load_project(root, use_cache=False)
    post = next(p for p in project.posts if p.id == "lien")
    assert link_for(post, "linkedin", project.charter) is None
    assert link not in published_text(post, "linkedin", project.charter)


def test_http_is_allowed_only_when_the_charter_allows_it() -> None:
    assert link_problem("http://example.org/", allow_http=False) == "is not https"
    assert link_problem("http://example.org/", allow_http=True) is None
    assert link_problem("https://example.org/a?b=1") is None
    assert safe_url("javascript:alert(1)") == "#" and safe_url(None) == "#"


def test_no_page_of_the_site_carries_a_script_link(tmp_path: Path) -> None:
    root = tmp_path / "brand"
    shutil.copytree(FIXTURES / "site", root)
    _write(root, "2026-12-16-piege.md", _post('link: "javascript:alert(document.domain)//"'))
    project = load_project(root, use_cache=False)
    findings = run_checks(project, today=project.posts[0].when.date())
    pages = render_site(project, read_history(root), findings, [])
    page = next(a.data for name, a in pages.items() if name.endswith("posts/piege/index.html"))
    assert page is not None and b'href="javascript' not in page.lower()
    for name, artifact in pages.items():
        if name.endswith(".html") and artifact.data is not None:
            for element in parse(artifact.data).iter():
                for attribute in ("href", "src"):
                    value = element.get(attribute, "").strip().lower()
                    assert not value.startswith(("javascript:", "data:", "vbscript:")), (name, value)


# --- 2. Nesting that killed the process ------------------------------------------------------
@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 400, 30_000])
def test_deep_nesting_is_a_positioned_yaml_syntax_finding(depth: int) -> None:
    with pytest.raises(FrontMatterError) as caught:
        parse_yaml("title: T\nchannels: " + "[" * depth + "\n", 2)
    assert caught.value.rule == "yaml.syntax"
    assert (caught.value.line, caught.value.column) == (3, 10 + MAX_DEPTH)
    assert "nested" in caught.value.message


def test_ordinary_nesting_and_brackets_in_text_are_fine() -> None:
    brackets = "[" * (MAX_DEPTH + 5)
    text = "a: " + "[" * 10 + "]" * 10 + f"\nt: '{brackets}'\nu: x {brackets}\n"
    assert set(parse_yaml(text, 2)) == {"a", "t", "u"}


def test_aliases_that_nest_deeper_than_the_text_are_refused() -> None:
    chain = "".join(f"k{i}: &a{i} [{'*a' + str(i - 1) if i else 1}]\n" for i in range(MAX_DEPTH + 5))
    with pytest.raises(FrontMatterError, match="aliases nest"):
        parse_yaml(chain, 2)


@pytest.mark.parametrize("tag", ["!!omap [{x: 1}]", "!!set {x}", "!!binary aGVsbG8="])
def test_tagged_values_are_refused(tag: str) -> None:
    with pytest.raises(FrontMatterError, match="not supported"):
        parse_yaml(f"title: T\nhashtags: {tag}\n", 2)


def test_a_too_deep_charter_is_a_one_line_error(brand: Callable[[str], Path]) -> None:
    root = brand("minimal")
    with (root / "charter.yaml").open("a", encoding="utf-8") as handle:
        handle.write("rules: " + "[" * 30_000 + "\n")
    result = CliRunner().invoke(cli, ["check", "--root", str(root), "--today", TODAY])
    assert result.exit_code == 2
    assert "nested more than" in result.output and "Traceback" not in result.output


# --- 3. Hangs ----------------------------------------------------------------------------------
def test_a_fifo_post_or_a_link_to_one_is_reported_not_read(brand: Callable[[str], Path]) -> None:
    root = brand("minimal")
    os.mkfifo(root / POSTS / "tube.md")
    (root / POSTS / "vers-tube.md").symlink_to("tube.md")
    started = time.monotonic()
    _result, findings = _check(root)
    assert time.monotonic() - started < 30
    assert _rules_at(findings, "tube.md") == {"asset.unreadable"}
    assert _rules_at(findings, "vers-tube.md") == {"asset.unreadable"}


def test_a_fifo_charter_is_a_one_line_error(brand: Callable[[str], Path]) -> None:
    root = brand("minimal")
    (root / "charter.yaml").unlink()
    os.mkfifo(root / "charter.yaml")
    result = CliRunner().invoke(cli, ["check", "--root", str(root), "--today", TODAY])
    assert result.exit_code == 2 and "not a regular file" in result.output


def test_a_fifo_visual_is_unreadable(brand: Callable[[str], Path]) -> None:
    root = brand("minimal")
    os.mkfifo(root / "assets" / "images" / "tube.png")
    _write(root, "2026-12-03-tube.md", _post("visual: {src: assets/images/tube.png, alt: Un tube}"))
    _result, findings = _check(root)
    assert "asset.unreadable" in _rules_at(findings, "2026-12-03-tube.md")


@pytest.mark.parametrize("pattern", ["(a+)+$", "(\\w+\\s?)+$", "(a|aa)+$"])
def test_a_backtracking_charter_regex_is_refused_quickly(pattern: str) -> None:
    started = time.monotonic()
    problem = term_problem(Term(avoid=pattern, regex=True))
    assert problem is not None
    assert time.monotonic() - started < 2


def test_a_charter_regex_runs_within_its_budget(brand: Callable[[str], Path]) -> None:
    root = brand("minimal")
    with (root / "charter.yaml").open("a", encoding="utf-8") as handle:
        handle.write("voice:\n  terms:\n    - {avoid: '(a+)+$', regex: true}\n    - {avoid: 'pas cher'}\n")
    _write(root, "2026-12-03-a.md", _post(""), "a" * 28 + "b pas cher")
    started = time.monotonic()
    _result, findings = _check(root)
    assert time.monotonic() - started < 30
    assert any(f["rule"] == "charter.regex" and f["line"] == 14 for f in findings), findings
    assert "voice.term" in _rules_at(findings, "2026-12-03-a.md")
    assert finditer(__import__("regex").compile("(a|aa)+$"), "a" * 60 + "b") == []


# --- 5. Values pydantic accepts but the code cannot use ---------------------------------------
@pytest.mark.parametrize(
    "front",
    [
        "publish_at: 0001-01-01T00:30:00+05:00",
        "publish_at: 9999-12-31T23:30:00-05:00",
        "publish_at: 1999-12-31 10:00",
    ],
)
def test_dates_outside_the_planning_window_are_schema_type(brand: Callable[[str], Path], front: str) -> None:
    root = brand("minimal")
    (root / POSTS / "2026-12-03-date.md").write_text(
        f"---\ntitle: T\n{front}\nchannels: [linkedin]\npillar: community\nstatus: approved\n---\nTexte.\n",
        encoding="utf-8",
    )
    _result, findings = _check(root)
    hits = [f for f in findings if str(f["file"]).endswith("date.md")]
    assert [(f["rule"], f["line"]) for f in hits] == [("schema.type", 3)]


@pytest.mark.parametrize("value", [".inf", ".nan", "1e308", "-.inf"])
def test_charter_numbers_must_be_finite_and_sane(brand: Callable[[str], Path], value: str) -> None:
    root = brand("minimal")
    with (root / "charter.yaml").open("a", encoding="utf-8") as handle:
        handle.write(f"cadence:\n  min_gap_hours: {{default: {value}}}\n")
    result = CliRunner().invoke(cli, ["check", "--root", str(root), "--today", TODAY])
    assert result.exit_code == 2 and "charter.yaml:" in result.output, result.output
    assert "Traceback" not in result.output


def test_a_nul_byte_in_a_path_is_schema_type(brand: Callable[[str], Path]) -> None:
    root = brand("minimal")
    _write(root, "2026-12-03-nul.md", _post('visual: {src: "assets/images/a\\0b.png", alt: Un carré}'))
    _result, findings = _check(root)
    assert _rules_at(findings, "nul.md") == {"schema.type"}


def test_a_file_name_that_is_not_utf8_gives_valid_json(brand: Callable[[str], Path]) -> None:
    root = brand("minimal")
    name = os.fsdecode(bytes(root / POSTS) + b"/caf\xe9.md")
    Path(name).write_text("---\ntitle: x\n---\n", encoding="utf-8")
    result, findings = _check(root)
    result.stdout.encode("utf-8")
    assert any(f["rule"] == "yaml.syntax" and "UTF-8" in str(f["message"]) for f in findings)


def test_a_font_that_is_not_a_font_and_a_broken_logo_are_reported_by_check(
    brand: Callable[[str], Path],
) -> None:
    root = brand("minimal")
    (root / "assets" / "brand").mkdir()
    (root / "assets" / "brand" / "titre.ttf").write_text("pas une police", encoding="utf-8")
    logo = (FIXTURES / "minimal" / "assets" / "images" / "carre.png").read_bytes()
    (root / "assets" / "brand" / "logo.png").write_bytes(logo[: len(logo) // 2])
    with (root / "charter.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "visual:\n  logo: {src: assets/brand/logo.png}\n  fonts: {title: assets/brand/titre.ttf}\n"
        )
    _result, findings = _check(root)
    lines = {f["line"] for f in findings if f["rule"] == "asset.unreadable" and f["file"] == "charter.yaml"}
    assert lines == {13, 14}, findings


# --- 6. Memory ------------------------------------------------------------------------------------
def test_a_sparse_giant_source_is_refused_without_reading_it(tmp_path: Path) -> None:
    source = tmp_path / "geant.png"
    Image.new("RGB", (1, 1)).save(source)
    with source.open("r+b") as handle:
        handle.truncate(MAX_SOURCE_BYTES + 1)
    started = time.monotonic()
    found = SourceStore.open(tmp_path / "sources.json").inspect(source)
    assert time.monotonic() - started < 1  # reading 200 MB would take longer than stat
    assert found.error is not None and "limited to 200 MB" in found.error


# --- 7. Smaller -------------------------------------------------------------------------------------
def test_ical_text_carries_no_control_characters() -> None:
    cleaned = clean_text("a\x00b\x0bc\x0cd\u2028e\u0085f\r\ng\th")
    assert cleaned == "a b c d e f\ng\th"


def test_new_post_refuses_a_time_the_clocks_skip(brand: Callable[[str], Path]) -> None:
    root = brand("minimal")
    args = ["new", "post", "Printemps", "--root", str(root), "--channels", "linkedin", "--date", "2027-03-28"]
    refused = CliRunner().invoke(cli, [*args, "--time", "02:30"])
    assert refused.exit_code == 2 and "does not exist in Europe/Paris" in refused.output
    assert not list((root / "content" / "posts").glob("2027/**/*.md"))
    accepted = CliRunner().invoke(cli, [*args, "--time", "03:30"])
    assert accepted.exit_code == 0, accepted.output


def test_fix_keeps_each_lines_own_ending(brand: Callable[[str], Path]) -> None:
    root = brand("minimal")
    with (root / "charter.yaml").open("a", encoding="utf-8") as handle:
        handle.write("voice:\n  typography: fr\n")
    path = root / POSTS / "2026-12-03-mixte.md"
    lines = [
        "---\r\n",
        "title: Mixte\n",
        "publish_at: 2026-12-03 10:00\r\n",
        "channels: [linkedin]\n",
        "pillar: community\n",
        "status: approved\r\n",
        "---\n",
        "Vous venez ?\r\n",
        "Bien sûr !\n",
    ]
    path.write_bytes("".join(lines).encode("utf-8"))
    result = CliRunner().invoke(cli, ["check", "--root", str(root), "--fix", "--today", TODAY])
    assert result.exit_code in (0, 1), result.output
    fixed = path.read_bytes().decode("utf-8").splitlines(keepends=True)
    assert fixed != lines  # the typography fix happened
    assert [line[-2:] == "\r\n" for line in fixed] == [line[-2:] == "\r\n" for line in lines]


def _publish_fills_the_disk(out: Path) -> None:
    from pipeline.errors import OutputError
    from pipeline.output.publish import Artifact, publish

    publish(out, {"a.txt": Artifact.of_bytes(b"small")})
    big = {f"f{n}.bin": Artifact.of_bytes(os.urandom(64 * 1024)) for n in range(8)}
    with pytest.raises(OutputError, match="previous build is kept"):
        publish(out, big)
    builds = out.parent / f".{out.name}.builds"
    assert [p.name for p in builds.iterdir()] == [out.resolve().name]
    assert (out / "a.txt").read_bytes() == b"small"


def test_a_full_disk_leaves_no_half_written_build(tmp_path: Path) -> None:
    import subprocess

    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(disk)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip("mounting a small tmpfs needs root")
    try:
        _publish_fills_the_disk(disk / "dist")
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_a_read_only_checkout_checks_without_error(brand: Callable[[str], Path], tmp_path: Path) -> None:
    import subprocess

    source = brand("minimal")
    view = tmp_path / "lecture-seule"
    view.mkdir()
    bound = subprocess.run(["mount", "--bind", str(source), str(view)], capture_output=True, check=False)
    if bound.returncode != 0:
        pytest.skip("a read-only bind mount needs root")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], check=True, capture_output=True)
        result = CliRunner().invoke(cli, ["check", "--root", str(view), "--format", "json", "--today", TODAY])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["findings"] == []
        built = CliRunner().invoke(cli, ["build", "--root", str(view), "--today", TODAY])
        assert built.exit_code == 2 and "the disk is read-only" in built.output
        french = CliRunner().invoke(cli, ["build", "--root", str(view), "--today", TODAY, "--lang", "fr"])
        assert french.exit_code == 2 and "le disque est en lecture seule" in french.output
    finally:
        subprocess.run(["umount", str(view)], check=False)


def test_render_refuses_a_jpeg_cut_short_even_for_a_draft(tmp_path: Path) -> None:
    """Drafts are rendered with warnings only: the render itself must not publish a grey half."""
    import io

    from pipeline.model.channels import VisualFormat
    from pipeline.stages.visuals.render import OutputJob, RenderTask, render_task

    buffer = io.BytesIO()
    Image.linear_gradient("L").resize((1600, 1200)).convert("RGB").save(buffer, "JPEG", quality=90)
    data = buffer.getvalue()
    source = tmp_path / "coupee.jpg"
    source.write_bytes(data[: len(data) // 2] + b"\xff\xd9")
    job = OutputJob("k" * 64, VisualFormat(name="feed", width=1080, height=1350))
    [rendered] = render_task(RenderTask(outputs=(job,), cache_dir=tmp_path / "cache", source=source))
    assert rendered.sha256 is None
    assert [rule for rule, _message in rendered.problems] == ["asset.unreadable"]
