#!/usr/bin/env python3
"""Draw the demo brand's source images, graphics and logo (Maison Lumière).

Every picture of the demo brand is made here, from gradients, soft shapes and
noise: no third-party photo is used.  The script is deterministic (fixed
seeds), so running it again rewrites the same pictures.

    python assets/make_demo_assets.py            # writes assets/images/ and assets/brand/logo.png
    python assets/make_demo_assets.py --only salon lampe

Outputs:
    assets/images/<scene>.jpg     photo-like scenes (kind: photo), 3000x2000 or 2400x3000
    assets/images/<name>.png      flat graphics drawn with palette colours only (kind: graphic)
    assets/brand/logo.png         the logo, RGBA with a transparent background

Needs Pillow and numpy.  The fonts are the Lato files beside the logo
(assets/brand/, SIL Open Font License 1.1).
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent
IMAGES = HERE / "images"
BRAND = HERE / "brand"

# The graphic charter's palette (charter.yaml, visual.palette).
NUIT = "#1F2A44"
CREME = "#F4EBD9"
LAITON = "#C9A227"
TERRACOTTA = "#A04A32"
SAUGE = "#A3B18A"
PALETTE = [NUIT, CREME, LAITON, TERRACOTTA, SAUGE]

LANDSCAPE = (3000, 2000)
PORTRAIT = (2400, 3000)
JPEG_QUALITY = 84


# --------------------------------------------------------------------------- helpers


def rgb(colour: str) -> np.ndarray:
    """'#RRGGBB' -> float array in 0..1."""
    colour = colour.lstrip("#")
    return np.array([int(colour[i : i + 2], 16) for i in (0, 2, 4)], dtype=np.float32) / 255.0


def vertical_gradient(size: tuple[int, int], stops: list[tuple[float, str]]) -> np.ndarray:
    """A top-to-bottom gradient through colour stops [(position 0..1, colour), ...]."""
    w, h = size
    ys = np.linspace(0.0, 1.0, h, dtype=np.float32)
    positions = [p for p, _ in stops]
    channels = [np.interp(ys, positions, [rgb(c)[k] for _, c in stops]) for k in range(3)]
    column = np.stack(channels, axis=-1)  # h x 3
    return np.repeat(column[:, None, :], w, axis=1)


def grid(size: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    w, h = size
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    return xx / w, yy / h


def add_glow(
    img: np.ndarray, cx: float, cy: float, radius: float, colour: str, strength: float,
    aspect: float = 1.0,
) -> None:
    """Add a soft Gaussian light (screen-like) centred at (cx, cy), fractions of the size."""
    h, w, _ = img.shape
    xx, yy = grid((w, h))
    ratio = w / h
    d2 = ((xx - cx) * ratio / aspect) ** 2 + (yy - cy) ** 2
    g = np.exp(-d2 / (2 * radius**2))[..., None] * strength
    img[:] = 1.0 - (1.0 - img) * (1.0 - g * rgb(colour))


def mask_layer(size: tuple[int, int], draw_fn, blur: float = 0.0) -> np.ndarray:
    """Draw white shapes on a black L image with draw_fn(draw, w, h); return a 0..1 mask."""
    w, h = size
    m = Image.new("L", size, 0)
    draw_fn(ImageDraw.Draw(m), w, h)
    if blur:
        m = m.filter(ImageFilter.GaussianBlur(blur))
    return np.asarray(m, dtype=np.float32)[..., None] / 255.0


def paint(img: np.ndarray, mask: np.ndarray, colour, opacity: float = 1.0) -> None:
    """Composite a flat colour (or a colour array) through a mask."""
    col = rgb(colour) if isinstance(colour, str) else colour
    img[:] = img * (1 - mask * opacity) + col * mask * opacity


def shade(img: np.ndarray, mask: np.ndarray, top: str, bottom: str, opacity: float = 1.0) -> None:
    """Composite a vertical gradient through a mask."""
    h, w, _ = img.shape
    paint(img, mask, vertical_gradient((w, h), [(0.0, top), (1.0, bottom)]), opacity)


def bokeh(
    img: np.ndarray, rng: np.random.Generator, n: int, colours: list[str],
    region: tuple[float, float, float, float] = (0, 0, 1, 1), rmin: float = 0.01,
    rmax: float = 0.04, opacity: float = 0.35, blur: float = 6.0,
) -> None:
    """Out-of-focus light discs."""
    h, w, _ = img.shape
    x0, y0, x1, y1 = region
    for colour in colours:
        def draw(d, ww, hh):
            for _ in range(n // len(colours)):
                cx = rng.uniform(x0, x1) * ww
                cy = rng.uniform(y0, y1) * hh
                r = rng.uniform(rmin, rmax) * ww
                d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=int(rng.uniform(120, 255)))
        m = mask_layer((w, h), draw, blur)
        img[:] = 1.0 - (1.0 - img) * (1.0 - m * opacity * rgb(colour))


def vignette(img: np.ndarray, strength: float = 0.45) -> None:
    h, w, _ = img.shape
    xx, yy = grid((w, h))
    d = np.sqrt(((xx - 0.5) * 1.2) ** 2 + ((yy - 0.5) * 1.2) ** 2)
    img *= (1.0 - strength * np.clip(d - 0.25, 0, 1) ** 1.5)[..., None]


def grain(img: np.ndarray, rng: np.random.Generator, sigma: float = 0.012) -> None:
    """Film grain: fine luminance noise plus a softer chroma noise."""
    h, w, _ = img.shape
    fine = rng.normal(0.0, sigma, (h, w, 1)).astype(np.float32)
    small = rng.normal(0.0, sigma * 1.5, (h // 8 + 1, w // 8 + 1, 3)).astype(np.float32)
    soft = np.asarray(
        Image.fromarray(((small + 0.5) * 255).clip(0, 255).astype(np.uint8)).resize(
            (w, h), Image.Resampling.BICUBIC
        ),
        dtype=np.float32,
    ) / 255.0 - 0.5
    img += fine + soft * 0.6


def save_jpeg(img: np.ndarray, name: str) -> Path:
    out = IMAGES / f"{name}.jpg"
    arr = (np.clip(img, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)
    Image.fromarray(arr, "RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True,
                                     progressive=True, subsampling="4:2:0")
    return out


def lamp_shade(d, cx, top, bottom, wt, wb, fill=255):
    d.polygon([(cx - wt / 2, top), (cx + wt / 2, top), (cx + wb / 2, bottom), (cx - wb / 2, bottom)],
              fill=fill)


# --------------------------------------------------------------------------- scenes


def scene_salon(rng: np.random.Generator) -> np.ndarray:
    """A living room at dusk: cold window light, a floor lamp, a sofa, a rug."""
    size = LANDSCAPE
    img = vertical_gradient(size, [(0.0, "#3a2c25"), (0.62, "#6b4a34"), (0.63, "#2e211b"),
                                   (1.0, "#1b1411")])
    # Window on the left with blue hour light.
    win = mask_layer(size, lambda d, w, h: d.rectangle([0.08 * w, 0.12 * h, 0.34 * w, 0.58 * h],
                                                       fill=255), 4)
    shade(img, win, "#5d7394", "#a4b3c6")
    mull = mask_layer(size, lambda d, w, h: (d.rectangle([0.205 * w, 0.12 * h, 0.215 * w, 0.58 * h],
                                                         fill=255),
                                            d.rectangle([0.08 * w, 0.34 * h, 0.34 * w, 0.35 * h],
                                                        fill=255)), 2)
    paint(img, mull, "#2a2019")
    add_glow(img, 0.21, 0.4, 0.22, "#7f93b5", 0.35)
    # Floor-lamp light on the wall.
    add_glow(img, 0.74, 0.3, 0.28, "#ffb861", 0.85)
    add_glow(img, 0.74, 0.3, 0.08, "#fff1cf", 0.9)
    lamp = mask_layer(size, lambda d, w, h: (
        lamp_shade(d, 0.74 * w, 0.2 * h, 0.36 * h, 0.1 * w, 0.16 * w),
        d.rectangle([0.736 * w, 0.36 * h, 0.744 * w, 0.82 * h], fill=255),
        d.ellipse([0.7 * w, 0.8 * h, 0.78 * w, 0.84 * h], fill=255)), 2)
    shade(img, lamp, "#f7e3bb", "#e0a45a")
    # Sofa.
    sofa = mask_layer(size, lambda d, w, h: (
        d.rounded_rectangle([0.3 * w, 0.48 * h, 0.66 * w, 0.78 * h], radius=0.03 * w, fill=255),
        d.rounded_rectangle([0.27 * w, 0.56 * h, 0.33 * w, 0.8 * h], radius=0.02 * w, fill=255),
        d.rounded_rectangle([0.63 * w, 0.56 * h, 0.69 * w, 0.8 * h], radius=0.02 * w, fill=255)), 6)
    shade(img, sofa, "#8a5a43", "#4a2e22")
    cushions = mask_layer(size, lambda d, w, h: (
        d.rounded_rectangle([0.36 * w, 0.5 * h, 0.45 * w, 0.6 * h], radius=0.02 * w, fill=255),
        d.rounded_rectangle([0.52 * w, 0.5 * h, 0.61 * w, 0.6 * h], radius=0.02 * w, fill=255)), 5)
    shade(img, cushions, "#d9b25c", "#9c7a2f")
    rug = mask_layer(size, lambda d, w, h: d.ellipse([0.22 * w, 0.82 * h, 0.86 * w, 1.02 * h],
                                                     fill=255), 10)
    shade(img, rug, "#c9b59a", "#8c7a63", 0.8)
    add_glow(img, 0.7, 0.75, 0.2, "#ff9f45", 0.25)
    vignette(img, 0.5)
    grain(img, rng)
    return img


def scene_lampe(rng: np.random.Generator) -> np.ndarray:
    """A table lamp lit in a dark room, a pile of books (portrait)."""
    size = PORTRAIT
    img = vertical_gradient(size, [(0.0, "#101826"), (0.6, "#1f2a44"), (0.61, "#3b2a20"),
                                   (1.0, "#1a120d")])
    add_glow(img, 0.5, 0.38, 0.3, "#ffae4d", 0.8)
    add_glow(img, 0.5, 0.62, 0.18, "#ffcf8a", 0.5, aspect=2.5)
    lamp = mask_layer(size, lambda d, w, h: lamp_shade(d, 0.5 * w, 0.24 * h, 0.44 * h, 0.3 * w,
                                                       0.56 * w), 3)
    shade(img, lamp, "#fff3d6", "#f0b766")
    base = mask_layer(size, lambda d, w, h: (
        d.rectangle([0.485 * w, 0.44 * h, 0.515 * w, 0.55 * h], fill=255),
        d.ellipse([0.4 * w, 0.53 * h, 0.6 * w, 0.62 * h], fill=255)), 2)
    shade(img, base, "#e3c16a", "#8d6a1f")
    books = mask_layer(size, lambda d, w, h: (
        d.rectangle([0.12 * w, 0.56 * h, 0.36 * w, 0.6 * h], fill=255),
        d.rectangle([0.14 * w, 0.52 * h, 0.34 * w, 0.56 * h], fill=255)), 2)
    shade(img, books, "#a04a32", "#5c2a1c")
    add_glow(img, 0.5, 0.6, 0.05, "#ffffff", 0.3, aspect=3)
    vignette(img, 0.55)
    grain(img, rng)
    return img


def scene_bougies(rng: np.random.Generator) -> np.ndarray:
    """Candles of several heights, warm bokeh behind."""
    size = LANDSCAPE
    img = vertical_gradient(size, [(0.0, "#120d0b"), (0.7, "#2b1d15"), (1.0, "#3a281b")])
    bokeh(img, rng, 60, ["#ffb450", "#ffd27f", "#c9a227"], region=(0, 0, 1, 0.6), rmin=0.012,
          rmax=0.045, opacity=0.45, blur=10)
    candles = [(0.28, 0.45, 0.06), (0.4, 0.36, 0.075), (0.53, 0.5, 0.065), (0.65, 0.4, 0.07),
               (0.76, 0.55, 0.055)]
    for cx, top, cw in candles:
        add_glow(img, cx, top - 0.06, 0.09, "#ff9d3b", 0.55)
        body = mask_layer(size, lambda d, w, h, cx=cx, top=top, cw=cw: d.rounded_rectangle(
            [(cx - cw / 2) * w, top * h, (cx + cw / 2) * w, 0.9 * h], radius=0.008 * w, fill=255),
            3)
        shade(img, body, "#fbe9c8", "#b58d5c")
        flame = mask_layer(size, lambda d, w, h, cx=cx, top=top: d.ellipse(
            [(cx - 0.006) * w, (top - 0.085) * h, (cx + 0.006) * w, (top - 0.02) * h], fill=255), 4)
        paint(img, flame, "#fff6dc")
        add_glow(img, cx, top - 0.05, 0.02, "#fff3c4", 0.9)
    table = mask_layer(size, lambda d, w, h: d.rectangle([0, 0.9 * h, w, h], fill=255), 3)
    shade(img, table, "#4a3322", "#23160e")
    vignette(img, 0.5)
    grain(img, rng)
    return img


def scene_table(rng: np.random.Generator) -> np.ndarray:
    """A festive table seen from above: plates, glasses, candle lights, greenery."""
    size = LANDSCAPE
    img = vertical_gradient(size, [(0.0, "#3b2a1e"), (1.0, "#5a3f2b")])
    w, h = size
    # Wood grain: stretched noise.
    noise = rng.normal(0, 1, (h // 40 + 1, w // 2 + 1)).astype(np.float32)
    streaks = np.asarray(Image.fromarray(((noise * 20) + 128).clip(0, 255).astype(np.uint8)).resize(
        (w, h), Image.Resampling.BICUBIC), dtype=np.float32)[..., None] / 255.0 - 0.5
    img += streaks * 0.12
    runner = mask_layer(size, lambda d, w, h: d.rectangle([0, 0.38 * h, w, 0.62 * h], fill=255), 4)
    shade(img, runner, "#e9dcc3", "#d6c6a8", 0.9)
    for cx in (0.18, 0.42, 0.66, 0.9):
        for cy in (0.2, 0.8):
            plate = mask_layer(size, lambda d, w, h, cx=cx, cy=cy: d.ellipse(
                [(cx - 0.075) * w, cy * h - 0.075 * w, (cx + 0.075) * w, cy * h + 0.075 * w],
                fill=255), 4)
            shade(img, plate, "#f6efe2", "#d9cdb7")
            rim = mask_layer(size, lambda d, w, h, cx=cx, cy=cy: d.ellipse(
                [(cx - 0.05) * w, cy * h - 0.05 * w, (cx + 0.05) * w, cy * h + 0.05 * w],
                outline=255, width=int(0.004 * w)), 3)
            paint(img, rim, "#c9a227", 0.7)
    leaves = mask_layer(size, lambda d, w, h: [
        d.ellipse([x * w, (0.46 + 0.06 * math.sin(x * 20)) * h, (x + 0.035) * w,
                   (0.5 + 0.06 * math.sin(x * 20)) * h], fill=255)
        for x in np.arange(0.02, 0.98, 0.028)], 3)
    shade(img, leaves, "#6f8a5e", "#3e5536")
    for cx in (0.3, 0.54, 0.78):
        add_glow(img, cx, 0.5, 0.05, "#ffb14e", 0.8)
        add_glow(img, cx, 0.5, 0.012, "#fff7dc", 1.0)
    vignette(img, 0.4)
    grain(img, rng)
    return img


def scene_neige(rng: np.random.Generator) -> np.ndarray:
    """A snowy night, a house with lit windows, falling snow."""
    size = LANDSCAPE
    img = vertical_gradient(size, [(0.0, "#0c1324"), (0.55, "#26375a"), (0.7, "#8b9bb8"),
                                   (1.0, "#dfe6f0")])
    trees = mask_layer(size, lambda d, w, h: [
        d.polygon([(x * w, (0.4 + 0.05 * (i % 3)) * h), ((x - 0.05) * w, 0.72 * h),
                   ((x + 0.05) * w, 0.72 * h)], fill=255)
        for i, x in enumerate((0.06, 0.14, 0.8, 0.88, 0.95))], 3)
    paint(img, trees, "#0e1a22")
    house = mask_layer(size, lambda d, w, h: (
        d.rectangle([0.36 * w, 0.46 * h, 0.66 * w, 0.72 * h], fill=255),
        d.polygon([(0.33 * w, 0.47 * h), (0.51 * w, 0.3 * h), (0.69 * w, 0.47 * h)], fill=255)), 2)
    paint(img, house, "#1a2233")
    roof = mask_layer(size, lambda d, w, h: d.polygon(
        [(0.33 * w, 0.47 * h), (0.51 * w, 0.3 * h), (0.69 * w, 0.47 * h), (0.51 * w, 0.34 * h)],
        fill=255), 3)
    paint(img, roof, "#e8eef6", 0.9)
    for x0, y0 in ((0.4, 0.52), (0.56, 0.52), (0.48, 0.6)):
        win = mask_layer(size, lambda d, w, h, x0=x0, y0=y0: d.rectangle(
            [x0 * w, y0 * h, (x0 + 0.05) * w, (y0 + 0.07) * h], fill=255), 2)
        shade(img, win, "#ffd38a", "#ff9f45")
        add_glow(img, x0 + 0.025, y0 + 0.035, 0.06, "#ffae57", 0.5)
    ground = mask_layer(size, lambda d, w, h: d.ellipse([-0.3 * w, 0.68 * h, 1.3 * w, 1.4 * h],
                                                        fill=255), 12)
    shade(img, ground, "#c9d4e6", "#f3f6fb")
    add_glow(img, 0.51, 0.78, 0.12, "#ffb76b", 0.25, aspect=3)
    bokeh(img, rng, 900, ["#ffffff"], rmin=0.0012, rmax=0.004, opacity=0.8, blur=2)
    bokeh(img, rng, 90, ["#ffffff"], rmin=0.004, rmax=0.01, opacity=0.5, blur=9)
    grain(img, rng, 0.01)
    return img


def scene_fleurs(rng: np.random.Generator) -> np.ndarray:
    """A vase of spring flowers in morning light (portrait)."""
    size = PORTRAIT
    img = vertical_gradient(size, [(0.0, "#f5eee2"), (0.7, "#e7dccb"), (0.71, "#cbb89c"),
                                   (1.0, "#b39f82")])
    add_glow(img, 0.85, 0.1, 0.35, "#fff4d6", 0.6)
    stems = mask_layer(size, lambda d, w, h: [
        d.line([(0.5 * w, 0.62 * h), ((0.5 + dx) * w, (0.3 + abs(dx)) * h)], fill=255,
               width=int(0.006 * w))
        for dx in (-0.22, -0.14, -0.07, 0.0, 0.06, 0.13, 0.2)], 2)
    paint(img, stems, "#5f7a4a")
    leaves = mask_layer(size, lambda d, w, h: [
        d.ellipse([(0.5 + dx) * w, (0.45 + dy) * h, (0.5 + dx + 0.09) * w, (0.45 + dy + 0.04) * h],
                  fill=255)
        for dx, dy in ((-0.2, 0.02), (0.05, 0.05), (-0.1, 0.1), (0.12, 0.0))], 3)
    shade(img, leaves, "#8fa676", "#5c7548")
    colours = ["#e8a0a8", "#f2c94c", "#f6f0e6", "#d97b6c", "#c6a0d8"]
    for i, dx in enumerate((-0.22, -0.14, -0.07, 0.0, 0.06, 0.13, 0.2)):
        cx, cy = 0.5 + dx, 0.3 + abs(dx)
        petals = mask_layer(size, lambda d, w, h, cx=cx, cy=cy: [
            d.ellipse([(cx + 0.045 * math.cos(a) - 0.045) * w, cy * h + (0.045 * math.sin(a) - 0.045) * w,
                       (cx + 0.045 * math.cos(a) + 0.045) * w, cy * h + (0.045 * math.sin(a) + 0.045) * w],
                      fill=255)
            for a in np.linspace(0, 2 * math.pi, 6, endpoint=False)], 6)
        shade(img, petals, colours[i % len(colours)], colours[(i + 2) % len(colours)], 0.95)
        heart = mask_layer(size, lambda d, w, h, cx=cx, cy=cy: d.ellipse(
            [(cx - 0.02) * w, cy * h - 0.02 * w, (cx + 0.02) * w, cy * h + 0.02 * w], fill=255), 3)
        paint(img, heart, "#c9a227")
    vase = mask_layer(size, lambda d, w, h: (
        d.ellipse([0.36 * w, 0.6 * h, 0.64 * w, 0.8 * h], fill=255),
        d.rectangle([0.45 * w, 0.56 * h, 0.55 * w, 0.64 * h], fill=255)), 4)
    shade(img, vase, "#a3b18a", "#6d7a5a")
    add_glow(img, 0.42, 0.66, 0.03, "#ffffff", 0.5, aspect=0.4)
    shadow = mask_layer(size, lambda d, w, h: d.ellipse([0.34 * w, 0.78 * h, 0.8 * w, 0.83 * h],
                                                        fill=255), 25)
    paint(img, shadow, "#6b5a45", 0.5)
    vignette(img, 0.25)
    grain(img, rng, 0.01)
    return img


def scene_cuisine(rng: np.random.Generator) -> np.ndarray:
    """A kitchen in morning light, three pendant lamps over the counter."""
    size = LANDSCAPE
    img = vertical_gradient(size, [(0.0, "#efe6d6"), (0.62, "#d9ccb5"), (0.63, "#8c6f50"),
                                   (0.7, "#6e543b"), (0.71, "#3a4f5c"), (1.0, "#24333d")])
    rays = mask_layer(size, lambda d, w, h: [
        d.polygon([((x) * w, 0), ((x + 0.06) * w, 0), ((x - 0.2) * w, h), ((x - 0.28) * w, h)],
                  fill=255) for x in (0.3, 0.45, 0.6)], 40)
    paint(img, rays, "#fff8e6", 0.35)
    for cx in (0.3, 0.5, 0.7):
        cord = mask_layer(size, lambda d, w, h, cx=cx: d.rectangle(
            [(cx - 0.0015) * w, 0, (cx + 0.0015) * w, 0.28 * h], fill=255), 1)
        paint(img, cord, "#2a2a2a")
        dome = mask_layer(size, lambda d, w, h, cx=cx: d.pieslice(
            [(cx - 0.07) * w, 0.26 * h, (cx + 0.07) * w, 0.44 * h], 180, 360, fill=255), 2)
        shade(img, dome, "#2d3a55", "#1f2a44")
        add_glow(img, cx, 0.37, 0.07, "#ffcf7a", 0.6)
        add_glow(img, cx, 0.36, 0.012, "#fffbe8", 1.0)
    pots = mask_layer(size, lambda d, w, h: (
        d.rounded_rectangle([0.15 * w, 0.5 * h, 0.23 * w, 0.62 * h], radius=0.01 * w, fill=255),
        d.ellipse([0.76 * w, 0.52 * h, 0.86 * w, 0.62 * h], fill=255)), 3)
    shade(img, pots, "#b4533a", "#7c3424")
    herbs = mask_layer(size, lambda d, w, h: [
        d.ellipse([(0.15 + 0.02 * i) * w, (0.44 + 0.01 * (i % 2)) * h, (0.19 + 0.02 * i) * w,
                   (0.5 + 0.01 * (i % 2)) * h], fill=255) for i in range(3)], 4)
    paint(img, herbs, "#6f8a5e")
    vignette(img, 0.3)
    grain(img, rng, 0.01)
    return img


def scene_jardin(rng: np.random.Generator) -> np.ndarray:
    """A garden at dusk with a string of lights over a table."""
    size = LANDSCAPE
    img = vertical_gradient(size, [(0.0, "#2d2a4a"), (0.35, "#7a4f6b"), (0.6, "#e59a62"),
                                   (0.61, "#24301f"), (1.0, "#121a10")])
    hedge = mask_layer(size, lambda d, w, h: [
        d.ellipse([x * w, (0.5 + 0.03 * math.sin(x * 13)) * h, (x + 0.12) * w, 0.75 * h], fill=255)
        for x in np.arange(-0.05, 1.0, 0.07)], 8)
    paint(img, hedge, "#1d2a1a")
    bulbs = []
    for k in range(2):
        y0 = 0.16 + 0.08 * k
        pts = [(x, y0 + 0.12 * math.sin(math.pi * x)) for x in np.linspace(0.0, 1.0, 60)]
        wire = mask_layer(size, lambda d, w, h, pts=pts: d.line([(x * w, y * h) for x, y in pts],
                                                                fill=255, width=4), 1)
        paint(img, wire, "#1a1a1a")
        bulbs += [(x, y + 0.015) for x, y in pts[2::5]]
    for x, y in bulbs:
        add_glow(img, x, y, 0.035, "#ffb65c", 0.55)
        add_glow(img, x, y, 0.006, "#fff6d8", 1.0)
    table = mask_layer(size, lambda d, w, h: (
        d.rectangle([0.3 * w, 0.7 * h, 0.7 * w, 0.73 * h], fill=255),
        d.rectangle([0.33 * w, 0.73 * h, 0.345 * w, 0.92 * h], fill=255),
        d.rectangle([0.655 * w, 0.73 * h, 0.67 * w, 0.92 * h], fill=255)), 2)
    paint(img, table, "#0d0f0b")
    add_glow(img, 0.5, 0.69, 0.03, "#ffb65c", 0.8)
    vignette(img, 0.45)
    grain(img, rng)
    return img


def scene_atelier(rng: np.random.Generator) -> np.ndarray:
    """A lampshade workshop: hanging shades, a workbench, dust in the light."""
    size = LANDSCAPE
    img = vertical_gradient(size, [(0.0, "#26302c"), (0.66, "#3c4740"), (0.67, "#5b4432"),
                                   (0.72, "#3e2d21"), (0.73, "#1e1914"), (1.0, "#14110d")])
    beam = mask_layer(size, lambda d, w, h: d.polygon(
        [(0.55 * w, 0), (0.75 * w, 0), (0.62 * w, 0.7 * h), (0.3 * w, 0.7 * h)], fill=255), 60)
    paint(img, beam, "#f7e2b5", 0.28)
    for i, cx in enumerate((0.15, 0.32, 0.5, 0.68, 0.86)):
        drop = 0.18 + 0.06 * (i % 2)
        shd = mask_layer(size, lambda d, w, h, cx=cx, drop=drop: (
            d.rectangle([(cx - 0.001) * w, 0, (cx + 0.001) * w, drop * h], fill=255),
            lamp_shade(d, cx * w, drop * h, (drop + 0.13) * h, 0.07 * w, 0.12 * w)), 2)
        colour = ["#c9a227", "#f4ebd9", "#a04a32", "#a3b18a", "#f4ebd9"][i]
        shade(img, shd, colour, "#2b2b2b")
    bench_items = mask_layer(size, lambda d, w, h: (
        d.ellipse([0.2 * w, 0.6 * h, 0.3 * w, 0.68 * h], fill=255),
        d.rectangle([0.4 * w, 0.58 * h, 0.52 * w, 0.67 * h], fill=255),
        d.ellipse([0.6 * w, 0.55 * h, 0.72 * w, 0.67 * h], fill=255)), 4)
    shade(img, bench_items, "#e9dcc3", "#a08f73")
    add_glow(img, 0.5, 0.55, 0.2, "#ffc16e", 0.35)
    bokeh(img, rng, 400, ["#fff1d0"], region=(0.3, 0.0, 0.75, 0.7), rmin=0.0008, rmax=0.0025,
          opacity=0.7, blur=1.5)
    vignette(img, 0.5)
    grain(img, rng)
    return img


def scene_vitrine(rng: np.random.Generator) -> np.ndarray:
    """The shop window at night, pendants glowing, reflections on wet pavement (portrait)."""
    size = PORTRAIT
    img = vertical_gradient(size, [(0.0, "#0e1424"), (0.72, "#1f2a44"), (0.73, "#151b27"),
                                   (1.0, "#0b0f17")])
    frame = mask_layer(size, lambda d, w, h: d.rectangle([0.1 * w, 0.14 * h, 0.9 * w, 0.72 * h],
                                                         fill=255), 2)
    shade(img, frame, "#5a3c26", "#8c6440")
    for cx, cy in ((0.25, 0.3), (0.5, 0.25), (0.75, 0.32), (0.38, 0.45), (0.63, 0.48)):
        add_glow(img, cx, cy, 0.09, "#ffb55a", 0.6)
        pend = mask_layer(size, lambda d, w, h, cx=cx, cy=cy: (
            d.rectangle([(cx - 0.001) * w, 0.14 * h, (cx + 0.001) * w, cy * h], fill=255),
            d.ellipse([(cx - 0.035) * w, cy * h - 0.02 * w, (cx + 0.035) * w, cy * h + 0.05 * w],
                      fill=255)), 2)
        shade(img, pend, "#fff1cc", "#f2b25e")
    sign = mask_layer(size, lambda d, w, h: d.rectangle([0.1 * w, 0.06 * h, 0.9 * w, 0.12 * h],
                                                        fill=255), 2)
    paint(img, sign, "#1f2a44")
    sign_line = mask_layer(size, lambda d, w, h: d.rectangle([0.3 * w, 0.088 * h, 0.7 * w, 0.092 * h],
                                                             fill=255), 1)
    paint(img, sign_line, "#c9a227")
    # Reflections on the wet pavement: a flipped, blurred, darker copy of the window.
    h, w, _ = img.shape
    top, bottom = int(0.14 * h), int(0.72 * h)
    refl = img[top:bottom][::-1]
    refl_img = Image.fromarray((np.clip(refl, 0, 1) * 255).astype(np.uint8)).filter(
        ImageFilter.GaussianBlur(18))
    refl = np.asarray(refl_img, dtype=np.float32) / 255.0
    start = int(0.73 * h)
    n = min(h - start, refl.shape[0])
    fade = np.linspace(0.45, 0.0, n, dtype=np.float32)[:, None, None]
    img[start:start + n] = img[start:start + n] * (1 - fade) + refl[:n] * fade
    vignette(img, 0.4)
    grain(img, rng)
    return img


SCENES = {
    "salon": scene_salon,
    "lampe": scene_lampe,
    "bougies": scene_bougies,
    "table": scene_table,
    "neige": scene_neige,
    "fleurs": scene_fleurs,
    "cuisine": scene_cuisine,
    "jardin": scene_jardin,
    "atelier": scene_atelier,
    "vitrine": scene_vitrine,
}


# --------------------------------------------------------------------------- graphics


def to_palette(img: Image.Image, colours: list[str]) -> Image.Image:
    """Map every pixel to the nearest palette colour, so a graphic holds palette colours only."""
    arr = np.asarray(img.convert("RGB"), dtype=np.int32)
    pal = np.array([[int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in colours], dtype=np.int32)
    d = ((arr[:, :, None, :] - pal[None, None, :, :]) ** 2).sum(axis=-1)
    return Image.fromarray(pal[d.argmin(axis=-1)].astype(np.uint8), "RGB")


def supersampled(size: tuple[int, int], background: str, draw_fn, factor: int = 2) -> Image.Image:
    """Draw at `factor` times the size, scale down, then snap back to the palette."""
    big = Image.new("RGB", (size[0] * factor, size[1] * factor), background)
    draw_fn(ImageDraw.Draw(big), big.width, big.height)
    small = big.resize(size, Image.Resampling.LANCZOS)
    return to_palette(small, PALETTE)


def graphic_soldes(path: Path) -> None:
    """Winter sales: stylised brass and cream pendants on night blue (2400x3000)."""

    def draw(d, w, h):
        cy = 0.42 * h + 0.125 * w
        for k, colour in enumerate((LAITON, NUIT, LAITON)):
            r = (0.36 - 0.05 * k) * w
            d.ellipse([0.5 * w - r, cy - r, 0.5 * w + r, cy + r], fill=colour)
        d.rectangle([0, int(0.78 * h), w, h], fill=TERRACOTTA)
        for i, (cx, drop, colour) in enumerate(
            [(0.22, 0.3, CREME), (0.5, 0.42, CREME), (0.78, 0.26, SAUGE)]
        ):
            d.rectangle([cx * w - 0.004 * w, 0, cx * w + 0.004 * w, drop * h], fill=CREME)
            d.pieslice([(cx - 0.13) * w, drop * h, (cx + 0.13) * w, drop * h + 0.26 * w], 180, 360,
                       fill=colour)
            d.ellipse([(cx - 0.025) * w, drop * h + 0.1 * w, (cx + 0.025) * w, drop * h + 0.15 * w],
                      fill=LAITON if i != 1 else TERRACOTTA)
        for k in range(9):
            x = (0.06 + 0.11 * k) * w
            d.polygon([(x, 0.84 * h), (x + 0.04 * w, 0.84 * h + 0.04 * w), (x, 0.84 * h + 0.08 * w),
                       (x - 0.04 * w, 0.84 * h + 0.04 * w)], fill=CREME)

    supersampled(PORTRAIT, NUIT, draw).save(path, "PNG", optimize=True)


def graphic_printemps(path: Path) -> None:
    """Spring collection: leaves, suns and brass arcs on cream (3000x3000)."""

    def draw(d, w, h):
        rng = np.random.default_rng(7)
        for k in range(7):
            cx, cy = rng.uniform(0.1, 0.9) * w, rng.uniform(0.1, 0.55) * h
            r = rng.uniform(0.05, 0.11) * w
            d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=[TERRACOTTA, LAITON][k % 2])
        for k in range(14):
            cx, cy = rng.uniform(0.05, 0.95) * w, rng.uniform(0.05, 0.95) * h
            a = rng.uniform(0, math.pi)
            L, W = 0.12 * w, 0.035 * w
            pts = []
            for t in np.linspace(0, math.pi, 24):
                pts.append((math.cos(a) * L * (t / math.pi - 0.5) - math.sin(a) * W * math.sin(t),
                            math.sin(a) * L * (t / math.pi - 0.5) + math.cos(a) * W * math.sin(t)))
            for t in np.linspace(math.pi, 0, 24):
                pts.append((math.cos(a) * L * (t / math.pi - 0.5) + math.sin(a) * W * math.sin(t),
                            math.sin(a) * L * (t / math.pi - 0.5) - math.cos(a) * W * math.sin(t)))
            d.polygon([(cx + x, cy + y) for x, y in pts], fill=SAUGE)
        for k in range(4):
            r = (0.18 + 0.07 * k) * w
            d.arc([0.5 * w - r, 1.02 * h - r, 0.5 * w + r, 1.02 * h + r], 180, 360, fill=NUIT,
                  width=int(0.012 * w))

    supersampled((3000, 3000), CREME, draw).save(path, "PNG", optimize=True)


# --------------------------------------------------------------------------- logo


def logo(path: Path) -> None:
    """A night-blue badge with a brass lamp mark and the brand name in cream (RGBA)."""
    factor = 4
    w, h = 800 * factor, 240 * factor
    title = ImageFont.truetype(str(BRAND / "Lato-Bold.ttf"), 78 * factor)
    small = ImageFont.truetype(str(BRAND / "Lato-Regular.ttf"), 30 * factor)
    layers = []  # (colour, mask) painted in order; colours stay palette colours, alpha is smooth

    def layer(colour, fn):
        m = Image.new("L", (w, h), 0)
        fn(ImageDraw.Draw(m))
        layers.append((colour, m.resize((800, 240), Image.Resampling.LANCZOS)))

    layer(NUIT, lambda d: d.rounded_rectangle([0, 0, w - 1, h - 1], radius=48 * factor, fill=255))
    # Lamp mark: cord, shade, glow dot.
    layer(LAITON, lambda d: (
        d.rectangle([118 * factor, 28 * factor, 122 * factor, 80 * factor], fill=255),
        d.polygon([(92 * factor, 80 * factor), (148 * factor, 80 * factor),
                   (176 * factor, 150 * factor), (64 * factor, 150 * factor)], fill=255)))
    layer(CREME, lambda d: d.ellipse([104 * factor, 158 * factor, 136 * factor, 190 * factor],
                                     fill=255))
    layer(CREME, lambda d: d.text((220 * factor, 40 * factor), "Maison Lumière", font=title,
                                  fill=255))
    layer(LAITON, lambda d: d.text((224 * factor, 150 * factor), "LUMINAIRES  &  ART DE VIVRE",
                                   font=small, fill=255))
    out = np.zeros((240, 800, 4), dtype=np.float32)
    for colour, m in layers:
        a = np.asarray(m, dtype=np.float32)[..., None] / 255.0
        out[..., :3] = out[..., :3] * (1 - a) + rgb(colour) * a
        out[..., 3:] = out[..., 3:] + a * (1 - out[..., 3:])
    # Only the badge edge is transparent; inside it every pixel is a blend of palette colours.
    Image.fromarray((out * 255 + 0.5).astype(np.uint8), "RGBA").save(path, "PNG", optimize=True)


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="scene names to redraw (default: everything)")
    args = parser.parse_args()
    IMAGES.mkdir(parents=True, exist_ok=True)
    BRAND.mkdir(parents=True, exist_ok=True)
    wanted = set(args.only or [])
    for seed, (name, fn) in enumerate(SCENES.items(), start=2026):
        if wanted and name not in wanted:
            continue
        out = save_jpeg(fn(np.random.default_rng(seed)), name)
        print(f"{out.relative_to(HERE.parent)}  {out.stat().st_size // 1024} KiB")
    for name, fn in (("soldes-hiver", graphic_soldes), ("motif-printemps", graphic_printemps)):
        if wanted and name not in wanted:
            continue
        out = IMAGES / f"{name}.png"
        fn(out)
        print(f"{out.relative_to(HERE.parent)}  {out.stat().st_size // 1024} KiB")
    if not wanted or "logo" in wanted:
        out = BRAND / "logo.png"
        logo(out)
        print(f"{out.relative_to(HERE.parent)}  {out.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
