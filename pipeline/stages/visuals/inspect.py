"""What ``almanac check`` learns about a source without rendering it (nothing is written).

:func:`inspect_source` reads the header, then proves the pixels decode with
the cheapest decode there is: a JPEG at 1/8 scale (DCT draft), a PNG by
checking its chunks' CRCs, other formats by a real decode. Graphics are
decoded to a thumbnail for the palette check. Callers remember the result by
the source's content digest, so each source is decoded once, not on every run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import ExifTags, Image

from pipeline.stages.visuals.colour import SourceError, decode, open_lazily, to_srgb
from pipeline.stages.visuals.geometry import upright_size
from pipeline.stages.visuals.limits import hex_to_rgb
from pipeline.text.messages import msg

GPS_IFD = ExifTags.IFD.GPSInfo


@dataclass(frozen=True)
class SourceInfo:
    """A readable source: its upright size, format, and whether it carries GPS coordinates."""

    width: int
    height: int
    format: str
    gps: bool


def inspect_source(path: Path) -> SourceInfo:
    """Header and a small decode; raises :class:`SourceError` for anything unusable."""
    try:
        return _inspect(path)
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise SourceError(
            msg("`{name}` is truncated or corrupt ({error})", name=path.name, error=exc)
        ) from exc


def _inspect(path: Path) -> SourceInfo:
    image = open_lazily(path)
    with image:
        exif = image.getexif()
        orientation = exif.get(0x0112, 1)
        gps = bool(exif.get_ifd(GPS_IFD))
        size = upright_size(image.size, orientation)
        fmt = image.format or "?"
        if fmt == "JPEG":
            # Always decoded (at 1/8 scale): a JPEG cut short and closed with FF D9, or with
            # garbage inside, still ends with the end-of-image marker.
            draft = image.mode if image.mode in ("RGB", "L", "CMYK") else None
            image.draft(draft, (1, 1))
            decode(image, path.name)
            if ends_in_missing_blocks(image):
                raise SourceError(
                    msg(
                        "`{name}` is truncated: its last rows decode to flat grey, "
                        "the data the encoder wrote stops before the end of the image",
                        name=path.name,
                    )
                )
        elif fmt != "PNG":
            decode(image, path.name)
    if fmt == "PNG":
        # verify() walks every chunk and checks its CRC without inflating the pixels.
        with open_lazily(path) as fresh:
            try:
                fresh.verify()
            except (OSError, SyntaxError, ValueError) as exc:
                raise SourceError(
                    msg("`{name}` is truncated or corrupt ({error})", name=path.name, error=exc)
                ) from exc
    return SourceInfo(size[0], size[1], fmt, gps)


def ends_in_missing_blocks(image: Image.Image) -> bool:
    """True when a decoded JPEG ends with at least one full row of missing blocks.

    libjpeg fills the blocks of a file whose data stops early with zero coefficients,
    which decode to exactly 128 in every channel (mid grey), and only warns; Pillow
    then returns the image as if whole. A last row of exact mid grey in a picture that
    is not all mid grey is that filling (a real photograph never has one).
    """
    if image.mode not in ("RGB", "L"):
        return False
    # The last row alone first: the whole image is compared only when that row is all mid grey
    # (rare). Both by their extrema: no copy of the pixels, and no numpy, whose import alone
    # (0.09 s) was most of what a pull-request check paid to inspect one changed post's source.
    if not _all_mid_grey(image.crop((0, image.height - 1, image.width, image.height))):
        return False
    return not _all_mid_grey(image)


def _all_mid_grey(image: Image.Image) -> bool:
    extrema = image.getextrema()
    bands = extrema if isinstance(extrema[0], tuple) else (extrema,)
    return all(band == (128, 128) for band in bands)


def palette_share(path: Path, palette: list[str], tolerance: float) -> float:
    """Share of a graphic's pixels within ``tolerance`` (CIEDE2000) of some palette colour.

    Measured on a 128-pixel thumbnail, over its distinct colours weighted by count.
    """
    image = open_lazily(path)
    with image:
        image.draft("RGB", (128, 128))
        decode(image, path.name)
        small = to_srgb(image).convert("RGB")
    small.thumbnail((128, 128), Image.Resampling.BOX)
    counts = small.getcolors(maxcolors=small.width * small.height)
    assert counts is not None
    import numpy as np  # only graphics need it: a check of photographs does not pay its import

    weights = np.array([c for c, _ in counts], dtype=np.float64)
    pixels = np.array([rgb for _, rgb in counts], dtype=np.float64)
    brand = np.array([hex_to_rgb(c) for c in palette], dtype=np.float64)
    from basic_colormath import get_delta_e_matrix  # only the palette check needs it

    # basic-colormath's vectorised CIEDE2000 (sRGB → Lab D65): it imports in ~70 ms where
    # colour-science took 1.2 s, which a pull-request check on a cold machine pays every time.
    distances = get_delta_e_matrix(pixels, brand)
    near = np.min(distances, axis=1) <= tolerance
    return float(weights[near].sum() / weights.sum())
