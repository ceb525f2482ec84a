"""``almanac init``: a new brand repository that ``almanac check`` and ``almanac build`` accept at once."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from PIL import Image
from ruamel.yaml import YAML

from pipeline.commands import init_seasonal
from pipeline.commands.init import ACTION_REF, ACTION_REPO, SCHEMA_DIR
from tests.conftest import REPO

TODAY = "2026-11-27"
Run = Callable[..., Result]


def _init(run: Run, target: Path, *args: str) -> Result:
    return run(["init", str(target), "--today", TODAY, *args])


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_new_brand_passes_check_and_build_at_once(run: Run, tmp_path: Path, lang: str) -> None:
    target = tmp_path / "ma-marque"
    assert _init(run, target, "--lang", lang).exit_code == 0
    checked = run(["check", "--root", str(target), "--today", TODAY, "--strict"])
    assert checked.exit_code == 0, checked.output
    assert "0 errors, 0 warnings" in checked.output
    built = run(["build", "--root", str(target), "--today", TODAY, "--out", str(target / "dist")])
    assert built.exit_code == 0, built.output
    assert (target / "dist" / "site" / "index.html").is_file()
    assert list((target / "dist").rglob("*.ics"))
    slug = "bienvenue" if lang == "fr" else "welcome"
    with Image.open(target / "dist" / "site" / "visuals" / slug / "instagram-square.jpg") as card:
        assert card.size == (1080, 1080)


def test_the_example_post_is_a_few_days_ahead_in_the_brands_language(run: Run, tmp_path: Path) -> None:
    _init(run, tmp_path / "fr", "--name", "L'Atelier Céleste")
    (post,) = (tmp_path / "fr" / "content" / "posts").rglob("*.md")
    assert post.name == "2026-11-30-bienvenue.md"
    text = post.read_text(encoding="utf-8")
    assert "publish_at: 2026-11-30 10:00" in text
    assert "Bienvenue chez L'Atelier Céleste" in text
    assert "hashtags: [LAtelierCeleste]" in text
    _init(run, tmp_path / "en", "--lang", "en")
    (post,) = (tmp_path / "en" / "content" / "posts").rglob("*.md")
    assert post.name == "2026-11-30-welcome.md"
    assert "Welcome to En" in post.read_text(encoding="utf-8")


def test_the_charter_is_commented_in_the_brands_language(run: Run, tmp_path: Path) -> None:
    _init(run, tmp_path / "b", "--name", "Maison Test")
    text = (tmp_path / "b" / "charter.yaml").read_text(encoding="utf-8")
    charter = YAML(typ="safe").load(text)
    assert charter["brand"] == {
        "name": "Maison Test",
        "language": "fr-FR",
        "timezone": "Europe/Paris",
        "site_url": "https://example.github.io/maison-test/",
    }
    assert charter["voice"]["hashtags"]["required"] == ["MaisonTest"]
    for section in ("brand", "pillars", "voice", "visual", "channels", "cadence", "publish"):
        line = text.splitlines().index(next(ln for ln in text.splitlines() if ln.startswith(f"{section}:")))
        assert text.splitlines()[line - 1].startswith("# "), f"{section} has no comment above it"
    assert "La charte éditoriale." in text


def test_the_seasonal_topics_are_the_demos_with_their_recurrence_rules(run: Run, tmp_path: Path) -> None:
    _init(run, tmp_path / "b")
    written = {
        p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "b" / "calendar" / "seasonal").iterdir()
    }
    assert written == init_seasonal.generate()
    assert "soldes-hiver.md" in written and "fete-des-lumieres.md" not in written
    demo = (REPO / "calendar" / "seasonal" / "soldes-hiver.md").read_text(encoding="utf-8")
    rule = next(line for line in demo.splitlines() if line.startswith("recurrence:"))
    assert rule in written["soldes-hiver.md"]


def test_the_shipped_seasonal_topics_are_not_stale() -> None:
    shipped = init_seasonal.SHIPPED / init_seasonal.COUNTRY
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in shipped.glob("*.md")}
    assert on_disk == init_seasonal.generate(), "run python -m pipeline.commands.init_seasonal"


def test_tooling_files(run: Run, tmp_path: Path) -> None:
    _init(run, tmp_path / "b")
    root = tmp_path / "b"
    ignored = (root / ".gitignore").read_text(encoding="utf-8").split()
    assert {"dist", ".dist.builds/", ".almanac/"} <= set(ignored)
    hooks = YAML(typ="safe").load((root / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook_repo,) = hooks["repos"]
    assert hook_repo["repo"] == f"https://github.com/{ACTION_REPO}"
    hook_ids = {h["id"] for h in YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))}
    assert {h["id"] for h in hook_repo["hooks"]} <= hook_ids
    settings = json.loads((root / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    for schema, glob in settings["yaml.schemas"].items():
        assert (root / schema).is_file(), schema
        assert (root / glob.split("*")[0]).exists(), f"{glob} points nowhere in the new brand"
    assert (root / SCHEMA_DIR / "post.schema.json").is_file()
    for workflow in (root / ".github" / "workflows").iterdir():
        assert f"uses: {ACTION_REPO}@{ACTION_REF}" in workflow.read_text(encoding="utf-8")
    for folder in (
        "content/posts",
        "calendar/seasonal",
        "calendar/campaigns",
        "assets/images",
        "assets/brand",
    ):
        assert (root / folder).is_dir()


def test_a_non_empty_folder_is_refused_unless_forced(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "b"
    target.mkdir()
    (target / "notes.txt").write_text("à garder\n", encoding="utf-8")
    refused = _init(run, target)
    assert refused.exit_code == 2
    assert "is not empty (notes.txt); choose an empty folder, or pass --force" in refused.output
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]
    assert _init(run, target, "--force").exit_code == 0
    assert (target / "charter.yaml").is_file() and (target / "notes.txt").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--country", "ZZ"], "--country"),
        (["--name", 'Bad "name"'], "then use letters, digits, spaces"),
        (["--name", "- liste"], "use letters, digits, spaces"),
        (["--lang", "de"], "--lang"),
    ],
)
def test_bad_arguments_are_one_line_errors(run: Run, tmp_path: Path, args: list[str], message: str) -> None:
    result = _init(run, tmp_path / "b", *args)
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "b").exists()
