"""Golden outputs of the demo brand: a pinned build must give these exact bytes.

The demo is built once, with its day pinned (``--today`` and ``SOURCE_DATE_EPOCH``,
no git), and a few outputs are compared byte for byte with the files in
``tests/golden/demo/``: the home page, one post page, one week page, one feed
and the bundle manifest. A change to a template, a feed or the bundle shows here
as a diff to review. When the change is meant, rewrite the files and commit them:

    pytest tests/test_golden.py --update-golden

The only thing normalised is what Almanac does not decide: the digest and size
of each JPEG in the manifest, which are the image encoder's bytes (another
Pillow or libjpeg build encodes the same pixels differently).
"""

from __future__ import annotations

import difflib
import re
import zipfile

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from tests.conftest import GOLDEN, copy_brand

GOLDEN_DEMO = GOLDEN / "demo"
TODAY = "2026-11-24"
EPOCH = "1795478400"  # 2026-11-24 00:00 UTC: the demo's own "today"
FILES = [
    "site/index.html",
    "site/posts/black-friday-teaser/index.html",
    "site/week/2026-W48.html",
    "site/feeds/calendar.ics",
    "site/share/feed.xml",
    "bundle/manifest.json",
]
UPDATE = "pytest tests/test_golden.py --update-golden"


def normalise_manifest(data: bytes) -> bytes:
    """The manifest with each medium's encoder-made digest and size replaced by a mark."""
    data = re.sub(rb'"sha256": "[0-9a-f]{64}"', b'"sha256": "(encoder)"', data)
    return re.sub(rb'"bytes": [0-9]+', b'"bytes": "(encoder)"', data)


@pytest.fixture(scope="module")
def demo_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The compared outputs of one pinned build of the demo brand, by golden path."""
    root = copy_brand("demo", tmp_path_factory.mktemp("golden"))
    result = CliRunner().invoke(
        cli,
        ["build", "--root", str(root), "--today", TODAY],
        env={"SOURCE_DATE_EPOCH": EPOCH},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    dist = root / "dist"
    outputs = {rel: (dist / rel).read_bytes() for rel in FILES if rel.startswith("site/")}
    (archive,) = (dist / "bundle").glob("*.zip")
    with zipfile.ZipFile(archive) as bundle:
        outputs["bundle/manifest.json"] = normalise_manifest(bundle.read("manifest.json"))
    return outputs


def _diff(rel: str, expected: bytes, made: bytes) -> str:
    """The first lines of a unified diff, and what to run when the change is meant."""
    lines = difflib.unified_diff(
        expected.decode("utf-8", "replace").splitlines(keepends=True),
        made.decode("utf-8", "replace").splitlines(keepends=True),
        f"tests/golden/demo/{rel}",
        f"build/{rel}",
    )
    shown = "".join(list(lines)[:80]) or "(the same lines: the bytes differ in line endings)\n"
    return f"{rel} differs from its golden file:\n{shown}If the change is meant: {UPDATE}"


@pytest.mark.parametrize("rel", FILES)
def test_demo_output_is_its_golden_file(
    rel: str, demo_outputs: dict[str, bytes], update_golden: bool
) -> None:
    golden = GOLDEN_DEMO / rel
    made = demo_outputs[rel]
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(made)
        return
    assert golden.is_file(), f"{rel} has no golden file yet: {UPDATE}"
    expected = golden.read_bytes()
    if made != expected:
        pytest.fail(_diff(rel, expected, made), pytrace=False)


def test_no_stale_golden_file(update_golden: bool) -> None:
    present = {p.relative_to(GOLDEN_DEMO).as_posix() for p in GOLDEN_DEMO.rglob("*") if p.is_file()}
    stale = present - set(FILES)
    if update_golden:
        for rel in stale:
            (GOLDEN_DEMO / rel).unlink()
        return
    assert not stale, f"golden files no test compares: {sorted(stale)}; {UPDATE} removes them"


def test_the_normalisation_touches_only_media_digests_and_sizes() -> None:
    medium = b'{"path": "media/a.jpg", "sha256": "' + b"ab" * 32 + b'", "bytes": 127163, "width": 1080}'
    assert normalise_manifest(medium) == (
        b'{"path": "media/a.jpg", "sha256": "(encoder)", "bytes": "(encoder)", "width": 1080}'
    )
    untouched = b'{"sha256": "not-a-digest", "byte": 3}'
    assert normalise_manifest(untouched) == untouched
