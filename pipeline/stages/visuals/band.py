"""The legal mention burnt into a visual: a dark band with light text, inside the safe zones.

The band runs the width of the visual at the top, under the story safe zone,
or at the bottom when the logo sits at the top, so the logo never covers it.
Its text is at least 3.2 % of the visual's shorter side high (34 px on a
1080-pixel square), white on near-black (contrast above 15:1), in the brand's
body font or, failing that, Pillow's own.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from pipeline.model.channels import VisualFormat
from pipeline.stages.visuals.geometry import safe_insets

TEXT_SHARE = 0.032
"""Text height as a share of the shorter side."""
BAND_FILL = (17, 17, 17, 230)
TEXT_FILL = (255, 255, 255, 255)

_FontType = ImageFont.FreeTypeFont | ImageFont.ImageFont


@lru_cache(maxsize=16)
def _font(path: Path | None, size: int) -> _FontType:
    if path is not None:
        try:
            return ImageFont.truetype(str(path), size)
        except OSError:
            pass  # an unreadable font is reported by the checks; the band still goes on
    return ImageFont.load_default(size)


def band_box(fmt: VisualFormat, *, at_bottom: bool, size: int) -> tuple[int, int, int, int]:
    """The band's box on a format: full width, inside the safe zones, ``size`` being the text height."""
    height = round(size * 1.9)
    top_inset, bottom_inset = safe_insets(fmt, 0)
    top = fmt.height - bottom_inset - height if at_bottom else top_inset
    return (0, top, fmt.width, top + height)


def text_size(fmt: VisualFormat) -> int:
    """The mention's pixel height on a format."""
    return max(14, round(min(fmt.width, fmt.height) * TEXT_SHARE))


def draw_band(
    canvas: Image.Image, mention: str, fmt: VisualFormat, font: Path | None, *, at_bottom: bool
) -> None:
    """Draw the mention's band onto ``canvas`` (the format's size), in place."""
    size = text_size(fmt)
    left, top, right, bottom = band_box(fmt, at_bottom=at_bottom, size=size)
    overlay = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    draw.rectangle((left, top, right - 1, bottom - 1), fill=BAND_FILL)
    face = _font(font, size)
    draw.text((left + size, (top + bottom) / 2), mention, font=face, fill=TEXT_FILL, anchor="lm")
    if canvas.mode == "RGBA":
        canvas.alpha_composite(overlay)
    else:
        canvas.paste(overlay, (0, 0), overlay)
