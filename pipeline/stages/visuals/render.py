"""The worker: one source (or one card) → every output it feeds, written into the cache.

A task is a plain picklable value so it can cross into a worker process. Each
output has its own plan, fixed by the source and its format alone: a JPEG is
decoded at the smallest DCT scale (``draft``) that still covers it, then the
largest integer ``reduce`` still at least its size, and only the last step is a
bilinear resize of the crop box. Outputs with the same plan share the decode and
the reduce, so a task usually decodes its source once or twice.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field, replace
from pathlib import Path

from PIL import Image, ImageOps

from pipeline.errors import OutputError
from pipeline.model.channels import VisualFormat
from pipeline.output.atomic import write_atomic
from pipeline.stages.visuals.band import draw_band
from pipeline.stages.visuals.cards import CardStyle, draw_card, draw_on_photo
from pipeline.stages.visuals.colour import SourceError, decode, flatten, open_lazily, to_srgb
from pipeline.stages.visuals.encode import encode
from pipeline.stages.visuals.geometry import auto_focus, cover_box, upright_size
from pipeline.stages.visuals.inspect import ends_in_missing_blocks
from pipeline.stages.visuals.limits import contrast_message, resolution_message, scale_needed
from pipeline.stages.visuals.logo import LogoSpec, logo_size, place_logo
from pipeline.text.messages import N_, msg, wrap
from pipeline.text.oserrors import with_reason

Problem = tuple[str, str]
"""``(rule id, message)``."""

FINAL_FILTER = Image.Resampling.BILINEAR
"""The last resize's filter. Not LANCZOS: after the reduce the ratio is above 1/2, where bilinear
stays 54-56 dB PSNR from LANCZOS on the bench's photo-like sources and 46-51 dB on the demo's
photos (tests/test_visuals_resample.py holds it to 45 dB), at half the cost. Once encoded at q85
the file is at most 0.4 dB further from the LANCZOS picture than LANCZOS's own file: the JPEG's
error dwarfs the filter's. Bicubic (53-60 dB, 2/3 of the cost) left the duel with pyvips at 0.83."""


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
    band: str | None = None
    """The legal mention burnt into every output (``pipeline.text.disclosure``), if any."""
    band_font: Path | None = None


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
            return Rendered(
                job.key, None, problems=(("asset.unreadable", wrap("logo: {problem}", exc.message)),)
            )
    if task.band:
        at_top = task.logo is not None and task.logo.corner.startswith("top")
        draw_band(image, task.band, job.fmt, task.band_font, at_bottom=at_top)
    if job.fmt.type == "jpeg":
        image = flatten(image)
    encoded = encode(image, job.fmt)
    if not encoded.fits:
        problems.append(
            (
                "visual.weight",
                msg(
                    "{format} ({width}×{height} {type}) weighs {size} bytes even at quality {quality}, "
                    "over the {limit}-byte limit: simplify the image or choose a lighter type",
                    format=job.fmt.name,
                    width=job.fmt.width,
                    height=job.fmt.height,
                    type=job.fmt.type,
                    size=f"{len(encoded.data):,}",
                    quality=encoded.quality,
                    limit=f"{job.fmt.max_bytes:,}",
                ),
            )
        )
    target = cache_file(task.cache_dir, job.key, job.fmt)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, encoded.data, mode=0o644)
    except OSError as exc:
        # Rendered visuals are published from this folder: without it there is no build.
        raise OutputError(
            with_reason(N_("cannot write rendered visuals into {folder}: {error}"), exc, folder=target.parent)
        ) from None
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
                Rendered(j.key, None, problems=(("asset.unreadable", wrap("logo: {problem}", exc.message)),))
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


def _plan(width: int, height: int, fmt: VisualFormat, jpeg: bool) -> int:
    """The DCT scale (1, 2, 4 or 8) an output is decoded at: a function of the source and format only.

    The smallest decode that still covers the output (DCT scaling costs far less
    than decoding every pixel and reducing them after); an integer ``reduce``
    then takes it the rest of the way. Because the plan never depends on which
    other outputs share the task, an output's bytes are the same whether it is
    rendered alone (an incremental build) or with all the others.
    """
    best = 1
    for scale in (2, 4, 8) if jpeg else ():
        if scale_needed(math.ceil(width / scale), math.ceil(height / scale), fmt) > 1:
            break
        best = scale
    return best


def _decode_at(task: RenderTask, scale: int) -> Image.Image:
    """The source decoded at ``1/scale`` (JPEG DCT scaling), upright, in sRGB."""
    assert task.source is not None
    image = open_lazily(task.source)
    try:
        if scale > 1 and image.format == "JPEG":
            want = (image.width // scale, image.height // scale)
            image.draft(image.mode if image.mode in ("RGB", "L", "CMYK") else None, want)
        decode(image, task.source.name)
        ImageOps.exif_transpose(image, in_place=True)
        return to_srgb(image)
    except BaseException:
        image.close()
        raise


def _source_size(task: RenderTask) -> tuple[tuple[int, int], bool]:
    assert task.source is not None
    with open_lazily(task.source) as image:
        orientation = image.getexif().get(0x0112, 1)
        return upright_size(image.size, orientation), image.format == "JPEG"


def _focus(task: RenderTask, jpeg: bool, decoded: dict[int, Image.Image]) -> tuple[float, float]:
    if task.focus is not None:
        return task.focus
    # Its own small decode, so the automatic focus does not depend on which outputs share the task.
    scale = 8 if jpeg else 1
    if scale not in decoded:
        decoded[scale] = _decode_at(task, scale)
    return auto_focus(decoded[scale])


def _resized(
    decoded: dict[int, Image.Image],
    reduced: dict[tuple[int, int], Image.Image],
    scale: int,
    fmt: VisualFormat,
    focus: tuple[float, float],
) -> Image.Image:
    base = decoded[scale]
    need = scale_needed(base.width, base.height, fmt)
    factor = max(1, math.floor(1 / need))
    if (scale, factor) not in reduced:
        reduced[(scale, factor)] = base.reduce(factor) if factor > 1 else base
    image = reduced[(scale, factor)]
    box = cover_box(image.width, image.height, fmt.width, fmt.height, focus)
    if (image.width, image.height) == (fmt.width, fmt.height):
        return image.copy()  # the logo is drawn onto the output: never onto a shared image
    return image.resize((fmt.width, fmt.height), FINAL_FILTER, box=box)


def _render_source(task: RenderTask) -> list[Rendered]:
    decoded: dict[int, Image.Image] = {}
    reduced: dict[tuple[int, int], Image.Image] = {}
    results = []
    style = task.style
    try:
        if style is not None and task.logo is not None:
            # The card text keeps clear of the logo: it needs the logo's proportions.
            style = replace(style, logo_size=logo_size(task.logo, task.logo_digest))
        try:
            (width, height), jpeg = _source_size(task)
            plans = {
                job.key: _plan(width, height, job.fmt, jpeg)
                for job in task.outputs
                if scale_needed(width, height, job.fmt) <= task.max_upscale + 1e-9
            }
            for scale in sorted(set(plans.values())):
                decoded[scale] = _decode_at(task, scale)
            focus = _focus(task, jpeg, decoded)
            if jpeg and any(ends_in_missing_blocks(image) for image in decoded.values()):
                # check refuses such a source; a draft's still reaches here: no grey half goes out.
                assert task.source is not None
                raise SourceError(
                    msg("`{name}` is truncated: its last rows decode to flat grey", name=task.source.name)
                )
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            assert task.source is not None
            raise SourceError(
                msg("`{name}` is truncated or corrupt ({error})", name=task.source.name, error=exc)
            ) from exc
    except SourceError as exc:
        return [
            Rendered(job.key, None, problems=(("asset.unreadable", exc.message),)) for job in task.outputs
        ]
    for job in task.outputs:
        fmt = job.fmt
        if scale_needed(width, height, fmt) > task.max_upscale + 1e-9:
            problem = ("visual.resolution", resolution_message(width, height, fmt, task.max_upscale))
            results.append(Rendered(job.key, None, problems=(problem,)))
            continue
        out = _resized(decoded, reduced, plans[job.key], fmt, focus)
        problems: list[Problem] = []
        if style is not None and task.card is not None:
            # A card on a photo: the text on a scrim (cards.draw_on_photo), contrast measured.
            out, ratio = draw_on_photo(out, task.card, fmt, style)
            if ratio < style.min_contrast - 1e-9:
                problems.append(("visual.contrast", contrast_message(ratio, style.min_contrast)))
        results.append(_store(task, job, out, problems))
    return results


def render_task(task: RenderTask) -> list[Rendered]:
    """Make every output of a task (never raises for bad input: problems are returned)."""
    if task.card is not None and task.source is None:
        return _render_card(task)
    return _render_source(task)
