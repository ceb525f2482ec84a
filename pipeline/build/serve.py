"""``almanac serve``: serve ``dist/site`` on loopback and rebuild when the brand's files change.

Changes are found by polling ``os.stat`` over the watched folders (a few
milliseconds for thousands of files; no new dependency). A rebuild is the
normal build through the one driver (:func:`pipeline.build.driver.build`,
which reads the clock at the start of each rebuild). It is incremental: the
parse cache skips unchanged files and publishing rewrites only the outputs
whose bytes changed. A failed rebuild
publishes nothing, so the last good site stays served; its findings go to the
``report`` callback. Nothing here prints.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from pipeline.build.context import BuildOptions
from pipeline.build.driver import BuildResult, build
from pipeline.errors import AlmanacError
from pipeline.model.findings import Level
from pipeline.output import layout
from pipeline.stages.check.report import as_text

WATCHED = ("content", "calendar", "assets", "charter.yaml", "results", "reports")
Snapshot = dict[str, tuple[int, int]]


def snapshot(root: Path) -> Snapshot:
    """Size and modification time of every watched file."""
    found: Snapshot = {}
    for name in WATCHED:
        top = root / name
        if top.is_file():
            st = top.stat()
            found[name] = (st.st_mtime_ns, st.st_size)
            continue
        for folder, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for file in files:
                path = Path(folder, file)
                try:
                    st = path.stat()
                except OSError:
                    continue  # removed while walking: the next poll sees it gone
                found[path.relative_to(root).as_posix()] = (st.st_mtime_ns, st.st_size)
    return found


class _Quiet(SimpleHTTPRequestHandler):
    """Static files from the current build, without a log line per request."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a rebuilt page shows on reload
        super().end_headers()


class Preview:
    """A local preview: an HTTP server over ``<out>/site`` and a watcher that rebuilds."""

    def __init__(
        self,
        root: Path,
        out: Path | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        report: Callable[[str], None] = lambda _text: None,
        options: BuildOptions | None = None,
    ) -> None:
        self.root = root.resolve()
        self.options = options or BuildOptions()
        self.out = out if out is not None else self.root / "dist"
        self.report = report
        self.stop = threading.Event()
        handler = partial(_Quiet, directory=str(self.out / layout.SITE))
        self.server = ThreadingHTTPServer((host, port), handler)

    @property
    def url(self) -> str:
        """Where the site is served."""
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/"

    def rebuild(self) -> BuildResult | None:
        """Build once; report findings and failures. None when the build could not run."""
        try:
            result = build(self.root, self.out, self.options)
        except AlmanacError as exc:
            self.report(f"rebuild failed: {exc}\nstill serving the last good site")
            return None
        shown = [f for f in result.findings if f.level is not Level.INFO]
        if result.failed:
            self.report(as_text(shown) + "rebuild failed: still serving the last good site")
        elif result.published is not None and result.published.changed:
            self.report(f"rebuilt: {result.published.written} files written")
        return result

    def run(self, interval: float = 0.5) -> None:
        """Serve until :attr:`stop` is set, rebuilding after each change."""
        thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        thread.start()
        try:
            seen = snapshot(self.root)
            while not self.stop.wait(interval):
                now = snapshot(self.root)
                if now != seen:
                    seen = now
                    self.rebuild()
        finally:
            self.server.shutdown()
            self.server.server_close()
            thread.join()
