"""The web editor for real: Decap CMS in Chromium, saving through decap-server into a brand repository.

A brand made by ``almanac init`` in a temp folder, with an ``editor`` section, is
built; its ``dist/site/`` is served on 127.0.0.1 and decap-server (Decap's local
backend, ``MODE=git``: the editorial workflow on local branches) runs against the
repository. A community manager's path is driven in the French interface: log in,
new post, fill the form, save (a ``cms/posts/...`` branch: the pull request of the
GitHub backend), set the status to ready, publish (decap-server merges the branch
into ``main``, as GitHub would merge the pull request). The Markdown file must then
be on ``main`` with the front matter Almanac reads, and ``almanac check`` pass.

Sources: Decap's editorial workflow (https://decapcms.org/docs/editorial-workflows/),
its local backend (https://decapcms.org/docs/working-with-a-local-git-repository/:
``npx decap-server``, ``local_backend: true``), the datetime widget's ``format``
(https://decapcms.org/docs/widgets/#datetime, dayjs tokens) and decap-server 3.11.3's
``localGit`` middleware (what Save, status and Publish do to branches).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from ruamel.yaml import YAML

from pipeline.stages.load.loader import load_project
from tests.conftest import CHROMIUM, NODE_DIR, commit_all, git, in_ci

pytestmark = [pytest.mark.browser, pytest.mark.node]

TODAY = "2026-11-24"
DECAP_SERVER = NODE_DIR / "node_modules" / "decap-server" / "dist" / "index.js"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1"})


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"decap-server stopped: {log.read_text(encoding='utf-8')}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    pytest.fail(f"decap-server did not listen on {port}: {log.read_text(encoding='utf-8')}")


def _cms_branches(root: Path) -> list[str]:
    # Refs only: decap-server checks branches out while it works, so `git branch` may mark another.
    return git(root, "for-each-ref", "--format=%(refname:short)", "refs/heads/cms/").split()


def _almanac(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    return subprocess.run(
        [os.environ.get("PYTHON", "python3"), "-m", "pipeline", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def brand_repo(tmp_path: Path) -> tuple[Path, int]:
    """``almanac init``, an editor section (decap-server on a free port), committed on main, built."""
    if not DECAP_SERVER.is_file():
        reason = "decap-server is not installed in tests/node (cd tests/node && npm ci)"
        if in_ci():
            pytest.fail(reason)
        pytest.skip(reason)
    root = tmp_path / "marque"
    done = _almanac("init", str(root), "--today", TODAY, "--name", "Maison Test", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    port = _free_port()
    with (root / "charter.yaml").open("a", encoding="utf-8") as charter:
        charter.write(f"\neditor:\n  repo: maison-test/calendrier\n  local_port: {port}\n")
    git(root, "init", "-q")
    # decap-server commits with the repository's identity.
    git(root, "config", "user.name", "Camille (CMS)")
    git(root, "config", "user.email", "camille@example.org")
    git(root, "config", "commit.gpgsign", "false")
    commit_all(root, "Maison Test: charter and first post")
    built = _almanac("build", "--root", str(root), "--today", TODAY, cwd=root)
    assert built.returncode == 0, built.stdout + built.stderr
    assert (root / "dist" / "site" / "admin" / "decap-cms.js").is_file()
    return root, port


class _Site(http.server.SimpleHTTPRequestHandler):
    """The built site, as a static host serves it (``config.yml`` as YAML), without a log line per file."""

    extensions_map = {  # noqa: RUF012 - the base class declares it so
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".yml": "text/yaml",
    }

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def served(brand_repo: tuple[Path, int], tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """decap-server against the repository, the built site on 127.0.0.1; the admin page's address."""
    root, backend_port = brand_repo
    log = tmp_path / "decap-server.log"
    env = {
        **os.environ,
        "MODE": "git",
        "GIT_REPO_DIRECTORY": str(root),
        "PORT": str(backend_port),
        "BIND_HOST": "127.0.0.1",
    }
    node = shutil.which("node") or "node"
    with log.open("wb") as out:
        backend = subprocess.Popen([node, str(DECAP_SERVER)], env=env, stdout=out, stderr=subprocess.STDOUT)
    site = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Site, directory=str((root / "dist" / "site").resolve()))
    )
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    try:
        _wait_for_port(backend_port, backend, log)
        yield root, f"http://localhost:{site.server_address[1]}/admin/"
    finally:
        site.shutdown()
        site.server_close()
        backend.terminate()
        backend.wait(timeout=10)


def test_a_post_written_in_the_web_editor_lands_on_main_and_passes_the_check(
    served: tuple[Path, str], tmp_path: Path
) -> None:
    from playwright import sync_api as playwright  # present: the browser marker checked it

    root, admin = served
    before = git(root, "rev-parse", "main").strip()
    outside: list[str] = []
    problems: list[str] = []

    def only_localhost(route: playwright.Route) -> None:
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(
            viewport={"width": 1280, "height": 1000}, timezone_id="Europe/Paris", locale="fr-FR"
        )
        context.route("**/*", only_localhost)
        page = context.new_page()
        page.clock.set_fixed_time("2026-11-24T10:00:00+01:00")
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(admin)
        page.get_by_role("button", name="Se connecter").click()
        page.get_by_role("link", name="Publications").first.wait_for()
        page.goto(admin + "#/collections/posts/new")

        page.locator("#title-field-1").fill("Atelier bougies de Noël")
        page.locator("#publish_at-field-2").fill("2026-12-10T18:30")
        for channel in ("Instagram", "Facebook"):  # the charter's channels, as a select list
            page.locator("#channels-field-3").fill(channel)
            page.keyboard.press("Enter")
        page.locator("#pillar-field-4").fill("event")
        page.keyboard.press("Enter")
        page.locator("#card-field-10").fill("Atelier bougies")
        page.locator("#alt-field-11").fill("Carte aux couleurs de la marque : Atelier bougies")
        page.locator("#hashtags-field-14").fill("MaisonTest, Noel")
        page.locator("#body-field-16").fill(
            "Venez créer vos bougies de Noël avec nous, le 12 décembre à l’atelier."
        )
        page.screenshot(path=str(tmp_path / "form.png"), full_page=True)

        page.get_by_role("button", name="Enregistrer").click()
        page.get_by_text("Entrée enregistrée").wait_for()
        branches = _cms_branches(root)
        assert branches == ["cms/posts/2026/11/2026-12-10-atelier-bougies-de-noel"], branches

        # Editorial workflow: the status menu, then Publish → Publish now.
        page.get_by_role("button", name="Statut", exact=False).first.click()
        page.get_by_role("menuitem", name="Prêt").click()
        page.get_by_text("Statut de l'entrée mis à jour").first.wait_for()
        page.get_by_role("button", name="Publier", exact=False).first.click()
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("menuitem", name="Publier maintenant").click()
        page.get_by_text("Entrée publiée").first.wait_for()
        page.screenshot(path=str(tmp_path / "published.png"), full_page=True)
        browser.close()

    assert not outside, outside
    assert not problems, problems
    assert _cms_branches(root) == []
    rel = "content/posts/2026/11/2026-12-10-atelier-bougies-de-noel.md"
    changed = git(root, "diff", "--name-only", before, "main").split()
    assert changed == [rel], changed  # the post, nothing else (not the dist link)

    text = (root / rel).read_text(encoding="utf-8")
    head, _, body = text.removeprefix("---\n").partition("\n---\n")
    assert YAML(typ="safe").load(head) == {
        "title": "Atelier bougies de Noël",
        "publish_at": "2026-12-10T18:30+01:00",
        "channels": ["instagram", "facebook"],
        "pillar": "event",
        "status": "draft",
        "visual": {"card": "Atelier bougies", "alt": "Carte aux couleurs de la marque : Atelier bougies"},
        "hashtags": ["MaisonTest", "Noel"],
    }
    assert body.strip() == "Venez créer vos bougies de Noël avec nous, le 12 décembre à l’atelier."

    (post,) = [p for p in load_project(root).posts if p.path == rel]
    assert post.id == "atelier-bougies-de-noel"
    assert post.when == datetime(2026, 12, 10, 17, 30, tzinfo=UTC)
    checked = _almanac("check", "--root", str(root), "--today", TODAY, "--format", "json", cwd=root)
    assert checked.returncode == 0, checked.stdout + checked.stderr
