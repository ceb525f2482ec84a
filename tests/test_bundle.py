"""The bundle: manifest and its schema, determinism, refusal, drafts, the command and the build."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import jsonschema
from click.testing import Result

from pipeline.output.publish import Artifact, publish
from pipeline.stages.bundle import manifest_schema
from pipeline.stages.bundle.collect import select_posts
from pipeline.stages.check.engine import run_checks
from pipeline.stages.load.loader import load_project
from tests.bundlekit import TRICKY_BODY, bundle_of, render_visuals, unzip, write_brand
from tests.conftest import commit_all

NAME = "almanac-2026-12-01--2026-12-31.zip"


def test_manifest_validates_against_its_schema(tmp_path: Path, git_repo: Callable[[Path], Path]) -> None:
    root = git_repo(write_brand(tmp_path / "brand"))
    outcome = bundle_of(root)
    assert outcome.bundle is not None
    files = unzip(outcome.bundle.data)
    manifest = json.loads(files["manifest.json"])
    jsonschema.Draft202012Validator.check_schema(manifest_schema())
    jsonschema.validate(manifest, manifest_schema(), cls=jsonschema.Draft202012Validator)
    assert manifest["format_version"] == 1 and manifest["range"] == {"from": "2026-12-01", "to": "2026-12-31"}
    assert manifest["source"]["commit"] and manifest["source"]["dirty"] is False
    pairs = [(e["post"], e["channel"]) for e in manifest["entries"]]
    channels = ("instagram", "linkedin", "x", "mastodon")
    assert pairs == [("tricky", c) for c in channels] + [("second", "linkedin")]
    tricky = manifest["entries"][1]
    assert tricky["publish_at"] == "2026-12-01T10:02:00+01:00"
    assert tricky["publish_at_utc"] == "2026-12-01T09:02:00Z"
    assert tricky["text"].startswith(TRICKY_BODY) and tricky["hashtags"] == ["AtelierBundle"]
    assert "utm_source=linkedin" in tricky["link"]
    assert (tricky["pillar"], tricky["topic"], tricky["campaign"]) == ("promo", "noel", "hiver")
    insta = manifest["entries"][0]["media"]
    assert [m["format"] for m in insta] == ["feed", "square"]  # the channel profile's order
    for item in insta:
        assert hashlib.sha256(files[item["path"]]).hexdigest() == item["sha256"]
    assert (insta[0]["width"], insta[0]["height"]) == (108, 135)
    bad = dict(manifest, entries=[dict(manifest["entries"][0], publish_at=12)])
    assert not jsonschema.Draft202012Validator(manifest_schema()).is_valid(bad)


def test_two_bundles_of_one_commit_are_byte_identical(
    tmp_path: Path, git_repo: Callable[[Path], Path]
) -> None:
    root = git_repo(write_brand(tmp_path / "brand"))
    first = bundle_of(root).bundle
    second = bundle_of(root).bundle
    assert first is not None and second is not None
    assert first.data == second.data
    with zipfile.ZipFile(io.BytesIO(first.data)) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == sorted(i.filename for i in infos)
        assert {i.date_time for i in infos} == {(2026, 11, 20, 8, 0, 0)}  # the commit time, UTC
        assert {i.external_attr >> 16 for i in infos} == {0o100644}
    files = unzip(first.data)
    listed = dict(line.split("  ")[::-1] for line in files["checksums.txt"].decode().splitlines())
    assert set(listed) == set(files) - {"checksums.txt"}
    assert all(hashlib.sha256(files[name]).hexdigest() == digest for name, digest in listed.items())
    (root / "content/posts/2026/12/2026-12-01-second.md").write_text(
        (root / "content/posts/2026/12/2026-12-01-second.md").read_text().replace("Deuxième", "Autre")
    )
    commit_all(root, "edit", date="2026-11-21T09:00:00+01:00")
    third = bundle_of(root).bundle
    assert third is not None and third.data != first.data


def test_review_posts_only_with_allow_drafts(tmp_path: Path, git_repo: Callable[[Path], Path]) -> None:
    root = git_repo(write_brand(tmp_path / "brand"))
    plain = bundle_of(root).bundle
    drafts = bundle_of(root, allow_drafts=True).bundle
    assert plain is not None and drafts is not None
    assert "relu" not in {e.post for e in plain.manifest.entries}
    relu = [e for e in drafts.manifest.entries if e.post == "relu"]
    assert [(e.status, e.draft) for e in relu] == [("review", True)]
    assert "brouillon" not in {e.post for e in drafts.manifest.entries}  # drafts never ship
    files = unzip(drafts.data)
    assert "exports/hootsuite/linkedin-review.csv" in files and "exports/sprout/linkedin-review.csv" in files
    postiz = json.loads(files["exports/postiz.json"])
    assert [b["body"]["type"] for b in postiz["bodies"] if b["post"] == "relu"] == ["draft"]
    assert [i["saveToDraft"] for i in json.loads(files["exports/buffer.json"])["inputs"]][-1] is True


def test_refused_while_errors_concern_the_range(tmp_path: Path, git_repo: Callable[[Path], Path]) -> None:
    root = write_brand(tmp_path / "brand")
    outside = root / "content/posts/2026/12/2027-03-01-plus-tard.md"
    outside.write_text(outside.read_text().replace("channels: [linkedin]", "channels: [myspace]"))
    git_repo(root)
    project = load_project(root)
    findings = run_checks(project, today=date(2026, 11, 20))
    assert any(f.rule == "post.unknown-channel" for f in findings)
    december = select_posts(project, findings, date(2026, 12, 1), date(2026, 12, 31), allow_drafts=False)
    assert december.blocking == ()  # the error is about a post outside the range
    march = select_posts(project, findings, date(2027, 3, 1), date(2027, 3, 31), allow_drafts=False)
    assert [f.rule for f in march.blocking] == ["post.unknown-channel"]
    tricky = root / "content/posts/2026/12/2026-12-01-tricky.md"
    tricky.write_text(tricky.read_text().replace("x, mastodon]", "x, myspace]"))
    outcome = bundle_of(root)
    assert outcome.bundle is None
    assert {f.post for f in outcome.blocking} == {"tricky"}


def test_bundle_command_adds_the_zip_without_wiping_dist(
    tmp_path: Path, git_repo: Callable[[Path], Path], run: Callable[..., Result]
) -> None:
    root = git_repo(write_brand(tmp_path / "brand"))
    staging = tmp_path / "rendered"
    _records, files = render_visuals(staging)
    dist = root / "dist"
    publish(
        dist,
        {
            "report.json": Artifact.of_bytes(b"{}"),
            **{f"site/{rel}": Artifact.of_bytes(data) for rel, data in files.items()},
        },
    )
    args = [
        "bundle",
        "--root",
        str(root),
        "--from",
        "2026-12-01",
        "--to",
        "2026-12-31",
        "--today",
        "2026-11-20",
    ]
    result = run(args)
    assert result.exit_code == 0, result.output
    zipped = dist / "bundle" / NAME
    assert (dist / "report.json").read_bytes() == b"{}"
    assert (dist / "site/visuals/tricky/linkedin-feed.jpg").is_file()
    bundled = unzip(zipped.read_bytes())
    assert bundled["media/tricky/linkedin-feed.jpg"] == files["visuals/tricky/linkedin-feed.jpg"]
    manifest = json.loads(bundled["manifest.json"])
    assert manifest["entries"][0]["media"][0]["alt"] == 'Un "carré" bleu'
    first_bytes = zipped.read_bytes()
    assert run(args).exit_code == 0
    assert zipped.read_bytes() == first_bytes
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "keep.txt").parent.mkdir()
    (elsewhere / "keep.txt").write_text("kept")
    unbuilt = run([*args, "--out", str(elsewhere), "--base-url", "https://cdn.example.org/x"])
    # No build there: the bundle refuses, naming the post's visual line, and writes nothing.
    assert unbuilt.exit_code == 1
    assert "content/posts/2026/12/2026-12-01-tricky.md:9:1: error [bundle.media]" in unbuilt.output
    assert "bundle.media" in unbuilt.output and not (elsewhere / "bundle").exists()
    for rel, data in files.items():
        (elsewhere / "site" / rel).parent.mkdir(parents=True, exist_ok=True)
        (elsewhere / "site" / rel).write_bytes(data)
    assert run([*args, "--out", str(elsewhere), "--base-url", "https://cdn.example.org/x"]).exit_code == 0
    assert (elsewhere / "keep.txt").read_text() == "kept"
    other = json.loads(unzip((elsewhere / "bundle" / NAME).read_bytes())["manifest.json"])
    assert other["base_url"] == "https://cdn.example.org/x/"


def test_bundle_command_refuses_with_exit_1(
    tmp_path: Path, git_repo: Callable[[Path], Path], run: Callable[..., Result]
) -> None:
    root = write_brand(tmp_path / "brand")
    tricky = root / "content/posts/2026/12/2026-12-01-tricky.md"
    tricky.write_text(tricky.read_text().replace("x, mastodon]", "x, myspace]"))
    git_repo(root)
    args = ["bundle", "--root", str(root), "--today", "2026-11-20"]
    result = run([*args, "--from", "2026-12-01", "--to", "2026-12-31"])
    assert result.exit_code == 1
    assert "post.unknown-channel" in result.output and "bundle refused" in result.output
    assert not (root / "dist").exists()
    assert run([*args, "--from", "2026-12-31", "--to", "2026-12-01"]).exit_code == 2


def test_build_publishes_the_bundle_and_its_download(
    tmp_path: Path, git_repo: Callable[[Path], Path], run: Callable[..., Result]
) -> None:
    root = git_repo(write_brand(tmp_path / "brand"))
    result = run(["build", "--root", str(root), "--today", "2026-11-20"], env={"SOURCE_DATE_EPOCH": ""})
    assert result.exit_code == 0, result.output
    name = "almanac-2026-11-20--2027-01-19.zip"  # commit day + 60-day horizon
    bundle = (root / "dist/bundle" / name).read_bytes()
    assert (root / "dist/site/downloads/almanac-bundle.zip").read_bytes() == bundle
    manifest = json.loads(unzip(bundle)["manifest.json"])
    assert {e["post"] for e in manifest["entries"]} == {"tricky", "second"}
    assert datetime.fromisoformat(manifest["source"]["built_at"]) == datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
