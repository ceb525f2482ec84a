"""Source inspection for `almanac check`: every source decoded once per content, exact on broken ones."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from pipeline.stages.check.rules.sources import SourceStore
from pipeline.stages.visuals.colour import SourceError
from pipeline.stages.visuals.inspect import inspect_source


def _jpeg(size: tuple[int, int] = (640, 480)) -> bytes:
    buffer = io.BytesIO()
    Image.linear_gradient("L").resize(size).convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def test_whole_jpeg_is_readable(tmp_path: Path) -> None:
    path = tmp_path / "whole.jpg"
    path.write_bytes(_jpeg())
    assert (inspect_source(path).width, inspect_source(path).height) == (640, 480)


def test_camera_trailer_after_the_end_marker_is_still_readable(tmp_path: Path) -> None:
    path = tmp_path / "trailer.jpg"
    path.write_bytes(_jpeg() + b"SEFT" + bytes(range(200)))  # vendor data after EOI
    assert inspect_source(path).format == "JPEG"


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9])
def test_truncated_jpeg_is_refused(tmp_path: Path, keep: float) -> None:
    data = _jpeg((1600, 1200))
    path = tmp_path / "cut.jpg"
    path.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(SourceError, match="truncated or corrupt"):
        inspect_source(path)


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9])
def test_jpeg_cut_short_and_closed_with_an_end_marker_is_refused(tmp_path: Path, keep: float) -> None:
    """The end marker is there, so only a decode shows the grey rows the encoder never wrote."""
    data = _jpeg((1600, 1200))
    path = tmp_path / "cut.jpg"
    path.write_bytes(data[: int(len(data) * keep)] + b"\xff\xd9")
    with pytest.raises(SourceError, match="truncated"):
        inspect_source(path)


def test_garbage_inside_a_jpeg_is_refused(tmp_path: Path) -> None:
    data = _jpeg((1600, 1200))
    middle = len(data) // 2
    path = tmp_path / "garbage.jpg"
    path.write_bytes(data[:middle] + bytes(range(256)) * 16 + data[middle + 4096 :])
    with pytest.raises(SourceError, match="truncated"):
        inspect_source(path)


def test_a_mid_grey_picture_is_not_taken_for_a_truncated_one(tmp_path: Path) -> None:
    path = tmp_path / "grey.jpg"
    Image.new("RGB", (320, 240), (128, 128, 128)).save(path, "JPEG")
    assert inspect_source(path).width == 320


def test_each_source_is_decoded_once_per_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The store remembers a verified source by digest (a spy on the decoder, not a mock of it)."""
    import pipeline.stages.visuals.inspect as inspect_module
    from pipeline.stages.visuals import colour

    calls: list[str] = []

    def spy(image: Image.Image, name: str) -> None:
        calls.append(name)
        colour.decode(image, name)

    monkeypatch.setattr(inspect_module, "decode", spy)
    whole = tmp_path / "whole.jpg"
    whole.write_bytes(_jpeg())
    store_path = tmp_path / "sources.json"
    store = SourceStore.open(store_path)
    assert store.inspect(whole).error is None
    store.save()
    assert SourceStore.open(store_path).inspect(whole).error is None
    assert calls == ["whole.jpg"]
