"""Why the system refused to read or write a file, said in the user's language.

``OSError.strerror`` is the C library's English ("Permission denied"). A message
that frames it (``cannot write {path}: {error}``) nests :func:`os_reason` instead
(:func:`with_reason`), so that the frame and the reason are both translated where
the message is shown. A rarer error keeps the system's own words.
"""

from __future__ import annotations

import errno

from pipeline.text.messages import N_, Msg, msg, nest

_REASONS: dict[int, str] = {
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.ENOENT: N_("no such file or folder"),
    errno.EISDIR: N_("it is a folder, not a file"),
    errno.ENOTDIR: N_("a part of the path is a file, not a folder"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EDQUOT: N_("the disk quota is used up"),
    errno.EROFS: N_("the disk is read-only"),
    errno.ELOOP: N_("too many links lead to one another"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.EEXIST: N_("it already exists"),
    errno.EMFILE: N_("too many files are open"),
    errno.ENFILE: N_("too many files are open"),
    errno.EIO: N_("the disk could not be read or written (input/output error)"),
    errno.EADDRINUSE: N_("the port is already in use"),
    errno.EADDRNOTAVAIL: N_("this address is not one of this computer's"),
}
"""The errors people meet, each with a sentence; the others keep the system's words."""


def os_reason(exc: BaseException) -> str:
    """Why ``exc`` (an ``OSError``, usually) failed: translatable when known, else the system's words."""
    reason = getattr(exc, "strerror", None)
    if isinstance(reason, Msg):
        return reason  # Almanac's own (a pipe refused before it was read)
    code = getattr(exc, "errno", None)
    known = _REASONS.get(code) if isinstance(code, int) else None
    if known is not None:
        return msg(known)
    return str(reason or exc)


def with_reason(template: str, exc: BaseException, *, name: str = "error", **args: object) -> str:
    """``template`` with ``{name}`` filled by :func:`os_reason` of ``exc``, each part translatable."""
    return nest(template, {name: os_reason(exc)}, **args)


__all__ = ["os_reason", "with_reason"]
