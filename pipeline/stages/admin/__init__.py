"""Admin stage: the web editor (Decap CMS) under the site's ``admin/``, for people who never touch git.

``render_admin(project)`` returns, keyed by output path (:mod:`pipeline.output.layout`),
the CMS page, its ``config.yml`` (:mod:`pipeline.stages.admin.config`) and Decap's
JavaScript bundle, vendored in ``vendor/`` by ``tools/vendor-decap.sh`` and checked
against the sha256 recorded there, so the page loads nothing from a CDN. Nothing is
published when the charter has no ``editor`` section.
"""

from __future__ import annotations

import hashlib
import io
from importlib import resources
from importlib.resources.abc import Traversable

from ruamel.yaml import YAML

from pipeline.errors import OutputError
from pipeline.model.project import Project
from pipeline.output import layout
from pipeline.output.publish import Artifact
from pipeline.stages.admin.config import decap_config
from pipeline.text.messages import msg

ENTRY_SCRIPT = "decap-cms.js"
"""The bundle's entry file; its chunks (``<n>.decap-cms.js``) are loaded from beside it."""
WIDGETS_SCRIPT = "almanac-visual.js"
"""Almanac's own widget for a post's visual, registered after the CMS loads (see the script)."""
SUMS = "SHA256SUMS"
_HEADER = (
    "# Decap CMS configuration, written by `almanac build` from charter.yaml and the JSON Schemas\n"
    "# of the posts, seasonal topics and campaigns: edit charter.yaml (section editor), not this file.\n"
)


def vendor_folder() -> Traversable:
    """The vendored Decap CMS files, shipped with the package."""
    return resources.files("pipeline.stages.admin").joinpath("vendor")


def recorded_sums() -> dict[str, str]:
    """File name → sha256 of every vendored file, as ``tools/vendor-decap.sh`` recorded them."""
    sums: dict[str, str] = {}
    for line in vendor_folder().joinpath(SUMS).read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        sums[name] = digest
    return sums


def config_text(project: Project) -> str:
    """``config.yml``: Decap's configuration as YAML, keys in a stable order."""
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.width = 4096  # one line per value: a hint never wraps
    out = io.StringIO()
    yaml.dump(decap_config(project.charter), out)
    return _HEADER + out.getvalue()


def render_admin(project: Project) -> dict[str, Artifact]:
    """The web editor's files, or nothing when the charter has no ``editor`` section."""
    if project.charter.editor is None:
        return {}
    from pipeline.stages.site.env import environment

    files: dict[str, Artifact] = {}
    for name, digest in sorted(recorded_sums().items()):
        data = vendor_folder().joinpath(name).read_bytes()
        if hashlib.sha256(data).hexdigest() != digest:
            raise OutputError(
                msg(
                    "the vendored Decap CMS file does not match its recorded sha256: "
                    "reinstall Almanac (or run tools/vendor-decap.sh)"
                ),
                file=f"pipeline/stages/admin/vendor/{name}",
            )
        files[layout.admin_file(name)] = Artifact.of_bytes(data)
    script = resources.files("pipeline.stages.admin").joinpath(WIDGETS_SCRIPT).read_bytes()
    files[layout.admin_file(WIDGETS_SCRIPT)] = Artifact.of_bytes(script)
    files[layout.admin_config()] = Artifact.of_bytes(config_text(project).encode("utf-8"))
    page = layout.admin_page()
    html = (
        environment()
        .get_template("admin.html")
        .render(brand=project.charter.brand, here=page, scripts=(ENTRY_SCRIPT, WIDGETS_SCRIPT))
    )
    files[page] = Artifact.of_bytes(html.encode("utf-8"))
    return dict(sorted(files.items()))
