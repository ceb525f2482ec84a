"""Source inspection for `almanac check`: cheap on whole JPEGs, still exact on broken ones."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from pipeline.stages.visuals.colour import SourceError
from pipeline.stages.visuals.inspect import _ends_with_eoi, inspect_source


def _jpeg(size: tuple[int, int] = (640, 480)) -> bytes:
    buffer = io.BytesIO()
    Image.linear_gradient("L").resize(size).convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def test_whole_jpeg_needs_no_decode(tmp_path: Path) -> None:
    path = tmp_path / "whole.jpg"
    path.write_bytes(_jpeg())
    assert _ends_with_eoi(path)
    assert (inspect_source(path).width, inspect_source(path).height) == (640, 480)


def test_camera_trailer_after_the_end_marker_is_still_readable(tmp_path: Path) -> None:
    path = tmp_path / "trailer.jpg"
    path.write_bytes(_jpeg() + b"SEFT" + bytes(range(200)))  # vendor data after EOI
    assert not _ends_with_eoi(path)  # so the slow path decodes it, and finds it whole
    assert inspect_source(path).format == "JPEG"


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9])
def test_truncated_jpeg_is_refused(tmp_path: Path, keep: float) -> None:
    data = _jpeg((1600, 1200))
    path = tmp_path / "cut.jpg"
    path.write_bytes(data[: int(len(data) * keep)])
    assert not _ends_with_eoi(path)
    with pytest.raises(SourceError, match="truncated or corrupt"):
        inspect_source(path)


def test_a_whole_jpeg_is_never_decoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast path really skips the decode (a spy on the decoder, not a mock of the result)."""
    import pipeline.stages.visuals.inspect as inspect_module
    from pipeline.stages.visuals.colour import decode as real

    calls: list[str] = []

    def spy(image: Image.Image, name: str) -> None:
        calls.append(name)
        real(image, name)

    monkeypatch.setattr(inspect_module, "decode", spy)
    whole, cut = tmp_path / "whole.jpg", tmp_path / "cut.jpg"
    data = _jpeg()
    whole.write_bytes(data)
    cut.write_bytes(data[: len(data) // 2])
    inspect_source(whole)
    assert calls == []
    with pytest.raises(SourceError):
        inspect_source(cut)
    assert calls == ["cut.jpg"]
