"""The one atomic file writer: a temporary file beside the target, then a rename over it.

A reader sees the old file or the new one, never half of either: ``os.replace``
is atomic within one file system, which is why the temporary file is made in
the target's own folder. Whatever goes wrong (a full disk, a permission, an
interrupt), the temporary file is removed before the error goes on, so no
``.almanac-*.tmp`` is ever left behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

TEMP_PREFIX = ".almanac-"
TEMP_SUFFIX = ".tmp"


def write_atomic(path: Path, data: str | bytes, *, mode: int | None = None, durable: bool = False) -> None:
    """Replace ``path`` by ``data`` in one step; raises :class:`OSError` with nothing left behind.

    ``mode`` sets the new file's permission bits (a temporary file is made 0600);
    ``durable`` flushes it to the disk before the rename, for a user's own files,
    which must survive a power cut. Caches skip that cost: losing one is harmless.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    handle, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            if mode is not None:
                os.fchmod(stream.fileno(), mode)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.replace(temp, path)  # noqa: PTH105 - the temporary file's path as mkstemp gave it
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)  # noqa: PTH108 - as above
        raise


def is_temporary(name: str) -> bool:
    """True for the name of a temporary file :func:`write_atomic` makes (left by a killed process)."""
    return name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)
