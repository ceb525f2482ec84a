"""Benchmark: visuals per second, Almanac's renderer vs pyvips, same sources, crops and sizes, 2 processes.

    pip install pyvips pyvips-binary        # for this benchmark only
    PYTHONPATH=. python tests/bench/bench_visuals.py [N_SOURCES] [WORK_DIR]

100 synthetic 4000×3000 JPEGs (gradients plus grain, q90) × the demo brand's 7
formats (Instagram feed/square/story, Facebook, LinkedIn, X, Pinterest). Both
sides crop the same centred cover box, resize to the exact size and write a
q85 JPEG file; both run in a pool of 2 processes started with ``spawn``
(libvips deadlocks after ``fork``), one libvips thread per worker. Almanac
goes through its real worker (``render_task``: draft, reduce, LANCZOS, quality
stepping, no logo); pyvips decodes once per source into memory and uses
``thumbnail_image`` per format. Prints the figures; asserts nothing.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from PIL import Image

from pipeline.channels import BUILTIN_PROFILES, VisualFormat
from pipeline.visuals.geometry import cover_box
from pipeline.visuals.render import OutputJob, RenderTask, render_task

DEMO_CHANNELS = ("instagram", "facebook", "linkedin", "x", "pinterest")
FORMATS: list[VisualFormat] = [f for c in DEMO_CHANNELS for f in BUILTIN_PROFILES[c].formats]


def make_source(path: Path, seed: int) -> None:
    if path.exists():
        return
    size = (4000, 3000)
    grain = Image.effect_noise(size, 5 + seed % 3).convert("RGB")
    gradient = Image.merge(
        "RGB",
        [
            Image.linear_gradient("L").resize(size),
            Image.radial_gradient("L").resize(size),
            Image.linear_gradient("L").rotate(90).resize(size),
        ],
    )
    Image.blend(gradient, grain, 0.25).save(path, quality=90)


def almanac_job(args: tuple[str, str]) -> int:
    source, out = args
    jobs = tuple(OutputJob(f"{Path(source).stem}-{i:02d}{'0' * 60}", f) for i, f in enumerate(FORMATS))
    task = RenderTask(outputs=jobs, cache_dir=Path(out), source=Path(source), focus=(0.5, 0.5))
    return sum(1 for r in render_task(task) if r.sha256)


def vips_job(args: tuple[str, str]) -> int:
    os.environ["VIPS_CONCURRENCY"] = "1"
    import pyvips

    pyvips.cache_set_max(0)
    source, out = args
    image = pyvips.Image.new_from_file(source).copy_memory()
    for i, f in enumerate(FORMATS):
        left, top, right, bottom = cover_box(image.width, image.height, f.width, f.height, (0.5, 0.5))
        crop = image.crop(round(left), round(top), round(right - left), round(bottom - top))
        thumb = crop.thumbnail_image(f.width, height=f.height, size="force")
        thumb.write_to_file(f"{out}/{Path(source).stem}-{i}.jpg[Q=85,strip]")
    return len(FORMATS)


def timed(func, args: list[tuple[str, str]], workers: int) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        list(pool.map(func, args[:workers]))  # warm the workers up
        start = time.perf_counter()
        made = sum(pool.map(func, args))
        return time.perf_counter() - start, made


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    work = Path(sys.argv[2] if len(sys.argv) > 2 else "/tmp/almanac-bench")
    (work / "src").mkdir(parents=True, exist_ok=True)
    sources = [work / "src" / f"s{i:03d}.jpg" for i in range(count)]
    for i, path in enumerate(sources):
        make_source(path, i)
    for side in ("almanac", "vips"):
        (work / side).mkdir(exist_ok=True)
    print(f"{count} sources 4000×3000 × {len(FORMATS)} formats, 2 processes (spawn)")
    results = {}
    for name, func in (("almanac (Pillow)", almanac_job), ("pyvips", vips_job)):
        out = work / ("almanac" if func is almanac_job else "vips")
        seconds, made = timed(func, [(str(s), str(out)) for s in sources], 2)
        results[name] = made / seconds
        print(f"{name:18} {made} visuals in {seconds:6.1f} s = {made / seconds:6.1f} visuals/s")
    ratio = results["almanac (Pillow)"] / results["pyvips"]
    print(f"ratio almanac / pyvips = {ratio:.2f}")


if __name__ == "__main__":
    main()
