"""The Pillow pipeline on generated images: orientation, colour, size, weight, focus, metadata, logo."""

from __future__ import annotations

import io
from pathlib import Path
from typing import cast

import pytest
from PIL import Image, ImageCms

from pipeline.model.channels import VisualFormat
from pipeline.stages.visuals.cards import CardStyle, draw_card
from pipeline.stages.visuals.limits import card_colours, contrast, hex_to_rgb
from pipeline.stages.visuals.logo import LogoSpec, logo_box
from pipeline.stages.visuals.render import OutputJob, Rendered, RenderTask, cache_file, render_task
from tests.imagekit import cmyk_profile, noisy

RED, BLUE, GREEN, WHITE = (220, 20, 20), (20, 20, 220), (20, 200, 20), (255, 255, 255)
# What is stored for each EXIF orientation so that the picture *displays* upright (EXIF 2.3, tag 0x0112):
# the stored pixels are the upright ones with the inverse of the viewer's correction applied.
STORED = {
    1: lambda im: im,
    2: lambda im: im.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
    3: lambda im: im.transpose(Image.Transpose.ROTATE_180),
    4: lambda im: im.transpose(Image.Transpose.FLIP_TOP_BOTTOM),
    5: lambda im: im.transpose(Image.Transpose.TRANSPOSE),
    6: lambda im: im.transpose(Image.Transpose.ROTATE_90),  # viewer turns it 90° clockwise
    7: lambda im: im.transpose(Image.Transpose.TRANSVERSE),
    8: lambda im: im.transpose(Image.Transpose.ROTATE_270),  # viewer turns it 90° anticlockwise
}


def fmt(name: str, width: int, height: int, **extra: object) -> VisualFormat:
    return VisualFormat(name=name, width=width, height=height, **extra)


def render_one(
    tmp_path: Path, source: Path, format_: VisualFormat, **task: object
) -> tuple[Rendered, Image.Image]:
    job = OutputJob("k" * 64, format_)
    [result] = render_task(RenderTask(outputs=(job,), cache_dir=tmp_path / "cache", source=source, **task))  # type: ignore[arg-type]
    if result.sha256 is None:
        return result, Image.new("RGB", (1, 1))
    return result, opened(cache_file(tmp_path / "cache", job.key, format_))


def opened(path: Path) -> Image.Image:
    with Image.open(path) as image:
        image.load()
        return image


def near(pixel: float | tuple[int, ...] | None, colour: tuple[int, ...], tolerance: int = 30) -> bool:
    assert isinstance(pixel, tuple), pixel  # Pillow's getpixel on a colour image
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=False))


def quadrants() -> Image.Image:
    upright = Image.new("RGB", (960, 640), WHITE)
    upright.paste(RED, (0, 0, 480, 320))  # top-left
    upright.paste(BLUE, (480, 320, 960, 640))  # bottom-right
    return upright


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_comes_out_upright(tmp_path: Path, orientation: int) -> None:
    stored = STORED[orientation](quadrants())
    exif = Image.Exif()
    exif[0x0112] = orientation
    source = tmp_path / "photo.jpg"
    stored.save(source, quality=95, exif=exif)
    # 96×64 from 960×640: the JPEG is drafted at 1/8, with width and height swapped for 5–8.
    _, out = render_one(tmp_path, source, fmt("feed", 96, 64))
    assert out.size == (96, 64)
    assert near(out.getpixel((24, 16)), RED) and near(out.getpixel((72, 48)), BLUE)
    assert near(out.getpixel((72, 16)), WHITE) and near(out.getpixel((24, 48)), WHITE)


def cmyk_jpeg(path: Path, ink: tuple[int, int, int, int], profile: bytes | None) -> None:
    image = Image.new("CMYK", (400, 300), ink)
    if profile:
        image.save(path, quality=95, icc_profile=profile)
    else:
        image.save(path, quality=95)


def test_cmyk_without_profile_gets_the_usual_conversion(tmp_path: Path) -> None:
    source = tmp_path / "cmyk.jpg"
    cmyk_jpeg(source, (0, 255, 255, 0), None)  # full magenta + yellow: red
    _, out = render_one(tmp_path, source, fmt("feed", 80, 60))
    assert out.mode == "RGB"
    assert near(out.getpixel((40, 30)), (255, 0, 0), 12)


def test_cmyk_with_profile_is_converted_through_it(tmp_path: Path) -> None:
    profile = cmyk_profile()
    source = tmp_path / "cmyk.jpg"
    cmyk_jpeg(source, (255, 0, 0, 0), profile)  # full cyan
    _, out = render_one(tmp_path, source, fmt("feed", 80, 60))
    patch = Image.new("CMYK", (1, 1), (255, 0, 0, 0))
    expected = ImageCms.profileToProfile(
        patch, ImageCms.ImageCmsProfile(io.BytesIO(profile)), ImageCms.createProfile("sRGB"), outputMode="RGB"
    )
    assert expected is not None
    want = expected.getpixel((0, 0))
    assert isinstance(want, tuple)
    got = out.getpixel((40, 30))
    assert near(got, want, 8), (got, want)
    assert not near(got, (0, 255, 255), 20), "the profile was ignored (naive conversion)"


def test_sixteen_bit_palette_and_alpha_sources(tmp_path: Path) -> None:
    import numpy as np

    grey = tmp_path / "grey16.png"
    Image.fromarray(np.full((300, 400), 40000, dtype=np.uint16)).save(grey)
    _, out = render_one(tmp_path, grey, fmt("feed", 80, 60))
    assert near(out.getpixel((40, 30)), (156, 156, 156), 3)

    pal = tmp_path / "pal.png"
    image = Image.new("P", (400, 300), 1)
    image.putpalette([0, 0, 0, 30, 60, 200] + [0] * 762)
    image.save(pal, transparency=0)
    _, out = render_one(tmp_path, pal, fmt("feed", 80, 60))
    assert near(out.getpixel((40, 30)), (30, 60, 200), 6)

    alpha = tmp_path / "alpha.png"
    Image.new("RGBA", (400, 300), (200, 0, 0, 0)).save(alpha)
    _, out = render_one(tmp_path, alpha, fmt("feed", 80, 60))  # transparent → laid on white for JPEG
    assert near(out.getpixel((40, 30)), WHITE, 3)


def test_focus_keeps_its_region(tmp_path: Path) -> None:
    source = tmp_path / "wide.png"
    image = Image.new("RGB", (800, 400), WHITE)
    image.paste(RED, (680, 160, 760, 240))  # a red block around (0.9, 0.5)
    image.save(source)
    _, out = render_one(tmp_path, source, fmt("square", 100, 100), focus=(0.9, 0.5))
    red = [(x, y) for x in range(100) for y in range(100) if near(out.getpixel((x, y)), RED, 40)]
    assert red, "the focal region was cropped away"
    assert min(x for x, _ in red) >= 60  # right half of the crop: the crop stopped at the edge
    _, centred = render_one(tmp_path, source, fmt("square", 100, 100), focus=(0.5, 0.5))
    assert not any(near(centred.getpixel((x, 50)), RED, 40) for x in range(100))


def test_automatic_focus_follows_the_detail(tmp_path: Path) -> None:
    source = tmp_path / "detail-left.png"
    image = Image.new("RGB", (800, 400), (120, 160, 200))
    image.paste(noisy((200, 200)), (20, 100))  # all the detail is on the left
    image.save(source)
    _, out = render_one(tmp_path, source, fmt("square", 100, 100))
    left = out.crop((0, 0, 50, 100)).convert("L")
    low, high = cast(tuple[int, int], left.getextrema())  # one band: (min, max)
    assert high - low > 100  # the noisy patch is in the crop


def test_quality_steps_down_to_fit_and_reports_when_it_cannot(tmp_path: Path) -> None:
    source = tmp_path / "noise.png"
    noisy((600, 600)).save(source)
    loose, out = render_one(tmp_path, source, fmt("feed", 300, 300, max_bytes=10_000_000))
    tight_limit = loose.bytes * 2 // 3
    tight, out = render_one(tmp_path, source, fmt("feed", 300, 300, max_bytes=tight_limit))
    assert out.size == (300, 300) and tight.bytes <= tight_limit and not tight.problems
    impossible, _ = render_one(tmp_path, source, fmt("feed", 300, 300, max_bytes=2_000))
    assert [rule for rule, _ in impossible.problems] == ["visual.weight"]


@pytest.mark.parametrize("kind", ["jpeg", "png", "webp"])
def test_outputs_carry_no_exif_gps_or_xmp(tmp_path: Path, kind: str) -> None:
    source = tmp_path / "gps.jpg"
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    exif.get_ifd(0x8825)[2] = (45.0, 46.0, 0.0)
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">secret</x:xmpmeta>'
    noisy((400, 300)).save(source, exif=exif, xmp=xmp)
    assert opened(source).getexif()
    result, out = render_one(tmp_path, source, fmt("feed", 120, 90, type=kind))
    data = cache_file(tmp_path / "cache", result.key, fmt("feed", 120, 90, type=kind)).read_bytes()
    assert not out.getexif() and "xmp" not in out.info and b"secret" not in data and b"Camera" not in data


def test_logo_is_placed_in_its_corner_and_out_of_story_safe_zones(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (200, 100), (255, 0, 255, 255)).save(logo)
    source = tmp_path / "photo.png"
    Image.new("RGB", (1080, 1920), WHITE).save(source)
    spec = LogoSpec(logo, "bottom-right", 0.04, 0.2)
    story = fmt("story", 108, 192, safe_top=0.14, safe_bottom=0.2, type="png")
    _, out = render_one(tmp_path, source, story, logo=spec, logo_digest="x")
    magenta = [
        (x, y) for x in range(108) for y in range(192) if near(out.getpixel((x, y)), (255, 0, 255), 10)
    ]
    xs, ys = [x for x, _ in magenta], [y for _, y in magenta]
    assert max(xs) == 108 - 4 - 1 and min(xs) == 108 - 4 - 22  # 0.2 × 108 ≈ 22 wide, 4 px margin
    assert max(ys) < 192 * 0.8  # above the story's bottom safe zone
    top_left = LogoSpec(logo, "top-left", 0.04, 0.2)
    assert logo_box(top_left, story, (200, 100))[1] >= 192 * 0.14


def test_card_text_is_drawn_in_the_palette_with_enough_contrast() -> None:
    palette = ("#1F2A44", "#F4EBD9", "#C9A227")
    background, text = card_colours(list(palette))
    assert background == hex_to_rgb("#1F2A44") and text == hex_to_rgb("#F4EBD9")
    story = fmt("story", 540, 960, safe_top=0.14, safe_bottom=0.2)
    card, ratio = draw_card("Les soldes commencent demain matin", story, CardStyle(palette, None, None, None))
    assert ratio == pytest.approx(contrast(background, text), rel=1e-6) and ratio >= 4.5
    pixels = [card.getpixel((x, y)) for x in range(0, 540, 3) for y in range(0, 960, 3)]
    texty = [p for p in pixels if near(p, text, 40)]
    assert texty, "no text drawn"
    rows = [y for x in range(0, 540, 3) for y in range(0, 960, 3) if near(card.getpixel((x, y)), text, 40)]
    assert min(rows) >= 960 * 0.14 and max(rows) <= 960 * 0.8
    _, low = draw_card("Gris sur gris", story, CardStyle(("#777777", "#888888"), None, None, None))
    assert low < 1.5
