"""The bundle's zip: the same bytes whether it is built in a temporary file or, without one, in memory."""

from __future__ import annotations

import io
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.stages.bundle.archive import CHECKSUMS, write_zip

STAMP = datetime(2026, 11, 24, 17, 30, tzinfo=UTC)


def _files() -> dict[str, bytes]:
    return {
        "manifest.json": b'{"entries": []}\n',
        "exports/buffer.json": "« Lumière d’hiver »\n".encode() * 500,
        "media/instagram/post/square.jpg": bytes(range(256)) * 40,
    }


def test_the_zip_is_the_same_without_a_temporary_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    made = write_zip(_files(), STAMP)
    # tempfile reads this setting first: a folder that does not exist stands for no room to write.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    with pytest.raises(OSError), tempfile.TemporaryFile():
        pass
    assert write_zip(_files(), STAMP) == made
    with zipfile.ZipFile(io.BytesIO(made)) as archive:
        assert archive.namelist() == sorted([*_files(), CHECKSUMS])
        assert all(archive.read(name) == data for name, data in _files().items())
        assert archive.getinfo("media/instagram/post/square.jpg").compress_type == zipfile.ZIP_STORED
