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
its local backend (https://decapcms.org/docs/decap-proxy/: ``npx decap-server``,
``local_backend: true``, the editorial workflow only with ``MODE=git``), the datetime widget's ``format``
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
from typing import Any
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


class _Editor:
    """Chromium on the admin page, every request outside localhost blocked and recorded."""

    def __init__(self, p: Any, admin: str) -> None:
        self.admin = admin
        self.outside: list[str] = []
        self.problems: list[str] = []
        self.browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = self.browser.new_context(
            viewport={"width": 1280, "height": 1000}, timezone_id="Europe/Paris", locale="fr-FR"
        )
        context.route("**/*", self.only_localhost)
        self.page = context.new_page()
        self.page.clock.set_fixed_time("2026-11-24T10:00:00+01:00")
        self.page.on("pageerror", lambda e: self.problems.append(str(e)))
        self.page.goto(admin)
        self.page.get_by_role("button", name="Se connecter").click()
        self.page.get_by_role("link", name="Publications").first.wait_for()

    def only_localhost(self, route: Any) -> None:
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def field(self, name: str) -> Any:
        """A field's input; Decap numbers its ids (``title-field-1``) in the order it draws them."""
        return self.page.locator(f'[id^="{name}-field-"]').first

    def choose(self, name: str, *labels: str) -> None:
        """Pick options of a select field (react-select) by typing their labels."""
        for label in labels:
            self.field(name).fill(label)
            self.page.keyboard.press("Enter")

    def save(self) -> None:
        self.page.get_by_role("button", name="Enregistrer").click()

    def publish(self) -> None:
        """Editorial workflow: status "Prêt", then Publier → Publier maintenant (the merge)."""
        self.page.get_by_role("button", name="Statut", exact=False).first.click()
        self.page.get_by_role("menuitem", name="Prêt").click()
        self.page.get_by_text("Statut de l'entrée mis à jour").first.wait_for()
        self.page.get_by_role("button", name="Publier", exact=False).first.click()
        self.page.once("dialog", lambda dialog: dialog.accept())  # "publish this entry?"
        self.page.get_by_role("menuitem", name="Publier maintenant").click()
        self.page.get_by_text("Entrée publiée").first.wait_for()
        # The published entry is then loaded again; a new entry opened before that load ends
        # is filled by it (Decap keeps one draft), so wait for the entry shown as published.
        self.page.get_by_role("button", name="Publiée", exact=True).wait_for()
        self.page.get_by_text("Chargement de l'entrée").wait_for(state="hidden")

    def close(self) -> None:
        self.browser.close()
        assert not self.outside, self.outside
        assert not self.problems, self.problems


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    head, _, body = text.removeprefix("---\n").partition("\n---\n")
    data = YAML(typ="safe").load(head)
    assert isinstance(data, dict)
    return data, body


def _check_passes(root: Path) -> None:
    checked = _almanac("check", "--root", str(root), "--today", TODAY, "--format", "json", cwd=root)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_post_written_in_the_web_editor_lands_on_main_and_passes_the_check(
    served: tuple[Path, str], tmp_path: Path
) -> None:
    from playwright import sync_api as playwright  # present: the browser marker checked it

    root, admin = served
    before = git(root, "rev-parse", "main").strip()
    with playwright.sync_playwright() as p:
        cms = _Editor(p, admin)
        cms.page.goto(admin + "#/collections/posts/new")
        cms.field("title").fill("Atelier bougies de Noël")
        cms.field("publish_at").fill("2026-12-10T18:30")
        cms.choose("channels", "Instagram", "Facebook")  # the charter's channels, as a select list
        cms.choose("pillar", "event")
        cms.field("card").fill("Atelier bougies")
        cms.field("hashtags").fill("MaisonTest, Noel")
        cms.field("body").fill("Venez créer vos bougies de Noël avec nous, le 12 décembre à l’atelier.")

        cms.save()  # a visual without its alternative text is refused, in French
        cms.page.get_by_text("Décrivez le visuel dans son texte alternatif.").wait_for()
        assert _cms_branches(root) == []
        # Decap rejects a refused save with an empty error in the page: its own, not a failure here.
        assert cms.problems == ["undefined"], cms.problems
        cms.problems.clear()

        cms.field("alt").fill("Carte aux couleurs de la marque : Atelier bougies")
        cms.page.screenshot(path=str(tmp_path / "form.png"), full_page=True)
        cms.save()
        cms.page.get_by_text("Entrée enregistrée").wait_for()
        # The pull request of the GitHub backend is this branch of the local backend.
        assert _cms_branches(root) == ["cms/posts/2026/11/2026-12-10-atelier-bougies-de-noel"]
        cms.publish()
        cms.page.screenshot(path=str(tmp_path / "published.png"), full_page=True)
        cms.close()

    assert _cms_branches(root) == []
    rel = "content/posts/2026/11/2026-12-10-atelier-bougies-de-noel.md"
    changed = git(root, "diff", "--name-only", before, "main").split()
    assert changed == [rel], changed  # the post, nothing else (not the dist link)
    data, body = _front_matter(git(root, "show", f"main:{rel}"))
    assert data == {
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
    _check_passes(root)


def test_an_edited_post_keeps_its_time_and_a_post_needs_no_visual(served: tuple[Path, str]) -> None:
    from playwright import sync_api as playwright  # present: the browser marker checked it

    root, admin = served
    (first,) = (root / "content" / "posts").rglob("*.md")
    rel = first.relative_to(root).as_posix()
    original, _ = _front_matter(first.read_text(encoding="utf-8"))
    with playwright.sync_playwright() as p:
        cms = _Editor(p, admin)
        # A LinkedIn post with no visual at all: the optional visual asks for nothing.
        cms.page.goto(admin + "#/collections/posts/new")
        cms.field("title").fill("Conférence sur la lumière")
        cms.field("publish_at").fill("2026-12-11T09:00")
        cms.choose("channels", "LinkedIn")
        cms.choose("pillar", "education")
        cms.field("hashtags").fill("MaisonTest")
        cms.field("body").fill("Nous parlerons de lumière naturelle jeudi, à l’atelier.")
        cms.save()
        cms.page.get_by_text("Entrée enregistrée").wait_for()
        # The post `almanac init` wrote (a wall time without offset, flow-style YAML), retitled.
        # A fresh visit: Decap keeps one draft per page, which the last save's reload may still fill.
        cms.page.goto(admin + "#/collections/posts")
        cms.page.reload()
        cms.page.get_by_text(original["title"]).first.click()
        cms.field("title").fill(original["title"] + " !")
        cms.save()
        cms.page.get_by_text("Entrée enregistrée").wait_for()
        cms.publish()

        cms.close()

    edited, _ = _front_matter(git(root, "show", f"main:{rel}"))
    assert edited == {**original, "title": original["title"] + " !"}  # publish_at as it was written
    (branch,) = _cms_branches(root)
    new_rel = "content/posts/" + branch.removeprefix("cms/posts/") + ".md"
    saved, _ = _front_matter(git(root, "show", f"{branch}:{new_rel}"))
    assert "visual" not in saved and saved["channels"] == ["linkedin"]
    _check_passes(root)  # main, with the edited post


def test_a_photo_uploaded_in_the_editor_is_committed_with_its_post(
    served: tuple[Path, str], tmp_path: Path
) -> None:
    from PIL import Image, ImageDraw
    from playwright import sync_api as playwright  # present: the browser marker checked it

    root, admin = served
    photo = tmp_path / "atelier.jpg"
    image = Image.new("RGB", (2160, 2700), (214, 180, 120))
    draw = ImageDraw.Draw(image)
    for x in range(0, 2160, 60):  # detail to crop around, as in a real photo
        draw.line([(x, 0), (2160 - x, 2700)], fill=(40, 60, 90), width=8)
    image.save(photo, quality=88)
    before = git(root, "rev-parse", "main").strip()
    with playwright.sync_playwright() as p:
        cms = _Editor(p, admin)
        cms.page.goto(admin + "#/collections/posts/new")
        cms.field("title").fill("Atelier en photo")
        cms.field("publish_at").fill("2026-12-14T11:00")
        cms.choose("channels", "Instagram")
        cms.choose("pillar", "inspiration")
        cms.page.get_by_role("button", name="Choisir une image").click()
        cms.page.locator("input[type=file]").first.set_input_files(photo)
        cms.page.get_by_text("atelier.jpg").first.wait_for()
        cms.page.get_by_role("button", name="Choisir les éléments sélectionnés").click()
        cms.field("alt").fill("Des rayons bleus croisés sur un fond sable")
        cms.field("hashtags").fill("MaisonTest")
        cms.field("body").fill("Une journée à l’atelier, en images.")
        cms.save()
        cms.page.get_by_text("Entrée enregistrée").wait_for()
        cms.publish()
        cms.close()

    rel = "content/posts/2026/11/2026-12-14-atelier-en-photo.md"
    changed = sorted(git(root, "diff", "--name-only", before, "main").split())
    assert changed == ["assets/images/atelier.jpg", rel], changed
    assert (root / "assets" / "images" / "atelier.jpg").read_bytes() == photo.read_bytes()
    data, _ = _front_matter(git(root, "show", f"main:{rel}"))
    assert data["visual"] == {
        "src": "assets/images/atelier.jpg",
        "alt": "Des rayons bleus croisés sur un fond sable",
    }
    _check_passes(root)
