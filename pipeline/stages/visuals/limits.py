"""The graphic charter's limits as plain arithmetic, shared by the checks and the renderer.

Nothing here imports Pillow or numpy: ``almanac check`` reads it on every run
and must not pay for the renderer's imports. The checks decide with these
functions, and the renderer sizes and colours its outputs with the same ones,
so a visual the checks pass is one the renderer can make.
"""

from __future__ import annotations

from pipeline.model.channels import VisualFormat
from pipeline.text.messages import msg

RGB = tuple[int, int, int]
DEFAULT_BACKGROUND: RGB = (27, 42, 65)
DEFAULT_TEXT: RGB = (255, 255, 255)


def scale_needed(width: int, height: int, fmt: VisualFormat) -> float:
    """How much a cover crop of a source must be enlarged for a format (< 1 means reduced)."""
    return max(fmt.width / width, fmt.height / height)


def resolution_message(width: int, height: int, fmt: VisualFormat, max_upscale: float) -> str:
    """The one wording of a too-small source."""
    need = scale_needed(width, height, fmt)
    return msg(
        "the source is {width}×{height}: {format} ({format_width}×{format_height}) would enlarge it "
        "{scale}×, over the charter's max_upscale {limit}; use a larger image",
        width=width,
        height=height,
        format=fmt.name,
        format_width=fmt.width,
        format_height=fmt.height,
        scale=f"{need:.2f}",
        limit=f"{max_upscale:g}",
    )


def contrast_message(ratio: float, minimum: float) -> str:
    """The one wording of a contrast problem."""
    return msg(
        "card text contrast is {ratio}:1, below the charter's {minimum}:1 (WCAG 2.x)",
        ratio=f"{ratio:.2f}",
        minimum=f"{minimum:g}",
    )


def hex_to_rgb(colour: str) -> RGB:
    """``#RRGGBB`` → ``(r, g, b)``."""
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


def relative_luminance(colour: RGB) -> float:
    """WCAG 2.x relative luminance of one sRGB colour."""
    scaled = (v / 255.0 for v in colour)
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in scaled]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: RGB, b: RGB) -> float:
    """WCAG 2.x contrast ratio of two colours, from 1 to 21."""
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def card_colours(palette: list[str]) -> tuple[RGB, RGB]:
    """Background and text colours of a card: the palette's first colour, and the one contrasting most.

    A brand thus controls its cards by ordering its palette.
    """
    if not palette:
        return DEFAULT_BACKGROUND, DEFAULT_TEXT
    colours = [hex_to_rgb(c) for c in palette]
    background = colours[0]
    candidates = colours[1:] or [(255, 255, 255), (0, 0, 0)]
    text = max(candidates, key=lambda c: contrast(background, c))
    return background, text


def card_contrast(palette: list[str]) -> float:
    """Contrast of a card's text on its background (a card's background is one flat colour)."""
    background, text = card_colours(palette)
    return contrast(background, text)


def _saturation(colour: RGB) -> float:
    high, low = max(colour), min(colour)
    return 0.0 if high == 0 else (high - low) / high


def accent_colour(palette: list[str], accent: str | None = None) -> RGB:
    """The brand's accent: the charter's ``visual.accent``, else the palette's most saturated colour.

    The first colour is left out when there are others: it is the plain cards'
    background, and an accent card must not look like a plain one.
    """
    if accent is not None:
        return hex_to_rgb(accent)
    colours = [hex_to_rgb(c) for c in palette]
    if not colours:
        return DEFAULT_BACKGROUND
    candidates = colours[1:] or colours
    # max() keeps the first of equals: the palette's order breaks ties.
    return max(candidates, key=_saturation)


def accent_card_colours(palette: list[str], accent: str | None = None) -> tuple[RGB, RGB]:
    """Background and text of an accent card: the accent, and the palette colour contrasting most with it."""
    background = accent_colour(palette, accent)
    candidates = [c for c in (hex_to_rgb(p) for p in palette) if c != background]
    text = max(candidates or [(255, 255, 255), (0, 0, 0)], key=lambda c: contrast(background, c))
    return background, text


def layout_contrast(palette: list[str], layout: str, accent: str | None = None) -> float:
    """The text contrast a card layout guarantees: its flat colours (a photo's scrim can always reach
    the plain card's colours, so a photo card is held to those)."""
    if layout == "accent":
        background, text = accent_card_colours(palette, accent)
        return contrast(background, text)
    return card_contrast(palette)
