"""``almanac init``: write a new brand repository that ``almanac check`` and ``almanac build`` accept at once.

What a brand gets: a ``charter.yaml`` whose every section is commented in the
brand's language, the folders Almanac reads, one draft post a few days ahead
(counted from the day init runs, in the brand's time zone), the seasonal topics
of its country's year, a ``.gitignore`` for what builds write, a pre-commit
configuration running ``almanac check``, editor settings binding the JSON
Schemas, and two GitHub workflows calling this repository's action. The files
come from ``init_templates/`` (package data), so a wheel installed anywhere
carries them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from string import Template
from zoneinfo import ZoneInfo

from slugify import slugify

from pipeline import __version__
from pipeline.commands.schema import SCHEMAS, write_schemas
from pipeline.errors import OutputError, UsageError
from pipeline.model.project import CAMPAIGNS_DIR, POSTS_DIR, SEASONAL_DIR
from pipeline.text.messages import N_, msg
from pipeline.text.oserrors import with_reason

ACTION_REPO = "almanac-editorial/almanac"
"""GitHub ``owner/name`` of Almanac's repository: its action and pre-commit hook are used from there."""
ACTION_REF = "v1"
"""The tag brand workflows use the action at (moved to each 1.x release)."""
LANGUAGES: dict[str, str] = {"fr": "fr-FR", "en": "en-GB"}
"""``--lang`` → the BCP 47 tag written in ``brand.language``."""


@dataclass(frozen=True)
class Country:
    """What a country brings to a new brand: its time zone and the folder of its seasonal topics."""

    timezone: str
    seasonal: str


COUNTRIES: dict[str, Country] = {"FR": Country("Europe/Paris", "seasonal/FR")}
EXAMPLE_LEAD_DAYS = 3
"""The example post is dated this many days after init runs: a draft still ahead, never in the past."""
FOLDERS = (POSTS_DIR, SEASONAL_DIR, CAMPAIGNS_DIR, "assets/images", "assets/brand")
SCHEMA_DIR = ".vscode/schemas"
_FILE_GLOBS = {
    "charter": "charter.yaml",
    "post": f"{POSTS_DIR}/**/*.md",
    "topic": f"{SEASONAL_DIR}/*.md",
    "campaign": f"{CAMPAIGNS_DIR}/*.md",
}
_LEFT_OVER = re.compile(r"\$\{[a-z_]+\}")


@dataclass(frozen=True)
class InitRequest:
    """What the user asked for with ``almanac init``."""

    root: Path
    lang: str = "fr"
    country: str = "FR"
    name: str | None = None
    today: date | None = None
    """The day the example post counts from; None: the day of ``now`` in the country's zone."""
    now: datetime | None = None
    """The command's clock reading (the command line passes the driver's one clock)."""
    force: bool = False


def init_brand(request: InitRequest) -> list[Path]:
    """Write the brand repository and return the files written, relative to its root."""
    if request.lang not in LANGUAGES:
        raise UsageError(
            msg(
                "unknown language {lang}; choose one of {choices}",
                lang=repr(request.lang),
                choices=", ".join(LANGUAGES),
            )
        )
    country = COUNTRIES.get(request.country.upper())
    if country is None:
        raise UsageError(
            msg(
                "no seasonal topics for country {country} yet; choose one of {choices}",
                country=repr(request.country),
                choices=", ".join(COUNTRIES),
            )
        )
    root = request.root
    _refuse_unless_empty(root, force=request.force)
    name = (request.name or _name_from(root)).strip()
    if not name:
        raise UsageError(msg("the brand needs a name: pass --name"))
    today = request.today
    if today is None:
        if request.now is None:
            raise UsageError(msg("almanac init needs a day: --today, or the command's clock"))
        today = request.now.astimezone(ZoneInfo(country.timezone)).date()
    values = {
        "name": _yaml_safe(name),
        "slug": slugify(name) or "brand",
        "hashtag": _hashtag(name),
        "language": LANGUAGES[request.lang],
        "timezone": country.timezone,
        "day": (today + timedelta(days=EXAMPLE_LEAD_DAYS)).isoformat(),
        "action_repo": ACTION_REPO,
        "action_ref": ACTION_REF,
        "version": __version__,
    }
    try:
        return list(_write_all(root, request.lang, country, values))
    except OSError as exc:
        raise OutputError(
            with_reason(N_("cannot write the brand into {root}: {error}"), exc, root=root)
        ) from exc


def _write_all(root: Path, lang: str, country: Country, values: dict[str, str]) -> Iterator[Path]:
    templates = resources.files("pipeline.commands") / "init_templates"
    root.mkdir(parents=True, exist_ok=True)
    for folder in FOLDERS:
        (root / folder).mkdir(parents=True, exist_ok=True)
    for folder in ("assets/images", "assets/brand", CAMPAIGNS_DIR):
        # git keeps no empty folder; the file keeps them in the first commit.
        yield _put(root, f"{folder}/.gitkeep", "")
    yield _put(root, "charter.yaml", _fill(templates / lang / "charter.yaml", values))
    day = values["day"]
    post = f"{POSTS_DIR}/{day[:4]}/{day[5:7]}/{day}-{'bienvenue' if lang == 'fr' else 'welcome'}.md"
    yield _put(root, post, _fill(templates / lang / "post.md", values))
    for topic in sorted(_children(templates / country.seasonal), key=lambda t: t.name):
        yield _put(root, f"{SEASONAL_DIR}/{topic.name}", topic.read_text(encoding="utf-8"))
    common = templates / "common"
    yield _put(root, ".gitignore", (common / "gitignore").read_text(encoding="utf-8"))
    yield _put(root, ".pre-commit-config.yaml", _fill(common / "pre-commit-config.yaml", values))
    for workflow in ("check.yml", "publish.yml"):
        yield _put(root, f".github/workflows/{workflow}", _fill(common / "workflows" / workflow, values))
    for path, _ in write_schemas(root / SCHEMA_DIR):
        yield path.relative_to(root)
    yield _put(root, ".vscode/settings.json", _vscode_settings())


def _vscode_settings() -> str:
    """The YAML extension's schema bindings: each schema to the files it describes."""
    names = {spec.name for spec in SCHEMAS}
    bindings = {
        f"./{SCHEMA_DIR}/{kind}.schema.json": glob for kind, glob in _FILE_GLOBS.items() if kind in names
    }
    return json.dumps({"yaml.schemas": bindings}, indent=2, ensure_ascii=False) + "\n"


def _refuse_unless_empty(root: Path, *, force: bool) -> None:
    if root.exists() and not root.is_dir():
        raise UsageError(msg("{root} exists and is not a folder", root=root))
    if force or not root.exists():
        return
    entries = sorted(p.name for p in root.iterdir() if p.name != ".git")
    if entries:
        shown = ", ".join(entries[:3]) + (", …" if len(entries) > 3 else "")
        raise UsageError(
            msg(
                "{root} is not empty ({shown}); choose an empty folder, or pass --force",
                root=root,
                shown=shown,
            )
        )


def _name_from(root: Path) -> str:
    """A brand name from the folder: ``my-brand`` → ``My Brand``."""
    stem = root.resolve().name
    return " ".join(word.capitalize() for word in re.split(r"[-_\s]+", stem) if word)


def _hashtag(name: str) -> str:
    """The brand's required hashtag, PascalCase, ASCII: ``Maison Lumière`` → ``MaisonLumiere``."""
    words = slugify(name).split("-")
    tag = "".join(word[:1].upper() + word[1:] for word in words if word)
    if not tag or tag[0].isdigit():
        tag = f"Brand{tag}"
    return tag


def _yaml_safe(name: str) -> str:
    """The name as it may stand inside the templates' double quotes and plain scalars."""
    if not name[0].isalnum() or any(ch in name for ch in '"\\:#{}[],&*!|>%@`\n'):
        raise UsageError(
            msg(
                "--name {name}: start with a letter or digit, "
                "then use letters, digits, spaces, hyphens and apostrophes only",
                name=repr(name),
            )
        )
    return name


def _children(folder: Traversable) -> list[Traversable]:
    return [entry for entry in folder.iterdir() if entry.name.endswith(".md")]


def _fill(template: Traversable, values: dict[str, str]) -> str:
    # safe_substitute leaves GitHub's ${{ expressions }} alone; a misspelt placeholder must not ship.
    text = Template(template.read_text(encoding="utf-8")).safe_substitute(values)
    left = _LEFT_OVER.search(text)
    if left is not None:
        raise AssertionError(f"{template.name}: unknown placeholder {left.group()}")
    return text


def _put(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return Path(rel)
