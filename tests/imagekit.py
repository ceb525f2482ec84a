"""Helpers for the visuals tests: tiny brands and images made on the spot (no binary fixtures)."""

from __future__ import annotations

import io
import itertools
import struct
from pathlib import Path
from typing import Any

from PIL import Image
from ruamel.yaml import YAML


def dump_yaml(data: Any) -> str:
    """Block-style YAML, so every key has its own line."""
    out = io.StringIO()
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.dump(data, out)
    return out.getvalue()


def make_brand(
    root: Path,
    posts: dict[str, dict[str, Any]],
    *,
    visual: dict[str, Any] | None = None,
    channels: dict[str, Any] | None = None,
    rules: dict[str, str] | None = None,
) -> Path:
    """A brand repository: charter plus one post per entry (``name: front matter``)."""
    charter: dict[str, Any] = {
        "brand": {"name": "Test", "timezone": "Europe/Paris"},
        "channels": channels or {"instagram": {}},
    }
    if visual:
        charter["visual"] = visual
    if rules:
        charter["rules"] = rules
    root.mkdir(parents=True, exist_ok=True)
    (root / "charter.yaml").write_text(dump_yaml(charter))
    folder = root / "content" / "posts"
    folder.mkdir(parents=True, exist_ok=True)
    for name, meta in posts.items():
        full = {
            "title": name,
            "publish_at": "2026-12-01 10:00",
            "channels": ["instagram"],
            "pillar": "promo",
            "status": "approved",
            **meta,
        }
        (folder / f"2026-12-01-{name}.md").write_text(f"---\n{dump_yaml(full)}---\nTexte.\n")
    (root / "assets" / "images").mkdir(parents=True, exist_ok=True)
    return root


def small_formats(**extra: Any) -> dict[str, Any]:
    """A channel with three small formats (one a story with safe zones), for quick tests."""
    return {
        "instagram": {
            "formats": [
                {"name": "feed", "width": 108, "height": 135, **extra},
                {"name": "square", "width": 100, "height": 100, **extra},
                {"name": "story", "width": 108, "height": 192, "safe_top": 0.14, "safe_bottom": 0.2, **extra},
            ]
        }
    }


def noisy(size: tuple[int, int], seed: int = 1) -> Image.Image:
    """A photo-like image that compresses badly (random noise over a gradient)."""
    noise = Image.effect_noise(size, 60).convert("RGB")
    gradient = Image.linear_gradient("L").resize(size).convert("RGB")
    return Image.blend(noise, gradient, 0.4 + seed / 100)


def _desc(text: str) -> bytes:
    ascii_ = text.encode() + b"\0"
    return b"desc\0\0\0\0" + struct.pack(">I", len(ascii_)) + ascii_ + b"\0" * 8 + b"\0\0\0" + b"\0" * 67


def _xyz(x: float, y: float, z: float) -> bytes:
    return b"XYZ \0\0\0\0" + b"".join(struct.pack(">i", round(v * 65536)) for v in (x, y, z))


def tinted_rgb(c: float, m: float, y: float, k: float) -> tuple[int, int, int]:
    """The colour the test profile gives a CMYK corner: the naive one, visibly tinted and dulled."""
    r, g, b = (round(255 * (1 - v) * (1 - k)) for v in (c, m, y))
    return (round(r * 0.7) + 40, round(g * 0.7) + 60, round(b * 0.7) + 20)


def _lab8(rgb: tuple[int, int, int]) -> bytes:
    """sRGB → CIELAB (D50, the ICC connection space) in the lut8 encoding."""
    import warnings

    import numpy as np

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import colour
    d50 = colour.CCS_ILLUMINANTS["CIE 1931 2 Degree Standard Observer"]["D50"]
    xyz = colour.sRGB_to_XYZ(np.array(rgb) / 255, illuminant=d50, chromatic_adaptation_transform="Bradford")
    lab = colour.XYZ_to_Lab(xyz, illuminant=d50)
    return bytes(max(0, min(255, round(v))) for v in (lab[0] * 255 / 100, lab[1] + 128, lab[2] + 128))


def cmyk_profile() -> bytes:
    """A real ICC v2 CMYK→Lab profile (lut8, 2 grid points) whose colours differ from the naive ones."""
    corners = list(itertools.product((0, 1), repeat=4))  # C varies slowest, as the CLUT wants
    clut = b"".join(_lab8(tinted_rgb(*corner)) for corner in corners)
    identity = bytes(range(256))
    matrix = b"".join(struct.pack(">i", v) for v in (65536, 0, 0, 0, 65536, 0, 0, 0, 65536))
    a2b0 = b"mft1\0\0\0\0" + bytes([4, 3, 2, 0]) + matrix + identity * 4 + clut + identity * 3
    tags = [(b"desc", _desc("Almanac test CMYK")), (b"wtpt", _xyz(0.9642, 1.0, 0.8249)), (b"A2B0", a2b0)]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for sig, data in tags:
        data += b"\0" * (-len(data) % 4)
        table += sig + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = (
        struct.pack(">I", size)
        + b"\0\0\0\0"
        + struct.pack(">I", 0x02100000)
        + b"prtrCMYKLab "
        + struct.pack(">6H", 2026, 1, 1, 0, 0, 0)
        + b"acsp"
        + b"\0" * 24
        + struct.pack(">I", 0)
        + struct.pack(">iii", round(0.9642 * 65536), 65536, round(0.8249 * 65536))
        + b"\0" * 48
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + body


def fake_png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims a huge size (a decompression bomb), with no real pixels."""
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )
