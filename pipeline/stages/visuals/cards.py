"""Branded cards: a post's ``visual.card`` text drawn in the brand's title font and palette.

Three layouts. *Plain*: the background is the palette's first colour and the text
the palette colour that contrasts most with it (WCAG 2.x), so a brand controls its
cards by ordering its palette. *Accent*: the background is the accent colour
(``visual.accent``, else the palette's most saturated colour after the first) and
the text the palette colour contrasting most with it. *Photo* (a post with both
``src`` and ``card``): the photo, and the plain card's text colour on a band of the
plain card's background laid over it, just opaque enough for the text to reach the
charter's ``min_contrast`` on the pixels under it. The text is wrapped and sized to
the largest size that fits between the margins, above the logo and outside the
story safe zones.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from pipeline.model.channels import VisualFormat
from pipeline.stages.visuals.geometry import safe_insets
from pipeline.stages.visuals.limits import RGB, accent_card_colours, card_colours, contrast
from pipeline.stages.visuals.logo import LogoSpec, logo_box

_FontType = ImageFont.FreeTypeFont | ImageFont.ImageFont


def _linear(channel: np.ndarray) -> np.ndarray:
    c = channel / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def luminance(pixels: np.ndarray) -> np.ndarray:
    """WCAG 2.x relative luminance of sRGB pixels (an ``(..., 3)`` array of 0–255)."""
    lin = _linear(pixels.astype(np.float64))
    return np.asarray(0.2126 * lin[..., 0] + 0.7152 * lin[..., 1] + 0.0722 * lin[..., 2])


def contrast_over(text: RGB, background: Image.Image) -> float:
    """Contrast of a text colour against the pixels under it: the 5th percentile, not the mean.

    A mean hides the light patch where the text disappears; the 5th percentile
    is what most of the text will at least get.
    """
    pixels = np.asarray(background.convert("RGB")).reshape(-1, 3)
    lum_bg = luminance(pixels)
    lum_text = float(luminance(np.array([text]))[0])
    ratios = (np.maximum(lum_bg, lum_text) + 0.05) / (np.minimum(lum_bg, lum_text) + 0.05)
    return float(np.percentile(ratios, 5))


@dataclass(frozen=True)
class CardStyle:
    """What a card is drawn with."""

    palette: tuple[str, ...]
    font: Path | None
    logo: LogoSpec | None
    logo_size: tuple[int, int] | None
    min_contrast: float = 4.5
    layout: str = "plain"
    """``plain`` or ``accent`` (a card without photo; a photo card is drawn by :func:`draw_on_photo`)."""
    accent: str | None = None


def _font(path: Path | None, size: int) -> _FontType:
    if path is None:
        return ImageFont.load_default(size)
    return ImageFont.truetype(str(path), size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: _FontType, width: int) -> list[str] | None:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}".strip()
            if draw.textlength(trial, font=font) <= width:
                line = trial
            elif not line:
                return None  # one word wider than the card at this size
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def _layout(
    draw: ImageDraw.ImageDraw, text: str, font_path: Path | None, box: tuple[int, int, int, int]
) -> tuple[_FontType, str]:
    left, top, right, bottom = box
    lo, hi = 12, max(13, (bottom - top) // 2)
    best = (_font(font_path, lo), text)
    while lo <= hi:
        size = (lo + hi) // 2
        font = _font(font_path, size)
        lines = _wrap(draw, text, font, right - left)
        if lines is not None:
            joined = "\n".join(lines)
            x0, y0, x1, y1 = draw.multiline_textbbox((0, 0), joined, font=font, spacing=size // 4)
            if x1 - x0 <= right - left and y1 - y0 <= bottom - top:
                best, lo = (font, joined), size + 1
                continue
        hi = size - 1
    return best


def text_box(fmt: VisualFormat, style: CardStyle) -> tuple[int, int, int, int]:
    """Where the card text may go: inside the margins, out of safe zones, clear of the logo."""
    margin = round(fmt.width * 0.08)
    top, bottom_inset = safe_insets(fmt, margin)
    bottom = fmt.height - bottom_inset
    if style.logo is not None and style.logo_size is not None:
        _, l_top, _, l_bottom = logo_box(style.logo, fmt, style.logo_size)
        if style.logo.corner.startswith("bottom"):
            bottom = min(bottom, l_top - margin // 2)
        else:
            top = max(top, l_bottom + margin // 2)
    return (margin, top, fmt.width - margin, max(bottom, top + 1))


def _placed(
    canvas: Image.Image, text: str, fmt: VisualFormat, style: CardStyle, box: tuple[int, int, int, int]
) -> tuple[_FontType, str, int, tuple[int, int], tuple[int, int, int, int]]:
    """Font, wrapped text, line spacing, origin and the text's box on the canvas, centred in ``box``."""
    draw = ImageDraw.Draw(canvas)
    font, joined = _layout(draw, text.strip(), style.font, box)
    spacing = int(getattr(font, "size", 12)) // 4
    fx0, fy0, fx1, fy1 = draw.multiline_textbbox((0, 0), joined, font=font, spacing=spacing, align="center")
    x0, y0, x1, y1 = int(fx0), int(fy0), int(fx1), int(fy1)
    x = box[0] + (box[2] - box[0] - (x1 - x0)) // 2 - x0
    y = box[1] + (box[3] - box[1] - (y1 - y0)) // 2 - y0
    return font, joined, spacing, (x, y), (x + x0, y + y0, x + x1, y + y1)


def draw_card(text: str, fmt: VisualFormat, style: CardStyle) -> tuple[Image.Image, float]:
    """A card of the format's size (without logo) and the text's measured contrast."""
    if style.layout == "accent":
        background, colour = accent_card_colours(list(style.palette), style.accent)
    else:
        background, colour = card_colours(list(style.palette))
    canvas = Image.new("RGB", (fmt.width, fmt.height), background)
    font, joined, spacing, origin, bbox = _placed(canvas, text, fmt, style, text_box(fmt, style))
    under = canvas.crop(bbox)
    ratio = contrast_over(colour, under) if under.width and under.height else contrast(colour, background)
    draw = ImageDraw.Draw(canvas)
    draw.multiline_text(origin, joined, font=font, fill=colour, spacing=spacing, align="center")
    return canvas, ratio


SCRIM_STEPS = tuple(round(0.40 + 0.05 * i, 2) for i in range(13))
"""Opacities tried for the scrim, lightest first: the photo shows through as much as the text allows."""


def draw_on_photo(
    photo: Image.Image, text: str, fmt: VisualFormat, style: CardStyle
) -> tuple[Image.Image, float]:
    """The card text on a photo of the format's size (without logo), and the text's measured contrast.

    The text goes in the lower part of the text area (where a caption is expected,
    clear of the subject usually framed at the top). Under it, a full-width band of
    the plain card's background at the lightest opacity of :data:`SCRIM_STEPS` that
    brings the text to ``min_contrast`` (WCAG 2.x, on the 5th percentile of the
    pixels under the text); fully opaque, the band is the plain card, which the
    ``visual.contrast`` check holds to the charter.
    """
    canvas = photo.convert("RGB") if photo.mode != "RGB" else photo.copy()
    shade, colour = card_colours(list(style.palette))
    left, top, right, bottom = text_box(fmt, style)
    # The lower 40 % of the free area: a caption band, not a veil over the whole photo.
    top = max(top, bottom - round((bottom - top) * 0.40))
    font, joined, spacing, origin, bbox = _placed(canvas, text, fmt, style, (left, top, right, bottom))
    pad = max(8, getattr(font, "size", 12) // 2)
    band = (0, max(0, bbox[1] - pad), fmt.width, min(fmt.height, bbox[3] + pad))
    region = canvas.crop(band)
    flat = Image.new("RGB", region.size, shade)
    inner = (bbox[0] - band[0], bbox[1] - band[1], bbox[2] - band[0], bbox[3] - band[1])
    ratio = 0.0
    for alpha in SCRIM_STEPS:
        scrim = Image.blend(region, flat, alpha)
        under = scrim.crop(inner)
        ratio = contrast_over(colour, under) if under.width and under.height else contrast(colour, shade)
        if ratio >= style.min_contrast:
            break
    canvas.paste(scrim, band[:2])
    draw = ImageDraw.Draw(canvas)
    draw.multiline_text(origin, joined, font=font, fill=colour, spacing=spacing, align="center")
    return canvas, ratio
