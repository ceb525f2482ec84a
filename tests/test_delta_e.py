"""The CIEDE2000 used by `visual.palette` agrees with colour-science's reference implementation."""

from __future__ import annotations

import warnings

import numpy as np
from basic_colormath import get_delta_e_matrix


def test_basic_colormath_matches_colour_science() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import colour

    rng = np.random.default_rng(7)
    pixels = rng.integers(0, 256, (400, 3)).astype(np.float64)
    palette = rng.integers(0, 256, (5, 3)).astype(np.float64)

    def lab(rgb: np.ndarray) -> np.ndarray:
        return np.asarray(colour.XYZ_to_Lab(colour.sRGB_to_XYZ(rgb / 255.0)))

    reference = colour.delta_E(lab(pixels)[:, None, :], lab(palette)[None, :, :], method="CIE 2000")
    ours = get_delta_e_matrix(pixels, palette)
    # Both are CIEDE2000 from sRGB under D65; they differ only in rounding of the constants.
    assert np.abs(ours - reference).max() < 0.05
    assert ours.max() > 20  # the sample spans far-apart colours, so the comparison means something
