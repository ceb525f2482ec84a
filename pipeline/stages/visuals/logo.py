"""The brand's logo on every visual: corner, margin and width from the charter, out of safe zones."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image

from pipeline.model.channels import VisualFormat
from pipeline.stages.visuals.colour import decode, open_lazily, to_srgb
from pipeline.stages.visuals.geometry import safe_insets


@dataclass(frozen=True)
class LogoSpec:
    """Where and how large the logo goes (the charter's ``visual.logo``, resolved to a path)."""

    path: Path
    corner: str
    margin: float
    width: float


@lru_cache(maxsize=4)
def _logo_image(path: Path, _digest: str) -> Image.Image:
    image = open_lazily(path)
    decode(image, path.name)
    rgba = to_srgb(image)
    return rgba if rgba.mode == "RGBA" else rgba.convert("RGBA")


@lru_cache(maxsize=32)
def _scaled_logo(path: Path, digest: str, size: tuple[int, int]) -> Image.Image:
    # A handful of formats share a few logo widths: resize each once per process, not once per output.
    return _logo_image(path, digest).resize(size, Image.Resampling.LANCZOS)


def logo_box(spec: LogoSpec, fmt: VisualFormat, logo_size: tuple[int, int]) -> tuple[int, int, int, int]:
    """The logo's box ``(left, top, right, bottom)`` on a format, kept out of its safe zones."""
    width = max(1, round(fmt.width * spec.width))
    height = max(1, round(width * logo_size[1] / logo_size[0]))
    margin = round(fmt.width * spec.margin)
    top_inset, bottom_inset = safe_insets(fmt, margin)
    left = margin if spec.corner.endswith("left") else fmt.width - margin - width
    top = top_inset if spec.corner.startswith("top") else fmt.height - bottom_inset - height
    return (left, top, left + width, top + height)


def place_logo(canvas: Image.Image, spec: LogoSpec, fmt: VisualFormat, digest: str) -> None:
    """Composite the logo onto ``canvas`` (an RGB or RGBA image of the format's size), in place."""
    logo = _logo_image(spec.path, digest)
    left, top, right, bottom = logo_box(spec, fmt, logo.size)
    scaled = _scaled_logo(spec.path, digest, (right - left, bottom - top))
    if canvas.mode == "RGBA":
        canvas.alpha_composite(scaled, (left, top))
    else:
        canvas.paste(scaled, (left, top), scaled)


def logo_size(spec: LogoSpec, digest: str) -> tuple[int, int]:
    """The logo's pixel size (decoded once per process)."""
    return _logo_image(spec.path, digest).size
