"""Encoding outputs: the format's file type, at the highest quality predicted to fit, no metadata.

An output is encoded once in the usual case: when even the worst content could
not reach the byte limit at the top quality, that quality is taken; otherwise
the quality is predicted from encodes of a sample of the image (bands of rows,
1/8 of the pixels for JPEG) and only then is the whole image encoded (WebP: at
most twice, see ``_WEBP``). Should the prediction miss, quality keeps stepping
down until the file fits; an image too small to sample walks the steps.

Nothing of the source's metadata reaches an output: the image handed in has
its ``info`` cleared and the encoders are called without ``exif``, ``xmp`` or
``icc_profile`` (the pixels are already sRGB, which untagged web images mean).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

from pipeline.model.channels import VisualFormat

JPEG_QUALITIES = (85, 80, 75, 70, 64, 58, 52, 46, 40, 34)
"""q85 first (the reference's sweet spot, no ``optimize``: 2.2× the encode time for 4 % less)."""
WEBP_QUALITIES = (80, 74, 68, 62, 56, 50, 44, 38)
WORST_BYTES_PER_PIXEL = 1.0
"""Above what any content weighs at the top qualities (uniform RGB noise: 0.76 at JPEG q85 4:2:0, 0.68
at WebP q80): under a limit this generous, the top quality is taken without a prediction."""

Encoder = Callable[[Image.Image, int], bytes]


@dataclass(frozen=True)
class _Ladder:
    """A file type's quality steps and how its sizes are predicted."""

    qualities: tuple[int, ...]
    encoder: Encoder
    band: int
    """Rows per sampled band."""
    every: int
    """One band in ``every`` is sampled."""
    margin: float
    """The share of the limit a prediction may fill."""
    calibrate: bool
    """Whether the top quality is encoded whole first, and the sample's estimates scaled to it."""


@dataclass(frozen=True)
class Encoded:
    """An encoded output and whether it fits the format's byte limit."""

    data: bytes
    quality: int | None
    fits: bool
    attempts: int = 1
    """Whole-image encodes it took (samples not counted)."""


def _jpeg(image: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=quality, subsampling="4:2:0", exif=b"")
    return buf.getvalue()


def _webp(image: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "WEBP", quality=quality, method=4, exif=b"", xmp=b"")
    return buf.getvalue()


def _png(image: Image.Image, quantize: bool) -> bytes:
    buf = io.BytesIO()
    if quantize:
        image = image.quantize(256, method=Image.Quantize.FASTOCTREE if image.mode == "RGBA" else None)
    image.save(buf, "PNG", compress_level=6)
    return buf.getvalue()


# JPEG: 16-row bands are whole 4:2:0 blocks, and its sizes add up block by block (measured within
# 6 % of the whole image's on the demo's photos): one encode. WebP predicts each block from its
# neighbours, so a sample of bands misjudges it (by 0.9 to 2× on the demo's and the bench's images):
# its top quality is encoded whole first (it often fits), and the estimates scaled to that size.
_JPEG = _Ladder(JPEG_QUALITIES, _jpeg, band=16, every=8, margin=0.95, calibrate=False)
_WEBP = _Ladder(WEBP_QUALITIES, _webp, band=64, every=4, margin=0.9, calibrate=True)


def _sample(image: Image.Image, band: int, every: int) -> Image.Image | None:
    """One band of rows in ``every``, stacked: the image's own detail at a fraction of its pixels."""
    tops = range(0, image.height - band + 1, band * every)
    if len(tops) < 4:
        return None  # too few bands to stand for the image: the ladder is walked instead
    sample = Image.new(image.mode, (image.width, band * len(tops)))
    for i, top in enumerate(tops):
        sample.paste(image.crop((0, top, image.width, top + band)), (0, i * band))
    return sample


def _first_fitting(image: Image.Image, ladder: _Ladder, limit: int, top: int | None = None) -> int:
    """The index of the highest quality predicted to fit within the ladder's margin of ``limit``.

    ``top`` is the whole image's size at the top quality when it is known: predictions are
    then scaled by how far the sample's estimate of that size was from it.
    """
    qualities, encoder = ladder.qualities, ladder.encoder
    sample = _sample(image, ladder.band, ladder.every)
    if sample is None:
        return 0 if top is None else 1
    ratio = image.width * image.height / (sample.width * sample.height)
    tiny = Image.new(image.mode, (8, 8))

    def predicted(quality: int) -> float:
        # Headers (tables, markers) are paid once whatever the size: only the rest scales with pixels.
        header = len(encoder(tiny, quality))
        return header + (len(encoder(sample, quality)) - header) * ratio

    scale = 1.0 if top is None else top / predicted(qualities[0])
    # File size falls as quality does: a binary search over the ladder, a few sample encodes.
    low, high = (0 if top is None else 1), len(qualities) - 1
    while low < high:
        middle = (low + high) // 2
        if predicted(qualities[middle]) * scale <= limit * ladder.margin:
            high = middle
        else:
            low = middle + 1
    return low


def encode(image: Image.Image, fmt: VisualFormat) -> Encoded:
    """Encode for a format at the highest quality predicted to fit ``fmt.max_bytes``, stepping down on a miss.

    When even the lowest step is too heavy, that attempt is returned with
    ``fits=False`` (the caller reports ``visual.weight``).
    """
    image.info.clear()
    if fmt.type == "png":
        data = _png(image, quantize=False)
        if len(data) <= fmt.max_bytes:
            return Encoded(data, None, True)
        data = _png(image, quantize=True)
        return Encoded(data, 256, len(data) <= fmt.max_bytes, attempts=2)
    ladder = _WEBP if fmt.type == "webp" else _JPEG
    if fmt.type == "jpeg" and image.mode != "RGB":
        image = image.convert("RGB")
    qualities, limit = ladder.qualities, fmt.max_bytes
    attempts, start = 0, 0
    if image.width * image.height * WORST_BYTES_PER_PIXEL > limit * ladder.margin:
        top: int | None = None
        if ladder.calibrate:
            data = ladder.encoder(image, qualities[0])
            attempts = 1
            if len(data) <= limit:
                return Encoded(data, qualities[0], True, attempts)
            top = len(data)
        start = _first_fitting(image, ladder, limit, top)
    data = b""
    for quality in qualities[start:]:
        data = ladder.encoder(image, quality)
        attempts += 1
        if len(data) <= limit:
            return Encoded(data, quality, True, attempts)
    return Encoded(data, qualities[-1], False, attempts)
