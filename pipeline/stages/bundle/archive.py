"""A zip that depends on its contents and one timestamp alone.

Entries are sorted by name, every entry carries the same timestamp and
permissions (0644, "made on Unix"), text is deflated at a fixed level and images
(already compressed) are stored. ``checksums.txt`` lists the sha256 of every
other file, in ``sha256sum`` format, so ``sha256sum -c checksums.txt`` checks an
unpacked bundle.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import IO

from pipeline.output.publish import written_bytes

CHECKSUMS = "checksums.txt"
_STORED = (".jpg", ".jpeg", ".png", ".webp", ".gif")
_ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=UTC)
_DateTime = tuple[int, int, int, int, int, int]


def checksums(files: Mapping[str, bytes], known: Mapping[str, str] | None = None) -> bytes:
    """``<sha256>  <path>`` lines, sorted by path; ``known`` digests (already checked) are not redone."""
    known = known or {}
    # By name, so that a file whose digest is known is not even read (the media are read lazily).
    lines = [
        f"{known.get(name) or hashlib.sha256(files[name]).hexdigest()}  {name}\n" for name in sorted(files)
    ]
    return "".join(lines).encode("utf-8")


def write_zip(files: Mapping[str, bytes], stamp: datetime, known: Mapping[str, str] | None = None) -> bytes:
    """The zip bytes of ``files`` plus ``checksums.txt``, all dated ``stamp`` (UTC).

    ``known`` gives the sha256 of files already checked (the media), so they are not hashed again.
    """
    return written_bytes(lambda buffer: write_zip_to(buffer, files, stamp, known))


def write_zip_to(
    buffer: IO[bytes], files: Mapping[str, bytes], stamp: datetime, known: Mapping[str, str] | None = None
) -> None:
    """The zip of :func:`write_zip`, written into ``buffer`` (a seekable binary file) as it is made.

    The build writes it straight into its spool this way: the zip is never whole in memory.
    """
    # Not copied into one dict: the media are read one at a time as they are written.
    everything = Layered({CHECKSUMS: checksums(files, known)}, files)
    when = max(stamp.astimezone(UTC), _ZIP_EPOCH)
    date_time = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    _write_entries(buffer, everything, date_time)


def _write_entries(buffer: IO[bytes], everything: Mapping[str, bytes], date_time: _DateTime) -> None:
    """Every entry of ``everything`` into ``buffer``, sorted by name, stored or deflated by type."""
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(everything):
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.create_system = 3
            info.external_attr = (0o100644 & 0xFFFF) << 16
            if name.lower().endswith(_STORED):
                info.compress_type = zipfile.ZIP_STORED
                archive.writestr(info, everything[name])
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, everything[name], compresslevel=9)


class Layered(Mapping[str, bytes]):
    """Several mappings read as one, without copying (the first holding a name gives its bytes)."""

    def __init__(self, *layers: Mapping[str, bytes]) -> None:
        self.layers = layers

    def __getitem__(self, name: str) -> bytes:
        # Asked, not tested with ``in`` first: a lazy layer (the media) reads and checks a file
        # to answer ``in``, and reading twice at each of two levels read every medium four times.
        for layer in self.layers:
            try:
                return layer[name]
            except KeyError:
                continue
        raise KeyError(name)

    def __contains__(self, name: object) -> bool:
        return any(name in layer for layer in self.layers)

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(name for layer in self.layers for name in layer))

    def __len__(self) -> int:
        return sum(1 for _ in self)
