"""The visuals stage in real builds and the graphic-charter checks, on brands made in tmp_path."""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path
from typing import Any

from PIL import Image

from pipeline.build.driver import BuildOptions, build
from pipeline.model.findings import Finding, Level
from pipeline.stages.check.engine import run_checks
from pipeline.stages.load.loader import load_project
from pipeline.stages.visuals.stage import VisualProgress, render_visuals
from tests.imagekit import fake_png_header, make_brand, noisy, small_formats

TODAY = date(2026, 11, 1)


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".almanac-manifest.json"
    }


def three_posts(root: Path) -> Path:
    posts: dict[str, dict[str, Any]] = {
        "a": {"visual": {"src": "assets/images/a.jpg", "alt": "Une lampe", "focus": [0.3, 0.6]}},
        "b": {"visual": {"src": "assets/images/b.png", "alt": "Un salon"}, "status": "draft"},
        "c": {"visual": {"card": "Les soldes commencent", "alt": "Les soldes commencent"}},
        "d": {"visual": {"src": "assets/images/a.jpg", "alt": "Idée"}, "status": "idea"},
    }
    make_brand(
        root,
        posts,
        channels=small_formats(),
        visual={"palette": ["#1F2A44", "#F4EBD9"], "logo": {"src": "assets/images/logo.png"}},
    )
    noisy((600, 500), 1).save(root / "assets/images/a.jpg", quality=90)
    noisy((500, 600), 2).save(root / "assets/images/b.png")
    Image.new("RGBA", (100, 40), (255, 0, 255, 255)).save(root / "assets/images/logo.png")
    return root


def test_every_output_has_its_exact_size_fits_its_limit_and_is_recorded(tmp_path: Path) -> None:
    root = three_posts(tmp_path / "brand")
    ticks: list[VisualProgress] = []
    result = build(root, options=BuildOptions(today=TODAY, jobs=1, progress=ticks.append))
    assert not result.failed, result.findings
    project = load_project(root)
    visuals = render_visuals(project)
    sizes = {f.name: (f.width, f.height, f.max_bytes) for f in project.charter.profiles["instagram"].formats}
    assert {r.post for r in visuals.records} == {"a", "b", "c"}  # the idea is not rendered, the draft is
    assert len(visuals.records) == 9 and ticks[-1].done == ticks[-1].total == 9
    for record in visuals.records:
        file = root / "dist" / "site" / record.path
        data = file.read_bytes()
        width, height, limit = sizes[record.format]
        with Image.open(file) as image:
            assert image.size == (width, height) == (record.width, record.height)
        assert len(data) == record.bytes <= limit
        assert hashlib.sha256(data).hexdigest() == record.sha256
    assert (root / "dist/site/visuals/c/instagram-story.jpg").is_file()


def test_incremental_build_equals_full_build_and_a_noop_does_no_image_work(tmp_path: Path) -> None:
    root = three_posts(tmp_path / "brand")
    build(root, options=BuildOptions(today=TODAY, jobs=2))  # first build, worker processes
    post = root / "content/posts/2026-12-01-a.md"
    post.write_text(post.read_text().replace("- 0.3", "- 0.7"))
    shutil.copy(root / "assets/images/b.png", root / "assets/images/b2.png")
    incremental = render_visuals(load_project(root), jobs=2)
    assert incremental.rendered == 3  # only post a's three formats
    result = build(root, options=BuildOptions(today=TODAY, jobs=2))
    assert not result.failed
    noop = render_visuals(load_project(root))
    assert noop.rendered == 0 and noop.hashed == 0
    after_incremental = snapshot(root / "dist")

    shutil.rmtree(root / ".almanac")
    full = build(root, out=tmp_path / "full", options=BuildOptions(today=TODAY, jobs=1))
    assert not full.failed
    assert snapshot(tmp_path / "full") == after_incremental
    cached = list((root / ".almanac/visuals/out").rglob("*.*"))
    assert len(cached) == 9  # the stale outputs of the old focus were pruned


def at(findings: list[Finding], rule: str, post: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule and f.post == post]


def src_line(root: Path, name: str) -> int:
    lines = (root / f"content/posts/2026-12-01-{name}.md").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.strip().startswith("src:"))


BAD = {
    "truncated": ("truncated.jpg", "asset.unreadable"),
    "tiny": ("tiny.png", "visual.resolution"),
    "bomb": ("bomb.png", "asset.unreadable"),
    "animated": ("animated.gif", "asset.unreadable"),
    "vector": ("logo.svg", "asset.unreadable"),
    "iphone": ("photo.heic", "asset.unreadable"),
    "text": ("notes.jpg", "asset.unreadable"),
}


def bad_brand(root: Path, rules: dict[str, str] | None = None) -> Path:
    posts = {
        name: {"visual": {"src": f"assets/images/{file}", "alt": "Une image"}}
        for name, (file, _) in BAD.items()
    }
    posts["good"] = {"visual": {"src": "assets/images/good.jpg", "alt": "Une image"}}
    make_brand(root, posts, channels=small_formats(), rules=rules)
    images = root / "assets/images"
    noisy((400, 400)).save(images / "good.jpg")
    whole = (images / "good.jpg").read_bytes()
    (images / "truncated.jpg").write_bytes(whole[: len(whole) // 2])
    Image.new("RGB", (1, 1)).save(images / "tiny.png")
    (images / "bomb.png").write_bytes(fake_png_header(10_000, 8_000))  # 80 megapixels
    frames = [Image.new("RGB", (300, 300), c) for c in ((255, 0, 0), (0, 0, 255))]
    frames[0].save(images / "animated.gif", save_all=True, append_images=frames[1:])
    (images / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    (images / "photo.heic").write_bytes(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 100)
    (images / "notes.jpg").write_text("not a picture at all\n")
    return root


def test_bad_sources_are_findings_on_the_src_line(tmp_path: Path) -> None:
    root = bad_brand(tmp_path / "brand")
    findings = run_checks(load_project(root), today=TODAY)
    for name, (_, rule) in BAD.items():
        found = at(findings, rule, name)
        assert found, (name, [f.message for f in findings if f.post == name])
        assert found[0].line == src_line(root, name) and found[0].level is Level.ERROR
    assert not [f for f in findings if f.post == "good"]
    result = build(root, options=BuildOptions(today=TODAY))
    assert result.failed and result.published is None  # error findings fail a build, as for every check


def test_the_build_goes_on_for_the_other_posts_when_bad_sources_are_tolerated(tmp_path: Path) -> None:
    # The bundle cannot carry visuals that were never built (bundle.media): a brand that tolerates
    # bad sources lowers that rule too, and the build says which posts go without.
    tolerated = {"asset.unreadable": "warning", "visual.resolution": "warning", "bundle.media": "warning"}
    root = bad_brand(tmp_path / "brand", rules=tolerated)
    result = build(root, options=BuildOptions(today=TODAY, jobs=1))
    assert not result.failed
    assert {f.post for f in result.findings if f.rule == "bundle.media"} <= set(BAD)
    rendered = {p.parent.name for p in (root / "dist/site/visuals").rglob("*.jpg")}
    assert rendered == {"good"}
    assert {f.post for f in result.findings if f.level is Level.WARNING} >= set(BAD)


def test_weight_over_the_limit_fails_the_build_with_a_finding(tmp_path: Path) -> None:
    root = make_brand(
        tmp_path / "brand",
        {"heavy": {"visual": {"src": "assets/images/n.png", "alt": "Du bruit"}}},
        channels=small_formats(max_bytes=800),
    )
    noisy((400, 400)).save(root / "assets/images/n.png")
    result = build(root, options=BuildOptions(today=TODAY, jobs=1))
    weight = at(result.findings, "visual.weight", "heavy")
    assert result.failed and weight and weight[0].line == src_line(root, "heavy")


def test_alt_gps_palette_and_contrast_rules(tmp_path: Path) -> None:
    posts = {
        "noalt": {"visual": {"src": "assets/images/gps.jpg"}},
        "filename": {"visual": {"src": "assets/images/gps.jpg", "alt": "gps.jpg"}},
        "onpalette": {"visual": {"src": "assets/images/brand.png", "alt": "Motif", "kind": "graphic"}},
        "offpalette": {"visual": {"src": "assets/images/green.png", "alt": "Motif", "kind": "graphic"}},
        "card": {"visual": {"card": "Bonjour", "alt": "Bonjour"}},
    }
    root = make_brand(
        tmp_path / "brand",
        posts,
        channels=small_formats(),
        visual={"palette": ["#777777", "#1F2A44", "#8A8A8A"]},
    )
    exif = Image.Exif()
    exif.get_ifd(0x8825)[2] = (45.0, 46.0, 0.0)
    noisy((400, 400)).save(root / "assets/images/gps.jpg", exif=exif)
    Image.new("RGB", (400, 400), (31, 42, 68)).save(root / "assets/images/brand.png")
    Image.new("RGB", (400, 400), (0, 200, 0)).save(root / "assets/images/green.png")
    findings = run_checks(load_project(root), today=TODAY)
    assert at(findings, "visual.alt", "noalt") and at(findings, "visual.alt", "filename")
    assert at(findings, "visual.gps", "noalt")[0].level is Level.WARNING
    assert at(findings, "visual.palette", "offpalette") and not at(findings, "visual.palette", "onpalette")
    contrast = at(findings, "visual.contrast", "card")
    assert contrast and "below the charter's 4.5:1" in contrast[0].message
