"""A small brand for the bundle tests: tricky text, close times, a review post, real images."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from PIL import Image

from pipeline.model.records import VisualRecord
from pipeline.stages.bundle import make_bundle
from pipeline.stages.bundle.make import BundleOutcome
from pipeline.stages.bundle.manifest import Entry
from pipeline.stages.check.engine import run_checks
from pipeline.stages.history import build_time, read_history
from pipeline.stages.load.loader import load_project

TRICKY_BODY = '=1+1 Dites "bonjour" 🎉\nÀ la ligne, @vous.'
CHARTER = """\
brand:
  name: Atelier Bundle
  language: fr-FR
  timezone: Europe/Paris
  site_url: https://example.org/atelier/
voice:
  links: {https: true, utm: true}
channels:
  instagram: {}
  linkedin: {}
  x: {}
  mastodon: {}
publish:
  horizon_days: 60
  bundle: {schedulers: [hootsuite, sprout, metricool, buffer, postiz]}
"""


def _post(name: str, front: str, body: str) -> tuple[str, str]:
    return f"content/posts/2026/12/{name}.md", f"---\n{front}---\n{body}\n"


POSTS = dict(
    [
        _post(
            "2026-12-01-tricky",
            "title: Tricky\npublish_at: 2026-12-01 10:02\nchannels: [instagram, linkedin, x, mastodon]\n"
            "pillar: promo\ntopic: noel\ncampaign: hiver\nstatus: approved\n"
            'visual: {src: assets/images/photo.png, alt: Un "carré" bleu}\n'
            "link: https://example.org/offre?ref=1\nhashtags: [AtelierBundle]\n",
            TRICKY_BODY,
        ),
        _post(
            "2026-12-01-second",
            "title: Second\npublish_at: 2026-12-01 10:05\nchannels: [linkedin]\npillar: education\n"
            "status: approved\n",
            "Deuxième message.",
        ),
        _post(
            "2026-12-03-relu",
            "title: Relu\npublish_at: 2026-12-03T09:00:00+01:00\nchannels: [linkedin]\npillar: event\n"
            "status: review\n",
            "Encore en relecture.",
        ),
        _post(
            "2026-12-04-brouillon",
            "title: Brouillon\npublish_at: 2026-12-04 09:00\nchannels: [linkedin]\npillar: event\n"
            "status: draft\n",
            "Pas prêt.",
        ),
    ]
)
OUTSIDE = _post(
    "2027-03-01-plus-tard",
    "title: Plus tard\npublish_at: 2027-03-01 09:00\nchannels: [linkedin]\npillar: event\nstatus: approved\n",
    "Hors période.",
)
TOPIC = 'title: Noël\nrecurrence: {date: "12-25"}\n'
CAMPAIGN = "title: Hiver\nfrom: 2026-12-01\nto: 2026-12-31\n"


def write_brand(root: Path) -> Path:
    """The brand's files under ``root``."""
    files = {"charter.yaml": CHARTER, **POSTS, OUTSIDE[0]: OUTSIDE[1]}
    files[".gitignore"] = ".almanac/\ndist/\n.dist.builds/\nsite/\n"
    files["calendar/seasonal/noel.md"] = f"---\n{TOPIC}---\nIdées.\n"
    files["calendar/campaigns/hiver.md"] = f"---\n{CAMPAIGN}---\n"
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    image(root / "assets/images/photo.png", (2000, 2000), "#1B2A41")
    return root


def image(path: Path, size: tuple[int, int], colour: str, kind: str = "PNG") -> bytes:
    """Write a real image and return its bytes."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, kind)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


Spec = tuple[str, str, str, tuple[int, int], str]
ALTS = {"tricky": 'Un "carré" bleu', "epingle": "Une suspension en laiton"}
"""Each post's alt text, as the visuals stage records it from the front matter."""


def render_visuals(site: Path, extra: Sequence[Spec] = ()) -> tuple[list[VisualRecord], dict[str, bytes]]:
    """Real small images where the visuals stage puts them, with their records (``extra``: more posts)."""
    specs = [
        ("tricky", "instagram", "square", (108, 108), "#C9A227"),
        ("tricky", "instagram", "feed", (108, 135), "#1B2A41"),
        ("tricky", "linkedin", "feed", (120, 63), "#F2E8CF"),
        ("tricky", "x", "landscape", (160, 90), "#7A4E2D"),
        ("tricky", "mastodon", "feed", (160, 90), "#3E6259"),
        *extra,
    ]
    records, files = [], {}
    for post, channel, fmt, size, colour in specs:
        rel = f"visuals/{post}/{channel}-{fmt}.jpg"
        data = image(site / rel, size, colour, "JPEG")
        records.append(
            VisualRecord(
                post=post,
                channel=channel,
                format=fmt,
                path=rel,
                width=size[0],
                height=size[1],
                bytes=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                alt=ALTS.get(post, ""),
            )
        )
        files[rel] = data
    return records, files


def bundle_of(root: Path, extra: Sequence[Spec] = (), **options: object) -> BundleOutcome:
    """The bundle of December 2026 for a brand under ``root`` (visuals in ``root/site``)."""
    from datetime import date, datetime, time

    project = load_project(root)
    options.setdefault("now", datetime.combine(date(2026, 11, 20), time(0, 0), tzinfo=project.charter.tz))
    history = read_history(root)
    records, files = render_visuals(root / "site", extra)
    findings = run_checks(project, today=date(2026, 11, 20))
    return make_bundle(
        project,
        history,
        findings,
        records,
        lambda r: files[r.path],
        first=date(2026, 12, 1),
        last=date(2026, 12, 31),
        built_at=build_time(history, {}),
        **options,  # type: ignore[arg-type]
    )


def unzip(data: bytes) -> dict[str, bytes]:
    """Every file of a zip, by name."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


BOARD = "549755885175"
PIN: tuple[Spec, ...] = (
    ("epingle", "pinterest", "pin", (100, 150), "#C9A227"),
    ("epingle", "instagram", "feed", (108, 135), "#1B2A41"),
    ("epingle", "instagram", "square", (108, 108), "#1B2A41"),
)


def pinterest_brand(root: Path, board: str | None) -> Path:
    """The bundle brand with a Pinterest channel (and its board, when given) and one pin."""
    write_brand(root)
    charter = root / "charter.yaml"
    line = f"  pinterest: {{board: '{board}'}}\n" if board else "  pinterest: {}\n"
    charter.write_text(charter.read_text().replace("  mastodon: {}\n", "  mastodon: {}\n" + line))
    (root / "content/posts/2026/12/2026-12-02-epingle.md").write_text(
        "---\ntitle: Épingle\npublish_at: 2026-12-02 18:00\nchannels: [pinterest, instagram]\n"
        "pillar: inspiration\nstatus: approved\n"
        "visual: {src: assets/images/photo.png, alt: Une suspension en laiton}\n"
        "link: https://example.org/suspension\nhashtags: [AtelierBundle]\n---\nUne idée de salon.\n",
        encoding="utf-8",
    )
    return root


def entry(post: str, when: datetime, *, channel: str = "x", text: str | None = None) -> Entry:
    """A bare approved manifest entry (text: the post id unless given), for the exporters' tests."""
    return Entry(
        post=post,
        channel=channel,
        title="t",
        status="approved",
        draft=False,
        publish_at=when,
        publish_at_utc=when.astimezone(UTC),
        text=post if text is None else text,
        hashtags=[],
        link=None,
        media=[],
        pillar="p",
        topic=None,
        campaign=None,
        source="s",
    )
