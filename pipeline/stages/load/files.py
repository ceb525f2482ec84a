"""Reading a brand's files safely: names that are text, and regular files only, bounded.

A content folder is the user's (or a pull request's): a file name in another encoding, a FIFO
put where a post was, or a file of gigabytes must each be a finding, never a hang or a crash.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from stat import S_ISREG

from pipeline.text.messages import msg


def utf8_name(name: str) -> bool:
    """False for a file name holding bytes that are not UTF-8 (surrogate escapes)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def read_regular(path: str | Path, limit: int) -> bytes:
    """The bytes of a regular file, at most ``limit`` + 1 of them (enough to say "too large").

    The file is opened without blocking and checked to be a regular file before
    any read, so a FIFO swapped in after a stat cannot hang the run.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, msg("not a regular file (a pipe, device or socket?)"))
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
