"""Live preview for ``almanac serve``: reload the open page after a rebuild, show a failed one.

The server keeps the last rebuild's outcome in a :class:`LiveStatus` and answers
it as a small JSON at :data:`STATUS_URL`. Every HTML page it serves gets one
``<script>`` tag (:func:`inject`) for :data:`SCRIPT_URL` (``live.js``, shipped
with the package), which polls that JSON: after a rebuild that changed the site
it reloads the page; while the last rebuild failed it shows the findings (rule,
file and line) in an overlay over the last good page, and takes it away once a
rebuild succeeds. Polling a JSON on the same server needs no extra connection
held open and makes no external request.

Only the response is changed, never a file: ``dist/`` stays byte for byte what
``almanac build`` writes, and a page opened from ``dist/`` directly has no script.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence
from importlib import resources

from pipeline.model.findings import Finding

PREFIX = "/__almanac/"
"""Where the server answers its own files; no path of the site starts with a double underscore."""
STATUS_URL = PREFIX + "status.json"
SCRIPT_URL = PREFIX + "live.js"
SHOWN = 50
"""Findings the overlay lists at most (the terminal has them all)."""

_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


def script() -> bytes:
    """The page's side of the live preview (see ``live.js``)."""
    return resources.files("pipeline.build").joinpath("live.js").read_bytes()


def inject(html: bytes, version: int) -> bytes:
    """The page with the live script before its last ``</body>`` (at the end when it has none).

    ``version`` is the rebuild the page was served from: the script reloads once
    the server's is another.
    """
    tag = f'<script src="{SCRIPT_URL}" data-version="{version}"></script>\n'.encode()
    ends = list(_BODY_END.finditer(html))
    if not ends:
        return html + tag
    at = ends[-1].start()
    return html[:at] + tag + html[at:]


def _finding(f: Finding) -> dict[str, object]:
    return {
        "rule": f.rule,
        "level": f.level.value,
        "file": f.file,
        "line": f.line,
        "column": f.column,
        "message": f.message,
    }


class LiveStatus:
    """The last rebuild's outcome, shared between the watcher thread and the server's threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version = 0
        self._body = b""
        self._set(failed=False, findings=(), error=None, total=0)

    @property
    def version(self) -> int:
        """Counts the rebuilds that changed the site; a page served at another version is stale."""
        with self._lock:
            return self._version

    def body(self) -> bytes:
        """The status as JSON: ``{"version", "failed", "error", "findings", "total"}``."""
        with self._lock:
            return self._body

    def succeeded(self, *, changed: bool) -> None:
        """A rebuild published; ``changed`` when any file of the site changed (the pages reload)."""
        with self._lock:
            if changed:
                self._version += 1
            self._set(failed=False, findings=(), error=None, total=0)

    def failed(self, findings: Sequence[Finding] = (), error: str | None = None) -> None:
        """A rebuild failed: its findings (errors first), or the error that stopped it."""
        ranked = sorted(findings, key=lambda f: f.level.rank)
        with self._lock:
            self._set(failed=True, findings=ranked[:SHOWN], error=error, total=len(ranked))

    def _set(self, *, failed: bool, findings: Sequence[Finding], error: str | None, total: int) -> None:
        data = {
            "version": self._version,
            "failed": failed,
            "error": error,
            "findings": [_finding(f) for f in findings],
            "total": total,
        }
        self._body = json.dumps(data, ensure_ascii=False).encode("utf-8")
