"""The renderer's fast paths: per-output decode plans, bicubic after a reduce, and their limits."""

from __future__ import annotations

import io
import math
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

from pipeline.model.channels import VisualFormat
from pipeline.stages.visuals.geometry import cover_box
from pipeline.stages.visuals.render import OutputJob, RenderTask, _plan, cache_file, render_task


def fmt(name: str, width: int, height: int, type_: str = "jpeg") -> VisualFormat:
    return VisualFormat(name=name, width=width, height=height, type=type_)


def photo_like(size: tuple[int, int], seed: int = 3) -> Image.Image:
    """Gradients, soft texture and hard edges: something between a photo and a test chart."""
    rng = np.random.default_rng(seed)
    w, h = size
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    base = np.stack([x / w * 200, y / h * 200, (x + y) / (w + h) * 255], axis=-1)
    grain = Image.fromarray(rng.integers(0, 255, (h, w, 3), dtype=np.uint8))
    texture = np.asarray(grain.filter(ImageFilter.GaussianBlur(1.5)), dtype=np.float64)
    pixels = np.clip(base * 0.7 + texture * 0.3, 0, 255).astype(np.uint8)
    image = Image.fromarray(pixels)
    for i in range(12):  # hard-edged blocks and lines
        left, top = (i * 97) % (w - 60), (i * 53) % (h - 60)
        image.paste((255, 255, 255) if i % 2 else (10, 10, 10), (left, top, left + 50, top + 4 + i))
    return image


def render(tmp_path: Path, source: Path, formats: list[VisualFormat]) -> dict[str, bytes]:
    jobs = tuple(OutputJob(f"{f.name}{'0' * 60}", f) for f in formats)
    cache = tmp_path / "cache"
    results = render_task(RenderTask(outputs=jobs, cache_dir=cache, source=source, focus=(0.4, 0.6)))
    assert all(r.sha256 for r in results)
    return {j.fmt.name: cache_file(cache, j.key, j.fmt).read_bytes() for j in jobs}


def test_an_output_is_the_same_alone_or_beside_a_format_that_needs_a_full_decode(tmp_path: Path) -> None:
    source = tmp_path / "photo.jpg"
    photo_like((1600, 1200)).save(source, quality=92)
    small, tall = fmt("small", 300, 158), fmt("tall", 270, 480)  # tall needs every source pixel row
    alone = render(tmp_path / "a", source, [small])
    together = render(tmp_path / "b", source, [small, tall])
    assert alone["small"] == together["small"]  # an incremental build equals a full one


def test_decode_plans_take_the_smallest_dct_scale_that_covers_the_output() -> None:
    assert _plan(4000, 3000, fmt("story", 1080, 1920), jpeg=True) == 1  # needs 1920 of 3000 rows
    assert _plan(4000, 3000, fmt("fb", 1200, 630), jpeg=True) == 2  # 1/4 would be 750 rows: too few
    assert _plan(4000, 3000, fmt("square", 1080, 1080), jpeg=True) == 2
    assert _plan(6000, 4000, fmt("thumb", 300, 300), jpeg=True) == 8
    assert _plan(4000, 3000, fmt("square", 1080, 1080), jpeg=False) == 1  # only JPEG decodes at a scale
    assert _plan(800, 600, fmt("big", 1600, 1200), jpeg=True) == 1  # an allowed upscale


def psnr(a: Image.Image, b: Image.Image) -> float:
    diff = np.asarray(a.convert("RGB"), dtype=np.float64) - np.asarray(b.convert("RGB"), dtype=np.float64)
    mse = float((diff * diff).mean())
    return math.inf if mse == 0 else 10 * math.log10(255**2 / mse)


def test_bicubic_after_a_reduce_stays_close_to_a_full_resolution_lanczos(tmp_path: Path) -> None:
    # PNG outputs are lossless, so this measures the resampling alone.
    image = photo_like((1800, 1200))
    source = tmp_path / "photo.png"
    image.save(source)
    formats = [fmt("square", 400, 400, "png"), fmt("wide", 560, 294, "png"), fmt("tall", 300, 480, "png")]
    outputs = render(tmp_path, source, formats)
    for f in formats:
        with _open(outputs[f.name]) as out:
            box = cover_box(image.width, image.height, f.width, f.height, (0.4, 0.6))
            reference = image.resize((f.width, f.height), Image.Resampling.LANCZOS, box=box)
            assert out.size == reference.size
            assert psnr(out, reference) >= 40, f.name  # JPEG q85 alone is about 41–48 dB on photos


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image
