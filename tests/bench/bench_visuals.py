"""Benchmark: visuals per second, Almanac vs pyvips: same sources, crops and sizes, 1 and 2 processes.

    pip install pyvips pyvips-binary        # for this benchmark only
    PYTHONPATH=. python tests/bench/bench_visuals.py [N_SOURCES] [WORK_DIR] [ROUNDS]

100 synthetic 4000×3000 JPEGs (gradients plus grain, q90) × the demo brand's 7
formats (Instagram feed/square/story, Facebook, LinkedIn, X, Pinterest). Both
sides crop the same centred cover box, resize to the exact size and write a
q85 4:2:0 JPEG file without metadata; both run in a pool of 1, then 2
processes started with ``spawn`` (libvips deadlocks after ``fork``), one
libvips thread per worker (``VIPS_CONCURRENCY=1``), so the figures compare
per core. Almanac goes through its real worker (``render_task``: per-output
draft and reduce, bilinear resize of the crop box, predicted quality, atomic
write and sha256, no logo); pyvips decodes each source once into memory and
uses ``thumbnail_image`` per format (box shrink, then lanczos3). Output folders
are emptied before each timed pass, so neither side overwrites old files.
Prints the median of ``ROUNDS`` passes (default 3); asserts nothing.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from PIL import Image

from pipeline.model.channels import BUILTIN_PROFILES, VisualFormat
from pipeline.stages.visuals.geometry import cover_box
from pipeline.stages.visuals.render import OutputJob, RenderTask, render_task

DEMO_CHANNELS = ("instagram", "facebook", "linkedin", "x", "pinterest")
FORMATS: list[VisualFormat] = [f for c in DEMO_CHANNELS for f in BUILTIN_PROFILES[c].formats]


def make_source(path: Path, seed: int, size: tuple[int, int] = (4000, 3000)) -> None:
    """A photo-like JPEG (gradients plus grain, q90), unless ``path`` is already there."""
    if path.exists():
        return
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


def almanac_job(args: tuple[str, str]) -> tuple[int, float]:
    cpu = time.process_time()
    source, out = args
    jobs = tuple(OutputJob(f"{Path(source).stem}-{i:02d}{'0' * 60}", f) for i, f in enumerate(FORMATS))
    task = RenderTask(outputs=jobs, cache_dir=Path(out), source=Path(source), focus=(0.5, 0.5))
    made = sum(1 for r in render_task(task) if r.sha256)
    return made, time.process_time() - cpu


def vips_job(args: tuple[str, str]) -> tuple[int, float]:
    cpu = time.process_time()  # every thread of the process, libvips' own included
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
    return len(FORMATS), time.process_time() - cpu


def timed(func, args: list[tuple[str, str]], workers: int) -> tuple[float, int, float]:  # type: ignore[no-untyped-def]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        list(pool.map(func, args[:workers]))  # warm the workers up
        out = Path(args[0][1])
        shutil.rmtree(out)
        out.mkdir()
        start = time.perf_counter()
        done = list(pool.map(func, args))
        return time.perf_counter() - start, sum(m for m, _ in done), sum(c for _, c in done)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    work = Path(sys.argv[2] if len(sys.argv) > 2 else "/tmp/almanac-bench")
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    (work / "src").mkdir(parents=True, exist_ok=True)
    sources = [work / "src" / f"s{i:03d}.jpg" for i in range(count)]
    for i, path in enumerate(sources):
        make_source(path, i)
    sides = (("almanac", almanac_job), ("pyvips", vips_job))
    for side, _ in sides:
        (work / side).mkdir(exist_ok=True)
    print(f"{count} sources 4000×3000 × {len(FORMATS)} formats, spawn pools, median of {rounds}")
    rates: dict[tuple[str, int], list[float]] = {}
    cpu_ms: dict[str, list[float]] = {}
    for _ in range(rounds):
        for workers in (1, 2):
            for side, func in sides:  # interleaved, so both sides see the same machine load
                seconds, made, cpu = timed(func, [(str(s), str(work / side)) for s in sources], workers)
                rates.setdefault((side, workers), []).append(made / seconds)
                cpu_ms.setdefault(side, []).append(cpu * 1000 / made)
    for workers in (1, 2):
        ours = statistics.median(rates[("almanac", workers)])
        theirs = statistics.median(rates[("pyvips", workers)])
        print(
            f"{workers} process{'es' if workers > 1 else '  '}: almanac {ours:6.1f} visuals/s, "
            f"pyvips {theirs:6.1f} visuals/s, ratio {ours / theirs:.2f} "
            f"(runs: almanac {', '.join(f'{r:.1f}' for r in rates[('almanac', workers)])}; "
            f"pyvips {', '.join(f'{r:.1f}' for r in rates[('pyvips', workers)])})"
        )
    # On a shared machine wall-clock rates follow the scheduler's share; CPU time per visual does not.
    ours, theirs = statistics.median(cpu_ms["almanac"]), statistics.median(cpu_ms["pyvips"])
    print(
        f"CPU per visual: almanac {ours:.1f} ms, pyvips {theirs:.1f} ms, "
        f"ratio (visuals per CPU-second) {theirs / ours:.2f}"
    )


if __name__ == "__main__":
    main()
