"""``almanac serve``: serve ``dist/site`` on loopback and rebuild when the brand's files change.

Changes are found as :mod:`pipeline.build.watch` finds them (woken by the kernel on
Linux, else polling the files' stat; no new dependency). A rebuild is the
normal build through the one driver (:func:`pipeline.build.driver.build`,
which reads the clock at the start of each rebuild). It is incremental: the
parse cache skips unchanged files and publishing rewrites only the outputs
whose bytes changed. A failed rebuild
publishes nothing, so the last good site stays served; its findings go to the
``report`` callback and to the open pages (:mod:`pipeline.build.live`: pages
reload after a rebuild and show a failed one's findings). Nothing here prints.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pipeline.build import live
from pipeline.build.context import BuildOptions
from pipeline.build.driver import BuildResult, build
from pipeline.build.live import LiveStatus
from pipeline.build.watch import ChangeWaiter
from pipeline.errors import AlmanacError
from pipeline.model.findings import Level
from pipeline.output import layout
from pipeline.stages.check.localize import say
from pipeline.stages.check.report import as_text
from pipeline.text.i18n import Translator, gettext_of, ngettext_of, translator, user_language

_MISSING = (
    '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Almanac</title></head>'
    "<body><p>{message}</p></body></html>\n"
)


class _Quiet(SimpleHTTPRequestHandler):
    """Static files from the current build, without a log line per request.

    HTML pages are answered with the live-preview script added (the files are not
    changed); the server's own status and script are answered under ``/__almanac/``.
    """

    def __init__(self, *args: Any, live: LiveStatus, **kwargs: Any) -> None:
        self.live = live
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a rebuilt page shows on reload
        super().end_headers()

    def do_GET(self) -> None:
        """The live preview's files, a page with the live script, or any other file as it is."""
        path = urlsplit(self.path).path
        if path == live.STATUS_URL:
            self._answer(self.live.body(), "application/json; charset=utf-8")
        elif path == live.SCRIPT_URL:
            self._answer(live.script(), "text/javascript; charset=utf-8")
        elif (page := self._page(path)) is not None:
            version = self.live.version  # before reading: a rebuild in between reloads the page again
            try:
                html = page.read_bytes()
            except OSError:
                super().do_GET()
                return
            self._answer(live.inject(html, version), "text/html; charset=utf-8")
        elif self._wants_page(path):
            # No page there (yet: the first build failed, or the page was removed). A page with
            # the live script still shows the failed rebuild and reloads once the page exists.
            # The reader's language, as for the command line's messages (LANG, LC_MESSAGES).
            words = translator(user_language())
            text = _MISSING.format(
                message=words.gettext("No page at this address yet: it appears once the site builds.")
            )
            body = live.inject(text.encode("utf-8"), self.live.version)
            self._answer(body, "text/html; charset=utf-8", status=404)
        else:
            super().do_GET()

    def _wants_page(self, path: str) -> bool:
        """True for a path that names a page (or a folder's) that does not exist."""
        local = Path(self.translate_path(path))
        return (path.endswith("/") or local.suffix == ".html") and not local.exists()

    def _page(self, path: str) -> Path | None:
        """The HTML file a path names (a folder's index.html), or None to serve it as usual."""
        local = Path(self.translate_path(path))
        if path.endswith("/"):
            local = local / "index.html"
        return local if local.suffix == ".html" and local.is_file() else None

    def _answer(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


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
        words: Translator | None = None,
    ) -> None:
        self.root = root.resolve()
        # What the terminal is told, in the user's language (None: English, the msgids).
        self.words = words
        self.options = options or BuildOptions()
        self.out = out if out is not None else self.root / "dist"
        self.report = report
        self.stop = threading.Event()
        self.live = LiveStatus()
        # Taken before the first build: an edit made while it runs, or before the watcher's first
        # poll, is a change the watcher still sees.
        self.waiter = ChangeWaiter(self.root, interval=0.5)
        handler = partial(_Quiet, directory=str(self.out / layout.SITE), live=self.live)
        self.server = ThreadingHTTPServer((host, port), handler)

    def _(self, message: str, **values: Any) -> str:
        return gettext_of(self.words)(message, **values)

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
            self.live.failed(error=str(exc))
            error = say(str(exc), self.words) if self.words else str(exc)
            self.report(self._("rebuild failed: {error}\nstill serving the last good site", error=error))
            return None
        shown = [f for f in result.findings if f.level is not Level.INFO]
        if result.failed:
            self.live.failed(shown)
            self.report(
                as_text(shown, self.words) + self._("rebuild failed: still serving the last good site")
            )
            return result
        changed = result.published is not None and result.published.changed
        self.live.succeeded(changed=changed)
        if changed and result.published is not None:
            ngettext = ngettext_of(self.words)
            written = result.published.written
            self.report(ngettext("rebuilt: {count} file written", "rebuilt: {count} files written", written))
        return result

    def run(self, interval: float = 0.5) -> None:
        """Serve until :attr:`stop` is set, rebuilding after each change."""
        thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        thread.start()
        self.waiter.interval = interval
        try:
            while self.waiter.wait(self.stop) is not None:
                self.rebuild()
        finally:
            self.waiter.close()
            self.server.shutdown()
            self.server.server_close()
            thread.join()
