"""Where pixels go: cover-crop boxes around a focal point, automatic focus, safe-zone insets.

Pure arithmetic over sizes (no decoding) except :func:`auto_focus`, which looks
at a small thumbnail of an already decoded image.
"""

from __future__ import annotations

import math

from PIL import Image, ImageFilter

from pipeline.model.channels import VisualFormat

Box = tuple[float, float, float, float]


def cover_box(width: int, height: int, out_w: int, out_h: int, focus: tuple[float, float]) -> Box:
    """The largest box of the output's aspect inside the source, centred on ``focus`` when it can be.

    The box is as large as the source allows (a cover crop never shrinks the
    framing more than the aspect change requires) and slides towards the focal
    point, stopping at the source's edges.
    """
    target = out_w / out_h
    if width / height > target:
        crop_w, crop_h = height * target, float(height)
    else:
        crop_w, crop_h = float(width), width / target
    left = min(max(focus[0] * width - crop_w / 2, 0.0), width - crop_w)
    top = min(max(focus[1] * height - crop_h / 2, 0.0), height - crop_h)
    return (left, top, left + crop_w, top + crop_h)


def upright_size(size: tuple[int, int], orientation: int) -> tuple[int, int]:
    """Size once EXIF orientation is applied (5–8 turn the picture a quarter)."""
    return (size[1], size[0]) if orientation in (5, 6, 7, 8) else size


def auto_focus(image: Image.Image) -> tuple[float, float]:
    """A focal point from edge energy: the centroid of detail on a 96-pixel thumbnail.

    Why edges: the subject of a photo is usually where the detail is (sharp,
    textured, in focus), while what a crop can lose is flat (sky, walls, bokeh).
    The centroid of squared edge magnitude is cheap (well under a millisecond on
    the thumbnail), deterministic, needs no model, and degrades gracefully: on a
    uniform image it is the centre. It is pulled halfway to the centre so that a
    single busy corner does not push the crop against an edge.
    """
    import numpy as np  # rendering only: the check reads upright_size from here without it

    small = image.convert("L")
    small.thumbnail((96, 96), Image.Resampling.BILINEAR)
    # Drop the outermost ring: FIND_EDGES reports the image border as an edge.
    edges = np.asarray(small.filter(ImageFilter.FIND_EDGES), dtype=np.float64)[1:-1, 1:-1]
    weight = edges * edges
    total = float(weight.sum())
    if total == 0.0:
        return (0.5, 0.5)
    h, w = weight.shape
    fx = float((weight.sum(axis=0) * (np.arange(w) + 0.5)).sum()) / total / w
    fy = float((weight.sum(axis=1) * (np.arange(h) + 0.5)).sum()) / total / h
    return (0.5 + (fx - 0.5) / 2, 0.5 + (fy - 0.5) / 2)


def safe_insets(fmt: VisualFormat, margin: int) -> tuple[int, int]:
    """Top and bottom insets in pixels: the format's safe zone plus the margin."""
    return (
        math.ceil(fmt.safe_top * fmt.height) + margin,
        math.ceil(fmt.safe_bottom * fmt.height) + margin,
    )
