"""Encoding at a predicted quality: one whole-image encode (WebP: two), within the limit, not far below."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from pipeline.model.channels import ImageType, VisualFormat
from pipeline.stages.visuals.encode import JPEG_QUALITIES, WEBP_QUALITIES, encode
from tests.conftest import REPO


def photo() -> Image.Image:
    """A 1000×1000 crop of one of the demo brand's photos."""
    with Image.open(REPO / "assets" / "images" / "atelier.jpg") as image:
        return image.convert("RGB").crop((800, 400, 1800, 1400))


def size_at(image: Image.Image, kind: ImageType, quality: int) -> int:
    buf = io.BytesIO()
    if kind == "jpeg":
        image.save(buf, "JPEG", quality=quality, subsampling="4:2:0")
    else:
        image.save(buf, "WEBP", quality=quality, method=4)
    return len(buf.getvalue())


def fmt(kind: ImageType, limit: int) -> VisualFormat:
    return VisualFormat(name="feed", width=1000, height=1000, type=kind, max_bytes=limit)


@pytest.mark.parametrize("kind", ["jpeg", "webp"])
def test_a_generous_limit_takes_the_top_quality_at_once(kind: ImageType) -> None:
    image = photo()
    got = encode(image.copy(), fmt(kind, 20_000_000))
    top = (JPEG_QUALITIES if kind == "jpeg" else WEBP_QUALITIES)[0]
    assert (got.quality, got.attempts, got.fits) == (top, 1, True)
    assert len(got.data) == size_at(image, kind, top)


@pytest.mark.parametrize("kind", ["jpeg", "webp"])
@pytest.mark.parametrize("share", [0.8, 0.6, 0.45])
def test_a_tight_limit_is_met_with_one_encode(kind: ImageType, share: float) -> None:
    image = photo()
    ladder = JPEG_QUALITIES if kind == "jpeg" else WEBP_QUALITIES
    limit = int(size_at(image, kind, ladder[0]) * share)
    got = encode(image.copy(), fmt(kind, limit))
    assert got.fits and len(got.data) <= limit
    # JPEG: the predicted quality only; WebP: the top quality first, then the predicted one.
    assert got.attempts == (1 if kind == "jpeg" else 2)
    highest = next(q for q in ladder if size_at(image, kind, q) <= limit)
    assert got.quality is not None
    # The prediction keeps a margin (5 % for JPEG, 10 % for WebP), so it may land a step lower.
    assert ladder.index(got.quality) - ladder.index(highest) <= 1, (got.quality, highest)
