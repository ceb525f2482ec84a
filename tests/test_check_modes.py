"""Pull-request mode (--since on a real git repository), SARIF, GitHub caps, --strict and --fix."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
from click.testing import Result

from pipeline.model.findings import Finding, Level
from pipeline.stages.check.report import as_github
from tests.checks_support import make_brand, post_text
from tests.conftest import commit_all, git

CHARTER = (
    "voice: {typography: fr, terms: [{avoid: pas cher, use: petit prix}]}\n"
    "cadence: {min_gap_hours: {default: 4}}\n"
)
TODAY = ["--today", "2026-11-20"]
# Commits dated before the posts' times, so that time.past has nothing to say whatever the clock.
BEFORE = "2026-11-19T10:00:00+01:00"


def _repo(tmp_path: Path) -> Path:
    posts = {
        "a.md": post_text("Bonjour !", when="2026-12-01 10:00"),
        "b.md": post_text("Texte propre.", when="2026-12-03 10:00"),
        "c.md": post_text("Texte propre aussi.", when="2026-12-05 10:00"),
    }
    root = make_brand(tmp_path / "repo", CHARTER, posts)
    git(root, "init", "-q")
    commit_all(root, "base", date=BEFORE)
    git(root, "checkout", "-q", "-b", "feature")
    return root


def _rules_files(result: Result) -> set[tuple[str, str]]:
    return {(f["rule"], f["file"]) for f in json.loads(result.output)["findings"]}


def test_since_keeps_changed_posts_and_calendar_neighbours(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    root = _repo(tmp_path)
    (root / "content/posts/b.md").write_text(post_text("Pas cher !", when="2026-12-03 10:00"))
    commit_all(root, "edit b", date=BEFORE)
    # Uncommitted: c moves one hour after a (unchanged): the gap sits on c, the later post.
    (root / "content/posts/c.md").write_text(post_text("Texte.", when="2026-12-01 11:00"))
    result = run(["check", "--root", str(root), "--since", "main", "--format", "json", *TODAY])
    assert _rules_files(result) == {
        ("voice.term", "content/posts/b.md"),
        ("typography.fr", "content/posts/b.md"),
        ("cadence.gap", "content/posts/c.md"),
    }  # a.md's own typography finding is not this change's
    full = run(["check", "--root", str(root), "--format", "json", *TODAY])
    assert ("typography.fr", "content/posts/a.md") in _rules_files(full)


def test_since_keeps_a_finding_on_an_unchanged_post_caused_by_a_changed_one(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    root = _repo(tmp_path)
    # b moves to one hour *before* c: the gap finding sits on c (unchanged), b is its related post.
    (root / "content/posts/b.md").write_text(post_text("Texte propre.", when="2026-12-05 09:00"))
    result = run(["check", "--root", str(root), "--since", "main", "--format", "json", *TODAY])
    assert _rules_files(result) == {("cadence.gap", "content/posts/c.md")}


def test_since_in_a_shallow_clone_says_what_to_fetch(tmp_path: Path, run: Callable[..., Result]) -> None:
    root = _repo(tmp_path)
    (root / "content/posts/b.md").write_text(post_text("Autre.", when="2026-12-03 10:00"))
    commit_all(root, "on feature", date=BEFORE)
    git(root, "checkout", "-q", "main")
    (root / "content/posts/c.md").write_text(post_text("Sur main.", when="2026-12-05 10:00"))
    commit_all(root, "on main", date=BEFORE)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", "--no-single-branch", f"file://{root}", str(clone))
    git(clone, "checkout", "-q", "feature")
    result = run(["check", "--root", str(clone), "--since", "origin/main", *TODAY])
    assert result.exit_code == 2
    assert "run `git fetch --unshallow`" in result.output
    missing = run(["check", "--root", str(root), "--since", "nope", *TODAY])
    assert missing.exit_code == 2


def test_since_names_a_missing_ref_and_never_reads_one_as_an_option(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    root = _repo(tmp_path)
    base = ["check", "--root", str(root), "--lang", "en", *TODAY]
    missing = run([*base, "--since", "nope"])
    assert missing.exit_code == 2
    assert "--since nope: no such commit or branch here" in missing.output
    # A slash names a remote's branch only when there is such a remote: then git fetch is the advice.
    local = run([*base, "--since", "origin/nope"])
    assert local.exit_code == 2
    assert "no such commit or branch here" in local.output and "git fetch" not in local.output
    git(root, "remote", "add", "amont", str(root))
    remote = run([*base, "--since", "amont/feature/nope"])
    assert remote.exit_code == 2
    assert "fetch it first: git fetch amont feature/nope" in remote.output
    written = tmp_path / "written"
    option = run([*base, f"--since=--output={written}"])
    assert option.exit_code == 2
    assert "no such commit or branch here" in option.output
    assert "git fetch" not in option.output
    assert not written.exists()
    # The merge base found in one call: the branch's own name and its commit say the same.
    (root / "content/posts/b.md").write_text(post_text("Pas cher !", when="2026-12-03 10:00"))
    by_name = run([*base, "--since", "main", "--format", "json"])
    by_hash = run([*base, "--since", git(root, "rev-parse", "main").strip(), "--format", "json"])
    assert by_name.exit_code == by_hash.exit_code == 0  # warnings only
    assert by_name.output == by_hash.output
    assert ("voice.term", "content/posts/b.md") in _rules_files(by_name)


SARIF_SHAPE = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "runs": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["tool", "results"],
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name", "rules"],
                                "properties": {
                                    "rules": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "required": ["id", "shortDescription", "defaultConfiguration"],
                                        },
                                    }
                                },
                            }
                        },
                    },
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["ruleId", "ruleIndex", "level", "message", "locations"],
                            "properties": {
                                "level": {"enum": ["error", "warning", "note"]},
                                "message": {"type": "object", "required": ["text"]},
                                "locations": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["physicalLocation"],
                                        "properties": {
                                            "physicalLocation": {
                                                "type": "object",
                                                "required": ["artifactLocation", "region"],
                                                "properties": {
                                                    "region": {
                                                        "type": "object",
                                                        "required": ["startLine", "startColumn"],
                                                        "properties": {
                                                            "startLine": {"type": "integer", "minimum": 1},
                                                            "startColumn": {"type": "integer", "minimum": 1},
                                                        },
                                                    }
                                                },
                                            }
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}


def test_sarif_shape_and_stable_rules(tmp_path: Path, run: Callable[..., Result]) -> None:
    root = _repo(tmp_path)
    result = run(["check", "--root", str(root), "--format", "sarif", *TODAY])
    log = json.loads(result.output)
    jsonschema.validate(log, SARIF_SHAPE)
    run_ = log["runs"][0]
    ids = [rule["id"] for rule in run_["tool"]["driver"]["rules"]]
    assert len(ids) == len(set(ids))
    assert {"typography.fr", "cadence.freeze", "seasonal.coverage"} <= set(ids)
    (only,) = run_["results"]
    assert ids[only["ruleIndex"]] == only["ruleId"] == "typography.fr"
    assert only["locations"][0]["physicalLocation"]["region"] == {"startLine": 8, "startColumn": 9}


def test_github_errors_first_capped_at_ten_per_level() -> None:
    findings = [
        Finding(rule="r", level=level, message=f"m{i}", file=f"f{i:02d}.md", line=i + 1)
        for i in range(15)
        for level in (Level.WARNING, Level.ERROR)
    ]
    lines = as_github(findings).splitlines()
    assert [line.split(" ")[0] for line in lines[:10]] == ["::error"] * 10
    assert sum(line.startswith("::warning") for line in lines) == 10
    assert lines[-1].endswith("10 more findings are listed in the job summary")


def test_strict_fails_on_warnings(tmp_path: Path, run: Callable[..., Result]) -> None:
    root = _repo(tmp_path)
    assert run(["check", "--root", str(root), *TODAY]).exit_code == 0
    assert run(["check", "--root", str(root), "--strict", *TODAY]).exit_code == 1


def test_fix_dry_run_then_fix_keeps_every_other_byte(tmp_path: Path, run: Callable[..., Result]) -> None:
    extra = 'hashtags: ["soldes", Noel]  # commentaire gardé\n'
    text = post_text("Pas cher ! Voir «ici» et https://x.fr/?a=1 #hiver\r\n\r\nÀ 18:30 : venez", extra=extra)
    text = text.replace("\n", "\r\n").replace("\r\r\n", "\r\n")
    root = make_brand(tmp_path / "b", CHARTER.replace("fr,", "fr, hashtags: {case: pascal},"), {"a.md": ""})
    path = root / "content/posts/a.md"
    path.write_bytes(text.encode())
    dry = run(["check", "--root", str(root), "--fix", "--dry-run", *TODAY])
    assert dry.exit_code == 0
    assert "-Pas cher ! Voir" in dry.output
    assert path.read_bytes() == text.encode()
    done = run(["check", "--root", str(root), "--fix", *TODAY])
    fixed = path.read_bytes().decode()
    nb, nnb = "\u00a0", "\u202f"
    expected = (
        text.replace('"soldes"', '"Soldes"')
        .replace("Pas cher !", f"Petit prix{nnb}!")
        .replace("«ici»", f"«{nb}ici{nb}»")
        .replace("#hiver", "#Hiver")
        .replace("18:30 :", f"18:30{nb}:")
    )
    assert fixed == expected
    assert "a.md:9:1: “Pas cher” → “Petit prix”" in done.output
    assert done.exit_code == 0
    again = run(["check", "--root", str(root), "--fix", "--dry-run", *TODAY])
    assert again.output == ""
