"""Builds the site test brand into a temp folder, with real visuals written by the test.

The visuals stage lands separately; until then the site is given VisualRecords
for images made here with Pillow, at each channel's format size.
"""

from __future__ import annotations

import hashlib
import io
import shutil
from pathlib import Path

from PIL import Image, ImageDraw

from pipeline.model.findings import Finding, Level
from pipeline.model.records import VisualRecord
from pipeline.output.publish import Artifact, publish
from pipeline.stages.check.engine import run_checks
from pipeline.stages.history import read_history
from pipeline.stages.load.loader import load_project
from pipeline.stages.site import render_site
from tests.conftest import FIXTURES, REPO, commit_all, git

BUILD_DAY = "2026-12-08T09:00:00+01:00"
"""The commit date of the test brand: "today" on the site."""


def _image(width: int, height: int) -> bytes:
    im = Image.new("RGB", (width, height), "#1F2A44")
    draw = ImageDraw.Draw(im)
    r = min(width, height) // 3
    draw.ellipse((width // 2 - r, height // 2 - r, width // 2 + r, height // 2 + r), fill="#C9A227")
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=70)
    return buf.getvalue()


def visuals_for(root: Path) -> tuple[list[VisualRecord], dict[str, Artifact]]:
    """A record and a real JPEG for every channel format of every post with a visual."""
    project = load_project(root, use_cache=False)
    records, files = [], {}
    for post in project.posts:
        if post.meta.visual is None:
            continue
        for channel in post.meta.channels:
            for fmt in project.charter.profiles[channel].formats:
                data = _image(fmt.width // 4, fmt.height // 4)
                path = f"visuals/{post.id}/{channel}-{fmt.name}.jpg"
                records.append(
                    VisualRecord(
                        post=post.id,
                        channel=channel,
                        format=fmt.name,
                        path=path,
                        width=fmt.width // 4,
                        height=fmt.height // 4,
                        bytes=len(data),
                        sha256=hashlib.sha256(data).hexdigest(),
                        alt=post.meta.visual.alt or "",
                    )
                )
                files[f"site/{path}"] = Artifact.of_bytes(data)
    return records, files


BRAND_FONTS = ("Lato-Bold.ttf", "Lato-Regular.ttf")
"""The demo's fonts (SIL Open Font License), lent to the test brand so its site is branded."""
BRAND_VISUAL = """
visual:
  palette: ["#1F2A44", "#F4EBD9", "#C9A227", "#A04A32", "#A3B18A"]
  fonts: {title: assets/brand/Lato-Bold.ttf, body: assets/brand/Lato-Regular.ttf}
"""


def make_brand(tmp: Path) -> Path:
    """The site fixture as a git repository committed on BUILD_DAY, with the demo's palette and fonts."""
    root = tmp / "brand"
    shutil.copytree(FIXTURES / "site", root)
    # Fonts are copied from the demo rather than duplicated in the fixture (1.3 MB).
    (root / "assets" / "brand").mkdir(parents=True)
    for name in BRAND_FONTS:
        shutil.copyfile(REPO / "assets" / "brand" / name, root / "assets" / "brand" / name)
    with (root / "charter.yaml").open("a", encoding="utf-8") as charter:
        charter.write(BRAND_VISUAL)
    git(root, "init", "-q")
    commit_all(root, "the test brand", date=BUILD_DAY)
    return root


def replace_in(path: Path, old: str, new: str) -> None:
    """An edit of a brand's file: ``old`` (which must be there) replaced once by ``new``."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EXTRA = [
    Finding(
        rule="voice.term",
        level=Level.ERROR,
        message="“pas cher” is off-charter: write “petit prix”",
        file="content/posts/2026/12/2026-12-08-soldes.md",
        line=14,
        column=5,
        fix="petit prix",
        post="soldes",
    ),
    Finding(
        rule="voice.emoji",
        level=Level.WARNING,
        message="4 emoji, the charter allows 3 <b>bold</b>",
        file="content/posts/2026/12/2026-12-15-xss.md",
        line=9,
        post="xss",
    ),
]
"""Findings the checks issue will produce; the site must show them whatever rules exist today."""


def build_site(tmp: Path) -> tuple[Path, dict[str, Artifact]]:
    """Render the test brand's site with visuals and publish it; returns ``dist/site`` and the outputs."""
    root = make_brand(tmp)
    project = load_project(root, use_cache=False)
    findings = [*run_checks(project, today=project.posts[0].when.date()), *EXTRA]
    records, images = visuals_for(root)
    pages = render_site(project, read_history(root), findings, records)
    publish(tmp / "dist", {**pages, **images})
    return tmp / "dist" / "site", pages
