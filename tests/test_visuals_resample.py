"""The renderer's cheaper final filter stays within 45 dB PSNR of LANCZOS on photo-like sources.

Sources are the benchmark's own (gradients plus grain, a JPEG at q90, made here
at a smaller size) and two of the demo brand's photos; formats are the demo
channels' at 2/5 of their size, so draft, reduce and resize ratios stay those
of the benchmark. Outputs are PNG (lossless), so the PSNR is the filter's alone;
the reference is the same render with ``FINAL_FILTER`` set back to LANCZOS.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pipeline.model.channels import VisualFormat
from pipeline.stages.visuals import render
from pipeline.stages.visuals.render import OutputJob, RenderTask, cache_file, render_task
from tests.bench.bench_visuals import FORMATS, make_source
from tests.conftest import REPO

MIN_PSNR_DB = 45.0
SCALE = 0.4
SMALL = [
    VisualFormat(
        name=f"{f.name}{i}",
        width=round(f.width * SCALE),
        height=round(f.height * SCALE),
        type="png",
        max_bytes=100_000_000,
    )
    for i, f in enumerate(FORMATS)
]


def psnr(a: Image.Image, b: Image.Image) -> float:
    """Peak signal-to-noise ratio of two 8-bit images of one size, in dB (inf when identical)."""
    diff = np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)
    mse = float((diff * diff).mean())
    return math.inf if mse == 0 else 10 * math.log10(255**2 / mse)


def rendered(source: Path, folder: Path) -> list[Image.Image]:
    jobs = tuple(OutputJob(f"{i:02d}" + "0" * 62, f) for i, f in enumerate(SMALL))
    results = render_task(RenderTask(outputs=jobs, cache_dir=folder, source=source, focus=(0.4, 0.6)))
    assert all(r.sha256 for r in results), results
    images: list[Image.Image] = []
    for job in jobs:
        with Image.open(cache_file(folder, job.key, job.fmt)) as image:
            image.load()
            images.append(image)
    return images


def bench_source(tmp_path: Path, seed: int) -> Path:
    path = tmp_path / f"bench-{seed}.jpg"
    make_source(path, seed, (1600, 1200))
    return path


@pytest.mark.parametrize("source", ["bench-0", "bench-1", "atelier.jpg", "fleurs.jpg"])
def test_final_filter_is_within_45_db_of_lanczos(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str
) -> None:
    if source.startswith("bench-"):
        path = bench_source(tmp_path, int(source.removeprefix("bench-")))
    else:
        path = REPO / "assets" / "images" / source
    assert render.FINAL_FILTER != Image.Resampling.LANCZOS
    made = rendered(path, tmp_path / "made")
    monkeypatch.setattr(render, "FINAL_FILTER", Image.Resampling.LANCZOS)
    reference = rendered(path, tmp_path / "reference")
    figures = {fmt.name: psnr(a, b) for fmt, a, b in zip(SMALL, made, reference, strict=True)}
    print(source, {name: f"{db:.1f} dB" for name, db in figures.items()})
    assert all(a.size == b.size for a, b in zip(made, reference, strict=True))
    assert min(figures.values()) >= MIN_PSNR_DB, figures
