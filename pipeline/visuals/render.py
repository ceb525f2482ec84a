"""The worker: one source (or one card) → every output it feeds, written into the cache.

A task is a plain picklable value so it can cross into a worker process. One
decode serves all the task's outputs: a JPEG is decoded at the smallest DCT
scale (``draft``) the most demanding output allows, then each output starts
from the largest integer ``reduce`` of that image still at least its size, and
only the last step is a LANCZOS resize of the crop box.
"""

from __future__ import annotations

import hashlib
import math
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from PIL import Image, ImageOps

from pipeline.channels import VisualFormat
from pipeline.visuals.cards import CardStyle, draw_card
from pipeline.visuals.colour import SourceError, decode, flatten, open_lazily, to_srgb
from pipeline.visuals.encode import encode
from pipeline.visuals.geometry import auto_focus, cover_box, scale_needed, upright_size
from pipeline.visuals.logo import LogoSpec, logo_size, place_logo

Problem = tuple[str, str]
"""``(rule id, message)``."""


@dataclass(frozen=True)
class OutputJob:
    """One output of a task: its cache key and format."""

    key: str
    fmt: VisualFormat


@dataclass(frozen=True)
class RenderTask:
    """Everything a worker needs to make a group of outputs from one source or one card text."""

    outputs: tuple[OutputJob, ...]
    cache_dir: Path
    source: Path | None = None
    card: str | None = None
    focus: tuple[float, float] | None = None
    max_upscale: float = 1.0
    logo: LogoSpec | None = None
    logo_digest: str = ""
    style: CardStyle | None = None


@dataclass(frozen=True)
class Rendered:
    """What became of one output: the cached file's digest and size, or only problems."""

    key: str
    sha256: str | None
    bytes: int = 0
    width: int = 0
    height: int = 0
    problems: tuple[Problem, ...] = field(default=())


def cache_file(cache_dir: Path, key: str, fmt: VisualFormat) -> Path:
    """Where the cache keeps an output: named by its key (what made it)."""
    return cache_dir / "out" / key[:2] / f"{key}.{fmt.extension}"


def _store(task: RenderTask, job: OutputJob, image: Image.Image, problems: list[Problem]) -> Rendered:
    if task.logo is not None:
        try:
            place_logo(image, task.logo, job.fmt, task.logo_digest)
        except SourceError as exc:
            return Rendered(job.key, None, problems=(("asset.unreadable", f"logo: {exc.message}"),))
    if job.fmt.type == "jpeg":
        image = flatten(image)
    encoded = encode(image, job.fmt)
    if not encoded.fits:
        problems.append(
            (
                "visual.weight",
                f"{job.fmt.name} ({job.fmt.width}×{job.fmt.height} {job.fmt.type}) weighs "
                f"{len(encoded.data):,} bytes even at quality {encoded.quality}, over the "
                f"{job.fmt.max_bytes:,}-byte limit: simplify the image or choose a lighter type",
            )
        )
    target = cache_file(task.cache_dir, job.key, job.fmt)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_bytes(encoded.data)
    tmp.replace(target)
    return Rendered(
        job.key,
        hashlib.sha256(encoded.data).hexdigest(),
        len(encoded.data),
        image.width,
        image.height,
        tuple(problems),
    )


def _render_card(task: RenderTask) -> list[Rendered]:
    assert task.card is not None and task.style is not None
    style = task.style
    if task.logo is not None:
        try:
            style = replace(style, logo_size=logo_size(task.logo, task.logo_digest))
        except SourceError as exc:
            return [
                Rendered(j.key, None, problems=(("asset.unreadable", f"logo: {exc.message}"),))
                for j in task.outputs
            ]
    results = []
    for job in task.outputs:
        canvas, ratio = draw_card(task.card, job.fmt, style)
        problems: list[Problem] = []
        if ratio < style.min_contrast - 1e-9:
            problems.append(("visual.contrast", contrast_message(ratio, style.min_contrast)))
        results.append(_store(task, job, canvas, problems))
    return results


def contrast_message(ratio: float, minimum: float) -> str:
    """The one wording of a contrast problem (check and render must say the same thing)."""
    return f"card text contrast is {ratio:.2f}:1, below the charter's {minimum:g}:1 (WCAG 2.x)"


def _decode_source(task: RenderTask) -> tuple[Image.Image, tuple[int, int]]:
    assert task.source is not None
    image = open_lazily(task.source)
    try:
        orientation = image.getexif().get(0x0112, 1)
        width, height = upright_size(image.size, orientation)
        if image.format == "JPEG":
            # Decode at the smallest DCT scale that still serves the most demanding output.
            scale = min(1.0, max(scale_needed(width, height, job.fmt) for job in task.outputs))
            want = upright_size((math.ceil(width * scale), math.ceil(height * scale)), orientation)
            image.draft(image.mode if image.mode in ("RGB", "L", "CMYK") else None, want)
        decode(image, task.source.name)
        ImageOps.exif_transpose(image, in_place=True)
        return to_srgb(image), (width, height)
    except BaseException:
        image.close()
        raise


def _render_source(task: RenderTask) -> list[Rendered]:
    try:
        try:
            base, (width, height) = _decode_source(task)
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            assert task.source is not None
            raise SourceError(f"`{task.source.name}` is truncated or corrupt ({exc})") from exc
    except SourceError as exc:
        return [
            Rendered(job.key, None, problems=(("asset.unreadable", exc.message),)) for job in task.outputs
        ]
    focus = task.focus or auto_focus(base)
    reduced: dict[int, Image.Image] = {1: base}
    results = []
    for job in task.outputs:
        fmt = job.fmt
        if scale_needed(width, height, fmt) > task.max_upscale + 1e-9:
            problem = ("visual.resolution", resolution_message(width, height, fmt, task.max_upscale))
            results.append(Rendered(job.key, None, problems=(problem,)))
            continue
        scale = scale_needed(base.width, base.height, fmt)
        factor = max(1, math.floor(1 / scale)) if scale < 1 else 1
        if factor not in reduced:
            reduced[factor] = base.reduce(factor)
        image = reduced[factor]
        box = cover_box(image.width, image.height, fmt.width, fmt.height, focus)
        out = image.resize((fmt.width, fmt.height), Image.Resampling.LANCZOS, box=box)
        results.append(_store(task, job, out, []))
    return results


def resolution_message(width: int, height: int, fmt: VisualFormat, max_upscale: float) -> str:
    """The one wording of a too-small source (check and render must say the same thing)."""
    need = scale_needed(width, height, fmt)
    return (
        f"the source is {width}×{height}: {fmt.name} ({fmt.width}×{fmt.height}) would enlarge it "
        f"{need:.2f}×, over the charter's max_upscale {max_upscale:g}; use a larger image"
    )


def render_task(task: RenderTask) -> list[Rendered]:
    """Make every output of a task (never raises for bad input: problems are returned)."""
    if task.card is not None:
        return _render_card(task)
    return _render_source(task)
