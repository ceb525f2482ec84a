"""Opening sources and bringing them to 8-bit sRGB: ICC profiles, CMYK, 16-bit, palette and alpha.

Everything that can go wrong while reading a file is raised as
:class:`SourceError` with a message meant for the user; callers turn it into an
``asset.unreadable`` finding.
"""

from __future__ import annotations

import io
import warnings
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageCms, UnidentifiedImageError

from pipeline.errors import SourceError as SourceError  # raised here: importers take it from here too
from pipeline.text.messages import N_, msg, wrap

MAX_PIXELS = 64_000_000
"""Decompression-bomb guard: the largest source Almanac decodes (a 61-megapixel camera passes)."""

READABLE = frozenset({"JPEG", "PNG", "WEBP", "GIF", "TIFF", "BMP"})
_HINTS = {
    ".svg": N_("SVG is a vector format Almanac does not rasterise: export it as PNG"),
    ".heic": N_("HEIC/HEIF is not supported: export the photo as JPEG"),
    ".heif": N_("HEIC/HEIF is not supported: export the photo as JPEG"),
    ".avif": N_("AVIF is not supported: export the photo as JPEG"),
    ".pdf": N_("PDF is not an image: export the page as PNG"),
}


def open_lazily(path: Path) -> Image.Image:
    """Open a source without decoding it, refusing what Almanac cannot or will not read."""
    hint = _HINTS.get(path.suffix.lower())
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise SourceError(
            msg("`{name}` is too large to decode safely ({error})", name=path.name, error=exc)
        ) from exc
    except UnidentifiedImageError as exc:
        if hint:
            raise SourceError(wrap("`{name}` cannot be read: {problem}", hint, name=path.name)) from exc
        raise SourceError(
            msg(
                "`{name}` cannot be read: its bytes are not an image Almanac reads "
                "(JPEG, PNG, WebP, GIF, TIFF)",
                name=path.name,
            )
        ) from exc
    except OSError as exc:
        raise SourceError(msg("`{name}` cannot be read: {error}", name=path.name, error=exc)) from exc
    try:
        _refuse(image, path, hint)
    except BaseException:
        image.close()
        raise
    return image


def _refuse(image: Image.Image, path: Path, hint: str | None) -> None:
    if image.format not in READABLE:
        raise SourceError(
            wrap(
                "`{name}` is {format}, which Almanac does not render: {problem}",
                hint or msg("use JPEG or PNG"),
                name=path.name,
                format=image.format,
            )
        )
    if getattr(image, "n_frames", 1) > 1:
        raise SourceError(
            msg(
                "`{name}` is animated ({format}); export one frame as PNG or JPEG",
                name=path.name,
                format=image.format,
            )
        )
    pixels = image.width * image.height
    if pixels > MAX_PIXELS:
        raise SourceError(
            msg(
                "`{name}` is {pixels} megapixels, over the {limit}-megapixel "
                "limit that guards against decompression bombs: downsize it",
                name=path.name,
                pixels=f"{pixels / 1e6:.1f}",
                limit=f"{MAX_PIXELS / 1e6:.0f}",
            )
        )


def decode(image: Image.Image, name: str) -> None:
    """Decode pixels now, turning a truncated or corrupt file into a :class:`SourceError`."""
    try:
        image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise SourceError(msg("`{name}` is truncated or corrupt ({error})", name=name, error=exc)) from exc


@lru_cache(maxsize=1)
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _profile(data: bytes) -> ImageCms.ImageCmsProfile | None:
    try:
        return ImageCms.ImageCmsProfile(io.BytesIO(data))
    except (OSError, ImageCms.PyCMSError):
        return None  # an unreadable embedded profile: fall back to treating the pixels as sRGB


def _is_srgb(profile: ImageCms.ImageCmsProfile) -> bool:
    try:
        description = ImageCms.getProfileDescription(profile)
    except ImageCms.PyCMSError:
        return False
    return "srgb" in description.lower().replace(" ", "")


def _sixteen_to_eight(image: Image.Image) -> Image.Image:
    import numpy as np  # 16-bit sources are rare: checking the others does not pay its import

    data = np.asarray(image)
    if image.mode == "I" and int(data.max(initial=0)) <= 255:
        return Image.fromarray(np.clip(data, 0, 255).astype(np.uint8))
    return Image.fromarray((np.clip(data, 0, 65535).astype(np.uint32) >> 8).astype(np.uint8))


def to_srgb(image: Image.Image) -> Image.Image:
    """The image as 8-bit ``RGB`` (or ``RGBA`` when it has transparency) in sRGB."""
    icc = image.info.get("icc_profile")
    mode = image.mode
    if mode in ("P", "PA"):
        has_alpha = mode == "PA" or "transparency" in image.info
        return image.convert("RGBA" if has_alpha else "RGB")
    if mode == "1":
        return image.convert("RGB")
    if mode.startswith("I;16") or mode == "I":
        return _sixteen_to_eight(image).convert("RGB")
    if mode == "F":
        return image.convert("L").convert("RGB")
    if mode in ("L", "LA"):
        return image.convert("RGBA" if mode == "LA" else "RGB")
    if mode == "CMYK":
        source = _profile(icc) if icc else None
        if source is None:
            # No profile: the device-independent guess every viewer makes (naive undercolour).
            return image.convert("RGB")
        converted = ImageCms.profileToProfile(image, source, _srgb(), outputMode="RGB")
        assert converted is not None
        return converted
    if mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in mode else "RGB")
    if icc:
        source = _profile(icc)
        if source is not None and not _is_srgb(source):
            alpha = image.getchannel("A") if image.mode == "RGBA" else None
            rgb = image.convert("RGB") if alpha is not None else image
            converted = ImageCms.profileToProfile(rgb, source, _srgb(), outputMode="RGB")
            assert converted is not None
            if alpha is not None:
                converted.putalpha(alpha)
            return converted
    return image


def flatten(image: Image.Image, background: tuple[int, int, int] = (255, 255, 255)) -> Image.Image:
    """An RGB image, transparent parts laid on ``background`` (JPEG has no alpha)."""
    if image.mode != "RGBA":
        return image if image.mode == "RGB" else image.convert("RGB")
    base = Image.new("RGB", image.size, background)
    base.paste(image, mask=image.getchannel("A"))
    return base
