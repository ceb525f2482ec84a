"""The distribution as a new user gets it: built, checked by twine, installed outside the repository, used.

The wheel is built from a copy of the package files (so the checkout gets no
``*.egg-info``), installed into a fresh virtualenv that reuses the already
installed dependencies (``--system-site-packages``: seconds, not minutes), and
its ``almanac`` then writes, checks and builds a brand in an empty folder, with
no ``PYTHONPATH`` pointing back here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from pipeline import __version__
from tests.conftest import REPO

TODAY = "2026-11-27"
PACKAGE_FILES = ("pyproject.toml", "README.md")


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _ok(*args: str | Path, cwd: Path) -> str:
    done = subprocess.run(
        list(map(str, args)), cwd=cwd, env=_env(), capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_the_distribution_name_is_free_of_the_unrelated_almanac() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == "almanac-editorial"
    assert project["version"] == __version__
    assert project["scripts"] == {"almanac": "pipeline.cli:main"}
    dev = " ".join(project["optional-dependencies"]["dev"])
    assert "build" in dev and "twine" in dev


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and wheel, built with ``python -m build``."""
    pytest.importorskip("build", reason="pip install build (dev extra)")
    source = tmp_path_factory.mktemp("source")
    for name in PACKAGE_FILES:
        shutil.copy2(REPO / name, source / name)
    shutil.copytree(REPO / "pipeline", source / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("dist")
    _ok(sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", out, source, cwd=source)
    return out


def test_the_wheel_carries_the_package_data(dists: Path) -> None:
    (wheel,) = dists.glob("almanac_editorial-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    shipped = {
        path.relative_to(REPO).as_posix()
        for path in (REPO / "pipeline").rglob("*")
        if path.is_file()
        and path.suffix not in {".py", ".pyc"}
        and "__pycache__" not in path.parts
        # Translation fragments waiting to be merged into the catalogues are not read at run time.
        and "_pending" not in path.parts
    }
    assert shipped, "the package has data files"
    assert shipped <= names, sorted(shipped - names)
    assert "pipeline/commands/init_templates/seasonal/FR/noel.md" in names
    assert "pipeline/stages/site/templates/base.html" in names
    # The web editor's JavaScript travels in the wheel: `almanac build` needs no Node.
    assert {"pipeline/stages/admin/vendor/decap-cms.js", "pipeline/stages/admin/vendor/LICENSE"} <= names


def test_twine_accepts_both_distributions(dists: Path) -> None:
    pytest.importorskip("twine", reason="pip install twine (dev extra)")
    files = sorted(dists.iterdir())
    assert [f.name for f in files] == [
        f"almanac_editorial-{__version__}-py3-none-any.whl",
        f"almanac_editorial-{__version__}.tar.gz",
    ]
    output = _ok(sys.executable, "-m", "twine", "check", "--strict", *files, cwd=dists)
    assert output.count("PASSED") == 2


def test_the_installed_wheel_inits_checks_and_builds_a_brand(dists: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    _ok(sys.executable, "-m", "venv", "--system-site-packages", venv, cwd=tmp_path)
    python, almanac = venv / "bin" / "python", venv / "bin" / "almanac"
    (wheel,) = dists.glob("*.whl")
    # Dependencies come from the index when missing; the system site's already satisfy them here.
    _ok(python, "-m", "pip", "install", "-q", wheel, cwd=tmp_path)
    where = _ok(python, "-c", "import pipeline; print(pipeline.__file__)", cwd=tmp_path)
    assert Path(where.strip()).is_relative_to(venv), where

    work = tmp_path / "work"
    work.mkdir()
    _ok(almanac, "init", "ma-marque", "--today", TODAY, cwd=work)
    brand = work / "ma-marque"
    checked = _ok(almanac, "check", "--today", TODAY, cwd=brand)
    assert "0 errors, 0 warnings" in checked
    with (brand / "charter.yaml").open("a", encoding="utf-8") as charter:
        charter.write("\neditor:\n  repo: ma-marque/calendrier\n")
    _ok(almanac, "build", "--today", TODAY, cwd=brand)
    assert (brand / "dist" / "site" / "index.html").is_file()
    assert (brand / "dist" / "site" / "admin" / "decap-cms.js").is_file()
    assert (brand / "dist" / "site" / "feeds" / "calendar.ics").is_file()
